package io.fedspark.jobs.unlearn;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.unlearning.UnlearningMethodSettings;
import io.fedspark.jobs.data.StagedTable;
import io.fedspark.jobs.kryo.JavaBytes;
import io.fedspark.math.nn.ModelSpec;

/**
 * What every grid task needs, broadcast once: where the staged splits are (each task reads them on
 * its executor, never through the broadcast), the original model, every method's options (as
 * {@link JavaBytes}, Retrain's being the original recipe) and the metric and math settings.
 */
public record UnlearnBroadcast(String modelSpec, StagedTable data, float[] original, byte[] methodSettings,
    String miaFeature, String miaAttacker, String mathBackend, int blasThreads) {

  static UnlearnBroadcast of(UnlearnOptions o, StagedTable data, float[] original, String mathBackend,
      int blasThreads) {
    return new UnlearnBroadcast(o.model().toString(), data, original, JavaBytes.of(o.methodSettings()),
        o.mia().feature().configName(), o.mia().attacker().configName(), mathBackend, blasThreads);
  }

  ModelSpec spec() {
    return ModelSpec.parse(modelSpec);
  }

  LabeledDataset train() {
    return data.train();
  }

  LabeledDataset test() {
    return data.test();
  }

  UnlearningMethodSettings settings() {
    return JavaBytes.read(methodSettings, UnlearningMethodSettings.class);
  }
}
