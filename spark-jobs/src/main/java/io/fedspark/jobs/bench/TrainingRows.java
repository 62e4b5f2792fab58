package io.fedspark.jobs.bench;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.FloatMatrix;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The rows the training benchmark cycles through, and where they came from. Throughput does not
 * depend on the values (dense float arithmetic, no data-dependent branches but ReLU's), so real
 * MNIST rows are used when they are already cached and random rows of the same shape otherwise.
 *
 * @param x one example per row
 * @param labels class of each row
 * @param classes number of classes
 * @param description what the rows are, for the report
 */
public record TrainingRows(FloatMatrix x, int[] labels, int classes, String description) {

  public TrainingRows {
    Objects.requireNonNull(x, "x");
    if (labels.length != x.nrow()) {
      throw new IllegalArgumentException("training rows: x has " + x.nrow() + " rows but " + labels.length + " labels");
    }
  }

  /** Features uniform in [0, 1) (like scaled pixels) and uniform labels, from {@code seed}. */
  public static TrainingRows random(int rows, int features, int classes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[Math.multiplyExact(rows, features)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble();
    }
    int[] y = new int[rows];
    for (int i = 0; i < rows; i++) {
      y[i] = r.nextInt(classes);
    }
    return new TrainingRows(FloatMatrix.wrap(x, rows, features), y, classes,
        "random: " + rows + " rows of " + features + " features uniform in [0, 1), uniform labels over " + classes
            + " classes (seed " + seed + ")");
  }

  /**
   * The first {@code rows} MNIST training rows if MNIST is in the data cache
   * ({@code FEDSPARK_DATA} or {@code ~/.cache/fedspark/datasets}) and has {@code features} pixels,
   * else {@link #random}. Never downloads: a benchmark should not depend on the network.
   */
  public static TrainingRows mnistOrRandom(int rows, int features, int classes, long seed) {
    CachedMnist mnist = CachedMnist.read(features, classes, rows);
    if (mnist.usable()) {
      LabeledDataset head = mnist.train().head(rows);
      return new TrainingRows(FloatMatrix.wrap(head.features(), rows, features), head.labels(), classes,
          "MNIST: the first " + rows + " training rows (pixels / 255) from " + mnist.directory());
    }
    TrainingRows r = random(rows, features, classes, seed);
    return new TrainingRows(r.x(), r.labels(), classes, r.description() + "; " + mnist.whyNot());
  }
}
