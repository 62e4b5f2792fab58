package io.fedspark.jobs.cli;

import io.fedspark.jobs.experiment.ExperimentJob;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code fedspark experiment FILE}: a grid of runs x seeds with a mean +- std table and plot. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = "a grid of runs x seeds with a mean +- std table and plot (docs/experiments.md)")
final class ExperimentCommand implements Callable<Integer> {
  private final List<String> arguments;

  @Parameters(index = "0", paramLabel = "FILE", description = "the experiment file (experiment { ... })")
  Path file;

  @Mixin
  CommonOptions common;

  ExperimentCommand(List<String> arguments) {
    this.arguments = List.copyOf(arguments);
  }

  @Override
  public Integer call() {
    return ExperimentJob.command(file, common.overrides(), null, arguments, System.out);
  }
}
