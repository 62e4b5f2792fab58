package io.fedspark.federated.unlearning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.Sgd;
import io.fedspark.math.optim.SgdOptions;
import io.fedspark.math.random.SeedSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The training loop pinned bit for bit on a small synthetic problem: every step of the type's
 * comment (weights, reduction, ascent, hook, weight decay, freezing, relabelling, the smaller last
 * batch, skipped all-zero batches) is switched on, and the parameters after every epoch are
 * compared to golden hashes recorded from the loop as it was before it was split into methods.
 */
@Tag("line-independent")
class SgdTrainerTest {
  private static final ModelSpec SPEC = ModelSpec.parse("mlp:4-5-3:dropout=0.2");

  private static LabeledDataset data() {
    SplittableRandom r = new SplittableRandom(11);
    int n = 23;
    float[] x = new float[n * 4];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 4; j++) {
        x[i * 4 + j] = (float) (r.nextDouble() * 2 - 1);
      }
      y[i] = (x[i * 4] > 0 ? 1 : 0) + (x[i * 4 + 1] > 0.5f ? 1 : 0);
    }
    return LabeledDataset.of("synthetic", new int[] {4}, x, y, 3);
  }

  private static float[] start() {
    return Model.create(SPEC, 5).parameters();
  }

  /** Records the hash of the parameters after each epoch. */
  private static final class Recorder implements SgdTrainer.EpochHook {
    final List<Integer> hashes = new ArrayList<>();
    final boolean relabel;

    Recorder(boolean relabel) {
      this.relabel = relabel;
    }

    @Override
    public int[] labels(int epoch, int[] dataLabels) {
      if (!relabel) {
        return dataLabels;
      }
      int[] out = new int[dataLabels.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = (dataLabels[i] + epoch + i) % 3;
      }
      return out;
    }

    @Override
    public void afterEpoch(int epoch, float[] params) {
      hashes.add(Arrays.hashCode(params));
    }
  }

  @Test
  void plainDescentIsPinned() {
    Recorder epochs = new Recorder(false);
    float[] out = SgdTrainer.run(SPEC, start(), data(), null, 3, 5, new Sgd(new SgdOptions(0.1f, 0.9f, 0f, false)),
        new SgdTrainer.Objective(false, SgdTrainer.Reduction.MEAN, null, 0f, null), epochs, SeedSequence.root(3),
        "test");
    assertEquals(List.of(577865698, -843258022, -957825886), epochs.hashes);
    assertEquals(-957825886, Arrays.hashCode(out));
  }

  @Test
  void everyStepSwitchedOnIsPinned() {
    float[] weights = new float[23];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = i < 12 ? 0f : 0.25f * (i % 4 + 1);
    }
    BitSet frozen = new BitSet();
    frozen.set(0, 3);
    frozen.set(21);
    SgdTrainer.GradientHook l1 = (params, grad, epoch) -> {
      for (int j = 0; j < grad.length; j++) {
        grad[j] += 0.001f * (epoch + 1) * Math.signum(params[j]);
      }
    };
    float[] start = start();
    Recorder epochs = new Recorder(true);
    float[] out = SgdTrainer.run(SPEC, start, data(), weights, 4, 4, new Sgd(new SgdOptions(0.01f, 0.5f, 0f, false)),
        new SgdTrainer.Objective(true, SgdTrainer.Reduction.SUM, l1, 1e-3f, frozen), epochs, SeedSequence.root(9),
        "test");
    for (int j = frozen.nextSetBit(0); j >= 0; j = frozen.nextSetBit(j + 1)) {
      assertEquals(start[j], out[j], 0f, "frozen parameter " + j);
    }
    assertEquals(List.of(2104637351, -1915807978, -1777229986, -964474345), epochs.hashes);
    assertEquals(-964474345, Arrays.hashCode(out));
  }

  @Test
  void refusesInputsThatDoNotFit() {
    LabeledDataset data = data();
    SgdTrainer.Objective mean = new SgdTrainer.Objective(false, SgdTrainer.Reduction.MEAN, null, 0f, null);
    Sgd sgd = new Sgd(new SgdOptions(0.1f, 0f, 0f, false));
    var e = assertThrows(IllegalArgumentException.class, () -> SgdTrainer.run(SPEC, new float[7], data, null, 1, 5,
        sgd, mean, SgdTrainer.EpochHook.NONE, SeedSequence.root(1), "test"));
    assertEquals("test: the starting parameters have 7 floats but model mlp:4-5-3:dropout=0.2 has 43", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SgdTrainer.run(SPEC, start(), data, new float[3], 1, 5,
        sgd, mean, SgdTrainer.EpochHook.NONE, SeedSequence.root(1), "test"));
    assertEquals("test: 3 example weights for 23 examples of synthetic", e.getMessage());
    SgdTrainer.EpochHook short2 = new SgdTrainer.EpochHook() {
      @Override
      public int[] labels(int epoch, int[] dataLabels) {
        return new int[2];
      }
    };
    var s = assertThrows(IllegalStateException.class, () -> SgdTrainer.run(SPEC, start(), data, null, 1, 5,
        sgd, mean, short2, SeedSequence.root(1), "test"));
    assertEquals("test: 2 labels in epoch 0 for 23 examples of synthetic", s.getMessage());
    var d = assertThrows(ArithmeticException.class, () -> SgdTrainer.run(SPEC, start(), data, null, 2, 5,
        new Sgd(new SgdOptions(1e30f, 0f, 0f, false)), mean, SgdTrainer.EpochHook.NONE, SeedSequence.root(1), "test"));
    assertEquals("test: training diverged: the minibatch loss is NaN in epoch 0 (learning rate 1.0E30); lower"
        + " test.learning-rate", d.getMessage());
  }
}
