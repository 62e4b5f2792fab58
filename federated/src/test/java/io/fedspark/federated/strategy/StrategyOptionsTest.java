package io.fedspark.federated.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fedspark.federated.client.LocalTrainingOptions;
import io.fedspark.federated.config.ConfigView;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Tag("line-independent")
class StrategyOptionsTest {

  private static String message(Executable e) {
    return assertThrows(IllegalArgumentException.class, e).getMessage();
  }

  private static StrategyOptions read(Map<String, ?> values) {
    return StrategyOptions.from(ConfigView.of(values));
  }

  @Test
  void invalidValuesNameTheKindsKeyTheValueAndWhatIsExpected() {
    assertEquals("federate.strategy.trimmed-mean.trim-fraction = 0.6: expected a finite number in [0, 0.5)",
        message(() -> new TrimmedMean(0.6)));
    assertEquals("federate.strategy.fedprox.mu = -0.1: expected a finite number >= 0", message(() -> new FedProx(-0.1)));
    assertEquals("federate.strategy.fedprox.mu = Infinity: expected a finite number >= 0",
        message(() -> new FedProx(Double.POSITIVE_INFINITY)));
    assertEquals("federate.strategy.fedavgm.server-learning-rate = 0.0: expected a finite number > 0",
        message(() -> new FedAvgM(0, 0.9)));
    assertEquals("federate.strategy.fedavgm.server-momentum = 1.0: expected a finite number in [0, 1)",
        message(() -> new FedAvgM(1, 1)));
    assertEquals("federate.strategy.fedadam.beta1 = NaN: expected a finite number in [0, 1)",
        message(() -> new FedAdam(0.1, Double.NaN, 0.9, 1e-3)));
    assertEquals("federate.strategy.fedyogi.beta2 = 1.5: expected a finite number in [0, 1)",
        message(() -> new FedYogi(0.1, 0.9, 1.5, 1e-3)));
    assertEquals("federate.strategy.fedadagrad.tau = -1.0E-9: expected a finite number > 0",
        message(() -> new FedAdagrad(0.1, 0, -1e-9)));
    assertEquals("federate.strategy.krum.keep = 0: expected an integer >= 1", message(() -> new Krum(0, 0)));
  }

  @Test
  void configurationErrorsNameTheKeyAsWritten() {
    assertEquals("federate.strategy.kind = 'bulyan': expected one of fedavg | fedprox | fedavgm | fedadam | fedyogi"
        + " | fedadagrad | median | trimmed-mean | krum", message(() -> read(Map.of("federate.strategy.kind", "bulyan"))));
    assertEquals("federate.strategy.fedadam.eta = 'fast': expected a finite number > 0",
        message(() -> read(Map.of("federate.strategy.kind", "fedadam", "federate.strategy.fedadam.eta", "fast"))));
    assertEquals("federate.strategy.krum.byzantine = 1.5: expected an integer >= 0",
        message(() -> read(Map.of("federate.strategy.kind", "krum", "federate.strategy.krum.byzantine", 1.5))));
  }

  @Test
  void defaultsPerKind() {
    assertInstanceOf(FedAvg.Options.class, StrategyOptions.from(ConfigView.defaults()));
    assertEquals(new FedProx.Options(0.01), StrategyOptions.defaults(StrategyKind.FEDPROX));
    assertEquals(new FedAvgM.Options(1.0, 0.9), StrategyOptions.defaults(StrategyKind.FEDAVGM));
    assertEquals(new FedOpt.Options(StrategyKind.FEDADAM, 0.1, 0.9, 0.99, 1e-3), StrategyOptions.defaults(StrategyKind.FEDADAM));
    assertEquals(new FedOpt.Options(StrategyKind.FEDYOGI, 0.01, 0.9, 0.99, 1e-3), StrategyOptions.defaults(StrategyKind.FEDYOGI));
    assertEquals(new FedOpt.Options(StrategyKind.FEDADAGRAD, 0.1, 0.0, 0.0, 1e-3),
        StrategyOptions.defaults(StrategyKind.FEDADAGRAD));
    assertEquals(new TrimmedMean.Options(0.1), StrategyOptions.defaults(StrategyKind.TRIMMED_MEAN));
    assertEquals(new Krum.Options(0, 1), StrategyOptions.defaults(StrategyKind.KRUM));
  }

  @ParameterizedTest
  @EnumSource(StrategyKind.class)
  void createBuildsTheKindWithItsSettings(StrategyKind kind) {
    StrategyOptions o = StrategyOptions.defaults(kind);
    assertSame(kind, o.kind());
    Strategy s = o.create();
    assertEquals(kind.configName(), s.name());
    assertEquals(kind == StrategyKind.MEDIAN || kind == StrategyKind.TRIMMED_MEAN || kind == StrategyKind.KRUM,
        s.needsIndividualUpdates());
    float mu = s.configureFit(1, new LocalTrainingOptions()).proximalMu();
    assertEquals(kind == StrategyKind.FEDPROX ? 0.01f : 0f, mu);
  }

  @Test
  void onlyTheChosenKindsBlockIsRead() {
    StrategyOptions o = read(Map.of("federate.strategy.kind", "fedyogi", "federate.strategy.fedyogi.eta", 0.3,
        "federate.strategy.fedyogi.beta1", 0.5, "federate.strategy.fedyogi.beta2", 0.6, "federate.strategy.fedyogi.tau",
        0.02, "federate.strategy.fedadam.eta", "not read"));
    FedYogi yogi = assertInstanceOf(FedYogi.class, o.create());
    assertEquals(0.3, yogi.eta());
    assertEquals(0.5, yogi.beta1());
    assertEquals(0.6, yogi.beta2());
    assertEquals(0.02, yogi.tau());
    FedAvgM m = assertInstanceOf(FedAvgM.class, read(Map.of("federate.strategy.kind", "fedavgm",
        "federate.strategy.fedavgm.server-learning-rate", 0.3, "federate.strategy.fedavgm.server-momentum", 0.7)).create());
    assertEquals(0.3, m.serverLearningRate());
    assertEquals(0.7, m.serverMomentum());
    TrimmedMean t = assertInstanceOf(TrimmedMean.class, read(Map.of("federate.strategy.kind", "trimmed-mean",
        "federate.strategy.trimmed-mean.trim-fraction", 0.25)).create());
    assertEquals(0.25, t.trimFraction());
    Strategy prox = read(Map.of("federate.strategy.kind", "fedprox", "federate.strategy.fedprox.mu", 0.5)).create();
    assertEquals(0.5f, prox.configureFit(3, new LocalTrainingOptions()).proximalMu());
  }

  @Test
  void fedProxTellsTheClientsItsMuAndNothingElse() {
    LocalTrainingOptions configured = new LocalTrainingOptions().withLearningRate(0.2f).withLocalEpochs(3);
    LocalTrainingOptions told = new FedProx(0.25).configureFit(7, configured);
    assertEquals(configured.withProximalMu(0.25f), told);
    assertSame(configured, new FedAvg().configureFit(7, configured));
  }

  @Test
  void createGivesFreshStateEachTime() {
    StrategyOptions o = StrategyOptions.defaults(StrategyKind.FEDADAM);
    Strategy a = o.create();
    a.aggregate(new float[] {0f}, Rounds.of(1, Rounds.client(0, 1, 1f)));
    assertEquals(2, a.state().length);
    assertEquals(0, o.create().state().length);
  }
}
