package io.fedspark.federated.unlearning;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;

import java.io.Serializable;

/**
 * Settings of {@link InfluenceUnlearning}, keys under {@value #PREFIX}.
 *
 * @param damping lambda added to the diagonal Fisher before inverting, finite and > 0
 *     ({@value #DAMPING}, default 0.03: on an MLP on the 8x8 digits, 1e-3 and 1e-2 wreck the
 *     model (test accuracy 34% and 89%) while 0.03 matches Retrain's UA; tune it per model, as the
 *     Fisher's scale depends on the architecture); smaller means larger, less stable updates
 * @param scale a multiplier of the Newton step, finite and > 0 ({@value #SCALE}, default 1: the
 *     plain step; the reference WoodFisher code tunes such a factor per dataset)
 * @param fisherSamples retain examples the Fisher is estimated on, sampled without replacement;
 *     0 means all ({@value #FISHER_SAMPLES}, default 1024)
 * @param fisherBatch examples per gradient in the Fisher estimate, >= 1 ({@value #FISHER_BATCH},
 *     default 1: the exact empirical Fisher of the sample; larger batches are cheaper and noisier)
 */
public record InfluenceOptions(float damping, float scale, int fisherSamples, int fisherBatch)
    implements Serializable {
  /** {@code unlearn.iu.damping}: lambda added to the Fisher (model-dependent). */
  public static final Setting<Double> DAMPING = Setting.number("unlearn.iu.damping", 0.03, Bounds.above(0));
  /** {@code unlearn.iu.scale}: multiplier of the Newton step. */
  public static final Setting<Double> SCALE = Setting.number("unlearn.iu.scale", 1.0, Bounds.above(0));
  /** {@code unlearn.iu.fisher-samples}: retain examples of the Fisher estimate (0: all). */
  public static final Setting<Integer> FISHER_SAMPLES = Setting.integer("unlearn.iu.fisher-samples", 1024, 0);
  /** {@code unlearn.iu.fisher-batch}: examples per gradient of the estimate. */
  public static final Setting<Integer> FISHER_BATCH = Setting.integer("unlearn.iu.fisher-batch", 1, 1);

  public InfluenceOptions {
    DAMPING.check((double) damping);
    SCALE.check((double) scale);
    FISHER_SAMPLES.check(fisherSamples);
    FISHER_BATCH.check(fisherBatch);
  }

  /** The defaults of every key. */
  public InfluenceOptions() {
    this(ConfigView.defaults());
  }

  /** The keys under {@code unlearn.iu} in {@code c}. */
  public InfluenceOptions(ConfigView c) {
    this(c.get(DAMPING).floatValue(), c.get(SCALE).floatValue(), c.get(FISHER_SAMPLES), c.get(FISHER_BATCH));
  }

  public InfluenceOptions withDamping(float value) {
    return new InfluenceOptions(value, scale, fisherSamples, fisherBatch);
  }

  public InfluenceOptions withScale(float value) {
    return new InfluenceOptions(damping, value, fisherSamples, fisherBatch);
  }

  public InfluenceOptions withFisherSamples(int value) {
    return new InfluenceOptions(damping, scale, value, fisherBatch);
  }

  public InfluenceOptions withFisherBatch(int value) {
    return new InfluenceOptions(damping, scale, fisherSamples, value);
  }
}
