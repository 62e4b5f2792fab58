package io.fedspark.jobs.data;

import io.fedspark.math.nn.ModelSpec;

/**
 * What a table must fit: the model that reads it, by its configuration key and description, the
 * feature count it takes and the classes it can output.
 *
 * @param outputs the model's outputs (labels must be class indices below it); -1 when the model
 *     has no class outputs (a representation, as distillation's pool model): the classes are then
 *     the labels found
 */
public record ModelInput(String key, String model, int inputs, int outputs) {
  /** A classifier: {@code spec}'s inputs and outputs. */
  public static ModelInput of(String key, ModelSpec spec) {
    return new ModelInput(key, spec.toString(), spec.inputSize(), spec.outputSize());
  }

  /** A representation model: {@code spec}'s inputs; the classes are the labels found. */
  public static ModelInput features(String key, ModelSpec spec) {
    return new ModelInput(key, spec.toString(), spec.inputSize(), -1);
  }
}
