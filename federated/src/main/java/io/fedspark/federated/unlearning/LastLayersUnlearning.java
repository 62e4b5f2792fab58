package io.fedspark.federated.unlearning;

import io.fedspark.math.nn.Layer;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.random.SeedSequence;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * EU-k and CF-k (Goel et al., "Towards Adversarial Evaluations for Inexact Machine Unlearning",
 * arXiv:2201.06640, 2022): train only the last k parametric layers on the retain set and keep the
 * others as in the original model. EU-k (exact unlearning of the last k layers) first
 * re-initialises them, from {@code Model.create(spec, seed.derive("reinit").seed())}; CF-k
 * (catastrophic forgetting) fine-tunes them as they are.
 *
 * <p>Freezing: a model's parameters are laid out from the input side ({@link Model#layers()}), so
 * the last k parametric layers are a suffix {@code [offset, P)} of the flat vector, where
 * {@code offset} is the {@link Layer#parameterOffset()} of the k-th parametric layer from the end.
 * Gradients below {@code offset} are set to 0 before every step and weight decay is not applied to
 * them, so frozen parameters stay bit-identical.
 */
public final class LastLayersUnlearning extends ConfiguredMethod<LastLayersOptions> {
  private final boolean reinitialise;

  private LastLayersUnlearning(LastLayersOptions options, boolean reinitialise) {
    super(options);
    this.reinitialise = reinitialise;
  }

  /** EU-k with the default options. */
  public static LastLayersUnlearning exact() {
    return exact(LastLayersOptions.exactDefaults());
  }

  /** EU-k: re-initialise and retrain the last k layers. */
  public static LastLayersUnlearning exact(LastLayersOptions options) {
    return new LastLayersUnlearning(options, true);
  }

  /** CF-k with the default options. */
  public static LastLayersUnlearning fineTune() {
    return fineTune(LastLayersOptions.fineTuneDefaults());
  }

  /** CF-k: fine-tune only the last k layers. */
  public static LastLayersUnlearning fineTune(LastLayersOptions options) {
    return new LastLayersUnlearning(options, false);
  }

  /** Whether this is EU-k (re-initialise) rather than CF-k. */
  public boolean reinitialises() {
    return reinitialise;
  }

  @Override
  public String name() {
    return (reinitialise ? "EU-" : "CF-") + options.layers();
  }

  @Override
  public float[] unlearn(UnlearningProblem problem, SeedSequence seed) {
    ModelSpec spec = problem.spec();
    int from = trainableFrom(spec, options.layers(), options.training().keyPrefix() + ".layers");
    float[] start = problem.originalParams().clone();
    if (reinitialise) {
      float[] fresh = Model.create(spec, seed.derive("reinit").seed()).parameters();
      System.arraycopy(fresh, from, start, from, start.length - from);
    }
    TrainingOptions training = options.training();
    BitSet frozen = new BitSet(start.length);
    frozen.set(0, from);
    SgdTrainer.Objective objective = new SgdTrainer.Objective(false, SgdTrainer.Reduction.MEAN, null,
        training.weightDecay(), frozen);
    return SgdTrainer.train(spec, start, problem.retain(), training, seed, objective);
  }

  /**
   * The index of the first parameter of the last {@code k} parametric layers of {@code spec}.
   *
   * @param key the configuration key of k, for the error message
   * @throws IllegalArgumentException if the model has fewer than k parametric layers
   */
  public static int trainableFrom(ModelSpec spec, int k, String key) {
    List<Layer> parametric = new ArrayList<>();
    for (Layer layer : Model.fromParameters(spec, new float[spec.parameterCount()]).layers()) {
      if (layer.parameterCount() > 0) {
        parametric.add(layer);
      }
    }
    if (k < 1 || k > parametric.size()) {
      throw new IllegalArgumentException(key + " = " + k + ": expected an integer in [1, " + parametric.size()
          + "]: model " + spec + " has " + parametric.size() + " layers with parameters");
    }
    return parametric.get(parametric.size() - k).parameterOffset();
  }
}
