package io.fedspark.federated.distillation;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.random.SeedSequence;
import java.util.Objects;

/**
 * A downstream classification task for the transfer evaluation: labelled training examples (often
 * few) and a test set.
 *
 * @param name for reports, e.g. {@code "mnist-1%"} or {@code "fashion-mnist-10%"}
 * @param train the labelled examples the head (or the whole network) is trained on
 * @param test where accuracy is measured
 */
public record TargetTask(String name, LabeledDataset train, LabeledDataset test) {
  public TargetTask {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    if (train.featureCount() != test.featureCount() || train.numClasses() != test.numClasses()) {
      throw new IllegalArgumentException("target task " + name + ": train " + train + " and test " + test
          + " differ in features or classes");
    }
  }

  /**
   * A few-label task: a class-balanced fraction of {@code train} (at least one example per class)
   * drawn from {@code root(seed).derive("few-labels")}, and all of {@code test}.
   *
   * @param fraction in (0, 1]
   */
  public static TargetTask fewLabels(String name, LabeledDataset train, double fraction, LabeledDataset test,
      long seed) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("target task " + name + ": fraction is " + fraction + ", expected (0, 1]");
    }
    int k = Math.min(train.size(), Math.max(train.numClasses(), (int) Math.round(fraction * train.size())));
    int[] idx = ExampleSelection.classBalanced(train.labels(), train.numClasses(), k,
        SeedSequence.root(seed).derive("few-labels").random());
    return new TargetTask(name, train.subset(idx, train.name() + "[" + k + " labels]"), test);
  }
}
