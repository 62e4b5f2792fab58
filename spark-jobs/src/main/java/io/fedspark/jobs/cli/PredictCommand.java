package io.fedspark.jobs.cli;

import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.data.DataSourceOptions;
import io.fedspark.jobs.predict.PredictJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code fedspark predict MODEL DATA [--set ...]}: a saved model scores a table on the executors. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"score a table with a saved model (a run's model/ or a Spark ML model.write().save(...)) on the"
        + " executors: predictions (Parquet) and, when the table has labels, accuracy, loss and per-class metrics",
        "The table is read as data.source.* says (format, options, features, label; docs/data.md), e.g."
            + " --set data.source.format=csv; results in run.dir (default fedspark-runs/predict-<time>)."},
    footer = "%nEvery key and its default: conf/defaults.conf (or 'fedspark config'); see docs/api.md.")
final class PredictCommand implements Callable<Integer> {
  private final List<String> arguments;

  @Parameters(index = "0", paramLabel = "MODEL", description = "the saved model's directory (any Hadoop path)")
  String model;

  @Parameters(index = "1", paramLabel = "DATA", description = "the table to score (data.source.path; any Hadoop path)")
  String data;

  @Mixin
  CommonOptions common;

  PredictCommand(List<String> arguments) {
    this.arguments = List.copyOf(arguments);
  }

  @Override
  public Integer call() {
    List<String> sets = new ArrayList<>(common.overrides());
    sets.add(DataSourceOptions.PATH.key() + "=" + com.typesafe.config.ConfigUtil.quoteString(data));
    JobConfig cfg = ConfigLoader.withShippedDefaults().load(null, sets);
    io.fedspark.jobs.config.RunOptions.from(cfg);
    io.fedspark.jobs.config.MathOptions.from(cfg);
    DataSourceOptions.from(cfg);
    PredictJob.run(new JobContext("predict", arguments, cfg), model);
    return 0;
  }
}
