package io.fedspark.jobs.cli;

import io.fedspark.math.Choice;
import io.fedspark.federated.data.DataDirectory;
import io.fedspark.federated.data.DatasetFetchException;
import io.fedspark.federated.data.DatasetFetcher;
import io.fedspark.federated.data.DatasetFormatException;
import io.fedspark.federated.data.DatasetId;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.config.DataOptions;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.federate.FederateJob;
import io.fedspark.jobs.train.TrainJob;
import io.fedspark.jobs.provenance.BuildInfo;
import io.fedspark.math.blas.MathRuntime;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry point behind {@code deploy/bin/fedspark} and {@code spark-submit --class}: dispatches a
 * command, prints errors for people (no stack trace unless {@code --verbose}) and exits non-zero on
 * failure: 2 for bad input (configuration, arguments, data), 1 for anything else.
 */
public final class FedsparkMain {
  static final String USAGE =
      """
      usage: fedspark COMMAND [CONFIG] [--set key=value ...] [--master URL] [--verbose]

      commands:
        demo                 a short federated curriculum run on MNIST (20 clients, 12 rounds) on Spark
        train [--resume DIR]     data-parallel training over all executors (keys train.*)
        federate [--resume DIR]  simulated federated learning with curricula (keys federate.*)
        experiment FILE      grid of federate runs x seeds; mean +- std table and plot (docs/experiments.md)
        unlearn              machine-unlearning audit with worst-case forget sets (keys unlearn.*)
        sweep FILE           scheduled benchmark sweep: jobs x grid x seeds, resumable, result store + report (docs/sweeps.md)
        sweep compare [FILE | --store PATH] --baseline ID|latest [ID]   flag regressions (exit 3)
        distill              KRR-ST self-supervised dataset distillation and its transfer evaluation (keys distill.*)
        bench math|federate|train [--quick]  benchmarks with ratios against baselines (bench-results/*.json)
        data fetch [NAME..]  fetch datasets (mnist, fashion-mnist, digits; default all) into the data cache
        data path NAME       print where a dataset is cached
        version              print versions and the math backend this machine gets
        help                 this text

      CONFIG is a HOCON file; every key and its default is in conf/defaults.conf.
      """;

  /**
   * The demo: a short federated curriculum run on MNIST (data and client curriculum under a
   * non-IID label split), overridable like any job.
   */
  static final List<String> DEMO_PRESET = List.of(
      "federate.dataset=mnist", "federate.model=\"mlp:784-100-10\"", "federate.rounds=12", "federate.clients-per-round=10",
      "federate.partition.scheme=labeldir", "federate.partition.clients=20", "federate.partition.beta=0.5",
      "federate.partition.min-examples=64", "federate.client.local-epochs=1", "federate.client.batch-size=32",
      "federate.client.learning-rate=0.05", "federate.curriculum.enabled=true", "federate.curriculum.data-ordering=curriculum",
      "federate.curriculum.client-ordering=vanilla", "federate.spark-partitions=4");

  private FedsparkMain() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs one command; returns the process exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    boolean verbose = List.of(args).contains("--verbose") || List.of(args).contains("-v");
    try {
      CommandLine cl = CommandLine.parse(args);
      return dispatch(cl, out);
    } catch (InvalidConfigException | UserInputException e) {
      err.println("fedspark: error: " + e.getMessage());
      if (verbose) {
        e.printStackTrace(err);
      }
      return 2;
    } catch (RuntimeException | IOException e) {
      Throwable user = userError(e);
      Throwable shown = user != null ? user : rootCause(e);
      err.println("fedspark: error: " + (shown.getMessage() == null ? shown.toString() : shown.getMessage()));
      if (verbose) {
        e.printStackTrace(err);
      } else if (user == null) {
        err.println("(run with --verbose for the stack trace)");
      }
      return user != null ? 2 : 1;
    }
  }

  /** The first cause that is the user's to fix (bad config, arguments or data), or null. */
  static Throwable userError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InvalidConfigException
          || t instanceof UserInputException
          || t instanceof DatasetFormatException
          || t instanceof DatasetFetchException
          || t instanceof FileNotFoundException) {
        return t;
      }
    }
    return null;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static int dispatch(CommandLine cl, PrintStream out) throws IOException {
    switch (cl.command()) {
      case "help" -> {
        out.print(USAGE);
        return 0;
      }
      case "version" -> {
        JobConfig cfg = load(cl);
        MathOptions m = MathOptions.from(cfg);
        MathRuntime.configure(m.backend(), m.blasThreads());
        out.println("fedspark " + BuildInfo.version() + " (git " + BuildInfo.gitCommit() + ")");
        out.println("spark " + BuildInfo.builtSparkVersion() + " (scala " + scalaVersion() + "), dl4j " + BuildInfo.dl4jVersion());
        out.println("java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        out.println("math backend: " + MathRuntime.description());
        return 0;
      }
      case "data" -> {
        return data(cl, out);
      }
      case "bench" -> {
        if (!cl.positional().isEmpty() && cl.positional().get(0).equals("federate")) {
          return io.fedspark.jobs.bench.FederateBenchCommand.run(cl.positional(), out);
        }
        if (!cl.positional().isEmpty() && cl.positional().get(0).equals("train")) {
          return io.fedspark.jobs.bench.TrainBenchCommand.run(cl.positional(), out);
        }
        return io.fedspark.jobs.bench.BenchCommand.run(cl.positional(), out);
      }
      case "train" -> {
        noExtraArgs(cl);
        JobConfig cfg = load(cl);
        TrainJob.run(new JobContext("train", cl.raw(), cfg), cl.resume());
        return 0;
      }
      case "experiment" -> {
        noExtraArgs(cl);
        return io.fedspark.jobs.experiment.ExperimentJob.command(cl.configFile(), cl.overrides(), cl.resume(), cl.raw(), out);
      }
      case "federate" -> {
        noExtraArgs(cl);
        JobConfig cfg = load(cl);
        FederateJob.run(new JobContext("federate", cl.raw(), cfg), cl.resume());
        return 0;
      }
      case "sweep" -> {
        return io.fedspark.jobs.sweep.SweepCommand.run(cl.positional(), cl.configFile(), cl.overrides(), cl.raw(), out);
      }
      case "unlearn" -> {
        noExtraArgs(cl);
        JobConfig cfg = load(cl);
        io.fedspark.jobs.unlearn.UnlearnJob.run(new JobContext("unlearn", cl.raw(), cfg));
        return 0;
      }
      case "distill" -> {
        noExtraArgs(cl);
        JobConfig cfg = load(cl);
        io.fedspark.jobs.distill.DistillJob.run(new JobContext("distill", cl.raw(), cfg));
        return 0;
      }
      case "demo" -> {
        noExtraArgs(cl);
        List<String> overrides = new ArrayList<>(DEMO_PRESET);
        overrides.addAll(cl.overrides());
        JobConfig cfg = ConfigLoader.withShippedDefaults().load(cl.configFile(), overrides);
        FederateJob.run(new JobContext("demo", cl.raw(), cfg), null);
        return 0;
      }
      default -> throw new UserInputException(
          "unknown command '" + cl.command() + "'; expected one of demo, train, federate, experiment, sweep, unlearn, distill, data, bench, version, help");
    }
  }

  private static int data(CommandLine cl, PrintStream out) throws IOException {
    if (cl.positional().isEmpty()) {
      throw new UserInputException("data: expected a subcommand: fetch [NAME...] or path NAME");
    }
    JobConfig cfg = load(cl);
    DataOptions opts = DataOptions.from(cfg);
    Path cache = DataDirectory.resolve(opts.cacheDir());
    String sub = cl.positional().get(0);
    List<DatasetId> ids = new ArrayList<>();
    for (String name : cl.positional().subList(1, cl.positional().size())) {
      try {
        ids.add(Choice.parse(DatasetId.class, name, "data " + sub));
      } catch (IllegalArgumentException e) {
        throw new UserInputException("data " + sub + ": " + e.getMessage());
      }
    }
    switch (sub) {
      case "fetch" -> {
        if (ids.isEmpty()) {
          ids.addAll(List.of(DatasetId.values()));
        }
        DatasetFetcher fetcher = new DatasetFetcher(cache);
        for (DatasetId id : ids) {
          Path dir = fetcher.fetch(id);
          out.println(id.configName() + "\t" + dir);
        }
        return 0;
      }
      case "path" -> {
        if (ids.size() != 1) {
          throw new UserInputException("data path: expected exactly one dataset name (mnist, fashion-mnist, digits)");
        }
        out.println(cache.resolve(ids.get(0).configName()));
        return 0;
      }
      default -> throw new UserInputException("data: unknown subcommand '" + sub + "'; expected fetch or path");
    }
  }

  private static JobConfig load(CommandLine cl) {
    return ConfigLoader.withShippedDefaults().load(cl.configFile(), cl.overrides());
  }

  private static void noExtraArgs(CommandLine cl) {
    if (!cl.positional().isEmpty()) {
      throw new UserInputException(
          cl.command() + ": unexpected argument(s) " + cl.positional() + "; expected only a CONFIG file ending in .conf");
    }
  }

  private static String scalaVersion() {
    try {
      return scala.util.Properties.versionNumberString();
    } catch (LinkageError e) {
      return "unknown";
    }
  }
}
