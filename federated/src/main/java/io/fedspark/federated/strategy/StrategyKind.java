package io.fedspark.federated.strategy;

import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;
import io.fedspark.math.Choice;
import java.util.function.Function;

/**
 * The server strategies fedspark implements: a closed choice, spelled in configuration files by
 * {@link #configName()} (e.g. {@code trimmed-mean}), which is also the strategy's
 * {@link Strategy#name()}. Each constant names the class holding the strategy's settings (its
 * {@code Setting} constants, keys {@code federate.strategy.<kind>.*}) and how to read them.
 */
public enum StrategyKind implements Choice {
  /** Weighted averaging, McMahan et al. 2017 ({@link FedAvg}). */
  FEDAVG(FedAvg.class, c -> new FedAvg.Options()),
  /** FedAvg with a proximal term in local training, Li et al. 2020 ({@link FedProx}). */
  FEDPROX(FedProx.class, FedProx.Options::from),
  /** FedAvg with server momentum, Hsu et al. 2019 ({@link FedAvgM}). */
  FEDAVGM(FedAvgM.class, FedAvgM.Options::from),
  /** Adaptive server optimizer, Adam variant, Reddi et al. 2021 ({@link FedAdam}). */
  FEDADAM(FedAdam.class, FedAdam::options),
  /** Adaptive server optimizer, Yogi variant, Reddi et al. 2021 ({@link FedYogi}). */
  FEDYOGI(FedYogi.class, FedYogi::options),
  /** Adaptive server optimizer, Adagrad variant, Reddi et al. 2021 ({@link FedAdagrad}). */
  FEDADAGRAD(FedAdagrad.class, FedAdagrad::options),
  /** Coordinate-wise median, Yin et al. 2018 ({@link CoordinateMedian}). */
  MEDIAN(CoordinateMedian.class, c -> new CoordinateMedian.Options()),
  /** Coordinate-wise trimmed mean, Yin et al. 2018 ({@link TrimmedMean}). */
  TRIMMED_MEAN(TrimmedMean.class, TrimmedMean.Options::from),
  /** (Multi-)Krum, Blanchard et al. 2017 ({@link Krum}). */
  KRUM(Krum.class, Krum.Options::from);

  /** {@code federate.strategy.kind}. */
  public static final Setting<StrategyKind> KIND = Setting.choice("federate.strategy.kind", StrategyKind.class, FEDAVG);

  private final Class<? extends Strategy> type;
  private final Function<ConfigView, StrategyOptions> reader;

  StrategyKind(Class<? extends Strategy> type, Function<ConfigView, StrategyOptions> reader) {
    this.type = type;
    this.reader = reader;
  }

  /** The strategy class; its public static {@code Setting} fields are this kind's configuration block. */
  public Class<? extends Strategy> type() {
    return type;
  }

  /** This kind's settings read from its block in {@code c}. */
  public StrategyOptions options(ConfigView c) {
    return reader.apply(c);
  }

  /** The key prefix of this kind's block, {@code federate.strategy.<kind>}. */
  public String keyPrefix() {
    return "federate.strategy." + configName();
  }
}
