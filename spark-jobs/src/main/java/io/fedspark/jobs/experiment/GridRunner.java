package io.fedspark.jobs.experiment;

import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.config.ConfigLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one engine that runs the planned runs of a grid ({@link ExperimentPlan}: grid points x
 * seeds), for {@code fedspark experiment} (one job, one run at a time, a summary table) and
 * {@code fedspark sweep} (several jobs, {@code sweep.parallelism} runs at a time, a result store).
 *
 * <p>Runs go to a pool of driver threads that submit their Spark jobs concurrently in the one
 * SparkContext. Each run's job gets its configuration with the caller's extra overrides (its
 * {@code run.dir}) and a command line that records them ({@link #context}). The caller's step
 * records a failing run as an outcome and does not throw; what it does throw (e.g. a store that
 * cannot be written) stops the grid. After each run, the caller's {@link Finished} hook sees the
 * outcome, one run at a time, in the order the runs finish.
 */
public final class GridRunner {

  /** Runs one planned run and returns its outcome (a failed run is an outcome, not an exception). */
  @FunctionalInterface
  public interface Step<R, O> {
    O run(R run) throws Exception;
  }

  /** Sees each outcome as its run finishes; calls are serialised. */
  @FunctionalInterface
  public interface Finished<R, O> {
    /**
     * @param run the run
     * @param outcome its outcome
     * @param count how many runs have finished, this one included
     */
    void accept(R run, O outcome, int count) throws Exception;
  }

  private GridRunner() {}

  /**
   * Runs {@code runs} on {@code parallelism} daemon threads named {@code threadName}.
   *
   * @param name the grid's name in errors, e.g. {@code "sweep nightly-20260101"}
   * @return the outcomes, in the order of {@code runs}
   * @throws IllegalStateException if a step or the hook threw, or the wait was interrupted
   */
  public static <R, O> List<O> runAll(String name, List<R> runs, int parallelism, String threadName, Step<R, O> step,
      Finished<R, O> finished) {
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    Object lock = new Object();
    int[] count = {0};
    List<Future<O>> futures = new ArrayList<>(runs.size());
    try {
      for (R run : runs) {
        futures.add(pool.submit(() -> {
          O outcome = step.run(run);
          synchronized (lock) {
            finished.accept(run, outcome, ++count[0]);
          }
          return outcome;
        }));
      }
      List<O> outcomes = new ArrayList<>(runs.size());
      for (Future<O> f : futures) {
        outcomes.add(await(name, f));
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  private static <O> O await(String name, Future<O> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      // the step records every failure of a run; what is left is the grid's own bookkeeping failing
      throw new IllegalStateException(name + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + " interrupted", e);
    }
  }

  /**
   * The context a grid run's job gets: the configuration of {@code overrides} (the planned run's
   * base, grid point and seed, then the caller's extras such as {@code run.dir}), and the grid's
   * command line followed by {@code label} and one {@code --set} per override, for provenance.
   */
  public static JobContext context(String command, ConfigLoader loader, List<String> overrides, List<String> arguments,
      String label) {
    List<String> args = new ArrayList<>(arguments);
    args.add(label);
    for (String o : overrides) {
      args.add("--set");
      args.add(o);
    }
    return new JobContext(command, args, loader.load(null, overrides));
  }
}
