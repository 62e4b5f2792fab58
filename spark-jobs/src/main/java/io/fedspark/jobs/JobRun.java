package io.fedspark.jobs;

import io.fedspark.jobs.config.DataOptions;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.config.RunOptions;
import io.fedspark.jobs.config.SparkOptions;
import io.fedspark.jobs.io.HadoopFiles;
import io.fedspark.jobs.io.RunDirectory;
import io.fedspark.jobs.kernel.JvmKernel;
import io.fedspark.jobs.kernel.KernelCheck;
import io.fedspark.jobs.provenance.Provenance;
import io.fedspark.math.blas.MathRuntime;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * What every job sets up the same way once its own options are validated: the math backend of this
 * JVM, the SparkSession, the run directory (checked, not yet written) and the provenance record.
 *
 * @param run run options (with the run directory of {@code --resume} when resuming)
 */
public record JobRun(
    JobContext context,
    RunOptions run,
    DataOptions data,
    MathOptions math,
    SparkSession spark,
    JavaSparkContext jsc,
    HadoopFiles files,
    RunDirectory runDir,
    Provenance provenance,
    TestHooks hooks) {

  /**
   * Starts a job: reads the shared options (failing before any Spark work on a bad value),
   * configures the math backend, joins or starts Spark, checks the OpenBLAS kernel sets of the
   * driver and the executors ({@code math.openblas.core}, {@link KernelCheck}) and prepares the run
   * directory.
   *
   * @param resumeDir the run directory to continue, or null for a new run
   */
  public static JobRun start(JobContext ctx, String resumeDir) {
    JobConfig cfg = ctx.config();
    RunOptions run = RunOptions.from(cfg);
    if (resumeDir != null) {
      run = new RunOptions(run.seed(), resumeDir, run.root(), true);
    }
    DataOptions data = DataOptions.from(cfg);
    MathOptions math = MathOptions.from(cfg);
    MathRuntime.configure(math.backend(), math.blasThreads());
    JvmKernel driverKernel = KernelCheck.driver(math.openblasCore());
    SparkSession spark = SparkSessions.getOrCreate(SparkOptions.from(cfg), math.openblasCore());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    KernelCheck.Checked kernels = KernelCheck.executors(jsc, math, driverKernel);
    HadoopFiles files = new HadoopFiles(jsc.hadoopConfiguration());
    RunDirectory runDir = RunDirectory.prepare(run, ctx.command(), files);
    Provenance prov = new Provenance(ctx.command(), ctx.arguments(), cfg, run.seed()).spark(spark.version(), jsc.master())
        .openblasKernels(kernels);
    return new JobRun(ctx, run, data, math, spark, jsc, files, runDir, prov, TestHooks.fromSystemProperties());
  }

  /**
   * Deletes the temporary files a killed or failed run left in the run directory: a resumed run
   * calls this once its checkpoint is accepted, just before it continues.
   */
  public void removeOrphans() {
    int n = files.removeOrphans(runDir.path());
    if (n > 0) {
      System.out.printf(java.util.Locale.ROOT, "[%s] removed %d temporary file%s a stopped run left in %s%n",
          context.command(), n, n == 1 ? "" : "s", runDir);
    }
  }

  public JobConfig config() {
    return context.config();
  }
}
