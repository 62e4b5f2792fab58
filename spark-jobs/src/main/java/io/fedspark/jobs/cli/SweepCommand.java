package io.fedspark.jobs.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fedspark sweep FILE} (run or resume a scheduled benchmark sweep) and
 * {@code fedspark sweep compare} (flag regressions against a baseline sweep, exit 3).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = "scheduled benchmark sweep: jobs x grid x seeds, resumable, result store + report (docs/sweeps.md)",
    subcommands = SweepCommand.Compare.class)
final class SweepCommand implements Callable<Integer> {
  private final List<String> arguments;

  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "the sweep file (sweep { ... })")
  Path file;

  @Mixin
  CommonOptions common;

  SweepCommand(List<String> arguments) {
    this.arguments = List.copyOf(arguments);
  }

  @Override
  public Integer call() {
    if (file == null) {
      throw new UserInputException("sweep: expected a sweep file (fedspark sweep FILE) or 'sweep compare'");
    }
    return io.fedspark.jobs.sweep.SweepCommand.run(file, common.overrides(), arguments, System.out);
  }

  /** {@code fedspark sweep compare}. */
  @Command(name = "compare", mixinStandardHelpOptions = true,
      description = "compare a sweep with a baseline sweep of the same store; exit 3 on a regression beyond tolerance")
  static final class Compare implements Callable<Integer> {
    @Parameters(arity = "0..2", paramLabel = "FILE|ID",
        description = "the sweep file (its sweep.store and name; ends in .conf) and/or the sweep to compare (default: the"
            + " latest)")
    List<String> positional = new java.util.ArrayList<>();

    @Option(names = "--store", paramLabel = "PATH", description = "the result store, instead of FILE's sweep.store")
    String store;

    @Option(names = "--baseline", required = true, paramLabel = "ID|latest",
        description = "the baseline sweep id, or latest: the latest earlier sweep of the same name")
    String baseline;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
      Path file = null;
      String current = null;
      for (String p : positional) {
        if (p.endsWith(".conf") && file == null) {
          file = Path.of(p);
        } else if (current == null) {
          current = p;
        } else {
          throw new UserInputException("sweep compare: one sweep id to compare expected, got " + current + " and " + p);
        }
      }
      return io.fedspark.jobs.sweep.SweepCommand.compare(file, common.overrides(), store, baseline, current, System.out);
    }
  }
}
