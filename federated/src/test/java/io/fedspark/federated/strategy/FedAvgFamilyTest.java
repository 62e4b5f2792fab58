package io.fedspark.federated.strategy;

import static io.fedspark.federated.strategy.Rounds.client;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * FedAvg, FedProx and FedAvgM against hand-computed values. Tolerance: the mean goes through 2^-32
 * fixed point and float rounding (relative 6e-8), so 1e-6 absolute on values below 10; FedAvgM's
 * cases use dyadic numbers whose every intermediate is exact in float, so they are compared exactly.
 */
@Tag("line-independent")
class FedAvgFamilyTest {

  @Test
  void fedAvgIsTheExampleWeightedMean() {
    // client 0: 1 example, client 1: 2 examples
    // coordinate 0: (1*1 + 2*2) / 3 = 5/3; coordinate 1: (1*3 + 2*0) / 3 = 1; coordinate 2: (1*-6 + 2*3) / 3 = 0
    RoundUpdates r = Rounds.of(1, client(0, 1, 1f, 3f, -6f), client(1, 2, 2f, 0f, 3f));
    float[] next = new FedAvg().aggregate(new float[] {9f, 9f, 9f}, r);
    assertEquals(5.0 / 3, next[0], 1e-6);
    assertEquals(1.0, next[1], 1e-6);
    assertEquals(0.0, next[2], 1e-6);
  }

  @Test
  void fedProxAggregatesLikeFedAvgAndCarriesMu() {
    RoundUpdates r = Rounds.of(1, client(0, 1, 1f, 3f), client(1, 2, 2f, 0f));
    FedProx prox = new FedProx(0.01);
    assertEquals(0.01f, prox.mu());
    assertEquals(0f, new FedAvg().configureFit(1, new io.fedspark.federated.client.LocalTrainingOptions()).proximalMu());
    assertEquals("fedprox", prox.name());
    assertFalse(prox.needsIndividualUpdates());
    assertArrayEquals(new FedAvg().aggregate(new float[2], r), prox.aggregate(new float[2], r));
    assertThrows(IllegalArgumentException.class, () -> new FedProx(-0.1));
    assertThrows(IllegalArgumentException.class, () -> new FedProx(Double.NaN));
  }

  @Test
  void fedProxRefusesAMeanOfTheWrongLength() {
    RoundUpdates r = Rounds.of(1, client(0, 1, 1f, 3f));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FedProx(0.1).aggregate(new float[3], r));
    assertEquals("fedprox: global model has 3 parameters but the round 1 mean has 2", e.getMessage());
  }

  @Test
  void fedAvgMFirstTwoRoundsByHand() {
    FedAvgM s = new FedAvgM(2.0, 0.5);
    float[] w0 = {1f, 2f};
    // round 1: mean = ((1*0 + 3*1) / 4, (1*3 + 3*3) / 4) = (0.75, 3)
    //   delta = w - mean = (0.25, -1); v1 = 0.5 * 0 + delta = (0.25, -1)
    //   w1 = w0 - 2 * v1 = (1 - 0.5, 2 + 2) = (0.5, 4)
    float[] w1 = s.aggregate(w0, Rounds.of(1, client(0, 1, 0f, 3f), client(1, 3, 1f, 3f)));
    assertArrayEquals(new float[] {0.5f, 4f}, w1);
    assertArrayEquals(new float[] {0.25f, -1f}, s.state()[0]);
    // round 2: mean = ((0 + 1) / 2, (4 + 6) / 2) = (0.5, 5)
    //   delta = (0.5 - 0.5, 4 - 5) = (0, -1); v2 = 0.5 * (0.25, -1) + (0, -1) = (0.125, -1.5)
    //   w2 = w1 - 2 * v2 = (0.5 - 0.25, 4 + 3) = (0.25, 7)
    float[] w2 = s.aggregate(w1, Rounds.of(2, client(3, 1, 0f, 4f), client(4, 1, 1f, 6f)));
    assertArrayEquals(new float[] {0.25f, 7f}, w2);
    assertArrayEquals(new float[] {0.125f, -1.5f}, s.state()[0]);
    assertArrayEquals(new float[] {1f, 2f}, w0, "the global model passed in is not modified");
  }

  @Test
  void fedAvgMStepIsAPureFunction() {
    float[] velocity = {1f, -2f};
    float[] out = new float[2];
    // delta = (3 - 1, 0 - 4) = (2, -4); v = 0.5 * (1, -2) + (2, -4) = (2.5, -5); w - 1 * v = (0.5, 5)
    FedAvgM.step(new float[] {3f, 0f}, new float[] {1f, 4f}, velocity, 1.0, 0.5, out);
    assertArrayEquals(new float[] {2.5f, -5f}, velocity);
    assertArrayEquals(new float[] {0.5f, 5f}, out);
  }

  @Test
  void fedAvgMWithoutMomentumAndUnitRateIsFedAvg() {
    FedAvgM m = new FedAvgM(1.0, 0.0);
    float[] w = {0.5f, -1f};
    for (int round = 1; round <= 3; round++) {
      RoundUpdates r = Rounds.of(round, client(0, 1, round, -round), client(1, 3, 2 * round, 0.5f));
      float[] mean = new FedAvg().aggregate(w, r);
      w = m.aggregate(w, r);
      // w - (w - mean) rounds to mean up to one float rounding of the difference
      assertArrayEquals(mean, w, 1e-6f);
    }
  }

  @Test
  void fedAvgMDefaultsAndValidation() {
    FedAvgM m = new FedAvgM();
    assertEquals(1.0, m.serverLearningRate());
    assertEquals(0.9, m.serverMomentum());
    assertEquals("fedavgm", m.name());
    assertEquals(0, m.state().length, "no state before the first round");
    assertEquals("federate.strategy.fedavgm.server-momentum = 1.0: expected a finite number in [0, 1)",
        assertThrows(IllegalArgumentException.class, () -> new FedAvgM(1, 1)).getMessage());
    assertEquals("federate.strategy.fedavgm.server-learning-rate = 0.0: expected a finite number > 0",
        assertThrows(IllegalArgumentException.class, () -> new FedAvgM(0, 0.5)).getMessage());
  }

  @Test
  void statelessStrategiesRefuseAState() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new FedAvg().restore(new float[][] {{1f}}));
    assertTrue(e.getMessage().contains("fedavg is stateless"), e.getMessage());
  }
}
