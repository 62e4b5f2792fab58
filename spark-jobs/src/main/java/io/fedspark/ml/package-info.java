/**
 * fedspark as Spark ML stages: {@link io.fedspark.ml.NeuralNetClassifier} (data-parallel
 * training, the {@code fedspark train} job's native engine) and
 * {@link io.fedspark.ml.FederatedClassifier} (simulated federated learning, the
 * {@code fedspark federate} job) fit a {@link io.fedspark.ml.NeuralNetClassificationModel} on a
 * DataFrame, through the jobs' own code paths and with the configuration keys of
 * {@code conf/defaults.conf} as their Params ({@link io.fedspark.ml.SettingParam}); the model
 * scores rows on the executors in blocks ({@code rawPrediction}, {@code probability},
 * {@code prediction}) and saves and loads with Spark ML's writers in the layout of
 * {@link io.fedspark.ml.ModelDirectory}, which every train and federate run also writes to its
 * {@code model/}. The stages work in Pipelines, with {@code CrossValidator} and Spark's evaluators,
 * in any user session (Java or Kryo serialisation). See docs/api.md.
 */
package io.fedspark.ml;
