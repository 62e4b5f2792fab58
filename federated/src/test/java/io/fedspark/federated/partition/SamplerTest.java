package io.fedspark.federated.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.math.random.SeedSequence;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Moments of the gamma and Dirichlet samplers over many seeded draws. Tolerance: 5 standard
 * errors of the estimator, so a correct sampler fails with probability below 1e-6 per check (and,
 * the seeds being fixed, the outcome never changes), while a wrong boost or squeeze shifts the
 * moments by far more.
 */
@Tag("line-independent")
class SamplerTest {
  private static final int DRAWS = 200_000;

  private static SplittableRandom rng(String purpose, double shape) {
    return SeedSequence.root(7).derive(purpose, Double.doubleToLongBits(shape)).random();
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.05, 0.3, 1.0, 2.5, 30.0})
  void gammaMeanAndVarianceEqualTheShape(double shape) {
    SplittableRandom rng = rng("gamma", shape);
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < DRAWS; i++) {
      double x = GammaSampler.sample(rng, shape);
      assertTrue(x >= 0, "gamma variate " + x);
      sum += x;
      sumSq += x * x;
    }
    double mean = sum / DRAWS;
    double variance = (sumSq - DRAWS * mean * mean) / (DRAWS - 1);
    // Gamma(a, 1): mean a, variance a, fourth central moment 3a^2 + 6a.
    double seMean = Math.sqrt(shape / DRAWS);
    double seVariance = Math.sqrt((2 * shape * shape + 6 * shape) / DRAWS);
    assertEquals(shape, mean, 5 * seMean, "mean of Gamma(" + shape + ")");
    assertEquals(shape, variance, 5 * seVariance, "variance of Gamma(" + shape + ")");
  }

  @Test
  void logSamplerMatchesTheMeanOfTinyShapesAndStaysFinite() {
    double shape = 0.01;
    SplittableRandom rng = rng("gamma-log", shape);
    double sum = 0;
    for (int i = 0; i < DRAWS; i++) {
      double log = GammaSampler.sampleLog(rng, shape);
      assertTrue(Double.isFinite(log), "log-gamma " + log);
      sum += Math.exp(log);
    }
    assertEquals(shape, sum / DRAWS, 5 * Math.sqrt(shape / DRAWS));
    // Shape 1e-3: U^(1/a) underflows to 0 in linear space, the logarithm stays finite.
    SplittableRandom tiny = rng("gamma-log", 1e-3);
    for (int i = 0; i < 1000; i++) {
      assertTrue(Double.isFinite(GammaSampler.sampleLog(tiny, 1e-3)));
    }
  }

  @Test
  void gammaIsDeterministicForASeedAndRejectsBadShapes() {
    assertEquals(GammaSampler.sample(rng("d", 1), 0.7), GammaSampler.sample(rng("d", 1), 0.7));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GammaSampler.sample(new SplittableRandom(1), 0));
    assertEquals("gamma shape = 0.0: expected a finite number > 0", e.getMessage());
  }

  @Test
  void standardNormalHasMeanZeroAndVarianceOne() {
    SplittableRandom rng = rng("normal", 0);
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < DRAWS; i++) {
      double x = GammaSampler.standardNormal(rng);
      sum += x;
      sumSq += x * x;
    }
    assertEquals(0, sum / DRAWS, 5 * Math.sqrt(1.0 / DRAWS));
    assertEquals(1, sumSq / DRAWS, 5 * Math.sqrt(2.0 / DRAWS));
  }

  @Test
  void dirichletComponentsHaveMeansAlphaOverTotalAndSumToOne() {
    double[] alpha = {0.1, 0.4, 1.5, 0, 3.0};
    double alpha0 = 5.0;
    SplittableRandom rng = rng("dirichlet", alpha0);
    double[] sum = new double[alpha.length];
    int draws = 50_000;
    double[] x = new double[alpha.length];
    for (int i = 0; i < draws; i++) {
      DirichletSampler.sample(rng, alpha, x);
      double total = 0;
      for (int c = 0; c < x.length; c++) {
        sum[c] += x[c];
        total += x[c];
      }
      assertEquals(1.0, total, 1e-12);
      assertEquals(0.0, x[3], 0.0, "a zero concentration gives a zero component");
    }
    for (int c = 0; c < alpha.length; c++) {
      double mean = alpha[c] / alpha0;
      // Var(X_c) = mean (1 - mean) / (alpha0 + 1)
      double se = Math.sqrt(mean * (1 - mean) / (alpha0 + 1) / draws);
      assertEquals(mean, sum[c] / draws, 5 * se + 1e-15, "component " + c);
    }
  }

  @Test
  void symmetricDirichletWithTinyConcentrationStillSumsToOne() {
    double[] x = new double[1000];
    DirichletSampler.sampleSymmetric(rng("dirichlet-tiny", 1e-4), 1e-4, x);
    double total = 0;
    double max = 0;
    for (double v : x) {
      total += v;
      max = Math.max(max, v);
    }
    assertEquals(1.0, total, 1e-12);
    assertTrue(max > 0.5, "Dirichlet(1e-4) puts almost all mass on one component, max " + max);
  }
}
