package io.fedspark.federated.unlearning;

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
  public static final String PREFIX = "unlearn.iu.";
  public static final String DAMPING = "unlearn.iu.damping";
  public static final String SCALE = "unlearn.iu.scale";
  public static final String FISHER_SAMPLES = "unlearn.iu.fisher-samples";
  public static final String FISHER_BATCH = "unlearn.iu.fisher-batch";

  public InfluenceOptions {
    TrainingOptions.check(damping > 0f && !Float.isInfinite(damping), DAMPING, damping, "a finite number > 0");
    TrainingOptions.check(scale > 0f && !Float.isInfinite(scale), SCALE, scale, "a finite number > 0");
    TrainingOptions.check(fisherSamples >= 0, FISHER_SAMPLES, fisherSamples, "an integer >= 0 (0: all)");
    TrainingOptions.check(fisherBatch >= 1, FISHER_BATCH, fisherBatch, "an integer >= 1");
  }

  public InfluenceOptions() {
    this(0.03f, 1f, 1024, 1);
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
