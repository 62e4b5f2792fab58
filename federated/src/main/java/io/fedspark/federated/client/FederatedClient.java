package io.fedspark.federated.client;

import io.fedspark.math.random.Permutations;
import io.fedspark.federated.curriculum.CurriculumOptions;
import io.fedspark.federated.curriculum.ExampleScorer;
import io.fedspark.federated.curriculum.LocalStepBudget;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.EvalResult;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.random.SeedSequence;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A federated client: trains the global model on its own data for one round and evaluates models
 * on its data. Clients only train and evaluate; who participates and how updates are combined is
 * decided elsewhere.
 *
 * <p><b>Without a data curriculum</b> ({@code curriculum == null}): plain FedAvg local training
 * (McMahan et al., "Communication-Efficient Learning of Deep Networks from Decentralized Data",
 * AISTATS 2017): {@code localEpochs} passes over the data, each in a fresh seeded order, of
 * minibatch SGD ({@link LocalTrainer}); {@code E * ceil(N / batch)} steps.
 *
 * <p><b>With a data curriculum</b>: ClientTrain of Vahidian et al., "When Do Curricula Work in
 * Federated Learning?" (ICCV 2023), verbatim:
 * <pre>
 *   order  = local example indices sorted by score (re-scored every round)
 *   T      = (N_k // batch + 1) * localEpochs
 *   SGD(momentum, weight decay), lr_t = lr0 * (1 + a t)^(-b)     (reference a = 0.001, b = 0.75)
 *   subset = order[: max(g(0), minSubsetSize)]                   (reference minimum 32)
 *   while step &lt; T:
 *       one shuffled pass over subset, step += 1 per minibatch
 *       subset = order[: max(g(step), minSubsetSize)]
 * </pre>
 * With {@link LocalStepBudget#COMPLETE_PASSES} (the reference) passes are completed, so the last
 * may overrun T; with {@link LocalStepBudget#EXACT} training stops at T steps, the same number for
 * every ordering. The VANILLA data ordering runs the same loop on the full data: the paper's
 * vanilla baseline, with the curricula's step budget. In both regimes the learning-rate schedule
 * and momentum restart every round, and FedProx (Li et al., MLSys 2020) adds
 * {@code mu (w - w_global)} to every gradient.
 *
 * <p><b>Randomness</b>: everything is drawn from {@code clientRoundSeed} (the engine derives it
 * from (root seed, round, client)): pass {@code p} visits its subset in the order of a shuffle,
 * with {@code clientRoundSeed.derive("local-shuffle", p)}, of the subset's indices sorted
 * ascending; the RANDOM/VANILLA example order is drawn with
 * {@code clientRoundSeed.derive("data-order")}. Sorting before the shuffle makes a pass depend on
 * which examples the ordering put in the subset, not on their rank: the reference's
 * {@code DataLoader(shuffle=True)} over {@code order[:g]} gives the same distribution of passes,
 * and here orderings that select the same subset also share the same minibatches (common random
 * numbers). So with {@code b = 1} (every subset is the full data) CURRICULUM, ANTI_CURRICULUM,
 * RANDOM and VANILLA train bit-identical models. The update is a pure function of the inputs:
 * bit-identical on re-run with the same math backend.
 *
 * <p><b>Local score</b>: when the client scheduler scores clients under their own local models
 * ({@link CurriculumOptions#clientScoresUseLocalModels()}), the client also reports the mean score
 * of its data under the model it just trained ({@link ClientUpdate#localScore()}), the L term the
 * reference adds to the global term of the client's score.
 *
 * <p><b>Failures are data</b>: an exception during training (bad labels, a feature-count mismatch,
 * a diverged loss) returns {@link ClientUpdate#failed} with a message instead of propagating.
 * Only a broken call (a null argument, global parameters of the wrong length, scores required but
 * not supplied) throws, since that is the engine's bug, not the client's.
 */
public final class FederatedClient {
  private static final Logger LOG = LoggerFactory.getLogger(FederatedClient.class);

  private FederatedClient() {}

  /**
   * Trains on {@code shard} from {@code globalParams} for one round.
   *
   * @param shard the client's data
   * @param spec the model architecture
   * @param globalParams the global parameters (not modified)
   * @param opts local training settings
   * @param curriculum the data curriculum, or null for plain local training
   * @param scoringParams the scoring model's parameter vectors, whose per-example scores are summed
   *     (see {@link io.fedspark.federated.curriculum.ScoringModel}); required when the data
   *     ordering uses scores, optional otherwise (then only reported as the mean score), null for
   *     no scoring; ignored without a curriculum
   * @param clientRoundSeed this client's seed for this round
   * @return the update, or a failed update saying why
   * @throws NullPointerException if shard, spec, globalParams, opts or clientRoundSeed is null
   * @throws IllegalArgumentException if globalParams does not fit spec, or the data ordering needs
   *     scores and scoringParams is null or empty
   */
  public static ClientUpdate train(ClientShard shard, ModelSpec spec, float[] globalParams, LocalTrainingOptions opts,
      CurriculumOptions curriculum, float[][] scoringParams, SeedSequence clientRoundSeed) {
    Objects.requireNonNull(shard, "shard");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(globalParams, "globalParams");
    Objects.requireNonNull(opts, "opts");
    Objects.requireNonNull(clientRoundSeed, "clientRoundSeed");
    int clientId = shard.clientId();
    if (globalParams.length != spec.parameterCount()) {
      throw new IllegalArgumentException("client " + clientId + ": the global parameters have " + globalParams.length
          + " floats but model " + spec + " has " + spec.parameterCount() + " parameters");
    }
    boolean scored = scoringParams != null && scoringParams.length > 0;
    if (curriculum != null && curriculum.needsDataScores() && !scored) {
      throw new IllegalArgumentException("client " + clientId + ": the data ordering "
          + curriculum.dataOrdering().configName() + " needs per-example scores but no scoring parameters were"
          + " given (scoring model " + curriculum.scoringModel().configName() + ")");
    }
    try {
      if (shard.size() == 0) {
        return ClientUpdate.failed(clientId, "client " + clientId + " has no training examples");
      }
      ClientUpdate update = curriculum == null
          ? trainPlain(shard, spec, globalParams, opts, clientRoundSeed)
          : trainCurriculum(shard, spec, globalParams, opts, curriculum, scored ? scoringParams : null,
              clientRoundSeed);
      LOG.debug("client {}: {} steps, train loss {}, paced size {} of {}, mean score {}", clientId, update.steps(),
          update.trainLoss(), update.pacedSize(), shard.size(), update.meanScore());
      return update;
    } catch (RuntimeException e) {
      String message = e.getMessage() != null && e.getMessage().startsWith("client " + clientId + ":")
          ? e.getMessage()
          : "client " + clientId + ": local training failed: " + e;
      LOG.debug("{}", message);
      return ClientUpdate.failed(clientId, message);
    }
  }

  /** {@code localEpochs} shuffled passes over all examples. */
  private static ClientUpdate trainPlain(ClientShard shard, ModelSpec spec, float[] globalParams,
      LocalTrainingOptions opts, SeedSequence seed) {
    int n = shard.size();
    LocalTrainer trainer = new LocalTrainer(shard, spec, globalParams, opts);
    long totalSteps = (long) opts.localEpochs() * ((n + opts.batchSize() - 1) / opts.batchSize());
    for (int epoch = 0; epoch < opts.localEpochs(); epoch++) {
      int[] order = identity(n);
      Permutations.shuffle(order, seed.derive("local-shuffle", epoch).random());
      trainer.pass(order, n, totalSteps, Long.MAX_VALUE);
    }
    return finish(shard, trainer, Double.NaN, Double.NaN, n);
  }

  /** ClientTrain of Vahidian et al. (see the type's comment). */
  private static ClientUpdate trainCurriculum(ClientShard shard, ModelSpec spec, float[] globalParams,
      LocalTrainingOptions opts, CurriculumOptions curriculum, float[][] scoringParams, SeedSequence seed) {
    int n = shard.size();
    float[] scores = scoringParams == null
        ? null
        : new ExampleScorer(spec, curriculum.scoreKind()).score(shard, scoringParams);
    double meanScore = scores == null ? Double.NaN : ExampleScorer.mean(scores);
    int[] order = curriculum.dataOrdering().order(scores == null ? new float[n] : scores,
        seed.derive("data-order").random());
    long totalSteps = (long) (n / opts.batchSize() + 1) * opts.localEpochs();
    long stopAt = curriculum.localSteps() == LocalStepBudget.EXACT ? totalSteps : Long.MAX_VALUE;
    LocalTrainer trainer = new LocalTrainer(shard, spec, globalParams, opts);
    int size = curriculum.dataSubsetSize(0, totalSteps, n);
    int firstSize = size;
    for (int pass = 0; trainer.steps() < totalSteps; pass++) {
      int[] subset = Arrays.copyOf(order, size);
      Arrays.sort(subset);
      Permutations.shuffle(subset, seed.derive("local-shuffle", pass).random());
      trainer.pass(subset, size, totalSteps, stopAt);
      size = curriculum.dataSubsetSize(trainer.steps(), totalSteps, n);
    }
    double localScore = curriculum.clientScoresUseLocalModels()
        ? new ExampleScorer(spec, curriculum.scoreKind()).meanScore(shard, trainer.parameters())
        : Double.NaN;
    return finish(shard, trainer, meanScore, localScore, firstSize);
  }

  private static ClientUpdate finish(ClientShard shard, LocalTrainer trainer, double meanScore, double localScore,
      int pacedSize) {
    trainer.checkFinite();
    return new ClientUpdate(shard.clientId(), trainer.parameters(), shard.size(), trainer.meanLoss(),
        Math.toIntExact(trainer.steps()), meanScore, localScore, pacedSize, null);
  }

  /**
   * Mean cross-entropy and accuracy of {@code params} on the shard's examples.
   *
   * @throws IllegalArgumentException if the shard is empty or does not fit the model
   */
  public static EvalResult evaluate(ClientShard shard, ModelSpec spec, float[] params) {
    Objects.requireNonNull(shard, "shard");
    Model model = Model.fromParameters(Objects.requireNonNull(spec, "spec"), Objects.requireNonNull(params, "params"));
    FloatMatrix x = FloatMatrix.wrap(shard.features(), 0, shard.size(), shard.featureCount());
    return model.evaluate(x, shard.labels());
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }
}
