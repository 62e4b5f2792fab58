package io.fedspark.federated.strategy;

import static io.fedspark.federated.strategy.Rounds.client;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * FedAdam, FedYogi and FedAdagrad, first two rounds by hand, with eta = 1, beta1 = 0.5,
 * beta2 = 0.75, tau = 0.5 (numbers chosen so that the square roots are easy), from w0 = (1, 0.5).
 *
 * <p>Round 1 clients: (6, -6.5) with 1 example and (2, -2.5) with 3: mean = ((6 + 6) / 4,
 * (-6.5 - 7.5) / 4) = (3, -3.5), so Delta_1 = mean - w0 = (2, -4) and m_1 = 0.5 * Delta_1 = (1, -2).
 * Round 2 clients: (3, 1) and (3, -1), 2 examples each: mean = (3, 0).
 *
 * <p>Tolerance 2e-6: w, m and v are stored as float between rounds (relative error 6e-8 each) and
 * the mean goes through fixed point; after two rounds the error stays below 1e-6 on these values
 * (all below 20 in magnitude).
 */
@Tag("line-independent")
class FedOptTest {
  private static final double TOL = 2e-6;
  private static final float[] W0 = {1f, 0.5f};

  private static RoundUpdates round1() {
    return Rounds.of(1, client(0, 1, 6f, -6.5f), client(1, 3, 2f, -2.5f));
  }

  private static RoundUpdates round2() {
    return Rounds.of(2, client(0, 2, 3f, 1f), client(2, 2, 3f, -1f));
  }

  @Test
  void fedAdamFirstTwoRounds() {
    FedAdam s = new FedAdam(1, 0.5, 0.75, 0.5);
    // v1 = 0.25 * Delta_1^2 = (0.25 * 4, 0.25 * 16) = (1, 4); sqrt = (1, 2)
    // w1 = w0 + m1 / (sqrt(v1) + tau) = (1 + 1 / 1.5, 0.5 - 2 / 2.5) = (1.6666667, -0.3)
    float[] w1 = s.aggregate(W0, round1());
    assertEquals(1 + 1 / 1.5, w1[0], TOL);
    assertEquals(-0.3, w1[1], TOL);
    assertEquals(1.0, s.state()[1][0], TOL);
    assertEquals(4.0, s.state()[1][1], TOL);
    // Delta_2 = (3 - 5/3, 0 + 0.3) = (4/3, 0.3)
    // m2 = 0.5 * (1, -2) + 0.5 * (4/3, 0.3) = (7/6, -0.85)
    // v2 = 0.75 * (1, 4) + 0.25 * (16/9, 0.09) = (0.75 + 4/9, 3 + 0.0225) = (1.1944444, 3.0225)
    // w2 = (5/3 + (7/6) / (sqrt(1.1944444) + 0.5), -0.3 - 0.85 / (sqrt(3.0225) + 0.5))
    //    = (5/3 + 1.1666667 / 1.5929064, -0.3 - 0.85 / 2.2385339) = (2.3990805, -0.6797128)
    float[] w2 = s.aggregate(w1, round2());
    assertEquals(7.0 / 6, s.state()[0][0], TOL);
    assertEquals(-0.85, s.state()[0][1], TOL);
    assertEquals(0.75 + 4.0 / 9, s.state()[1][0], TOL);
    assertEquals(3.0225, s.state()[1][1], TOL);
    assertEquals(2.399080480493549, w2[0], TOL);
    assertEquals(-0.6797128170642617, w2[1], TOL);
  }

  @Test
  void fedYogiFirstTwoRounds() {
    FedYogi s = new FedYogi(1, 0.5, 0.75, 0.5);
    // v1 = 0 - 0.25 * Delta_1^2 * sign(0 - Delta_1^2) = 0.25 * Delta_1^2 = (1, 4): round 1 equals FedAdam's
    float[] w1 = s.aggregate(W0, round1());
    assertEquals(1 + 1 / 1.5, w1[0], TOL);
    assertEquals(-0.3, w1[1], TOL);
    // Delta_2 = (4/3, 0.3), Delta_2^2 = (16/9, 0.09), m2 = (7/6, -0.85) as for FedAdam
    // v2[0] = 1 - 0.25 * 16/9 * sign(1 - 16/9) = 1 + 4/9 = 1.4444444   (v below Delta^2: v grows)
    // v2[1] = 4 - 0.25 * 0.09 * sign(4 - 0.09) = 4 - 0.0225 = 3.9775   (v above Delta^2: v shrinks)
    // w2 = (5/3 + 1.1666667 / (1.2018504 + 0.5), -0.3 - 0.85 / (1.9943670 + 0.5)) = (2.3521950, -0.6407678)
    float[] w2 = s.aggregate(w1, round2());
    assertEquals(1 + 4.0 / 9, s.state()[1][0], TOL);
    assertEquals(3.9775, s.state()[1][1], TOL);
    assertEquals(2.352194988910756, w2[0], TOL);
    assertEquals(-0.640767808823669, w2[1], TOL);
  }

  @Test
  void fedAdagradFirstTwoRounds() {
    FedAdagrad s = new FedAdagrad(1, 0.5, 0.5);
    // v1 = 0 + Delta_1^2 = (4, 16); sqrt = (2, 4)
    // w1 = (1 + 1 / 2.5, 0.5 - 2 / 4.5) = (1.4, 0.0555556)
    float[] w1 = s.aggregate(W0, round1());
    assertEquals(1.4, w1[0], TOL);
    assertEquals(0.5 - 2 / 4.5, w1[1], TOL);
    // Delta_2 = (3 - 1.4, 0 - 0.0555556) = (1.6, -0.0555556)
    // m2 = 0.5 * (1, -2) + 0.5 * (1.6, -0.0555556) = (1.3, -1.0277778)
    // v2 = (4 + 2.56, 16 + 0.0030864) = (6.56, 16.0030864)
    // w2 = (1.4 + 1.3 / (2.5612497 + 0.5), 0.0555556 - 1.0277778 / (4.0003858 + 0.5)) = (1.8246632, -0.1728199)
    float[] w2 = s.aggregate(w1, round2());
    assertEquals(1.3, s.state()[0][0], TOL);
    assertEquals(6.56, s.state()[1][0], TOL);
    assertEquals(1.824663170121249, w2[0], TOL);
    assertEquals(-0.17281992760024517, w2[1], TOL);
  }

  @Test
  void secondMomentRulesArePureFunctions() {
    // Adam: 0.75 * 2 + 0.25 * 4 = 2.5
    assertEquals(2.5, FedAdam.secondMoment(2, 4, 0.75), 0);
    // Yogi: v < Delta^2 grows by (1 - beta2) Delta^2: 2 + 0.25 * 4 = 3; v > Delta^2 shrinks: 8 - 1 = 7;
    // v = Delta^2: sign(0) = 0, unchanged
    assertEquals(3.0, FedYogi.secondMoment(2, 4, 0.75), 0);
    assertEquals(7.0, FedYogi.secondMoment(8, 4, 0.75), 0);
    assertEquals(4.0, FedYogi.secondMoment(4, 4, 0.75), 0);
    // Adagrad: 2 + 4 = 6
    assertEquals(6.0, FedAdagrad.secondMoment(2, 4), 0);
    // m = 0.5 * 1 + 0.5 * 3 = 2; step = 1 + 0.1 * 2 / (sqrt(4) + 0.5) = 1.08
    assertEquals(2.0, FedOpt.firstMoment(1, 3, 0.5), 0);
    assertEquals(1.08, FedOpt.step(1, 2, 4, 0.1, 0.5), 1e-15);
  }

  @Test
  void pseudoGradientPointsTowardsTheClients() {
    // Delta = mean - w: with the mean above w the server moves up, below it moves down
    float[] up = new FedAdam().aggregate(new float[] {0f}, Rounds.of(1, client(0, 1, 1f)));
    float[] down = new FedYogi().aggregate(new float[] {0f}, Rounds.of(1, client(0, 1, -1f)));
    assertEquals(1, Math.signum(up[0]));
    assertEquals(-1, Math.signum(down[0]));
  }

  @Test
  void defaultsAreFlowers() {
    FedAdam adam = new FedAdam();
    assertArrayEquals(new double[] {0.1, 0.9, 0.99, 1e-3}, new double[] {adam.eta(), adam.beta1(), adam.beta2(), adam.tau()});
    FedYogi yogi = new FedYogi();
    assertArrayEquals(new double[] {0.01, 0.9, 0.99, 1e-3}, new double[] {yogi.eta(), yogi.beta1(), yogi.beta2(), yogi.tau()});
    FedAdagrad adagrad = new FedAdagrad();
    assertArrayEquals(new double[] {0.1, 0.0, 1e-3}, new double[] {adagrad.eta(), adagrad.beta1(), adagrad.tau()});
    assertEquals("fedadam", adam.name());
    assertEquals("fedyogi", yogi.name());
    assertEquals("fedadagrad", adagrad.name());
  }

  @Test
  void invalidHyperparametersAreRefusedWithTheirName() {
    assertEquals("federate.strategy.fedadam.tau = 0.0: expected a finite number > 0",
        assertThrows(IllegalArgumentException.class, () -> new FedAdam(0.1, 0.9, 0.99, 0)).getMessage());
    assertEquals("federate.strategy.fedyogi.beta2 = 1.0: expected a finite number in [0, 1)",
        assertThrows(IllegalArgumentException.class, () -> new FedYogi(0.1, 0.9, 1, 1e-3)).getMessage());
    assertEquals("federate.strategy.fedadagrad.eta = NaN: expected a finite number > 0",
        assertThrows(IllegalArgumentException.class, () -> new FedAdagrad(Double.NaN, 0, 1e-3)).getMessage());
    assertEquals("federate.strategy.fedadam.beta1 = -0.1: expected a finite number in [0, 1)",
        assertThrows(IllegalArgumentException.class, () -> new FedAdam(0.1, -0.1, 0.99, 1e-3)).getMessage());
  }
}
