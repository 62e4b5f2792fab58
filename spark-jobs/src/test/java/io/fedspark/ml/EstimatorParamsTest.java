package io.fedspark.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.federated.config.Setting;
import io.fedspark.federated.engine.SimulationOptions;
import io.fedspark.federated.partition.PartitionOptions;
import io.fedspark.federated.partition.PartitionScheme;
import io.fedspark.federated.train.DataParallelOptions;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.config.ConfigSchema;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.config.RunOptions;
import io.fedspark.jobs.data.DataSourceOptions;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.junit.jupiter.api.Test;

/**
 * The estimators' Params are the configuration keys: one Param per applicable key (none missing,
 * none invented), named after the key, defaulting to exactly what {@code conf/defaults.conf} holds,
 * checked by the key's own Setting, and turned back into the configuration a fit runs with.
 */
class EstimatorParamsTest {
  private static final JobConfig SHIPPED = ConfigLoader.withShippedDefaults().load(null, List.of());

  private static Set<String> keysOf(NetworkClassifier<?> est) {
    Set<String> keys = new TreeSet<>();
    for (Param<?> p : est.params()) {
      String doc = p.doc();
      int colon = doc.indexOf(':');
      if (colon > 0 && ConfigSchema.settings().containsKey(doc.substring(0, colon))) {
        keys.add(doc.substring(0, colon));
      }
    }
    return keys;
  }

  @Test
  void everyApplicableKeyIsAParamNamedAfterIt() {
    Set<String> federate = ConfigSchema.settings().keySet().stream().filter(k -> k.startsWith("federate."))
        .filter(k -> !Set.of("federate.dataset", "federate.backend", "federate.in-process-threads",
            "federate.eval-every", "federate.checkpoint.every").contains(k))
        .collect(Collectors.toCollection(TreeSet::new));
    federate.addAll(List.of("run.seed", "data.source.weight", "data.source.id", "data.source.feature-scale",
        "data.bad-rows", "data.source.client"));
    FederatedClassifier fc = new FederatedClassifier();
    assertEquals(federate, keysOf(fc));
    assertTrue(federate.size() > 60, "the whole federate block: " + federate.size());
    assertEquals("curriculumDataPacing", fc.paramOf("federate.curriculum.data-pacing").name());
    assertEquals("strategyFedadamBeta1", fc.paramOf("federate.strategy.fedadam.beta1").name());
    assertEquals("clientCol", fc.paramOf("data.source.client").name());

    Set<String> train = ConfigSchema.settings().keySet().stream().filter(k -> k.startsWith("train."))
        .filter(k -> !k.startsWith("train.early-stopping.") && !k.equals("train.dataset") && !k.equals("train.engine"))
        .collect(Collectors.toCollection(TreeSet::new));
    train.addAll(List.of("run.seed", "data.source.weight", "data.source.id", "data.source.feature-scale",
        "data.bad-rows"));
    NeuralNetClassifier nn = new NeuralNetClassifier();
    assertEquals(train, keysOf(nn));
    assertEquals("optimizerLearningRate", nn.paramOf("train.optimizer.learning-rate").name());
    assertTrue(nn.explainParams().contains("train.optimizer.schedule"), nn.explainParams());
  }

  @Test
  void docsApiListsEveryParamWithItsKey() throws Exception {
    String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "api.md"));
    for (NetworkClassifier<?> est : List.of(new NeuralNetClassifier(), new FederatedClassifier())) {
      String section = doc.substring(doc.indexOf("### `" + est.getClass().getSimpleName() + "`"));
      for (Param<?> p : est.params()) {
        String d = p.doc();
        String key = d.substring(0, Math.max(0, d.indexOf(':')));
        if (ConfigSchema.settings().containsKey(key)) {
          assertTrue(section.contains("| `" + p.name() + "` | `" + key + "` |"), p.name() + " in docs/api.md");
        }
      }
    }
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void defaultsAreTheShippedDefaults() {
    for (NetworkClassifier<?> est : List.of(new NeuralNetClassifier(), new FederatedClassifier())) {
      for (Param<?> p : est.params()) {
        String doc = p.doc();
        String key = doc.substring(0, Math.max(0, doc.indexOf(':')));
        Setting<?> s = ConfigSchema.settings().get(key);
        if (s == null) {
          continue; // Spark's own Params (featuresCol, ...)
        }
        Object shipped = s.read(SHIPPED);
        Object fromParam = s.parse(est.getOrDefault((Param) p));
        assertEquals(shipped, fromParam, p.name() + " of " + est.getClass().getSimpleName());
        assertFalse(est.isSet(p), p.name() + " is a default, not a set value");
      }
    }
    assertEquals("features", new NeuralNetClassifier().getFeaturesCol());
    assertEquals(List.of(new NeuralNetClassifier().getFeaturesCol()), DataSourceOptions.FEATURES.read(SHIPPED));
    assertEquals(new NeuralNetClassifier().getLabelCol(), DataSourceOptions.LABEL.read(SHIPPED));
  }

  @Test
  void valuesAreCheckedByTheirKeys() {
    FederatedClassifier fc = new FederatedClassifier();
    var e = assertThrows(InvalidConfigException.class, () -> fc.setRounds(0));
    assertEquals("federate.rounds = 0: expected an integer >= 1", e.getMessage());
    e = assertThrows(InvalidConfigException.class, () -> fc.setPartitionScheme("random"));
    assertTrue(e.getMessage().startsWith("federate.partition.scheme = 'random': expected one of iid | dirichlet"),
        e.getMessage());
    e = assertThrows(InvalidConfigException.class, () -> fc.setModel("mlp:64"));
    assertTrue(e.getMessage().startsWith("federate.model = 'mlp:64': expected a model spec"), e.getMessage());
    e = assertThrows(InvalidConfigException.class, () -> fc.setSetting("federate.client.momentum", 1.0));
    assertTrue(e.getMessage().startsWith("federate.client.momentum = 1.0: expected a finite number in [0, 1)"),
        e.getMessage());
    assertEquals(20, fc.getOrDefault(fc.rounds()), "a refused value leaves the Param as it was");
    var unknown = assertThrows(IllegalArgumentException.class, () -> fc.setSetting("federate.backend", "spark"));
    assertTrue(unknown.getMessage().contains("federate.backend is not a Param of FederatedClassifier"));
  }

  @Test
  void aFitRunsWithTheShippedDefaultsAndTheParams() {
    FederatedClassifier fc = new FederatedClassifier().setRounds(3).setPartitionScheme("natural").setClientCol("user")
        .setSetting("federate.strategy.fedprox.mu", 0.1).setSeed(5).setFeaturesCol("x").setLabelCol("y");
    JobConfig cfg = fc.configuration();
    assertEquals(3, cfg.get(SimulationOptions.ROUNDS));
    assertEquals(PartitionScheme.NATURAL, cfg.get(PartitionOptions.SCHEME));
    assertEquals("user", cfg.get(DataSourceOptions.CLIENT));
    assertEquals(5L, cfg.get(RunOptions.SEED));
    assertEquals(List.of("x"), cfg.get(DataSourceOptions.FEATURES));
    assertEquals("y", cfg.get(DataSourceOptions.LABEL));
    assertEquals(0.1, ((Number) cfg.raw("federate.strategy.fedprox.mu")).doubleValue());
    for (String key : ConfigSchema.settings().keySet()) {
      if (!key.startsWith("federate.") && !key.startsWith("data.") && !key.startsWith("run.")
          && !key.startsWith("spark.")) {
        assertTrue(Objects.equals(SHIPPED.raw(key), cfg.raw(key)), key + " keeps its shipped value");
      }
    }
    NeuralNetClassifier nn = new NeuralNetClassifier().setEpochs(2).setOptimizerLearningRate(1e-3);
    assertEquals(2, nn.configuration().get(DataParallelOptions.EPOCHS));
    NeuralNetClassifier copy = nn.copy(new ParamMap().put(nn.epochs().w(7)));
    assertEquals(7, copy.getOrDefault(copy.epochs()));
    assertEquals(1e-3, copy.getOrDefault(copy.optimizerLearningRate()));
    assertEquals(nn.uid(), copy.uid());
  }
}
