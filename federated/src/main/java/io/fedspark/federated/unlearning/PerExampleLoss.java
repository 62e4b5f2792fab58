package io.fedspark.federated.unlearning;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import java.util.Objects;

/**
 * The per-example cross-entropy {@code l_i(theta)} of a block of examples, inference mode: the
 * upper-level gradient of the worst-case forget-set search. {@link #compute} is a pure function of
 * (spec, parameters, block), so a Spark job can map it over partitions of stacked examples with
 * broadcast parameters and concatenate the blocks in index order; {@link Pass} is the seam through
 * which {@link WorstCaseForgetSetSearch} accepts such a distributed pass.
 */
public final class PerExampleLoss {
  /** Rows per block of the in-process pass. */
  public static final int DEFAULT_BLOCK_ROWS = 4096;

  private PerExampleLoss() {}

  /** Per-example losses of the whole training set, in index order, at the given parameters. */
  @FunctionalInterface
  public interface Pass {
    float[] losses(float[] params);
  }

  /**
   * The losses of a block of {@code y.length} examples stacked row-major in {@code x}.
   *
   * @throws IllegalArgumentException if the block's size does not match the labels or the model
   */
  public static float[] compute(ModelSpec spec, float[] params, float[] x, int[] y) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    int d = spec.inputSize();
    if ((long) y.length * d != x.length) {
      throw new IllegalArgumentException("per-example loss: " + y.length + " labels need " + (long) y.length * d
          + " features (" + d + " per example for model " + spec + "), got " + x.length);
    }
    if (y.length == 0) {
      return new float[0];
    }
    return compute(Model.fromParameters(spec, params), FloatMatrix.wrap(x, 0, y.length, d), y);
  }

  /** The losses of the rows of {@code x} under {@code model} (which it reuses). */
  public static float[] compute(Model model, FloatMatrix x, int[] y) {
    return model.loss(x, y, null).exampleLosses();
  }

  /** The in-process pass over {@code data} in blocks of {@code blockRows}. */
  public static Pass inProcess(ModelSpec spec, LabeledDataset data, int blockRows) {
    Objects.requireNonNull(spec, "spec");
    SgdTrainer.checkData(spec, data, "per-example loss");
    if (blockRows < 1) {
      throw new IllegalArgumentException("per-example loss: block rows is " + blockRows + ", expected >= 1");
    }
    return params -> {
      Model model = Model.fromParameters(spec, params);
      int n = data.size();
      int d = data.featureCount();
      float[] out = new float[n];
      for (int start = 0; start < n; start += blockRows) {
        int rows = Math.min(blockRows, n - start);
        int[] y = new int[rows];
        System.arraycopy(data.labels(), start, y, 0, rows);
        float[] l = compute(model, FloatMatrix.wrap(data.features(), start * d, rows, d), y);
        System.arraycopy(l, 0, out, start, rows);
      }
      return out;
    };
  }
}
