package io.fedspark.federated.unlearning;

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

  /** Every method's default options (Retrain: {@link TrainingOptions#original()}). */
  public static UnlearningMethodSettings defaults() {
    return new UnlearningMethodSettings(new Retrain().options(), new FineTune().options(),
        new GradientAscent().options(), new RandomLabels().options(), new L1SparseOptions(), new InfluenceOptions(),
        LastLayersOptions.exactDefaults(), LastLayersOptions.fineTuneDefaults(), new ScrubOptions(),
        new SalUnOptions());
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
