package io.fedspark.federated.engine;

import io.fedspark.federated.curriculum.ScoringModel;
import java.io.Serializable;
import java.util.Map;

/**
 * The parameter vectors a data curriculum scores with, besides the global model (which every
 * client receives anyway): the expert model (trained centrally before the run) and the cohort
 * clients' last local models. A client that has not trained yet has no local model: under LOCAL it
 * scores with the global model, under LOCAL_PLUS_GLOBAL with the global term alone (as the
 * reference's {@code scoring_func}, which adds the local loss only once the client has one).
 *
 * @param expert expert parameters, or null
 * @param local last local parameters of (some of) the cohort's clients, by client id
 */
public record ScoringParameters(float[] expert, Map<Integer, float[]> local) implements Serializable {
  /** No curriculum scoring beyond the global model. */
  public static final ScoringParameters NONE = new ScoringParameters(null, Map.of());

  public ScoringParameters {
    local = Map.copyOf(local);
  }

  /**
   * The parameter vectors whose scores are summed for {@code model} (Vahidian et al. 2023:
   * LOCAL_PLUS_GLOBAL is the sum of the two losses, the global one alone before the client has
   * trained).
   */
  public float[][] forClient(ScoringModel model, int clientId, float[] global) {
    float[] mine = local.get(clientId);
    return switch (model) {
      case GLOBAL -> new float[][] {global};
      case LOCAL -> new float[][] {mine == null ? global : mine};
      case LOCAL_PLUS_GLOBAL -> mine == null ? new float[][] {global} : new float[][] {mine, global};
      case EXPERT -> {
        if (expert == null) {
          throw new IllegalStateException("scoring model EXPERT but no expert parameters were trained");
        }
        yield new float[][] {expert};
      }
    };
  }
}
