package io.fedspark.jobs.cli;

import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.provenance.BuildInfo;
import io.fedspark.jobs.train.TrainEngines;
import io.fedspark.jobs.train.TrainOptions;
import io.fedspark.math.blas.MathRuntime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fedspark version}: versions and the math backend this machine gets. */
@Command(name = "version", mixinStandardHelpOptions = true,
    description = "print versions and the math backend this machine gets")
final class VersionCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    MathOptions m = MathOptions.from(ConfigLoader.withShippedDefaults().load(null, common.overrides()));
    MathRuntime.configure(m.backend(), m.blasThreads());
    System.out.println("fedspark " + BuildInfo.version() + " (git " + BuildInfo.gitCommit() + ")");
    System.out.println("spark " + BuildInfo.builtSparkVersion() + " (scala " + scalaVersion() + "), the Spark "
        + BuildInfo.sparkLine() + " / Scala " + BuildInfo.scalaBinaryVersion() + " build; dl4j "
        + (TrainEngines.available(TrainOptions.Engine.DL4J) ? BuildInfo.dl4jVersion()
        : "not in this build (Spark 3.5 build only)"));
    System.out.println("java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
    System.out.println("math backend: " + MathRuntime.description());
    return 0;
  }

  static String scalaVersion() {
    try {
      return scala.util.Properties.versionNumberString();
    } catch (LinkageError e) {
      return "unknown";
    }
  }
}
