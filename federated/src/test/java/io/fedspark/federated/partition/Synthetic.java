package io.fedspark.federated.partition;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.random.SeedSequence;
import java.util.SplittableRandom;

/** Small synthetic label sets for the partition tests. */
final class Synthetic {
  private Synthetic() {}

  /** {@code perClass} examples of each of {@code numClasses} classes, interleaved (label i % C). */
  static LabeledDataset balanced(int numClasses, int perClass) {
    int n = numClasses * perClass;
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % numClasses;
    }
    return dataset(labels, numClasses);
  }

  /** Labels drawn from the given class weights with a fixed seed. */
  static LabeledDataset drawn(int n, double[] classWeights, long seed) {
    SplittableRandom rng = SeedSequence.root(seed).derive("synthetic-labels").random();
    double total = 0;
    for (double w : classWeights) {
      total += w;
    }
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      double u = rng.nextDouble() * total;
      int c = 0;
      while (c < classWeights.length - 1 && u >= classWeights[c]) {
        u -= classWeights[c];
        c++;
      }
      labels[i] = c;
    }
    return dataset(labels, classWeights.length);
  }

  /** A dataset with one zero feature per example and the given labels. */
  static LabeledDataset dataset(int[] labels, int numClasses) {
    return LabeledDataset.of("synthetic", new int[] {1}, new float[labels.length], labels,
        numClasses);
  }
}
