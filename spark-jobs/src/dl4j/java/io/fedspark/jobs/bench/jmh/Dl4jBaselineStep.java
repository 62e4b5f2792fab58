package io.fedspark.jobs.bench.jmh;

import io.fedspark.jobs.bench.TrainingRows;
import io.fedspark.jobs.dl4j.Dl4jConverter;
import io.fedspark.jobs.dl4j.Nd4jThreads;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.SgdOptions;
import java.util.Arrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * {@link Dl4jBaseline} of the Spark 3.5 build: the core model converted by {@link Dl4jConverter}
 * (same initial parameters, the equivalent {@code Sgd} updater), one {@code fit} per call on
 * prebuilt DataSets; ND4J limited by {@link Nd4jThreads#limitTo} (which needs
 * {@code OMP_NUM_THREADS=1} in the environment for its element-wise pool). Public only for the
 * service loader.
 */
public final class Dl4jBaselineStep implements Dl4jBaseline {
  /** For the service loader. */
  public Dl4jBaselineStep() {}

  @Override
  public String limitThreads(int threads) {
    return Nd4jThreads.limitTo(threads);
  }

  @Override
  public Runnable step(ModelSpec spec, SgdOptions sgd, float[] initial, TrainingRows training, int batch) {
    MultiLayerNetwork net = Dl4jConverter.of(spec).network(sgd, initial);
    int batches = training.x().nrow() / batch;
    DataSet[] sets = new DataSet[batches];
    for (int i = 0; i < batches; i++) {
      sets[i] = Dl4jConverter.dataSet(training.x().rows(i * batch, batch),
          Arrays.copyOfRange(training.labels(), i * batch, (i + 1) * batch), training.classes());
    }
    int[] next = {0};
    return () -> net.fit(sets[next[0]++ % batches]);
  }
}
