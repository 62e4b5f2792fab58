package io.fedspark.jobs.cli.hostile;

import static io.fedspark.jobs.cli.hostile.HostileCase.c;
import static io.fedspark.jobs.cli.hostile.HostileFixtures.withResume;

import java.nio.file.Path;
import java.util.List;

/**
 * A hostile command line, each case exiting 2 naming the word that is wrong: unknown commands,
 * options, formats, datasets and benchmarks, {@code --resume} where it cannot be, and models,
 * experiment and sweep files that are missing or not what they should be.
 */
final class CommandLineCases {
  private CommandLineCases() {}

  static List<HostileCase> cases() {
    return List.of(
        c("cli: unknown command", 2, (t, run) -> List.of("federate-all-the-things"), "federate-all-the-things"),
        c("cli: unknown option", 2, (t, run) -> List.of("train", "--frobnicate"), "--frobnicate"),
        c("cli: two configuration files", 2, (t, run) -> List.of("train", "a.conf", "b.conf"), "b.conf"),
        c("cli: --resume on a job that has none", 2, (t, run) -> List.of("unlearn", "--resume", "x"), "--resume"),
        c("cli: --resume without a directory", 2, (t, run) -> List.of("train", "--resume"), "--resume"),
        c("cli: --resume a missing directory", 2,
            (t, run) -> List.of("train", "--resume", t.fx().resolve("no-run").toString()), "no-run", "no such directory"),
        c("cli: --resume a file", 2, (t, run) -> List.of("federate", "--resume", t.file("a-run-file", "x")),
            "a-run-file", "is a file"),
        c("cli: --resume a directory without a checkpoint", 2,
            (t, run) -> withResume(t.trainArgs("csv", null), Path.of(t.dir("no-checkpoint-run"))),
            "no training checkpoint", "no-checkpoint-run"),
        c("cli: predict a missing model", 2,
            (t, run) -> List.of("predict", t.fx().resolve("no-model").toString(), t.path("parquet")), "no-model"),
        c("cli: predict a directory that is no model", 2,
            (t, run) -> List.of("predict", t.dir("not-a-model"), t.path("parquet")), "not-a-model",
            "not a saved fedspark model"),
        c("cli: export to an unknown format", 2,
            (t, run) -> List.of("export", t.dir("m"), "--format", "tflite", t.fx().resolve("out").toString()), "tflite"),
        c("cli: export a missing model", 2,
            (t, run) -> List.of("export", t.fx().resolve("no-model").toString(), "--format", "onnx",
                t.fx().resolve("out.onnx").toString()), "no-model"),
        c("cli: fetch an unknown dataset", 2, (t, run) -> List.of("data", "fetch", "cifar10"), "cifar10"),
        c("cli: an unknown benchmark", 2, (t, run) -> List.of("bench", "gpu"), "gpu"),
        c("cli: an experiment file that is missing", 2,
            (t, run) -> List.of("experiment", t.fx().resolve("no-grid.conf").toString()), "no-grid.conf"),
        c("cli: a sweep file that is missing", 2,
            (t, run) -> List.of("sweep", t.fx().resolve("no-sweep.conf").toString()), "no-sweep.conf"));
  }
}
