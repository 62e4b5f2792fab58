package io.fedspark.jobs.demo;

import io.fedspark.federated.aggregate.WeightedParameterSum;
import java.io.Serializable;

/**
 * What one epoch of parameter averaging reduces: the example-weighted sum of the partitions' final
 * parameters (order-independent, see {@link WeightedParameterSum}) and the training loss and
 * accuracy seen along the way.
 */
public final class EpochStats implements Serializable {
  private static final long serialVersionUID = 1L;

  private WeightedParameterSum parameters;
  private double lossSum;
  private long examples;
  private long correct;

  @SuppressWarnings("unused")
  private EpochStats() {}

  public EpochStats(int dimension) {
    this.parameters = WeightedParameterSum.zeros(dimension);
  }

  public EpochStats addPartition(float[] params, long partitionExamples, double partitionLossSum, long partitionCorrect) {
    parameters.add(params, partitionExamples);
    lossSum += partitionLossSum;
    examples += partitionExamples;
    correct += partitionCorrect;
    return this;
  }

  public EpochStats merge(EpochStats o) {
    parameters.merge(o.parameters);
    lossSum += o.lossSum;
    examples += o.examples;
    correct += o.correct;
    return this;
  }

  public float[] averagedParameters() {
    return parameters.mean();
  }

  public double meanLoss() {
    return examples == 0 ? Double.NaN : lossSum / examples;
  }

  public double accuracy() {
    return examples == 0 ? Double.NaN : (double) correct / examples;
  }

  public long examples() {
    return examples;
  }
}
