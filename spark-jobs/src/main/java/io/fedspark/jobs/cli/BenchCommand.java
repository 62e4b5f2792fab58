package io.fedspark.jobs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fedspark bench math|federate|train|data|api [--quick]}: benchmarks with ratios against same-run baselines. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "benchmarks with ratios against baselines measured in the same run (bench-results/*.json,"
        + " docs/benchmarks.md)")
final class BenchCommand implements Callable<Integer> {
  /** The benchmark suites. */
  enum Suite {
    math, federate, train, data, api
  }

  @Parameters(index = "0", paramLabel = "SUITE", description = "math | federate | train | data | api")
  Suite suite;

  @Option(names = "--quick", description = "fewer and shorter measurements (about a minute)")
  boolean quick;

  @Parameters(index = "1..*", hidden = true)
  List<String> extra = new ArrayList<>();

  @Override
  public Integer call() {
    List<String> args = new ArrayList<>(List.of(suite.name()));
    if (quick) {
      args.add("quick");
    }
    args.addAll(extra);
    return switch (suite) {
      case math -> io.fedspark.jobs.bench.BenchCommand.run(args, System.out);
      case federate -> io.fedspark.jobs.bench.FederateBenchCommand.run(args, System.out);
      case train -> io.fedspark.jobs.bench.TrainBenchCommand.run(args, System.out);
      case data -> io.fedspark.jobs.bench.DataBenchCommand.run(args, System.out);
      case api -> io.fedspark.jobs.bench.ApiBenchCommand.run(args, System.out);
    };
  }
}
