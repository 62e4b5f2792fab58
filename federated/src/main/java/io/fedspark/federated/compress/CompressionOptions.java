package io.fedspark.federated.compress;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;
import java.io.Serializable;

/**
 * How the partitions' updates are compressed before the exchange (keys {@code train.compression.*}).
 *
 * @param method none | top-k | threshold
 * @param topKFraction top-k: the share of coordinates sent, in (0, 1]
 * @param thresholdTau threshold: the magnitude a coordinate must reach to be sent (as +-tau), > 0
 */
public record CompressionOptions(CompressionMethod method, double topKFraction, double thresholdTau)
    implements Serializable {
  /** {@code train.compression.method}: none | top-k | threshold. */
  public static final Setting<CompressionMethod> METHOD =
      Setting.choice("train.compression.method", CompressionMethod.class, CompressionMethod.NONE);
  /** {@code train.compression.top-k.fraction}: the share of coordinates top-k sends. */
  public static final Setting<Double> TOP_K_FRACTION =
      Setting.number("train.compression.top-k.fraction", 0.01, Bounds.openClosed(0, 1));
  /** {@code train.compression.threshold.tau}: threshold encoding's tau. */
  public static final Setting<Double> THRESHOLD_TAU =
      Setting.number("train.compression.threshold.tau", 0.01, Bounds.above(0));

  public CompressionOptions {
    METHOD.check(method);
    TOP_K_FRACTION.check(topKFraction);
    THRESHOLD_TAU.check(thresholdTau);
  }

  /** No compression. */
  public static CompressionOptions none() {
    return new CompressionOptions(CompressionMethod.NONE, TOP_K_FRACTION.defaultValue(), THRESHOLD_TAU.defaultValue());
  }

  /** The options under {@code train.compression} in {@code c}. */
  public static CompressionOptions from(ConfigView c) {
    return new CompressionOptions(c.get(METHOD), c.get(TOP_K_FRACTION), c.get(THRESHOLD_TAU));
  }

  /** Whether updates are compressed. */
  public boolean enabled() {
    return method != CompressionMethod.NONE;
  }

  /** A short description, e.g. {@code top-k(fraction=0.01)} or {@code none}. */
  public String describe() {
    return switch (method) {
      case NONE -> "none";
      case TOP_K -> "top-k(fraction=" + topKFraction + ")";
      case THRESHOLD -> "threshold(tau=" + thresholdTau + ")";
    };
  }
}
