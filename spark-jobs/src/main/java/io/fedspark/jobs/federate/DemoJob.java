package io.fedspark.jobs.federate;

import io.fedspark.federated.config.ConfigView;
import io.fedspark.jobs.Job;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.JobOutcome;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.config.JobConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code fedspark demo}: a short federated curriculum run on MNIST (data and client curriculum
 * under a non-IID label split: 20 clients, 12 rounds of 10), the {@code federate} job with a
 * preset that the user's file and {@code --set}s override.
 */
public final class DemoJob implements Job {
  /** The preset, applied under the user's configuration. */
  public static final List<String> PRESET = List.of(
      "federate.dataset=mnist", "federate.model=\"mlp:784-100-10\"", "federate.rounds=12", "federate.clients-per-round=10",
      "federate.partition.scheme=labeldir", "federate.partition.clients=20", "federate.partition.beta=0.5",
      "federate.partition.min-examples=64", "federate.client.local-epochs=1", "federate.client.batch-size=32",
      "federate.client.learning-rate=0.05", "federate.curriculum.enabled=true", "federate.curriculum.data-ordering=curriculum",
      "federate.curriculum.client-ordering=vanilla", "federate.spark-partitions=4");

  /** The demo's configuration: the preset, then the user's file and {@code --set}s. */
  public static JobConfig configure(Path file, List<String> sets) {
    List<String> overrides = new ArrayList<>(PRESET);
    overrides.addAll(sets);
    return ConfigLoader.withShippedDefaults().load(file, overrides);
  }

  @Override
  public void validate(ConfigView config) {
    FederateOptions.from(config);
  }

  @Override
  public JobOutcome run(JobContext context) {
    return FederateJob.run(context, null);
  }
}
