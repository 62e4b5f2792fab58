package io.fedspark.federated.train;

import io.fedspark.federated.aggregate.PartialSums;
import io.fedspark.federated.client.ClientShard;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Model;
import java.util.Iterator;
import java.io.Serializable;
import java.util.Locale;

/**
 * Counts for classification metrics, reduced over partitions: the confusion matrix (rows = true
 * class, columns = predicted; exact integer counts) and the summed loss. Derives accuracy and
 * per-class precision, recall and F1 (F1 = 2PR / (P + R); 0 when undefined). The loss is merged
 * order-independently ({@link PartialSums}).
 */
public final class ConfusionAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;

  private int classes;
  private long[] counts;
  private PartialSums lossSum = new PartialSums();

  @SuppressWarnings("unused")
  private ConfusionAccumulator() {}

  public ConfusionAccumulator(int classes) {
    this.classes = classes;
    this.counts = new long[classes * classes];
  }

  /**
   * The evaluation of {@code model} on {@code shards}: one batch forward pass per shard, each
   * example's predicted class and cross-entropy counted.
   */
  public static ConfusionAccumulator of(Model model, Iterator<ClientShard> shards, int classes) {
    ConfusionAccumulator acc = new ConfusionAccumulator(classes);
    while (shards.hasNext()) {
      ClientShard s = shards.next();
      var r = model.loss(FloatMatrix.wrap(s.features(), 0, s.size(), s.featureCount()), s.labels(), null);
      for (int i = 0; i < s.size(); i++) {
        acc.add(s.labels()[i], r.predictions()[i], r.exampleLosses()[i]);
      }
    }
    return acc;
  }

  public void add(int truth, int predicted, double loss) {
    counts[truth * classes + predicted]++;
    lossSum.add(loss);
  }

  public ConfusionAccumulator merge(ConfusionAccumulator o) {
    if (o.classes != classes) {
      throw new IllegalArgumentException("confusion matrices of " + classes + " and " + o.classes + " classes");
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] += o.counts[i];
    }
    lossSum.merge(o.lossSum);
    return this;
  }

  public long total() {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    return n;
  }

  public double accuracy() {
    long ok = 0;
    for (int c = 0; c < classes; c++) {
      ok += counts[c * classes + c];
    }
    return (double) ok / total();
  }

  /** The summed loss of every example counted. */
  public double lossSum() {
    return lossSum.total();
  }

  /** The examples predicted correctly (the diagonal). */
  public long correct() {
    long ok = 0;
    for (int c = 0; c < classes; c++) {
      ok += counts[c * classes + c];
    }
    return ok;
  }

  public double meanLoss() {
    return lossSum.total() / total();
  }

  public long count(int truth, int predicted) {
    return counts[truth * classes + predicted];
  }

  public double precision(int c) {
    long predicted = 0;
    for (int t = 0; t < classes; t++) {
      predicted += counts[t * classes + c];
    }
    return predicted == 0 ? 0 : (double) counts[c * classes + c] / predicted;
  }

  public double recall(int c) {
    long actual = 0;
    for (int p = 0; p < classes; p++) {
      actual += counts[c * classes + p];
    }
    return actual == 0 ? 0 : (double) counts[c * classes + c] / actual;
  }

  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Per-class table as CSV: class,precision,recall,f1,support. */
  public String perClassCsv() {
    StringBuilder sb = new StringBuilder("class,precision,recall,f1,support\n");
    for (int c = 0; c < classes; c++) {
      long support = 0;
      for (int p = 0; p < classes; p++) {
        support += counts[c * classes + p];
      }
      sb.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%d%n", c, precision(c), recall(c), f1(c), support));
    }
    return sb.toString();
  }

  /** The confusion matrix as CSV (rows = true class). */
  public String matrixCsv() {
    StringBuilder sb = new StringBuilder("true\\predicted");
    for (int c = 0; c < classes; c++) {
      sb.append(',').append(c);
    }
    sb.append('\n');
    for (int t = 0; t < classes; t++) {
      sb.append(t);
      for (int p = 0; p < classes; p++) {
        sb.append(',').append(counts[t * classes + p]);
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
