package io.fedspark.federated.train;

import io.fedspark.federated.aggregate.PartialSums;
import io.fedspark.federated.aggregate.WeightedParameterSum;
import java.io.Serializable;

/**
 * What one synchronisation reduces over partitions, order-independently: the example-weighted sum
 * of the partitions' parameters (local SGD) or gradients (synchronous SGD), the weighted sums of
 * the optimizer's state arrays (local SGD: momentum and moment buffers are averaged like the
 * parameters), the optimizer step reached, and the training loss and accuracy seen.
 */
public final class StepAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;

  private WeightedParameterSum vector;
  private String[] stateNames = new String[0];
  private WeightedParameterSum[] states = new WeightedParameterSum[0];
  private long step;
  private PartialSums lossSum = new PartialSums();
  private long examples;
  private long correct;
  private long contributions;
  private long contributionBytes;
  private java.util.TreeMap<Integer, PartitionMemory> kept = new java.util.TreeMap<>();

  public StepAccumulator() {}

  /** Adds one partition's result: {@code vector} weighted by {@code weight} examples. */
  public StepAccumulator add(float[] vector, long weight, String[] names, float[][] stateArrays, long step,
      double lossSum, long examples, long correct) {
    if (this.vector == null) {
      this.vector = WeightedParameterSum.zeros(vector.length);
      this.stateNames = names.clone();
      this.states = new WeightedParameterSum[names.length];
      for (int i = 0; i < names.length; i++) {
        states[i] = WeightedParameterSum.zeros(stateArrays[i].length);
      }
    } else if (!java.util.Arrays.equals(names, stateNames)) {
      throw new IllegalStateException("partitions disagree on the optimizer state: " + java.util.Arrays.toString(names)
          + " vs " + java.util.Arrays.toString(stateNames));
    }
    this.vector.add(vector, weight);
    for (int i = 0; i < names.length; i++) {
      states[i].add(stateArrays[i], weight);
    }
    this.step = Math.max(this.step, step);
    this.lossSum.add(lossSum);
    this.examples += examples;
    this.correct += correct;
    return this;
  }

  /**
   * Adds one partition's {@link StepContribution}: its values, its encoded size (the bytes the
   * exchange carries for it) and, under compression, the memory it keeps.
   */
  public StepAccumulator add(StepContribution c) {
    add(c.vector(), c.weight(), c.stateNames(), c.stateArrays(), c.step(), c.lossSum(), c.examples(), c.correct());
    contributions++;
    contributionBytes += c.encodedSize();
    if (c.kept() != null) {
      keep(c.kept());
    }
    return this;
  }

  /** Records a partition's memory (a gang task's own partitions', which the exchange does not carry). */
  public StepAccumulator keep(PartitionMemory m) {
    kept.put(m.partition(), m);
    return this;
  }

  /** The partition memories recorded, in partition order. */
  public java.util.Collection<PartitionMemory> kept() {
    return java.util.List.copyOf(kept.values());
  }

  /** Contributions added ({@link #add(StepContribution)}). */
  public long contributions() {
    return contributions;
  }

  /** Their encoded sizes summed: the bytes the partitions' contributions take on the wire. */
  public long contributionBytes() {
    return contributionBytes;
  }

  public StepAccumulator merge(StepAccumulator o) {
    if (o.vector == null) {
      return this;
    }
    if (vector == null) {
      vector = WeightedParameterSum.zeros(o.vector.dimension());
      stateNames = o.stateNames.clone();
      states = new WeightedParameterSum[o.states.length];
      for (int i = 0; i < states.length; i++) {
        states[i] = WeightedParameterSum.zeros(o.states[i].dimension());
      }
    }
    vector.merge(o.vector);
    for (int i = 0; i < states.length; i++) {
      states[i].merge(o.states[i]);
    }
    step = Math.max(step, o.step);
    lossSum.merge(o.lossSum);
    examples += o.examples;
    correct += o.correct;
    contributions += o.contributions;
    contributionBytes += o.contributionBytes;
    kept.putAll(o.kept);
    return this;
  }

  public float[] meanVector() {
    return vector.mean();
  }

  public String[] stateNames() {
    return stateNames.clone();
  }

  public float[][] meanStates() {
    float[][] out = new float[states.length][];
    for (int i = 0; i < states.length; i++) {
      out[i] = states[i].mean();
    }
    return out;
  }

  public long step() {
    return step;
  }

  public double lossSum() {
    return lossSum.total();
  }

  public long examples() {
    return examples;
  }

  public long correct() {
    return correct;
  }
}
