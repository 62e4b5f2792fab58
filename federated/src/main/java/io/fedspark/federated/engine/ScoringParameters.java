package io.fedspark.federated.engine;

import io.fedspark.federated.curriculum.ScoringModel;
import java.io.Serializable;
import java.util.Map;

/**
 * The parameter vectors a data curriculum scores with, besides the global model (which every
 * client receives anyway): the expert model (trained centrally before the run) and the cohort
 * clients' last local models. A client that has not trained yet scores its LOCAL term with the
 * global model.
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
   * LOCAL_PLUS_GLOBAL is the sum of the two losses).
   */
  public float[][] forClient(ScoringModel model, int clientId, float[] global) {
    float[] mine = local.getOrDefault(clientId, global);
    return switch (model) {
      case GLOBAL -> new float[][] {global};
      case LOCAL -> new float[][] {mine};
      case LOCAL_PLUS_GLOBAL -> new float[][] {mine, global};
      case EXPERT -> {
        if (expert == null) {
          throw new IllegalStateException("scoring model EXPERT but no expert parameters were trained");
        }
        yield new float[][] {expert};
      }
    };
  }
}
