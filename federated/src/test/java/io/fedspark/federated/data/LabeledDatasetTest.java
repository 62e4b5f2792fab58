package io.fedspark.federated.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("line-independent")
class LabeledDatasetTest {

  /** Four examples of shape {2}: example i has features (i, i + 0.5)/10 and label i % 3. */
  private static LabeledDataset four() {
    float[] f = new float[8];
    int[] labels = new int[4];
    for (int i = 0; i < 4; i++) {
      f[2 * i] = i / 10f;
      f[2 * i + 1] = (i + 0.5f) / 10f;
      labels[i] = i % 3;
    }
    return LabeledDataset.of("four", new int[] {2}, f, labels, 3);
  }

  @Test
  void exposesItsShapeAndValues() {
    LabeledDataset d = four();
    assertEquals("four", d.name());
    assertEquals(4, d.size());
    assertEquals(2, d.featureCount());
    assertEquals(3, d.numClasses());
    assertEquals(0.35f, d.feature(3, 1), 0f);
    assertEquals(2, d.label(2));
    assertArrayEquals(new int[] {2, 1, 1}, d.classCounts());
    assertEquals("LabeledDataset[four: 4 x [2], 3 classes]", d.toString());
  }

  @Test
  void featureCountIsTheProductOfTheShape() {
    LabeledDataset d = LabeledDataset.of("img", new int[] {1, 2, 3}, new float[12], new int[2], 10);
    assertEquals(6, d.featureCount());
    assertEquals(2, d.size());
    int[] shape = d.shape();
    shape[0] = 99;
    assertArrayEquals(new int[] {1, 2, 3}, d.shape(), "shape() must return a copy");
  }

  @Test
  void rejectsFeatureAndLabelLengthsThatDisagree() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LabeledDataset.of("bad", new int[] {1, 28, 28}, new float[784 * 3 - 1], new int[3],
            10));
    assertEquals(
        "bad: 3 labels need 2352 feature values (784 per example, shape [1, 28, 28]), got 2351",
        e.getMessage());
  }

  @Test
  void rejectsALabelOutOfRange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LabeledDataset.of("bad", new int[] {1}, new float[3], new int[] {0, 3, 1}, 3));
    assertEquals("bad: example 1 has label 3: expected a label in [0,3)", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> LabeledDataset.of("neg", new int[] {1}, new float[1], new int[] {-1}, 3));
  }

  @Test
  void rejectsABadShapeOrClassCount() {
    assertEquals("bad: shape [2, 0] has dimension 1 = 0: expected every dimension to be positive",
        assertThrows(IllegalArgumentException.class,
            () -> LabeledDataset.of("bad", new int[] {2, 0}, new float[0], new int[0], 2))
            .getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> LabeledDataset.of("bad", new int[0], new float[0], new int[0], 2));
    assertThrows(IllegalArgumentException.class,
        () -> LabeledDataset.of("bad", new int[] {1}, new float[0], new int[0], 0));
    assertThrows(IllegalArgumentException.class,
        () -> LabeledDataset.of(" ", new int[] {1}, new float[0], new int[0], 1));
  }

  @Test
  void subsetCopiesTheChosenRowsInOrder() {
    LabeledDataset s = four().subset(new int[] {3, 0, 3}, "pick");
    assertEquals("pick", s.name());
    assertEquals(3, s.size());
    assertArrayEquals(new float[] {0.3f, 0.35f, 0f, 0.05f, 0.3f, 0.35f}, s.features(), 0f);
    assertArrayEquals(new int[] {0, 0, 0}, s.labels());
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
        () -> four().subset(new int[] {1, 4}, "x"));
    assertEquals("four: subset index 4 (position 1 of 2) is out of range [0,4)", e.getMessage());
  }

  @Test
  void headTakesTheLeadingExamples() {
    LabeledDataset h = four().head(2);
    assertEquals("four[:2]", h.name());
    assertArrayEquals(new int[] {0, 1}, h.labels());
    assertArrayEquals(new float[] {0f, 0.05f, 0.1f, 0.15f}, h.features(), 0f);
    assertEquals(4, four().head(10).size());
    assertThrows(IllegalArgumentException.class, () -> four().head(-1));
  }

  @Test
  void accessorsCheckTheirIndices() {
    LabeledDataset d = four();
    assertEquals("four: example index 4 is out of range [0,4)",
        assertThrows(IndexOutOfBoundsException.class, () -> d.label(4)).getMessage());
    assertEquals("four: feature index 2 is out of range [0,2)",
        assertThrows(IndexOutOfBoundsException.class, () -> d.feature(0, 2)).getMessage());
  }
}
