package io.fedspark.federated.unlearning;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;

import java.io.Serializable;
import java.util.Objects;

/**
 * The options of every unlearning method of {@link UnlearningMethodKind}, one record per method,
 * as configured under {@code unlearn.<method>.*} (Retrain reuses the original model's recipe,
 * {@code unlearn.original.*}, so that it is exact retraining). {@link #defaults()} are the
 * reference settings of Fan et al., "Challenging Forgets" (ECCV 2024) scaled down to small data,
 * the same as each method's no-argument constructor.
 *
 * @param retrain Retrain's recipe (the original model's)
 * @param fineTune FT ({@code unlearn.ft.*})
 * @param gradientAscent GA ({@code unlearn.ga.*})
 * @param randomLabels RL ({@code unlearn.rl.*})
 * @param l1Sparse l1-sparse ({@code unlearn.l1-sparse.*})
 * @param influence IU ({@code unlearn.iu.*})
 * @param exactLastLayers EU-k ({@code unlearn.eu-k.*})
 * @param fineTuneLastLayers CF-k ({@code unlearn.cf-k.*})
 * @param scrub SCRUB ({@code unlearn.scrub.*})
 * @param salun SalUn ({@code unlearn.salun.*})
 */
public record UnlearningMethodSettings(TrainingOptions retrain, TrainingOptions fineTune,
    TrainingOptions gradientAscent, RandomLabelsOptions randomLabels, L1SparseOptions l1Sparse,
    InfluenceOptions influence, LastLayersOptions exactLastLayers, LastLayersOptions fineTuneLastLayers, ScrubOptions scrub,
    SalUnOptions salun)
    implements Serializable {

  public UnlearningMethodSettings {
    Objects.requireNonNull(retrain, "retrain");
    Objects.requireNonNull(fineTune, "fineTune");
    Objects.requireNonNull(gradientAscent, "gradientAscent");
    Objects.requireNonNull(randomLabels, "randomLabels");
    Objects.requireNonNull(l1Sparse, "l1Sparse");
    Objects.requireNonNull(influence, "influence");
    Objects.requireNonNull(exactLastLayers, "exactLastLayers");
    Objects.requireNonNull(fineTuneLastLayers, "fineTuneLastLayers");
    Objects.requireNonNull(scrub, "scrub");
    Objects.requireNonNull(salun, "salun");
  }

  /**
   * {@code unlearn.original.*}: the original model's recipe, also Retrain's (see
   * {@link TrainingOptions#original()}).
   */
  public static final TrainingOptions.Keys ORIGINAL = TrainingOptions.keys(TrainingOptions.original(), true);
  /** {@code unlearn.ft.*}: fine-tune on the retain set, 10 epochs at 0.01. */
  public static final TrainingOptions.Keys FT =
      TrainingOptions.keys(TrainingOptions.constant(UnlearningMethodKind.FT.keyPrefix(), 10, 0.01f), false);
  /** {@code unlearn.ga.*}: gradient ascent on the forget set, 5 epochs at 0.01. */
  public static final TrainingOptions.Keys GA =
      TrainingOptions.keys(TrainingOptions.constant(UnlearningMethodKind.GA.keyPrefix(), 5, 0.01f), false);
  /** {@code unlearn.rl.*}: random labels on the forget set with the retain set, 10 epochs at 0.01. */
  public static final TrainingOptions.Keys RL =
      TrainingOptions.keys(TrainingOptions.constant(UnlearningMethodKind.RL.keyPrefix(), 10, 0.01f), false);

  /** Every method's default options. */
  public static UnlearningMethodSettings defaults() {
    return from(ConfigView.defaults());
  }

  /** Every method's options under {@code unlearn.<method>} (and {@code unlearn.original}) in {@code c}. */
  public static UnlearningMethodSettings from(ConfigView c) {
    return new UnlearningMethodSettings(ORIGINAL.read(c), FT.read(c), GA.read(c), new RandomLabelsOptions(c), new L1SparseOptions(c),
        new InfluenceOptions(c), LastLayersOptions.EXACT.read(c), LastLayersOptions.FINE_TUNE.read(c),
        new ScrubOptions(c), new SalUnOptions(c));
  }

  /** The method of {@code kind} with these options. */
  public UnlearningMethod method(UnlearningMethodKind kind) {
    return switch (kind) {
      case RETRAIN -> new Retrain(retrain);
      case FT -> new FineTune(fineTune);
      case GA -> new GradientAscent(gradientAscent);
      case RL -> new RandomLabels(randomLabels);
      case L1_SPARSE -> new L1SparseFineTune(l1Sparse);
      case IU -> new InfluenceUnlearning(influence);
      case EU_K -> LastLayersUnlearning.exact(exactLastLayers);
      case CF_K -> LastLayersUnlearning.fineTune(fineTuneLastLayers);
      case SCRUB -> new Scrub(scrub);
      case SALUN -> new SalUn(salun);
    };
  }
}
