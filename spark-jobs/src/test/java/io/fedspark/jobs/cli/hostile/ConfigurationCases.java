package io.fedspark.jobs.cli.hostile;

import static io.fedspark.jobs.cli.hostile.HostileCase.c;
import static io.fedspark.jobs.cli.hostile.HostileFixtures.command;

import java.util.List;

/**
 * Hostile configuration, each case exiting 2 naming the key, the value and what was expected: bad
 * numbers, unknown keys and values, settings that contradict each other or the data, run and data
 * directories that are files or not empty, and configuration files that are missing, a directory or
 * not HOCON.
 */
final class ConfigurationCases {
  private ConfigurationCases() {}

  /** A {@code train} run on the csv fixture with {@code sets}, expected to exit 2 saying {@code says}. */
  private static HostileCase trainConfig(String name, List<String> sets, String... says) {
    return c("config: " + name, 2, (t, run) -> t.trainArgs("csv", run, sets.toArray(String[]::new)), says);
  }

  /** A {@code federate} run on the csv fixture with {@code sets}, expected to exit 2 saying {@code says}. */
  private static HostileCase federateConfig(String name, List<String> sets, String... says) {
    return c("config: " + name, 2, (t, run) -> t.federateArgs("csv", run, sets.toArray(String[]::new)), says);
  }

  static List<HostileCase> cases() {
    return List.of(
        federateConfig("fractional rounds", List.of("federate.rounds=2.5"), "federate.rounds = 2.5", "an integer"),
        trainConfig("fractional seed", List.of("run.seed=1.5"), "run.seed = 1.5", "a 64-bit integer"),
        trainConfig("23-digit seed", List.of("run.seed=12345678901234567890123"), "run.seed = '12345678901234567890123'",
            "a 64-bit integer"),
        federateConfig("zero rounds", List.of("federate.rounds=0"), "federate.rounds = 0", ">= 1"),
        federateConfig("rounds as text", List.of("federate.rounds=many"), "federate.rounds", "many"),
        federateConfig("rounds beyond int", List.of("federate.rounds=10000000000"), "federate.rounds = 10000000000"),
        federateConfig("negative learning rate", List.of("federate.client.learning-rate=-0.1"),
            "federate.client.learning-rate = -0.1"),
        federateConfig("NaN learning rate", List.of("federate.client.learning-rate=NaN"),
            "federate.client.learning-rate", "a finite number"),
        trainConfig("infinite learning rate", List.of("train.optimizer.learning-rate=Infinity"),
            "train.optimizer.learning-rate", "a finite number"),
        trainConfig("typo with a suggestion", List.of("train.epochz=3"), "unknown configuration key 'train.epochz'",
            "did you mean 'train.epochs'"),
        trainConfig("two unknown keys on one line", List.of("train.epochz=3", "train.batchsize=3"), "train.epochz",
            "train.batchsize"),
        trainConfig("a list for a number", List.of("train.epochs=[1, 2]"), "train.epochs"),
        trainConfig("an object for a string", List.of("train.model={a=1}"), "train.model"),
        federateConfig("unknown strategy", List.of("federate.strategy.kind=fedfoo"), "federate.strategy.kind",
            "fedfoo"),
        trainConfig("malformed model", List.of("train.model=\"mlp:abc\""), "train.model", "mlp:abc"),
        trainConfig("zero batch size", List.of("train.batch-size=0"), "train.batch-size = 0"),
        trainConfig("unknown math backend", List.of("math.backend=gpu"), "math.backend", "gpu"),
        trainConfig("unknown OpenBLAS kernel set", List.of("math.openblas.core=Pentium"), "math.openblas.core",
            "Pentium"),
        federateConfig("zero eval-every", List.of("federate.eval-every=0"), "federate.eval-every = 0"),
        federateConfig("failure fraction above 1", List.of("federate.failure.max-fraction=2"),
            "federate.failure.max-fraction = 2"),
        trainConfig("unknown dataset", List.of("train.dataset=cifar"), "train.dataset", "cifar"),
        trainConfig("unknown compression method", List.of("train.compression.method=gzip"),
            "train.compression.method", "gzip", "none | top-k | threshold"),
        trainConfig("top-k fraction 0", List.of("train.compression.method=top-k", "train.compression.top-k.fraction=0"),
            "train.compression.top-k.fraction = 0", "a finite number in (0, 1]"),
        trainConfig("top-k fraction above 1", List.of("train.compression.top-k.fraction=1.5"),
            "train.compression.top-k.fraction = 1.5", "a finite number in (0, 1]"),
        trainConfig("top-k fraction as text", List.of("train.compression.top-k.fraction=half"),
            "train.compression.top-k.fraction", "half"),
        trainConfig("threshold tau 0", List.of("train.compression.method=threshold", "train.compression.threshold.tau=0"),
            "train.compression.threshold.tau = 0", "a finite number > 0"),
        trainConfig("negative threshold tau", List.of("train.compression.threshold.tau=-0.01"),
            "train.compression.threshold.tau = -0.01", "a finite number > 0"),
        trainConfig("compression on the DL4J engine", List.of("train.compression.method=threshold",
            "train.engine=dl4j"), "train.compression.method = 'threshold'", "expected none with train.engine = dl4j"),
        trainConfig("unknown bad-rows policy", List.of("data.bad-rows=maybe"), "data.bad-rows", "maybe"),
        trainConfig("overwrite not a boolean", List.of("run.overwrite=perhaps"), "run.overwrite"),
        trainConfig("garbage master", List.of("spark.master=garbage"), "spark.master = 'garbage'",
            "spark://HOST:PORT"),
        trainConfig("zero master timeout", List.of("spark.master-connect-timeout=0"), "spark.master-connect-timeout = 0"),
        trainConfig("unknown table format", List.of("data.source.format=xlsx"), "data.source.format", "xlsx"),
        trainConfig("zero feature scale", List.of("data.source.feature-scale=0"), "data.source.feature-scale"),
        trainConfig("test fraction 1", List.of("data.source.test.fraction=1.5"), "data.source.test.fraction"),
        federateConfig("more clients per round than clients",
            List.of("federate.clients-per-round=9", "federate.partition.clients=4"), "federate.clients-per-round"),
        federateConfig("too many clients for the data",
            List.of("federate.partition.clients=100", "federate.clients-per-round=2", "federate.partition.min-examples=2"),
            "federate.partition.clients"),
        c("config: run.dir is a file", 2, (t, run) -> t.trainArgs("csv", null, "run.dir=\"" + t.file("a-file", "x") + "\""),
            "run.dir", "a directory, but it is a file"),
        c("config: run.dir not empty", 2, (t, run) -> {
          String d = t.dir("full-run-dir");
          t.file("full-run-dir/something", "x");
          return t.trainArgs("csv", null, "run.dir=\"" + d + "\"");
        }, "run.dir", "run.overwrite=true"),
        c("config: file missing", 2, (t, run) -> List.of("train", t.fx().resolve("nowhere.conf").toString()),
            "nowhere.conf", "no such file"),
        c("config: file is a directory named x.conf", 2, (t, run) -> List.of("train", t.dir("x.conf")), "x.conf",
            "is a directory"),
        c("config: syntax error", 2, (t, run) -> List.of("train", t.file("bad.conf", "train {\n epochs = \n")),
            "bad.conf"),
        c("config: include required missing", 2,
            (t, run) -> List.of("train", t.file("inc.conf", "include required(file(\"/no/such/base.conf\"))\n")),
            "inc.conf", "base.conf"),
        c("config: --set without =", 2, (t, run) -> List.of("train", "--set", "train.epochs"), "--set train.epochs",
            "key=value"),
        c("config: --set with an empty key", 2, (t, run) -> List.of("train", "--set", "=3"), "--set =3"),
        c("config: data.dir is a file (as FEDSPARK_DATA would be)", 2,
            (t, run) -> command("train", run, List.of("train.dataset=digits", "train.model=\"mlp:64-8-10\"",
                "data.dir=\"" + t.file("data-dir-file", "x") + "\"")), "data.dir", "data-dir-file", "a directory"),
        c("config: data.digits is a file", 2,
            (t, run) -> command("train", run, List.of("train.dataset=digits", "train.model=\"mlp:64-8-10\"",
                "data.digits=\"" + t.file("digits-file", "x") + "\"")), "data.digits", "digits-file"),
        c("config: data.fetch off and nothing cached", 2,
            (t, run) -> command("train", run, List.of("train.dataset=digits", "train.model=\"mlp:64-8-10\"",
                "data.fetch=false", "data.dir=\"" + t.dir("empty-cache") + "\"")), "data.fetch"));
  }
}
