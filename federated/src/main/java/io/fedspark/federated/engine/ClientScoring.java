package io.fedspark.federated.engine;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.curriculum.ScoreKind;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.BatchResult;
import io.fedspark.math.nn.Model;

/**
 * The client-level curriculum score c_k: the mean, over a client's examples, of the per-example
 * loss (or 0/1 misclassification) under a scoring model (Vahidian et al., ICCV 2023, client
 * scheduler). Computed with one forward pass; the model's own chunking bounds memory.
 */
public final class ClientScoring {
  private ClientScoring() {}

  /** Mean score of the shard's examples under {@code model}. */
  public static float meanScore(Model model, ClientShard shard, ScoreKind kind) {
    FloatMatrix x = FloatMatrix.wrap(shard.features(), 0, shard.size(), shard.featureCount());
    BatchResult r = model.loss(x, shard.labels(), null);
    if (kind == ScoreKind.PREDICTION) {
      return 1f - (float) r.correct() / shard.size();
    }
    return (float) r.loss();
  }
}
