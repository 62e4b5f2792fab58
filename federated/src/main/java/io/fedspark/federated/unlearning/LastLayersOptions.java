package io.fedspark.federated.unlearning;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;

import io.fedspark.federated.config.SettingGroup;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
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
  private static final Setting<Integer> LAYERS = Setting.integer("layers", 1, 1);

  /**
   * EU-k's keys {@code unlearn.eu-k.*}: k = 1, 10 epochs, lr 0.1 constant, momentum 0.9, weight
   * decay 5e-4, batch 64 (a re-initialised layer needs the original model's rate; with FT's 0.01 it
   * underfits in 10 epochs).
   */
  public static final Keys EXACT = keys(TrainingOptions.constant(UnlearningMethodKind.EU_K.keyPrefix(), 10, 0.1f), 1);
  /** CF-k's keys {@code unlearn.cf-k.*}: k = 1, 10 epochs, lr 0.01 constant, momentum 0.9, weight decay 5e-4, batch 64. */
  public static final Keys FINE_TUNE =
      keys(TrainingOptions.constant(UnlearningMethodKind.CF_K.keyPrefix(), 10, 0.01f), 1);

  /** The recipe's keys and {@code <prefix>.layers}. */
  public record Keys(TrainingOptions.Keys training, Setting<Integer> layers) implements SettingGroup {
    /** The options in {@code c}. */
    public LastLayersOptions read(ConfigView c) {
      return new LastLayersOptions(training.read(c), c.get(layers));
    }

    @Override
    public List<Setting<?>> settings() {
      List<Setting<?>> all = new ArrayList<>(training.settings());
      all.add(layers);
      return all;
    }
  }

  private static Keys keys(TrainingOptions defaults, int layers) {
    return new Keys(TrainingOptions.keys(defaults, false), LAYERS.at(defaults.keyPrefix() + ".layers", layers));
  }

  public LastLayersOptions {
    Objects.requireNonNull(training, "training");
    LAYERS.at(training.keyPrefix() + ".layers", null).check(layers);
  }

  /** EU-k's defaults. */
  public static LastLayersOptions exactDefaults() {
    return EXACT.read(ConfigView.defaults());
  }

  /** CF-k's defaults. */
  public static LastLayersOptions fineTuneDefaults() {
    return FINE_TUNE.read(ConfigView.defaults());
  }

  public LastLayersOptions withLayers(int value) {
    return new LastLayersOptions(training, value);
  }

  public LastLayersOptions withTraining(TrainingOptions value) {
    return new LastLayersOptions(value, layers);
  }
}
