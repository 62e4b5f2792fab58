package io.fedspark.jobs.config;

import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;

/**
 * Options every run shares (keys under {@code run.}): the root seed and where results go.
 *
 * @param seed root seed from which every random stream is derived
 * @param dir explicit run directory (any Hadoop path), or empty for {@code root/<command>-<time>}
 * @param root parent of generated run directories
 * @param overwrite allow an existing non-empty run directory
 */
public record RunOptions(long seed, String dir, String root, boolean overwrite) {
  /** {@code run.seed}: every random choice derives from (seed, purpose, indices...). */
  public static final Setting<Long> SEED = Setting.longInteger("run.seed", 42);
  /** {@code run.dir}: the run directory; empty for a new {@code <run.root>/<command>-<time>}. */
  public static final Setting<String> DIR = Setting.string("run.dir", "");
  /** {@code run.root}: parent of generated run directories. */
  public static final Setting<String> ROOT =
      Setting.string("run.root", "fedspark-runs").where(s -> !s.isBlank(), "a non-empty path");
  /** {@code run.overwrite}: allow writing into an existing non-empty run directory. */
  public static final Setting<Boolean> OVERWRITE = Setting.bool("run.overwrite", false);

  public RunOptions {
    ROOT.check(root);
  }

  /** The options in {@code c}. */
  public static RunOptions from(ConfigView c) {
    return new RunOptions(c.get(SEED), c.get(DIR), c.get(ROOT), c.get(OVERWRITE));
  }
}
