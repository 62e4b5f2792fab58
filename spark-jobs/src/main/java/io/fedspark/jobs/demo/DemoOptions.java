package io.fedspark.jobs.demo;

import io.fedspark.federated.data.DatasetId;
import io.fedspark.jobs.config.InvalidConfigException;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.math.nn.ModelSpec;

/**
 * Options of the demo job (keys under {@code demo.}): a classifier trained by synchronous
 * parameter averaging over a fixed number of data partitions.
 */
public record DemoOptions(
    DatasetId dataset,
    ModelSpec model,
    int partitions,
    int epochs,
    int batchSize,
    float learningRate,
    float momentum,
    float weightDecay) {

  public DemoOptions {
    InvalidConfigException.check(partitions >= 1, "demo.partitions", partitions, "an integer >= 1");
    InvalidConfigException.check(epochs >= 1, "demo.epochs", epochs, "an integer >= 1");
    InvalidConfigException.check(batchSize >= 1, "demo.batch-size", batchSize, "an integer >= 1");
    InvalidConfigException.check(learningRate > 0, "demo.learning-rate", learningRate, "a number > 0");
    InvalidConfigException.check(momentum >= 0 && momentum < 1, "demo.momentum", momentum, "a number in [0, 1)");
    InvalidConfigException.check(weightDecay >= 0, "demo.weight-decay", weightDecay, "a number >= 0");
  }

  public static DemoOptions from(JobConfig c) {
    ModelSpec spec;
    try {
      spec = ModelSpec.parse(c.string("demo.model"));
    } catch (IllegalArgumentException e) {
      throw c.invalid("demo.model", "a model spec such as logreg:784-10 or mlp:784-200-10 (" + e.getMessage() + ")");
    }
    return new DemoOptions(
        c.choice("demo.dataset", DatasetId.class),
        spec,
        c.integer("demo.partitions", 1, 100_000),
        c.integer("demo.epochs", 1, 100_000),
        c.integer("demo.batch-size", 1, 1 << 20),
        (float) c.number("demo.learning-rate", Double.MIN_VALUE, 100),
        (float) c.number("demo.momentum", 0, 0.999999),
        (float) c.number("demo.weight-decay", 0, 10));
  }
}
