package io.fedspark.federated.unlearning;

import java.io.Serializable;
import java.util.Objects;

/**
 * Settings of {@link LastLayersUnlearning} (EU-k under {@code unlearn.eu-k}, CF-k under
 * {@code unlearn.cf-k}).
 *
 * @param training the recipe for the trainable layers ({@code <prefix>.epochs}, ...)
 * @param layers k, the number of last parametric (dense or convolutional) layers that train,
 *     >= 1 ({@code <prefix>.layers}); checked against the model when the method runs
 */
public record LastLayersOptions(TrainingOptions training, int layers) implements Serializable {
  public LastLayersOptions {
    Objects.requireNonNull(training, "training");
    TrainingOptions.check(layers >= 1, training.keyPrefix() + ".layers", layers, "an integer >= 1");
  }

  /**
   * EU-k's default: k = 1, 10 epochs, lr 0.1 constant, momentum 0.9, weight decay 5e-4, batch 64
   * (a re-initialised layer needs the original model's rate; with FT's 0.01 it underfits in 10
   * epochs).
   */
  public static LastLayersOptions exactDefaults() {
    return new LastLayersOptions(TrainingOptions.constant(UnlearningMethodKind.EU_K.keyPrefix(), 10, 0.1f), 1);
  }

  /** CF-k's default: k = 1, 10 epochs, lr 0.01 constant, momentum 0.9, weight decay 5e-4, batch 64. */
  public static LastLayersOptions fineTuneDefaults() {
    return new LastLayersOptions(TrainingOptions.constant(UnlearningMethodKind.CF_K.keyPrefix(), 10, 0.01f), 1);
  }

  public LastLayersOptions withLayers(int value) {
    return new LastLayersOptions(training, value);
  }

  public LastLayersOptions withTraining(TrainingOptions value) {
    return new LastLayersOptions(value, layers);
  }
}
