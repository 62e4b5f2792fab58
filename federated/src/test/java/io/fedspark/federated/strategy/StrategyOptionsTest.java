package io.fedspark.federated.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StrategyOptionsTest {

  private static String message(Executable e) {
    return assertThrows(IllegalArgumentException.class, e).getMessage();
  }

  @Test
  void invalidValuesNameTheKeyTheValueAndWhatIsExpected() {
    StrategyOptions o = new StrategyOptions();
    assertEquals("federate.strategy.trim-fraction = 0.6: expected a number in [0, 0.5)",
        message(() -> o.withTrimFraction(0.6)));
    assertEquals("federate.strategy.trim-fraction = 0.5: expected a number in [0, 0.5)",
        message(() -> o.withTrimFraction(0.5)));
    assertEquals("federate.strategy.mu = -0.1: expected a finite number >= 0", message(() -> o.withMu(-0.1)));
    assertEquals("federate.strategy.mu = Infinity: expected a finite number >= 0",
        message(() -> o.withMu(Double.POSITIVE_INFINITY)));
    assertEquals("federate.strategy.server-learning-rate = 0.0: expected a finite number > 0",
        message(() -> o.withServerLearningRate(0)));
    assertEquals("federate.strategy.server-momentum = 1.0: expected a number in [0, 1)",
        message(() -> o.withServerMomentum(1)));
    assertEquals("federate.strategy.beta1 = NaN: expected a number in [0, 1)", message(() -> o.withBetas(Double.NaN, 0.9)));
    assertEquals("federate.strategy.beta2 = 1.5: expected a number in [0, 1)", message(() -> o.withBetas(0.9, 1.5)));
    assertEquals("federate.strategy.tau = -1.0E-9: expected a finite number > 0", message(() -> o.withTau(-1e-9)));
    assertEquals("federate.strategy.kind = null: expected one of fedavg | fedprox | fedavgm | fedadam | fedyogi"
        + " | fedadagrad | median | trimmed-mean", message(() -> o.withKind(null)));
  }

  @Test
  void defaultsPerKind() {
    StrategyOptions fedavg = new StrategyOptions();
    assertEquals(StrategyKind.FEDAVG, fedavg.kind());
    assertEquals(fedavg, StrategyOptions.defaults(StrategyKind.FEDAVG));
    assertEquals(0.01, StrategyOptions.defaults(StrategyKind.FEDPROX).mu());
    StrategyOptions m = StrategyOptions.defaults(StrategyKind.FEDAVGM);
    assertEquals(1.0, m.serverLearningRate());
    assertEquals(0.9, m.serverMomentum());
    StrategyOptions adam = StrategyOptions.defaults(StrategyKind.FEDADAM);
    assertEquals(new StrategyOptions(StrategyKind.FEDADAM, 0.01, 0.1, 0.9, 0.9, 0.99, 1e-3, 0.1), adam);
    StrategyOptions yogi = StrategyOptions.defaults(StrategyKind.FEDYOGI);
    assertEquals(new StrategyOptions(StrategyKind.FEDYOGI, 0.01, 0.01, 0.9, 0.9, 0.99, 1e-3, 0.1), yogi);
    StrategyOptions adagrad = StrategyOptions.defaults(StrategyKind.FEDADAGRAD);
    assertEquals(0.1, adagrad.serverLearningRate());
    assertEquals(0.0, adagrad.beta1());
    assertEquals(1e-3, adagrad.tau());
    assertEquals(0.1, StrategyOptions.defaults(StrategyKind.TRIMMED_MEAN).trimFraction());
  }

  @ParameterizedTest
  @EnumSource(StrategyKind.class)
  void createBuildsTheKindWithItsSettings(StrategyKind kind) {
    Strategy s = StrategyOptions.defaults(kind).create();
    assertEquals(kind.configName(), s.name());
    assertEquals(kind == StrategyKind.MEDIAN || kind == StrategyKind.TRIMMED_MEAN, s.needsIndividualUpdates());
    assertEquals(kind == StrategyKind.FEDPROX ? 0.01f : 0f, s.proximalMu());
  }

  @Test
  void createPassesEverySetting() {
    StrategyOptions o = StrategyOptions.defaults(StrategyKind.FEDYOGI)
        .withServerLearningRate(0.3).withBetas(0.5, 0.6).withTau(0.02);
    FedYogi yogi = assertInstanceOf(FedYogi.class, o.create());
    assertEquals(0.3, yogi.eta());
    assertEquals(0.5, yogi.beta1());
    assertEquals(0.6, yogi.beta2());
    assertEquals(0.02, yogi.tau());
    FedAvgM m = assertInstanceOf(FedAvgM.class, o.withKind(StrategyKind.FEDAVGM).withServerMomentum(0.7).create());
    assertEquals(0.3, m.serverLearningRate());
    assertEquals(0.7, m.serverMomentum());
    TrimmedMean t = assertInstanceOf(TrimmedMean.class, o.withKind(StrategyKind.TRIMMED_MEAN).withTrimFraction(0.25).create());
    assertEquals(0.25, t.trimFraction());
    assertEquals(0.5f, o.withKind(StrategyKind.FEDPROX).withMu(0.5).create().proximalMu());
    assertInstanceOf(FedAdagrad.class, o.withKind(StrategyKind.FEDADAGRAD).create());
    assertInstanceOf(FedAdam.class, o.withKind(StrategyKind.FEDADAM).create());
    assertInstanceOf(CoordinateMedian.class, o.withKind(StrategyKind.MEDIAN).create());
    assertInstanceOf(FedAvg.class, o.withKind(StrategyKind.FEDAVG).create());
  }

  @Test
  void createGivesFreshStateEachTime() {
    StrategyOptions o = StrategyOptions.defaults(StrategyKind.FEDADAM);
    Strategy a = o.create();
    a.aggregate(new float[] {0f}, Rounds.of(1, Rounds.client(0, 1, 1f)));
    assertEquals(2, a.state().length);
    assertEquals(0, o.create().state().length);
  }

  @Test
  void kindConfigNamesAndParsing() {
    assertEquals("trimmed-mean", StrategyKind.TRIMMED_MEAN.configName());
    assertEquals("fedavgm", StrategyKind.FEDAVGM.configName());
    for (StrategyKind k : StrategyKind.values()) {
      assertEquals(k, StrategyKind.parse(" " + k.configName().toUpperCase() + " ", StrategyOptions.KIND_KEY));
    }
    String m = message(() -> StrategyKind.parse("krum", StrategyOptions.KIND_KEY));
    assertEquals("federate.strategy.kind = 'krum': expected one of fedavg | fedprox | fedavgm | fedadam | fedyogi"
        + " | fedadagrad | median | trimmed-mean", m);
    assertFalse(m.contains("TRIMMED_MEAN"));
    assertTrue(StrategyOptions.TRIM_FRACTION_KEY.startsWith("federate.strategy."));
  }
}
