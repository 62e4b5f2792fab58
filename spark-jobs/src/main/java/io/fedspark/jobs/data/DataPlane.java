package io.fedspark.jobs.data;

import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.JobRun;
import io.fedspark.math.nn.ModelSpec;

/**
 * Where every job gets its data: {@code <job>.dataset} names a bundled dataset (a preset: located
 * or fetched and checked, then described as a table) or {@code table} (the user's table under
 * {@code data.source}); either way the table is read and validated by {@link TableLoader}, on the
 * executors, before any training.
 */
public final class DataPlane {
  private DataPlane() {}

  /**
   * The validated table {@code name} names (configured under {@code datasetKey}), checked against
   * {@code model} (configured under {@code modelKey}).
   *
   * @param needsClients whether the job partitions by the client column (natural scheme)
   */
  public static TrainingTable load(JobRun job, DatasetName name, String datasetKey, String modelKey, ModelSpec model,
      boolean needsClients) {
    return load(job, name, datasetKey, ModelInput.of(modelKey, model), needsClients);
  }

  /** {@link #load(JobRun, DatasetName, String, String, ModelSpec, boolean)} for any model input. */
  public static TrainingTable load(JobRun job, DatasetName name, String datasetKey, ModelInput model,
      boolean needsClients) {
    return TableLoader.load(job, source(job, name, datasetKey), model, needsClients);
  }

  /** The table {@code name} stands for. */
  public static DataSourceOptions source(JobRun job, DatasetName name, String datasetKey) {
    DataSourceOptions src = DataSourceOptions.from(job.config());
    if (name == DatasetName.TABLE) {
      return src;
    }
    if (!src.path().isBlank()) {
      throw new InvalidConfigException(DataSourceOptions.PATH.key() + " = '" + src.path() + "' is set but "
          + datasetKey + " = " + name.configName() + ": set " + datasetKey + " = table to train on that table, or remove "
          + DataSourceOptions.PATH.key() + " to use the bundled " + name.configName());
    }
    return Presets.source(name.preset(), job.files(), job.data(), src, job.provenance());
  }
}
