package io.fedspark.federated.unlearning;

import io.fedspark.math.random.Permutations;
import io.fedspark.federated.curriculum.Ordering;
import io.fedspark.federated.data.DataDirectory;
import io.fedspark.federated.data.DatasetFetcher;
import io.fedspark.federated.data.DatasetId;
import io.fedspark.federated.data.DatasetSplit;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.data.LocalDatasetLoader;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.random.SeedSequence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * scikit-learn's 8x8 digits (1,797 examples), fetched once into the data cache and split 80/20
 * into train and test by a fixed seeded shuffle.
 */
final class Digits {
  /** The model of the digits tests. */
  static final ModelSpec SPEC = ModelSpec.parse("mlp:64-32-10");

  private static LabeledDataset all;
  private static float[] original;

  private Digits() {}

  static synchronized LabeledDataset all() {
    if (all == null) {
      try {
        var dir = new DatasetFetcher(DataDirectory.resolve("")).fetch(DatasetId.DIGITS);
        all = new LocalDatasetLoader(dir).load(DatasetId.DIGITS, DatasetSplit.ALL);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return all;
  }

  private static int[] order() {
    int n = all().size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Permutations.shuffle(order, SeedSequence.root(2024).derive("digits-split").random());
    return order;
  }

  /** The first 80% of the shuffled examples (1,437). */
  static LabeledDataset train() {
    int[] o = order();
    return all().subset(Arrays.copyOf(o, o.length * 4 / 5), "digits-train");
  }

  /** The remaining 20% (360). */
  static LabeledDataset test() {
    int[] o = order();
    return all().subset(Arrays.copyOfRange(o, o.length * 4 / 5, o.length), "digits-test");
  }

  /** The original model: {@link TrainingOptions#original()} on {@link #train()}, seed 1 (trained once). */
  static synchronized float[] original() {
    if (original == null) {
      original = SgdTrainer.trainFromScratch(SPEC, train(), TrainingOptions.original(), SeedSequence.root(1));
    }
    return original.clone();
  }

  /** A random 10% forget set of the training set (143 examples) from seed {@code seed}. */
  static UnlearningProblem randomProblem(long seed) {
    LabeledDataset train = train();
    int[] forget = ForgetSets.random(train.size(), train.size() / 10, SeedSequence.root(seed));
    return UnlearningProblem.split(SPEC, original(), train, forget, test());
  }
}
