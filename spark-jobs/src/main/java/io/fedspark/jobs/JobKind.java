package io.fedspark.jobs;

import io.fedspark.jobs.distill.DistillJob;
import io.fedspark.jobs.federate.DemoJob;
import io.fedspark.jobs.federate.FederateJob;
import io.fedspark.jobs.train.TrainJob;
import io.fedspark.jobs.unlearn.UnlearnJob;
import io.fedspark.math.Choice;
import java.util.function.Supplier;

/**
 * The table of fedspark's jobs, the one list the command line (a subcommand each), experiments and
 * sweeps ({@code *.command}) and the launcher (which commands go through spark-submit) read.
 * Adding a job is one class implementing {@link Job} and one constant here.
 */
public enum JobKind implements Choice {
  /** {@code fedspark demo}. */
  DEMO("a short federated curriculum run on MNIST (20 clients, 12 rounds), on Spark", DemoJob::new, false, false),
  /** {@code fedspark train}. */
  TRAIN("data-parallel training over executors (keys train.*)", TrainJob::new, true, true),
  /** {@code fedspark federate}. */
  FEDERATE("simulated federated learning with curricula, strategies and partitioners (keys federate.*)",
      FederateJob::new, true, true),
  /** {@code fedspark unlearn}. */
  UNLEARN("machine-unlearning audit with worst-case forget sets (keys unlearn.*)", UnlearnJob::new, false, true),
  /** {@code fedspark distill}. */
  DISTILL("KRR-ST self-supervised dataset distillation and its transfer evaluation (keys distill.*)", DistillJob::new,
      false, true);

  private final String summary;
  private final Supplier<Job> factory;
  private final boolean resumable;
  private final boolean inGrids;

  JobKind(String summary, Supplier<Job> factory, boolean resumable, boolean inGrids) {
    this.summary = summary;
    this.factory = factory;
    this.resumable = resumable;
    this.inGrids = inGrids;
  }

  /** One line for {@code --help}. */
  public String summary() {
    return summary;
  }

  /** A new instance of the job. */
  public Job job() {
    return factory.get();
  }

  /** Whether {@code --resume DIR} continues a run of this job. */
  public boolean resumable() {
    return resumable;
  }

  /**
   * Builds every options record this job reads, and the ones every job shares ({@code run.*},
   * {@code data.*}, {@code math.*}), so that a bad value fails before any work.
   */
  public void validate(io.fedspark.federated.config.ConfigView config) {
    io.fedspark.jobs.config.RunOptions.from(config);
    io.fedspark.jobs.config.DataOptions.from(config);
    io.fedspark.jobs.config.MathOptions.from(config);
    job().validate(config);
  }

  /** The kinds experiments and sweeps may run at their grid points, as "a | b | c". */
  public static String gridKinds() {
    return java.util.Arrays.stream(values()).filter(JobKind::inGrids).map(JobKind::configName)
        .collect(java.util.stream.Collectors.joining(" | "));
  }

  /** Whether experiments and sweeps may run this job at their grid points. */
  public boolean inGrids() {
    return inGrids;
  }
}
