package io.fedspark.federated.curriculum;

import io.fedspark.math.Choice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.math.random.SeedSequence;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("line-independent")
class OrderingTest {
  private static final float[] SCORES = {3f, 1f, 2f, 1f, Float.NaN, -0f, 0f, Float.POSITIVE_INFINITY, -2f};

  @Test
  void curriculumIsAscendingWithTiesByIndex() {
    // -2(8) -0(5) 0(6) 1(1) 1(3) 2(2) 3(0) +Inf(7) NaN(4)
    assertArrayEquals(new int[] {8, 5, 6, 1, 3, 2, 0, 7, 4}, Ordering.CURRICULUM.order(SCORES, null));
  }

  @Test
  void antiCurriculumIsDescendingWithTiesByIndex() {
    assertArrayEquals(new int[] {4, 7, 0, 2, 1, 3, 6, 5, 8}, Ordering.ANTI_CURRICULUM.order(SCORES, null));
  }

  @Test
  void allTiedKeepsIndexOrderBothWays() {
    float[] same = new float[6];
    Arrays.fill(same, 0.5f);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, Ordering.CURRICULUM.order(same, null));
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, Ordering.ANTI_CURRICULUM.order(same, null));
  }

  @Test
  void scoreOrderingsIgnoreTheRandomStream() {
    float[] s = {0.3f, 0.1f, 0.2f};
    assertArrayEquals(Ordering.CURRICULUM.order(s, new SplittableRandom(1)),
        Ordering.CURRICULUM.order(s, new SplittableRandom(2)));
  }

  @Test
  void randomIsASeededPermutation() {
    float[] s = new float[50];
    int[] a = Ordering.RANDOM.order(s, SeedSequence.root(7).derive("x").random());
    int[] b = Ordering.RANDOM.order(s, SeedSequence.root(7).derive("x").random());
    int[] c = Ordering.RANDOM.order(s, SeedSequence.root(8).derive("x").random());
    assertArrayEquals(a, b, "same seed, same order");
    assertFalse(Arrays.equals(a, c), "another seed gives another order");
    int[] sorted = a.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < 50; i++) {
      assertEquals(i, sorted[i]);
    }
    assertFalse(Arrays.equals(a, Ordering.CURRICULUM.order(s, null)), "shuffled, not the identity");
  }

  @Test
  void randomIgnoresScoreValues() {
    float[] s1 = {5f, 4f, 3f, 2f, 1f, 0f, 9f, 8f};
    float[] s2 = new float[8];
    assertArrayEquals(Ordering.RANDOM.order(s1, new SplittableRandom(3)),
        Ordering.RANDOM.order(s2, new SplittableRandom(3)));
  }

  @Test
  void vanillaAlwaysUsesFullData() {
    for (PacingFunction f : PacingFunction.values()) {
      assertEquals(100, Ordering.VANILLA.pacedSize(f, 0, 0.8, 0.2, 50, 100), f.toString());
      assertEquals(100, Ordering.VANILLA.pacedSize(f, 10, 0.8, 0.0, 50, 100), f.toString());
    }
    assertEquals(20, Ordering.RANDOM.pacedSize(PacingFunction.LINEAR, 0, 0.8, 0.2, 50, 100), "random is paced");
    assertEquals(20, Ordering.CURRICULUM.pacedSize(PacingFunction.LINEAR, 0, 0.8, 0.2, 50, 100));
  }

  @Test
  void usesScores() {
    assertTrue(Ordering.CURRICULUM.usesScores());
    assertTrue(Ordering.ANTI_CURRICULUM.usesScores());
    assertFalse(Ordering.RANDOM.usesScores());
    assertFalse(Ordering.VANILLA.usesScores());
  }

  @Test
  void shuffleNeedsAStream() {
    assertThrows(NullPointerException.class, () -> Ordering.RANDOM.order(new float[3], null));
  }

  @Test
  void configNames() {
    assertEquals(Ordering.ANTI_CURRICULUM, Choice.parse(Ordering.class, "Anti-Curriculum", "k"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Choice.parse(Ordering.class, "anti", CurriculumOptions.DATA_ORDERING.key()));
    assertTrue(e.getMessage().startsWith("federate.curriculum.data-ordering = 'anti': expected one of curriculum |"
        + " anti-curriculum | random | vanilla"), e.getMessage());
  }
}
