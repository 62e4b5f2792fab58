package io.fedspark.federated.strategy;

/**
 * Settings of the server strategy (configuration keys {@code federate.strategy.*}); validates itself
 * and builds the strategy ({@link #create()}). Every field is range-checked whatever the kind, and a
 * field the kind does not use is ignored (beta2 by fedadagrad, tau by fedavgm, ...).
 *
 * <p>Defaults depend on the kind, as in Flower, so use {@link #defaults(StrategyKind)} and override
 * what the configuration sets; the no-argument constructor is {@code defaults(FEDAVG)}.
 *
 * <table>
 *   <caption>Defaults by kind (other fields keep the fedavg defaults: mu 0.01, eta 1.0, beta 0.9, beta1 0.9, beta2 0.99, tau 1e-3, trim 0.1)</caption>
 *   <tr><th>kind</th><th>defaults</th><th>source</th></tr>
 *   <tr><td>fedprox</td><td>mu = 0.01</td><td>Flower has none (required); a value from Li et al.'s grid {0.001, 0.01, 0.1, 1}</td></tr>
 *   <tr><td>fedavgm</td><td>eta_s = 1.0, beta = 0.9</td><td>Flower's eta_s; beta as in Hsu et al. (Flower's 0 would be FedAvg)</td></tr>
 *   <tr><td>fedadam</td><td>eta = 0.1, beta1 = 0.9, beta2 = 0.99, tau = 1e-3</td><td>Flower FedAdam</td></tr>
 *   <tr><td>fedyogi</td><td>eta = 0.01, beta1 = 0.9, beta2 = 0.99, tau = 1e-3</td><td>Flower FedYogi</td></tr>
 *   <tr><td>fedadagrad</td><td>eta = 0.1, beta1 = 0, tau = 1e-3</td><td>Flower FedAdagrad</td></tr>
 *   <tr><td>trimmed-mean</td><td>beta = 0.1 per side</td><td>fedspark</td></tr>
 * </table>
 *
 * @param kind which strategy
 * @param mu FedProx proximal coefficient, finite and >= 0 ({@value #MU_KEY})
 * @param serverLearningRate server step size: eta_s of fedavgm, eta of fedadam / fedyogi /
 *     fedadagrad; finite and > 0 ({@value #SERVER_LEARNING_RATE_KEY})
 * @param serverMomentum fedavgm's beta, in [0, 1) ({@value #SERVER_MOMENTUM_KEY})
 * @param beta1 FedOpt first-moment decay, in [0, 1) ({@value #BETA1_KEY})
 * @param beta2 FedOpt second-moment decay, in [0, 1) ({@value #BETA2_KEY})
 * @param tau FedOpt adaptivity, finite and > 0 ({@value #TAU_KEY})
 * @param trimFraction trimmed-mean fraction dropped per side, in [0, 0.5) ({@value #TRIM_FRACTION_KEY})
 */
public record StrategyOptions(
    StrategyKind kind,
    double mu,
    double serverLearningRate,
    double serverMomentum,
    double beta1,
    double beta2,
    double tau,
    double trimFraction) {

  public static final String KIND_KEY = "federate.strategy.kind";
  public static final String MU_KEY = "federate.strategy.mu";
  public static final String SERVER_LEARNING_RATE_KEY = "federate.strategy.server-learning-rate";
  public static final String SERVER_MOMENTUM_KEY = "federate.strategy.server-momentum";
  public static final String BETA1_KEY = "federate.strategy.beta1";
  public static final String BETA2_KEY = "federate.strategy.beta2";
  public static final String TAU_KEY = "federate.strategy.tau";
  public static final String TRIM_FRACTION_KEY = "federate.strategy.trim-fraction";

  /** Default FedProx mu. */
  public static final double DEFAULT_MU = 0.01;

  public StrategyOptions {
    if (kind == null) {
      throw new IllegalArgumentException(KIND_KEY + " = null: expected one of " + StrategyKind.configNames());
    }
    check(mu >= 0 && Double.isFinite(mu), MU_KEY, mu, "a finite number >= 0");
    check(serverLearningRate > 0 && Double.isFinite(serverLearningRate),
        SERVER_LEARNING_RATE_KEY, serverLearningRate, "a finite number > 0");
    check(serverMomentum >= 0 && serverMomentum < 1, SERVER_MOMENTUM_KEY, serverMomentum, "a number in [0, 1)");
    check(beta1 >= 0 && beta1 < 1, BETA1_KEY, beta1, "a number in [0, 1)");
    check(beta2 >= 0 && beta2 < 1, BETA2_KEY, beta2, "a number in [0, 1)");
    check(tau > 0 && Double.isFinite(tau), TAU_KEY, tau, "a finite number > 0");
    check(trimFraction >= 0 && trimFraction < 0.5, TRIM_FRACTION_KEY, trimFraction, "a number in [0, 0.5)");
  }

  /** FedAvg ({@code defaults(StrategyKind.FEDAVG)}). */
  public StrategyOptions() {
    this(StrategyKind.FEDAVG, DEFAULT_MU, FedAvgM.DEFAULT_SERVER_LEARNING_RATE, FedAvgM.DEFAULT_SERVER_MOMENTUM,
        FedAdam.DEFAULT_BETA1, FedAdam.DEFAULT_BETA2, FedAdam.DEFAULT_TAU, TrimmedMean.DEFAULT_TRIM_FRACTION);
  }

  /** The defaults of a kind (see the table above). */
  public static StrategyOptions defaults(StrategyKind kind) {
    StrategyOptions base = new StrategyOptions().withKind(kind);
    return switch (kind) {
      case FEDAVG, FEDPROX, FEDAVGM, MEDIAN, TRIMMED_MEAN -> base;
      case FEDADAM -> base.withServerLearningRate(FedAdam.DEFAULT_ETA)
          .withBetas(FedAdam.DEFAULT_BETA1, FedAdam.DEFAULT_BETA2).withTau(FedAdam.DEFAULT_TAU);
      case FEDYOGI -> base.withServerLearningRate(FedYogi.DEFAULT_ETA)
          .withBetas(FedYogi.DEFAULT_BETA1, FedYogi.DEFAULT_BETA2).withTau(FedYogi.DEFAULT_TAU);
      case FEDADAGRAD -> base.withServerLearningRate(FedAdagrad.DEFAULT_ETA)
          .withBetas(FedAdagrad.DEFAULT_BETA1, base.beta2()).withTau(FedAdagrad.DEFAULT_TAU);
    };
  }

  /** A new strategy instance (with fresh server state) of this kind and settings. */
  public Strategy create() {
    return switch (kind) {
      case FEDAVG -> new FedAvg();
      case FEDPROX -> new FedProx(mu);
      case FEDAVGM -> new FedAvgM(serverLearningRate, serverMomentum);
      case FEDADAM -> new FedAdam(serverLearningRate, beta1, beta2, tau);
      case FEDYOGI -> new FedYogi(serverLearningRate, beta1, beta2, tau);
      case FEDADAGRAD -> new FedAdagrad(serverLearningRate, beta1, tau);
      case MEDIAN -> new CoordinateMedian();
      case TRIMMED_MEAN -> new TrimmedMean(trimFraction);
    };
  }

  public StrategyOptions withKind(StrategyKind value) {
    return new StrategyOptions(value, mu, serverLearningRate, serverMomentum, beta1, beta2, tau, trimFraction);
  }

  public StrategyOptions withMu(double value) {
    return new StrategyOptions(kind, value, serverLearningRate, serverMomentum, beta1, beta2, tau, trimFraction);
  }

  public StrategyOptions withServerLearningRate(double value) {
    return new StrategyOptions(kind, mu, value, serverMomentum, beta1, beta2, tau, trimFraction);
  }

  public StrategyOptions withServerMomentum(double value) {
    return new StrategyOptions(kind, mu, serverLearningRate, value, beta1, beta2, tau, trimFraction);
  }

  public StrategyOptions withBetas(double b1, double b2) {
    return new StrategyOptions(kind, mu, serverLearningRate, serverMomentum, b1, b2, tau, trimFraction);
  }

  public StrategyOptions withTau(double value) {
    return new StrategyOptions(kind, mu, serverLearningRate, serverMomentum, beta1, beta2, value, trimFraction);
  }

  public StrategyOptions withTrimFraction(double value) {
    return new StrategyOptions(kind, mu, serverLearningRate, serverMomentum, beta1, beta2, tau, value);
  }

  /** "federate.strategy.trim-fraction = 0.6: expected a number in [0, 0.5)". */
  private static void check(boolean ok, String key, double value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(key + " = " + value + ": expected " + expected);
    }
  }
}
