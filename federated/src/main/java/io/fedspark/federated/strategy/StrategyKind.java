package io.fedspark.federated.strategy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The server strategies fedspark implements: a closed choice, spelled in configuration files by
 * {@link #configName()} (the constant's name in lower case with '-' for '_', e.g.
 * {@code trimmed-mean}), which is also the strategy's {@link Strategy#name()}.
 */
public enum StrategyKind {
  /** Weighted averaging, McMahan et al. 2017 ({@link FedAvg}). */
  FEDAVG,
  /** FedAvg with a proximal term in local training, Li et al. 2020 ({@link FedProx}). */
  FEDPROX,
  /** FedAvg with server momentum, Hsu et al. 2019 ({@link FedAvgM}). */
  FEDAVGM,
  /** Adaptive server optimizer, Adam variant, Reddi et al. 2021 ({@link FedAdam}). */
  FEDADAM,
  /** Adaptive server optimizer, Yogi variant, Reddi et al. 2021 ({@link FedYogi}). */
  FEDYOGI,
  /** Adaptive server optimizer, Adagrad variant, Reddi et al. 2021 ({@link FedAdagrad}). */
  FEDADAGRAD,
  /** Coordinate-wise median, Yin et al. 2018 ({@link CoordinateMedian}). */
  MEDIAN,
  /** Coordinate-wise trimmed mean, Yin et al. 2018 ({@link TrimmedMean}). */
  TRIMMED_MEAN;

  /** The spelling in configuration files, e.g. {@code "fedavgm"} or {@code "trimmed-mean"}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses a config name (any case, surrounding blanks ignored).
   *
   * @param source where the text came from, for the message (e.g. {@code federate.strategy.kind})
   * @throws IllegalArgumentException naming the source, the text and the accepted names
   */
  public static StrategyKind parse(String text, String source) {
    if (text != null) {
      String t = text.trim().toLowerCase(Locale.ROOT);
      for (StrategyKind k : values()) {
        if (k.configName().equals(t)) {
          return k;
        }
      }
    }
    throw new IllegalArgumentException(
        source + " = " + (text == null ? "null" : "'" + text + "'") + ": expected one of " + configNames());
  }

  /** "fedavg | fedprox | ... | trimmed-mean", for messages. */
  static String configNames() {
    return Arrays.stream(values()).map(StrategyKind::configName).collect(Collectors.joining(" | "));
  }
}
