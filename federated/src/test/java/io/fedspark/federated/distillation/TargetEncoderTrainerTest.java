package io.fedspark.federated.distillation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Model;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Training the frozen target representation phi on a small MNIST slice. */
@Tag("line-independent")
class TargetEncoderTrainerTest {
  /** A small encoder: 784-64-16 with a 16-64-64 projector, 3 epochs of batch 128. */
  static TargetEncoderOptions tiny(RepresentationKind kind) {
    return new TargetEncoderOptions().withKind(kind).withWidths(List.of(64), 16, List.of(64, 64)).withEpochs(3)
        .withBatchSize(128);
  }

  @Test
  void barlowTwinsLossFallsAndTrainingIsDeterministic() {
    LabeledDataset source = Mnist.train(1000);
    TargetEncoder phi = TargetEncoderTrainer.train(source, tiny(RepresentationKind.SELF_SUPERVISED), 1);
    double[] losses = phi.trainingLosses();
    System.out.println("self-supervised phi, Barlow Twins loss per epoch " + Arrays.toString(losses));
    assertEquals(3, losses.length);
    assertTrue(losses[2] < 0.9 * losses[0], "Barlow Twins loss per epoch " + Arrays.toString(losses));
    assertEquals(16, phi.dimension());
    assertEquals(RepresentationKind.SELF_SUPERVISED, phi.kind());
    FloatMatrix x = FloatMatrix.wrap(Arrays.copyOf(source.features(), 5 * 784), 5, 784);
    FloatMatrix y = phi.encode(x);
    assertEquals(5, y.nrow());
    assertEquals(16, y.ncol());
    java.util.List<String> reported = new java.util.ArrayList<>();
    TargetEncoder again = TargetEncoderTrainer.train(source, tiny(RepresentationKind.SELF_SUPERVISED), 1,
        (epoch, epochs, loss) -> reported.add(epoch + "/" + epochs + " " + loss));
    assertArrayEquals(phi.parameters(), again.parameters(), "same data, options and seed: same encoder");
    assertEquals(java.util.List.of("1/3 " + losses[0], "2/3 " + losses[1], "3/3 " + losses[2]), reported,
        "one progress report per epoch, with that epoch's loss");
    TargetEncoder other = TargetEncoderTrainer.train(source.head(300), tiny(RepresentationKind.SELF_SUPERVISED), 2);
    assertFalse(Arrays.equals(phi.parameters(), other.parameters()));
  }

  @Test
  void supervisedPhiIsTheClassifiersPenultimateLayer() {
    LabeledDataset source = Mnist.train(1000);
    // batch 32 (93 AdamW steps) and shifts of at most one pixel: the Barlow Twins views (3-pixel
    // shifts, rotations, noise) slow a 3-epoch MLP classifier down to a 20% drop of its loss
    TargetEncoder phi = TargetEncoderTrainer.train(source, tiny(RepresentationKind.SUPERVISED).withBatchSize(32)
        .withAugmentation(new ImageAugmentation(28, 28, 1, 0, 1, 0)), 3);
    assertEquals("mlp:784-64-16-10", phi.spec().toString());
    assertEquals(16, phi.dimension());
    double[] losses = phi.trainingLosses();
    System.out.println("supervised phi, cross-entropy per epoch " + Arrays.toString(losses));
    assertTrue(losses[2] < 0.6 * losses[0], "cross-entropy per epoch " + Arrays.toString(losses));
    FloatMatrix x = FloatMatrix.wrap(Arrays.copyOf(source.features(), 4 * 784), 4, 784);
    FloatMatrix features = Model.fromParameters(phi.spec(), phi.parameters()).features(x);
    assertArrayEquals(features.toArray(), phi.encode(x).toArray());
    for (float v : phi.encode(x).toArray()) {
      assertTrue(v >= 0f, "a ReLU layer");
    }
  }

  @Test
  void refusesImagesOfAnotherSize() {
    LabeledDataset wrong = LabeledDataset.of("digits-like", new int[] {8, 8}, new float[64 * 4], new int[4], 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TargetEncoderTrainer.train(wrong, tiny(RepresentationKind.SELF_SUPERVISED), 1));
    assertTrue(e.getMessage().contains("64 features") && e.getMessage().contains("28 x 28"), e.getMessage());
  }
}
