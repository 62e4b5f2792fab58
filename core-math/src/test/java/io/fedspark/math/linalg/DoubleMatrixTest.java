package io.fedspark.math.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fedspark.math.FloatMatrix;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("line-independent")
class DoubleMatrixTest {

    @Test
    void viewsAndConversions() {
        double[] data = {9, 1, 2, 3, 4, 5, 6, 9};
        DoubleMatrix m = DoubleMatrix.wrap(data, 1, 2, 3);
        assertEquals(6.0, m.get(1, 2));
        assertEquals("DoubleMatrix 2 x 3 (view at offset 1)", m.toString());
        m.set(0, 0, -1);
        assertEquals(-1.0, data[1], "a view writes through");
        assertArrayEquals(new double[] {-1, 2, 3, 4, 5, 6}, m.copy().data());
        FloatMatrix f = m.toFloatMatrix();
        assertEquals("2 x 3", f.shape());
        assertArrayEquals(new double[] {-1, 2, 3, 4, 5, 6}, DoubleMatrix.from(f).toArray());
    }

    @Test
    void errorsNameShapesAndIndices() {
        assertEquals("wrap: a 2 x 3 matrix at offset 3 needs doubles [3, 9) but the array has 8",
                assertThrows(IllegalArgumentException.class, () -> DoubleMatrix.wrap(new double[8], 3, 2, 3)).getMessage());
        assertEquals("wrap: a 2 x 2 matrix needs 4 doubles but the array has 5",
                assertThrows(IllegalArgumentException.class, () -> DoubleMatrix.wrap(new double[5], 2, 2)).getMessage());
        assertEquals("element (2, 0) of a 2 x 2 matrix",
                assertThrows(IndexOutOfBoundsException.class, () -> new DoubleMatrix(2, 2).get(2, 0)).getMessage());
        assertEquals("matrix shape -1 x 2 has a negative dimension",
                assertThrows(IllegalArgumentException.class, () -> new DoubleMatrix(-1, 2)).getMessage());
    }
}
