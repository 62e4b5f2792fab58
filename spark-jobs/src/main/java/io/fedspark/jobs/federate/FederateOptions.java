package io.fedspark.jobs.federate;

import static io.fedspark.jobs.config.InvalidConfigException.wrapping;

import io.fedspark.federated.client.LocalTrainingOptions;
import io.fedspark.federated.curriculum.CurriculumOptions;
import io.fedspark.federated.curriculum.Ordering;
import io.fedspark.federated.curriculum.PacingFunction;
import io.fedspark.federated.curriculum.ScoreKind;
import io.fedspark.federated.curriculum.ScoringModel;
import io.fedspark.federated.data.DatasetId;
import io.fedspark.federated.engine.SimulationOptions;
import io.fedspark.federated.partition.PartitionOptions;
import io.fedspark.federated.partition.PartitionScheme;
import io.fedspark.federated.strategy.StrategyKind;
import io.fedspark.federated.strategy.StrategyOptions;
import io.fedspark.jobs.config.InvalidConfigException;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.math.nn.ModelSpec;
import java.util.function.DoubleFunction;

/**
 * All options of {@code fedspark federate} (keys under {@code federate.}), loaded from a validated
 * configuration into the records of the federated module.
 *
 * @param curriculum null when {@code federate.curriculum.enabled = false}
 */
public record FederateOptions(
    DatasetId dataset,
    ModelSpec model,
    int clientsPerRound,
    SimulationOptions simulation,
    Backend backend,
    int sparkPartitions,
    int inProcessThreads,
    double testFaultFraction,
    PartitionOptions partition,
    LocalTrainingOptions client,
    StrategyOptions strategy,
    CurriculumOptions curriculum,
    ExpertOptions expert) {

  /** Where clients run. */
  public enum Backend {
    SPARK,
    IN_PROCESS
  }

  /** Central training of the EXPERT scoring model. */
  public record ExpertOptions(int epochs, int batchSize, float learningRate) implements java.io.Serializable {}

  public FederateOptions {
    if (clientsPerRound > partition.numClients()) {
      throw InvalidConfigException.of("federate.clients-per-round", clientsPerRound,
          "at most federate.partition.clients = " + partition.numClients(), null);
    }
  }

  public static FederateOptions from(JobConfig c) {
    ModelSpec spec;
    try {
      spec = ModelSpec.parse(c.string("federate.model"));
    } catch (IllegalArgumentException e) {
      throw c.invalid("federate.model", "a model spec such as mlp:784-200-10 or lenet5 (" + e.getMessage() + ")");
    }
    SimulationOptions sim = wrapping(() -> new SimulationOptions(
        c.integer("federate.rounds", 1, 1_000_000),
        c.integer("federate.eval-every", 1, 1_000_000),
        c.number("federate.failure.max-fraction", 0, 1),
        c.integer("federate.checkpoint.every", 1, 1_000_000)));
    PartitionOptions part = wrapping(() -> new PartitionOptions(
        c.choice("federate.partition.scheme", PartitionScheme.class),
        c.integer("federate.partition.clients", 1, 10_000_000),
        c.number("federate.partition.beta", Double.MIN_VALUE, 1e9),
        c.integer("federate.partition.labels-per-client", 1, 1_000_000),
        c.integer("federate.partition.min-examples", 0, 1_000_000),
        c.integer("federate.partition.max-redraws", 1, 1_000_000),
        c.number("federate.partition.quantity-beta", Double.MIN_VALUE, 1e9)));
    StrategyOptions strat = strategy(c);
    LocalTrainingOptions client = wrapping(() -> new LocalTrainingOptions(
        c.integer("federate.client.local-epochs", 1, 100_000),
        c.integer("federate.client.batch-size", 1, 1 << 20),
        (float) c.number("federate.client.learning-rate", Double.MIN_VALUE, 100),
        (float) c.number("federate.client.momentum", 0, 0.999999),
        (float) c.number("federate.client.weight-decay", 0, 10),
        c.choice("federate.client.lr-schedule", LocalTrainingOptions.LearningRateDecay.class),
        c.number("federate.client.lr-decay-a", 0, 1e6),
        c.number("federate.client.lr-decay-b", 0, 1e6),
        (float) strat.mu() * (strat.kind() == StrategyKind.FEDPROX ? 1 : 0)));
    CurriculumOptions cur = null;
    if (c.bool("federate.curriculum.enabled")) {
      cur = wrapping(() -> new CurriculumOptions(
          c.choice("federate.curriculum.data-ordering", Ordering.class),
          c.choice("federate.curriculum.scoring-model", ScoringModel.class),
          c.choice("federate.curriculum.score-kind", ScoreKind.class),
          c.choice("federate.curriculum.data-pacing", PacingFunction.class),
          c.number("federate.curriculum.data-pacing-a", 0, 1e6),
          c.number("federate.curriculum.data-pacing-b", 0, 1),
          c.integer("federate.curriculum.min-subset-size", 1, 1 << 30),
          c.choice("federate.curriculum.client-ordering", Ordering.class),
          c.choice("federate.curriculum.client-pacing", PacingFunction.class),
          c.number("federate.curriculum.client-pacing-a", 0, 1e6),
          c.number("federate.curriculum.client-pacing-b", 0, 1)));
    }
    ExpertOptions expert = new ExpertOptions(
        c.integer("federate.curriculum.expert.epochs", 1, 10_000),
        c.integer("federate.curriculum.expert.batch-size", 1, 1 << 20),
        (float) c.number("federate.curriculum.expert.learning-rate", Double.MIN_VALUE, 100));
    return new FederateOptions(
        c.choice("federate.dataset", DatasetId.class),
        spec,
        c.integer("federate.clients-per-round", 1, 10_000_000),
        sim,
        c.choice("federate.backend", Backend.class),
        c.integer("federate.spark-partitions", 1, 1_000_000),
        c.integer("federate.in-process-threads", 1, 1024),
        c.number("federate.test-fault-fraction", 0, 0.99),
        part,
        client,
        strat,
        cur,
        expert);
  }

  private static StrategyOptions strategy(JobConfig c) {
    StrategyKind kind = c.choice("federate.strategy.kind", StrategyKind.class);
    StrategyOptions s = StrategyOptions.defaults(kind);
    s = maybe(c, "federate.strategy.mu", s, s::withMu);
    s = maybe(c, "federate.strategy.server-learning-rate", s, s::withServerLearningRate);
    s = maybe(c, "federate.strategy.server-momentum", s, s::withServerMomentum);
    StrategyOptions cur = s;
    s = maybe(c, "federate.strategy.beta1", s, v -> cur.withBetas(v, cur.beta2()));
    StrategyOptions cur2 = s;
    s = maybe(c, "federate.strategy.beta2", s, v -> cur2.withBetas(cur2.beta1(), v));
    s = maybe(c, "federate.strategy.tau", s, s::withTau);
    s = maybe(c, "federate.strategy.trim-fraction", s, s::withTrimFraction);
    return s;
  }

  private static StrategyOptions maybe(JobConfig c, String key, StrategyOptions current, DoubleFunction<StrategyOptions> with) {
    String raw = c.string(key);
    if (raw.isBlank()) {
      return current;
    }
    double v;
    try {
      v = Double.parseDouble(raw.trim());
    } catch (NumberFormatException e) {
      throw c.invalid(key, "a number, or empty for the strategy's default");
    }
    return wrapping(() -> with.apply(v));
  }
}
