package io.fedspark.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.federated.data.DatasetId;
import io.fedspark.federated.engine.SimulationOptions;
import io.fedspark.jobs.train.TrainOptions;
import io.fedspark.math.blas.MathBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private final ConfigLoader loader = ConfigLoader.withShippedDefaults();

  @Test
  void defaultsLoadIntoValidRecords() {
    JobConfig c = loader.load(null, List.of());
    TrainOptions d = TrainOptions.from(c);
    assertEquals(io.fedspark.jobs.data.DatasetName.MNIST, d.dataset());
    assertEquals("mlp:784-200-10", d.model().toString());
    assertEquals(MathBackend.AUTO, MathOptions.from(c).backend());
    assertEquals(42L, RunOptions.from(c).seed());
  }

  @Test
  void fileThenSetOverridesLastOneWins(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("job.conf");
    Files.writeString(f, "train { epochs = 3, model = \"mlp:784-64-10\" }\nrun.seed = 7\n");
    JobConfig c = loader.load(f, List.of("train.epochs=9", "data.mnist=hdfs://nn:8020/data/mnist", "math.backend=java"));
    TrainOptions d = TrainOptions.from(c);
    assertEquals(9, d.training().epochs());
    assertEquals("mlp:784-64-10", d.model().toString());
    assertEquals(7L, RunOptions.from(c).seed());
    assertEquals("hdfs://nn:8020/data/mnist", c.get(DataOptions.MNIST));
    assertEquals(MathBackend.JAVA, MathOptions.from(c).backend());
  }

  @Test
  void unknownKeySuggestsTheClosestKnownKey(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("job.conf");
    Files.writeString(f, "train.epoch = 3\n");
    var e = assertThrows(InvalidConfigException.class, () -> loader.load(f, List.of()));
    assertTrue(e.getMessage().contains("unknown configuration key 'train.epoch'"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean 'train.epochs'"), e.getMessage());
    assertTrue(e.getMessage().contains("job.conf:1"), e.getMessage());

    var e2 = assertThrows(InvalidConfigException.class, () -> loader.load(null, List.of("totally.unrelated.thing=1")));
    assertFalse(e2.getMessage().contains("did you mean"), e2.getMessage());
  }

  @Test
  void wrongTypesAndRangesNameKeyValueAndExpectation() {
    var e = assertThrows(InvalidConfigException.class, () -> loader.load(null, List.of("train.epochs=five")));
    assertTrue(e.getMessage().contains("train.epochs") && e.getMessage().contains("five"), e.getMessage());

    JobConfig c = loader.load(null, List.of("train.epochs=0"));
    var e2 = assertThrows(InvalidConfigException.class, () -> TrainOptions.from(c));
    assertTrue(e2.getMessage().startsWith("train.epochs = 0 (--set train.epochs"), e2.getMessage());
    assertTrue(e2.getMessage().endsWith("expected an integer >= 1"), e2.getMessage());

    JobConfig c2 = loader.load(null, List.of("math.backend=gpu"));
    var e3 = assertThrows(InvalidConfigException.class, () -> MathOptions.from(c2));
    assertTrue(e3.getMessage().startsWith("math.backend = 'gpu'"), e3.getMessage());
    assertTrue(e3.getMessage().contains("one of native | java | auto"), e3.getMessage());

    JobConfig c3 = loader.load(null, List.of("train.model=\"mlp:784-x-10\""));
    var e4 = assertThrows(InvalidConfigException.class, () -> TrainOptions.from(c3));
    assertTrue(e4.getMessage().startsWith("train.model = 'mlp:784-x-10'"), e4.getMessage());

    JobConfig c4 = loader.load(null, List.of("train.dataset=cifar10"));
    var e5 = assertThrows(InvalidConfigException.class, () -> TrainOptions.from(c4));
    assertTrue(e5.getMessage().contains("mnist | fashion-mnist | digits"), e5.getMessage());
  }

  @Test
  void malformedInputIsRejectedWithItsSource(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("broken.conf");
    Files.writeString(f, "train {\n  epochs = \n");
    var e = assertThrows(InvalidConfigException.class, () -> loader.load(f, List.of()));
    assertTrue(e.getMessage().contains("broken.conf"), e.getMessage());
    var e2 = assertThrows(InvalidConfigException.class, () -> loader.load(dir.resolve("missing.conf"), List.of()));
    assertTrue(e2.getMessage().contains("missing.conf: no such file"), e2.getMessage());
    assertThrows(InvalidConfigException.class, () -> loader.load(null, List.of("no-equals-sign")));
    var e3 = assertThrows(InvalidConfigException.class, () -> loader.load(null, List.of("train={x=1}")));
    assertTrue(e3.getMessage().contains("train.x"), e3.getMessage());
  }

  @Test
  void numbersAreNumbersNotCoerced() {
    var rounds = assertThrows(InvalidConfigException.class,
        () -> SimulationOptions.from(loader.load(null, List.of("federate.rounds=2.5"))));
    assertEquals("federate.rounds = 2.5 (--set federate.rounds): expected an integer >= 1", rounds.getMessage());
    var seed = assertThrows(InvalidConfigException.class, () -> RunOptions.from(loader.load(null, List.of("run.seed=1.5"))));
    assertEquals("run.seed = 1.5 (--set run.seed): expected a 64-bit integer", seed.getMessage());
    var big = assertThrows(InvalidConfigException.class,
        () -> RunOptions.from(loader.load(null, List.of("run.seed=12345678901234567890123"))));
    assertEquals("run.seed = '12345678901234567890123' (--set run.seed): expected a 64-bit integer", big.getMessage());
    assertEquals(Long.MAX_VALUE, RunOptions.from(loader.load(null, List.of("run.seed=9223372036854775807"))).seed());
    assertEquals(3, SimulationOptions.from(loader.load(null, List.of("federate.rounds=3.0"))).rounds(),
        "an integral number is an integer");
    assertEquals(4, SimulationOptions.from(loader.load(null, List.of("federate.rounds=\"4\""))).rounds(),
        "a quoted integer is still an integer");
  }

  @Test
  void sparkSettingsPassThroughToTheSession() {
    JobConfig c = loader.load(null, List.of("spark.executor.memory=3g", "spark.sql.shuffle.partitions=7",
        "spark.master=\"local[1]\""));
    SparkOptions s = SparkOptions.from(c);
    assertEquals("local[1]", s.master());
    assertEquals(java.util.Map.of("spark.executor.memory", "3g", "spark.sql.shuffle.partitions", "7"), s.passThrough());
    var typo = assertThrows(InvalidConfigException.class, () -> loader.load(null, List.of("spark-executor.memory=3g")));
    assertTrue(typo.getMessage().startsWith("unknown configuration key 'spark-executor.memory'"), typo.getMessage());
  }

  @Test
  void suggesterUsesEditDistance() {
    assertEquals(1, KeySuggester.distance("train.epoch", "train.epochs"));
    assertEquals(3, KeySuggester.distance("kitten", "sitting"));
  }
}
