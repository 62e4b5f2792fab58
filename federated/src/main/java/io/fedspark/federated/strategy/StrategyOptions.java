package io.fedspark.federated.strategy;

import io.fedspark.federated.config.ConfigView;
import java.io.Serializable;

/**
 * The validated settings of one server strategy: each strategy declares its own record (its
 * configuration block {@code federate.strategy.<kind>.*}) implementing this, and builds fresh
 * instances from it, so that a new strategy is one file, one {@link StrategyKind} constant and one
 * configuration block.
 */
public interface StrategyOptions extends Serializable {
  /** Which strategy these settings are for. */
  StrategyKind kind();

  /** A new strategy instance with fresh server state (no round yet). */
  Strategy create();

  /** The defaults of {@code kind}'s block. */
  static StrategyOptions defaults(StrategyKind kind) {
    return kind.options(ConfigView.defaults());
  }

  /** The strategy chosen by {@code federate.strategy.kind} with its block's settings in {@code c}. */
  static StrategyOptions from(ConfigView c) {
    return c.get(StrategyKind.KIND).options(c);
  }
}
