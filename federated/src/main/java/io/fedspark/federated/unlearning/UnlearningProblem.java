package io.fedspark.federated.unlearning;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.nn.ModelSpec;
import java.util.Objects;

/**
 * One machine-unlearning task: a model trained on {@code retain ∪ forget} (its spec and
 * parameters) must be made to behave as if it had never seen {@code forget}. The test set is only
 * for the metrics (TA, and the non-members of the membership-inference attack); methods never
 * train on it. The arrays are not copied: callers must not modify them.
 *
 * @param spec the architecture
 * @param originalParams the parameters of the model trained on the full training set
 * @param retain the examples to keep, D_r
 * @param forget the examples to forget, D_f
 * @param test held-out examples, or null when no metric needs them
 */
public record UnlearningProblem(
    ModelSpec spec, float[] originalParams, LabeledDataset retain, LabeledDataset forget, LabeledDataset test) {

  public UnlearningProblem {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(originalParams, "originalParams");
    Objects.requireNonNull(retain, "retain");
    Objects.requireNonNull(forget, "forget");
    if (originalParams.length != spec.parameterCount()) {
      throw new IllegalArgumentException("unlearning problem: the original parameters have " + originalParams.length
          + " floats but model " + spec + " has " + spec.parameterCount());
    }
    SgdTrainer.checkData(spec, retain, "unlearning problem (retain set)");
    SgdTrainer.checkData(spec, forget, "unlearning problem (forget set)");
    if (test != null) {
      SgdTrainer.checkData(spec, test, "unlearning problem (test set)");
    }
  }

  /**
   * Splits {@code train} into the forget set (the examples at {@code forgetIndices}, in that order)
   * and the retain set (all others, in index order).
   *
   * @param forgetIndices distinct indices in {@code [0, train.size())}, at least one, not all
   * @throws IllegalArgumentException naming a repeated or out-of-range index
   */
  public static UnlearningProblem split(ModelSpec spec, float[] originalParams, LabeledDataset train,
      int[] forgetIndices, LabeledDataset test) {
    Objects.requireNonNull(train, "train");
    int[] retainIndices = ForgetSets.complement(train.size(), forgetIndices);
    if (retainIndices.length == 0) {
      throw new IllegalArgumentException("unlearning problem: the forget set holds all " + train.size()
          + " examples of " + train.name() + "; nothing would be retained");
    }
    return new UnlearningProblem(spec, originalParams, train.subset(retainIndices, train.name() + "-retain"),
        train.subset(forgetIndices, train.name() + "-forget"), test);
  }

  /** |D_r| + |D_f|, the size of the original training set. */
  public int trainSize() {
    return retain.size() + forget.size();
  }

  /** This problem with the test set required: the metrics call it. */
  LabeledDataset requireTest(String what) {
    if (test == null) {
      throw new IllegalArgumentException(what + " needs the problem's test set, which is null");
    }
    return test;
  }
}
