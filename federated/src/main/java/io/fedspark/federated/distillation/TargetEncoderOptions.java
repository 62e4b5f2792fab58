package io.fedspark.federated.distillation;

import io.fedspark.math.optim.AdamOptions;
import java.util.List;
import java.util.Objects;

/**
 * How {@link TargetEncoderTrainer} trains the target representation {@code phi}. Both kinds train
 * an MLP {@code inputs - encoderHiddenWidths - dimension} with AdamW on augmented minibatches:
 * {@link RepresentationKind#SELF_SUPERVISED} adds a projector {@code dimension - projectorWidths}
 * and minimises the Barlow Twins loss between two views, {@link RepresentationKind#SUPERVISED}
 * adds a ReLU after the {@code dimension} layer and a softmax head over the classes.
 *
 * @param kind which representation
 * @param encoderHiddenWidths hidden widths of the encoder below the representation (may be empty)
 * @param dimension r, the width of the representation
 * @param projectorWidths widths of the Barlow Twins projector after the representation, the last
 *     being the embedding width d of the loss; at least one (ignored for {@code SUPERVISED})
 * @param epochs passes over the source data, at least 1
 * @param batchSize minibatch size, at least 2 (Barlow Twins needs batch statistics); the last
 *     partial batch of an epoch is dropped unless it is the only one
 * @param optimizer AdamW settings
 * @param barlowTwinsLambda weight of the off-diagonal term, at least 0
 * @param augmentation the random views (both kinds)
 */
public record TargetEncoderOptions(RepresentationKind kind, List<Integer> encoderHiddenWidths, int dimension,
    List<Integer> projectorWidths, int epochs, int batchSize, AdamOptions optimizer, double barlowTwinsLambda,
    ImageAugmentation augmentation) implements java.io.Serializable {

  public TargetEncoderOptions {
    Objects.requireNonNull(kind, "kind");
    encoderHiddenWidths = List.copyOf(Objects.requireNonNull(encoderHiddenWidths, "encoderHiddenWidths"));
    projectorWidths = List.copyOf(Objects.requireNonNull(projectorWidths, "projectorWidths"));
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(augmentation, "augmentation");
    String prefix = "target encoder options: ";
    for (int w : encoderHiddenWidths) {
      if (w < 1) {
        throw new IllegalArgumentException(prefix + "encoderHiddenWidths " + encoderHiddenWidths
            + " has " + w + ", expected positive widths");
      }
    }
    if (dimension < 1) {
      throw new IllegalArgumentException(prefix + "dimension is " + dimension + ", expected at least 1");
    }
    if (projectorWidths.isEmpty() || projectorWidths.stream().anyMatch(w -> w < 1)) {
      throw new IllegalArgumentException(prefix + "projectorWidths is " + projectorWidths
          + ", expected at least one positive width");
    }
    if (epochs < 1) {
      throw new IllegalArgumentException(prefix + "epochs is " + epochs + ", expected at least 1");
    }
    if (batchSize < 2) {
      throw new IllegalArgumentException(prefix + "batchSize is " + batchSize + ", expected at least 2");
    }
    if (!(barlowTwinsLambda >= 0) || Double.isInfinite(barlowTwinsLambda)) {
      throw new IllegalArgumentException(prefix + "barlowTwinsLambda is " + barlowTwinsLambda
          + ", expected a finite number >= 0");
    }
  }

  /**
   * Self-supervised MLP 784-256-64 with projector 64-256-256, 20 epochs of batch 256, AdamW
   * lr 1e-3 without weight decay, lambda 0.0051, {@link ImageAugmentation#barlowTwinsDefault()}.
   */
  public TargetEncoderOptions() {
    this(RepresentationKind.SELF_SUPERVISED, List.of(256), 64, List.of(256, 256), 20, 256,
        new AdamOptions(1e-3, 0.9, 0.999, 1e-8, 0), BarlowTwinsLoss.DEFAULT_LAMBDA,
        ImageAugmentation.barlowTwinsDefault());
  }

  public TargetEncoderOptions withKind(RepresentationKind value) {
    return new TargetEncoderOptions(value, encoderHiddenWidths, dimension, projectorWidths, epochs, batchSize,
        optimizer, barlowTwinsLambda, augmentation);
  }

  public TargetEncoderOptions withWidths(List<Integer> encoderHidden, int representation, List<Integer> projector) {
    return new TargetEncoderOptions(kind, encoderHidden, representation, projector, epochs, batchSize, optimizer,
        barlowTwinsLambda, augmentation);
  }

  public TargetEncoderOptions withEpochs(int value) {
    return new TargetEncoderOptions(kind, encoderHiddenWidths, dimension, projectorWidths, value, batchSize,
        optimizer, barlowTwinsLambda, augmentation);
  }

  public TargetEncoderOptions withBatchSize(int value) {
    return new TargetEncoderOptions(kind, encoderHiddenWidths, dimension, projectorWidths, epochs, value,
        optimizer, barlowTwinsLambda, augmentation);
  }

  public TargetEncoderOptions withOptimizer(AdamOptions value) {
    return new TargetEncoderOptions(kind, encoderHiddenWidths, dimension, projectorWidths, epochs, batchSize,
        value, barlowTwinsLambda, augmentation);
  }

  public TargetEncoderOptions withAugmentation(ImageAugmentation value) {
    return new TargetEncoderOptions(kind, encoderHiddenWidths, dimension, projectorWidths, epochs, batchSize,
        optimizer, barlowTwinsLambda, value);
  }
}
