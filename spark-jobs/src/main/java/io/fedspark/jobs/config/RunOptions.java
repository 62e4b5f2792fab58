package io.fedspark.jobs.config;

/**
 * Options every run shares: the root seed and where results go.
 *
 * @param seed root seed from which every random stream is derived
 * @param dir explicit run directory (any Hadoop path), or empty for {@code root/<command>-<time>}
 * @param root parent of generated run directories
 * @param overwrite allow an existing non-empty run directory
 */
public record RunOptions(long seed, String dir, String root, boolean overwrite) {
  public RunOptions {
    InvalidConfigException.check(root != null && !root.isBlank(), "run.root", root, "a non-empty path");
  }

  public static RunOptions from(JobConfig c) {
    return new RunOptions(
        c.longValue("run.seed"), c.string("run.dir"), c.string("run.root"), c.bool("run.overwrite"));
  }
}
