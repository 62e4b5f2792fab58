package io.fedspark.jobs.unlearn;

import io.fedspark.jobs.kryo.JavaBytes;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.unlearning.UnlearningMethodSettings;
import io.fedspark.math.nn.ModelSpec;

/**
 * What every grid task needs, broadcast once: the data as plain arrays, the original model, every
 * method's options (as {@link JavaBytes}, Retrain's being the original
 * recipe) and the metric and math settings. Plain arrays and strings keep the Kryo registrations
 * to this one record.
 */
public record UnlearnBroadcast(String modelSpec, String datasetName, int[] shape, int numClasses, float[] trainX,
    int[] trainY, float[] testX, int[] testY, float[] original, byte[] methodSettings, String miaFeature,
    String miaAttacker, String mathBackend, int blasThreads) {

  static UnlearnBroadcast of(UnlearnOptions o, LabeledDataset train, LabeledDataset test, float[] original,
      String mathBackend, int blasThreads) {
    return new UnlearnBroadcast(o.model().toString(), train.name(), train.shape(), train.numClasses(),
        train.features(), train.labels(), test.features(), test.labels(), original, JavaBytes.of(o.methodSettings()),
        o.mia().feature().configName(), o.mia().attacker().configName(), mathBackend, blasThreads);
  }

  ModelSpec spec() {
    return ModelSpec.parse(modelSpec);
  }

  LabeledDataset train() {
    return LabeledDataset.of(datasetName + "-train", shape, trainX, trainY, numClasses);
  }

  LabeledDataset test() {
    return LabeledDataset.of(datasetName + "-test", shape, testX, testY, numClasses);
  }

  UnlearningMethodSettings settings() {
    return JavaBytes.read(methodSettings, UnlearningMethodSettings.class);
  }
}
