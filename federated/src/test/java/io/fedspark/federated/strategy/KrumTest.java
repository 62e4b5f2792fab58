package io.fedspark.federated.strategy;

import static io.fedspark.federated.strategy.Rounds.client;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Krum and Multi-Krum against scores worked out by hand. */
@Tag("line-independent")
class KrumTest {
  /**
   * Four clients in one dimension at 0, 1, 2 and 10, f = 0, so each client sums its n - f - 2 = 2
   * nearest squared distances: client 0: 1 + 4 = 5; client 1: 1 + 1 = 2; client 2: 1 + 4 = 5;
   * client 3: 64 + 81 = 145.
   */
  private static final float[][] LINE = {{0f}, {1f}, {2f}, {10f}};

  @Test
  void scoresAreTheSumsOfTheNearestSquaredDistances() {
    assertArrayEquals(new double[] {5, 2, 5, 145}, Krum.scores(LINE, 0), 0);
    // f = 1: 4 - 1 - 2 = 1 neighbour each: 1, 1, 1, 64
    assertArrayEquals(new double[] {1, 1, 1, 64}, Krum.scores(LINE, 1), 0);
  }

  @Test
  void krumTakesTheBestClientAndMultiKrumTheMeanOfTheBest() {
    RoundUpdates r = Rounds.of(1, client(0, 100, 0f, 4f), client(1, 1, 1f, 4f), client(2, 1, 2f, 4f),
        client(3, 1000, 10f, -50f));
    // second coordinate: clients 0-2 agree, client 3 is far; distances are dominated by it
    float[] krum = new Krum(0, 1).aggregate(new float[2], r);
    assertArrayEquals(new float[] {1f, 4f}, krum, "client 1 has the lowest score (2)");
    float[] multi = new Krum(0, 2).aggregate(new float[2], r);
    // scores tie at 5 for clients 0 and 2: the lower id wins; unweighted mean of clients 1 and 0
    assertArrayEquals(new float[] {0.5f, 4f}, multi);
    float[] all = new Krum(0, 10).aggregate(new float[2], r);
    assertArrayEquals(new float[] {13f / 4, -38f / 4}, all, 1e-6f, "keep >= n is the unweighted mean");
  }

  @Test
  void anOutlierNeverWinsWhateverItsExampleCount() {
    int[] chosen = Krum.select(LINE, 0, 3);
    assertArrayEquals(new int[] {1, 0, 2}, chosen);
    assertTrue(Krum.scores(new float[][] {{5f}}, 0)[0] == 0, "a single client scores 0 and is chosen");
    assertEquals("krum", new Krum(1, 1).name());
    assertTrue(new Krum(1, 1).needsIndividualUpdates());
  }
}
