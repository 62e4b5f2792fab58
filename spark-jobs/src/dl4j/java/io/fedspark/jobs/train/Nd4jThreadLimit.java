package io.fedspark.jobs.train;

import io.fedspark.jobs.dl4j.Nd4jThreads;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * A DL4J training hook that limits ND4J to {@code math.blas-threads} threads in every executor JVM
 * before its first minibatch, as the native engine limits OpenBLAS: Spark already runs one task
 * per executor core, and ND4J's defaults (all cores, plus M2's hard-coded 4 OpenMP threads, see
 * {@link Nd4jThreads}) would oversubscribe them and make the baseline slower than it need be.
 * The setting is process-wide, so it is applied once per JVM (again only if the count changes).
 */
final class Nd4jThreadLimit implements TrainingHook {
  private static final long serialVersionUID = 1L;
  private static volatile int applied;

  private final int threads;

  Nd4jThreadLimit(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("ND4J threads is " + threads + ", expected at least 1");
    }
    this.threads = threads;
  }

  /** Applies the limit in this JVM unless it is already in force (cheap when it is). */
  void ensure() {
    if (applied != threads) {
      synchronized (Nd4jThreadLimit.class) {
        if (applied != threads) {
          Nd4jThreads.limitTo(threads);
          applied = threads;
        }
      }
    }
  }

  @Override
  public void preUpdate(DataSet minibatch, Model model) {
    ensure();
  }

  @Override
  public void postUpdate(DataSet minibatch, Model model) {}

  @Override
  public void preUpdate(MultiDataSet minibatch, Model model) {
    ensure();
  }

  @Override
  public void postUpdate(MultiDataSet minibatch, Model model) {}
}
