package io.fedspark.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("line-independent")
class FloatMatrixTest {

    @Test
    void wrapIsARowMajorViewAtAnOffset() {
        float[] data = {9, 1, 2, 3, 4, 5, 6, 9};
        FloatMatrix m = FloatMatrix.wrap(data, 1, 2, 3);
        assertEquals(2, m.nrow());
        assertEquals(3, m.ncol());
        assertEquals(1, m.offset());
        assertEquals(6f, m.get(1, 2));
        m.set(0, 1, 20f);
        assertEquals(20f, data[2], "writes go to the shared array");
        assertEquals("2 x 3", m.shape());
    }

    @Test
    void wrapRejectsRangesOutsideTheArray() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FloatMatrix.wrap(new float[7000], 5, 10, 784));
        assertEquals("wrap: a 10 x 784 matrix at offset 5 needs floats [5, 7845) but the array has 7000", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FloatMatrix.wrap(new float[7], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new FloatMatrix(-1, 3));
    }

    @Test
    void rowsViewSharesStorageAndCopyDoesNot() {
        FloatMatrix m = new FloatMatrix(4, 2);
        for (int i = 0; i < 4; i++) {
            m.set(i, 0, i);
            m.set(i, 1, 10 + i);
        }
        FloatMatrix view = m.rows(1, 2);
        assertEquals(2, view.offset());
        assertArrayEquals(new float[] {1, 11, 2, 12}, view.toArray());
        view.set(0, 0, -1f);
        assertEquals(-1f, m.get(1, 0));

        FloatMatrix copy = view.copy();
        copy.set(0, 0, 5f);
        assertEquals(-1f, m.get(1, 0), "a copy owns its storage");
        assertEquals(0, copy.offset());
        assertThrows(IndexOutOfBoundsException.class, () -> m.rows(3, 2));
    }

    @Test
    void fillTouchesOnlyTheView() {
        float[] data = new float[10];
        FloatMatrix.wrap(data, 3, 2, 2).fill(7f);
        assertArrayEquals(new float[] {0, 0, 0, 7, 7, 7, 7, 0, 0, 0}, data);
    }

    @Test
    void getAndSetCheckBoundsPerDimension() {
        FloatMatrix m = new FloatMatrix(2, 3);
        // (0, 3) is inside the array (it is element (1, 0)) but outside the matrix
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> m.get(0, 3));
        assertEquals("element (0, 3) of a 2 x 3 matrix", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> m.set(-1, 0, 1f));
    }

    @Test
    void overlapDetection() {
        float[] data = new float[20];
        FloatMatrix a = FloatMatrix.wrap(data, 0, 2, 5);
        assertTrue(a.overlaps(FloatMatrix.wrap(data, 9, 1, 2)));
        assertFalse(a.overlaps(FloatMatrix.wrap(data, 10, 2, 5)));
        assertFalse(a.overlaps(new FloatMatrix(2, 5)));
    }
}
