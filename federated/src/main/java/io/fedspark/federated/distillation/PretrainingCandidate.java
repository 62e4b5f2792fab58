package io.fedspark.federated.distillation;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.random.SeedSequence;
import java.util.Objects;
import java.util.Optional;

/**
 * What a network is pretrained on before the transfer evaluation of KRR-ST (Lee et al., ICLR
 * 2024): the distilled set, or one of the paper's baselines at the same size m, or the full-data
 * control (every source example, an upper reference for any set of m examples). Each repeat of the
 * evaluation asks for the set of its seed; the random baselines draw a new set per repeat.
 */
public sealed interface PretrainingCandidate {

  /** The name used in reports. */
  String name();

  /** The set to pretrain on for the repeat seeded by {@code seed}, or empty for no pretraining. */
  Optional<PretrainingSet> pretrainingSet(long seed);

  /**
   * Passes over the set when pretraining on it: {@link EvaluationOptions#pretrainEpochs()}, or
   * {@link EvaluationOptions#fullDataEpochs()} for the full-data control.
   */
  default int pretrainEpochs(EvaluationOptions options) {
    return options.pretrainEpochs();
  }

  /** The distilled {@code (X_s, Y_s)}; the same set for every repeat. */
  static PretrainingCandidate distilled(DistilledSet set) {
    return new Distilled(Objects.requireNonNull(set, "set"));
  }

  /**
   * m real examples drawn uniformly without replacement (from {@code root(seed).derive("random-subset")}),
   * with {@code phi} of them as targets.
   */
  static PretrainingCandidate randomSubset(LabeledDataset source, int m, TargetEncoder phi) {
    return new RandomSubset(source, m, phi);
  }

  /** The m centroids of k-means++/Lloyd on the real inputs, with {@code phi} of them as targets. */
  static PretrainingCandidate kMeansCentroids(LabeledDataset source, int m, TargetEncoder phi, int iterations) {
    return new KMeansCentroids(source, m, phi, iterations);
  }

  /** A randomly initialised network, not pretrained: the "from scratch" baseline. */
  static PretrainingCandidate noPretraining() {
    return new NoPretraining();
  }

  /**
   * Every source example with {@code phi} of it as its target: pretraining by the same regression
   * on all the data the distilled set summarises, the upper reference of the distillation (a
   * control of this project, not a row of the paper).
   */
  static PretrainingCandidate fullData(LabeledDataset source, TargetEncoder phi) {
    return new FullData(source, phi);
  }

  /** See {@link #distilled}. */
  record Distilled(DistilledSet set) implements PretrainingCandidate {
    @Override
    public String name() {
      return "krr-st";
    }

    @Override
    public Optional<PretrainingSet> pretrainingSet(long seed) {
      return Optional.of(new PretrainingSet(name(), set.inputMatrix(), set.targetMatrix()));
    }
  }

  /** See {@link #randomSubset}. */
  record RandomSubset(LabeledDataset source, int m, TargetEncoder phi) implements PretrainingCandidate {
    public RandomSubset {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(phi, "phi");
      if (m < 1 || m > source.size()) {
        throw new IllegalArgumentException("random subset: m is " + m + " for " + source.name() + " of "
            + source.size() + " examples");
      }
    }

    @Override
    public String name() {
      return "random-subset";
    }

    @Override
    public Optional<PretrainingSet> pretrainingSet(long seed) {
      int[] idx = ExampleSelection.withoutReplacement(source.size(), m,
          SeedSequence.root(seed).derive("random-subset").random());
      FloatMatrix x = ExampleSelection.gather(source.features(), source.featureCount(), idx, 0, m);
      return Optional.of(new PretrainingSet(name(), x, phi.encode(x)));
    }
  }

  /** See {@link #kMeansCentroids}. */
  record KMeansCentroids(LabeledDataset source, int m, TargetEncoder phi, int iterations)
      implements PretrainingCandidate {
    public KMeansCentroids {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(phi, "phi");
      if (m < 1 || m > source.size() || iterations < 0) {
        throw new IllegalArgumentException("k-means centroids: m is " + m + " and iterations " + iterations + " for "
            + source.name() + " of " + source.size() + " examples; expected 1 <= m <= size, iterations >= 0");
      }
    }

    @Override
    public String name() {
      return "kmeans-centroids";
    }

    @Override
    public Optional<PretrainingSet> pretrainingSet(long seed) {
      FloatMatrix x = source.featureMatrix();
      FloatMatrix c = KMeans.fit(x, m, iterations, SeedSequence.root(seed).derive("kmeans").seed()).centroids();
      return Optional.of(new PretrainingSet(name(), c, phi.encode(c)));
    }
  }

  /** See {@link #noPretraining}. */
  record NoPretraining() implements PretrainingCandidate {
    @Override
    public String name() {
      return "no-pretraining";
    }

    @Override
    public Optional<PretrainingSet> pretrainingSet(long seed) {
      return Optional.empty();
    }
  }

  /** See {@link #fullData}. */
  record FullData(LabeledDataset source, TargetEncoder phi) implements PretrainingCandidate {
    public FullData {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(phi, "phi");
    }

    @Override
    public String name() {
      return "full-data";
    }

    @Override
    public Optional<PretrainingSet> pretrainingSet(long seed) {
      FloatMatrix x = source.featureMatrix();
      return Optional.of(new PretrainingSet(name(), x, phi.encode(x)));
    }

    @Override
    public int pretrainEpochs(EvaluationOptions options) {
      return options.fullDataEpochs();
    }
  }
}
