package io.fedspark.jobs.kernel;

import io.fedspark.jobs.JobKind;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.federate.DemoJob;
import io.fedspark.math.blas.OpenBlasCore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The environment the driver JVM of a job must start with, asked by the launchers before they start
 * it: {@code OPENBLAS_CORETYPE=<set>} when the job's configuration pins a kernel set
 * ({@code math.openblas.core}), because OpenBLAS reads that variable only when it loads, before any
 * code of the job runs. {@code java ... DriverEnvironment COMMAND [CONFIG] [--set KEY=VALUE ...]}
 * prints {@code NAME=VALUE} lines (none when nothing is pinned).
 *
 * <p>The configuration is read as the job will read it (the shipped defaults, the file, the
 * {@code --set}s; the demo's preset for {@code demo}). Commands that are not jobs (experiment,
 * sweep, tools) and a configuration that does not load print nothing: the job itself then reports
 * the error, and a driver that lacks a pinned set is refused by {@link KernelCheck} with the fix.
 */
public final class DriverEnvironment {
  private DriverEnvironment() {}

  public static void main(String[] args) {
    pinnedCore(List.of(args)).ifPresent(c -> System.out.println(OpenBlasCore.ENVIRONMENT_VARIABLE + "=" + c.openblasName()));
  }

  /** The set the job's configuration pins, if it is a job and loads. */
  static Optional<OpenBlasCore> pinnedCore(List<String> args) {
    if (args.isEmpty()) {
      return Optional.empty();
    }
    Optional<JobKind> kind = java.util.Arrays.stream(JobKind.values()).filter(k -> k.configName().equals(args.get(0)))
        .findFirst();
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    Path config = null;
    List<String> sets = new ArrayList<>();
    for (int i = 1; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--set") && i + 1 < args.size()) {
        sets.add(args.get(++i));
      } else if (a.startsWith("--set=")) {
        sets.add(a.substring("--set=".length()));
      } else if ((a.equals("--resume") || a.equals("--master")) && i + 1 < args.size()) {
        i++;
      } else if (!a.startsWith("-") && config == null) {
        config = Path.of(a);
      }
    }
    try {
      JobConfig cfg = kind.get() == JobKind.DEMO ? DemoJob.configure(config, sets)
          : ConfigLoader.withShippedDefaults().load(config, sets);
      return MathOptions.from(cfg).openblasCore().pinnedCore();
    } catch (RuntimeException notLoadable) {
      return Optional.empty();
    }
  }
}
