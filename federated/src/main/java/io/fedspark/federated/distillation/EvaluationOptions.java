package io.fedspark.federated.distillation;

import io.fedspark.math.nn.Loss;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.SgdOptions;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of {@link DistillationEvaluation}; validates itself. The no-argument constructor gives
 * the reference values (the reference code; docs/algorithms.md, KRR-ST): pretraining 1000
 * epochs of SGD lr 0.1, momentum 0.9, weight decay 1e-3, batch 256; linear probe 5000 steps of SGD
 * lr 0.2, momentum 0.9, batch 512, cosine; fine-tuning 5000 steps of SGD lr 0.01, momentum 0.9,
 * weight decay 5e-4, batch 512, cosine; 3 repeats; both protocols. The full-data control (not in the
 * reference: pretraining on every source example regressing phi) gets 10 epochs.
 *
 * @param backbone the pretrained architecture, {@code loss=mse} with r outputs (the KRR-ST pool
 *     architecture); fine-tuning replaces its last layer by a softmax head
 * @param pretrainEpochs passes over the pretraining set, at least 1
 * @param pretrainBatchSize at least 1 (the last batch of an epoch may be smaller)
 * @param pretrainOptimizer constant learning rate
 * @param fullDataEpochs passes over the whole source set when pretraining the full-data control
 *     (far more examples than a distilled set, so far fewer epochs), at least 1
 * @param probeSteps SGD steps of the linear probe, at least 1
 * @param probeBatchSize at least 1
 * @param probeOptimizer its learning rate follows a cosine schedule to 0 over the steps
 * @param fineTuneSteps SGD steps of fine-tuning, at least 1
 * @param fineTuneBatchSize at least 1
 * @param fineTuneOptimizer its learning rate follows a cosine schedule to 0 over the steps
 * @param repeats independent repeats (seeds) per candidate, at least 1
 * @param protocols which protocols to run, not empty
 */
public record EvaluationOptions(ModelSpec backbone, int pretrainEpochs, int pretrainBatchSize,
    SgdOptions pretrainOptimizer, int fullDataEpochs, int probeSteps, int probeBatchSize, SgdOptions probeOptimizer,
    int fineTuneSteps, int fineTuneBatchSize, SgdOptions fineTuneOptimizer, int repeats,
    Set<EvaluationProtocol> protocols)
    implements java.io.Serializable {

  public EvaluationOptions {
    Objects.requireNonNull(backbone, "backbone");
    Objects.requireNonNull(pretrainOptimizer, "pretrainOptimizer");
    Objects.requireNonNull(probeOptimizer, "probeOptimizer");
    Objects.requireNonNull(fineTuneOptimizer, "fineTuneOptimizer");
    protocols = Set.copyOf(Objects.requireNonNull(protocols, "protocols"));
    String p = "evaluation options: ";
    if (backbone.loss() != Loss.MEAN_SQUARED_ERROR) {
      throw new IllegalArgumentException(p + "backbone is " + backbone + ", expected a regression spec (loss=mse)");
    }
    int[] positive = {pretrainEpochs, pretrainBatchSize, fullDataEpochs, probeSteps, probeBatchSize, fineTuneSteps,
        fineTuneBatchSize, repeats};
    String[] names = {"pretrainEpochs", "pretrainBatchSize", "fullDataEpochs", "probeSteps", "probeBatchSize",
        "fineTuneSteps", "fineTuneBatchSize", "repeats"};
    for (int i = 0; i < positive.length; i++) {
      if (positive[i] < 1) {
        throw new IllegalArgumentException(p + names[i] + " is " + positive[i] + ", expected at least 1");
      }
    }
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException(p + "protocols is empty, expected linear-probe and/or fine-tune");
    }
  }

  /** The reference values (see the class comment). */
  public EvaluationOptions() {
    this(ModelSpec.parse(KrrStOptions.DEFAULT_POOL_SPEC), 1000, 256, new SgdOptions(0.1f, 0.9f, 1e-3f, false), 10,
        5000, 512, new SgdOptions(0.2f, 0.9f, 0f, false), 5000, 512, new SgdOptions(0.01f, 0.9f, 5e-4f, false), 3,
        EnumSet.allOf(EvaluationProtocol.class));
  }

  public EvaluationOptions withBackbone(ModelSpec value) {
    return new EvaluationOptions(value, pretrainEpochs, pretrainBatchSize, pretrainOptimizer, fullDataEpochs,
        probeSteps, probeBatchSize, probeOptimizer, fineTuneSteps, fineTuneBatchSize, fineTuneOptimizer, repeats,
        protocols);
  }

  public EvaluationOptions withPretrainEpochs(int value) {
    return new EvaluationOptions(backbone, value, pretrainBatchSize, pretrainOptimizer, fullDataEpochs,
        probeSteps, probeBatchSize, probeOptimizer, fineTuneSteps, fineTuneBatchSize, fineTuneOptimizer, repeats,
        protocols);
  }

  /** This with other probe and fine-tuning lengths. */
  public EvaluationOptions withSteps(int probe, int fineTune) {
    return new EvaluationOptions(backbone, pretrainEpochs, pretrainBatchSize, pretrainOptimizer, fullDataEpochs,
        probe, probeBatchSize, probeOptimizer, fineTune, fineTuneBatchSize, fineTuneOptimizer, repeats, protocols);
  }

  public EvaluationOptions withFullDataEpochs(int value) {
    return new EvaluationOptions(backbone, pretrainEpochs, pretrainBatchSize, pretrainOptimizer, value, probeSteps,
        probeBatchSize, probeOptimizer, fineTuneSteps, fineTuneBatchSize, fineTuneOptimizer, repeats, protocols);
  }

  public EvaluationOptions withRepeats(int value) {
    return new EvaluationOptions(backbone, pretrainEpochs, pretrainBatchSize, pretrainOptimizer, fullDataEpochs,
        probeSteps, probeBatchSize, probeOptimizer, fineTuneSteps, fineTuneBatchSize, fineTuneOptimizer, value,
        protocols);
  }

  public EvaluationOptions withProtocols(Set<EvaluationProtocol> value) {
    return new EvaluationOptions(backbone, pretrainEpochs, pretrainBatchSize, pretrainOptimizer, fullDataEpochs,
        probeSteps, probeBatchSize, probeOptimizer, fineTuneSteps, fineTuneBatchSize, fineTuneOptimizer, repeats,
        value);
  }
}
