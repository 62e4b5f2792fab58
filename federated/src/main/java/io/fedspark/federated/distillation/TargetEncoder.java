package io.fedspark.federated.distillation;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import java.io.Serializable;
import java.util.Objects;

/**
 * The frozen target representation {@code phi} of KRR-ST (Lee et al., ICLR 2024): maps a block of
 * inputs ({@code n x inputSize}) to {@code r}-dimensional representations ({@code n x r}). The
 * synthetic targets start as {@code Y_s = phi(X_s)} and every outer step regresses {@code phi(x_r)}
 * of augmented real examples.
 *
 * <p>Holds a model spec and its flat parameters (serialisable, so a Spark job can broadcast it)
 * and how they were obtained ({@link RepresentationKind}): for {@code SELF_SUPERVISED} {@code phi}
 * is the model's output (an encoder whose Barlow Twins projector was dropped), for
 * {@code SUPERVISED} it is {@link Model#features} of a classifier, the input of its last dense
 * layer. Immutable and thread-safe: {@link #encode} builds its own model per call.
 */
public final class TargetEncoder implements Serializable {
  private static final long serialVersionUID = 1L;

  private final RepresentationKind kind;
  private final ModelSpec spec;
  private final float[] parameters;
  private final double[] trainingLosses;
  private final String provenance;

  /**
   * @param kind how {@code parameters} were trained, which also decides what {@link #encode} returns
   * @param spec the trained model's architecture
   * @param parameters its flat parameters (copied)
   * @param trainingLosses the mean training loss of each epoch (copied; may be empty)
   * @param provenance a one-line description of how it was trained (options and seed)
   */
  public TargetEncoder(RepresentationKind kind, ModelSpec spec, float[] parameters, double[] trainingLosses,
      String provenance) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.spec = Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(parameters, "parameters");
    if (parameters.length != spec.parameterCount()) {
      throw new IllegalArgumentException("target encoder: spec " + spec + " has " + spec.parameterCount()
          + " parameters but " + parameters.length + " were given");
    }
    this.parameters = parameters.clone();
    this.trainingLosses = Objects.requireNonNull(trainingLosses, "trainingLosses").clone();
    this.provenance = Objects.requireNonNull(provenance, "provenance");
  }

  public RepresentationKind kind() {
    return kind;
  }

  /** The architecture of the trained model (for {@code SUPERVISED}, the classifier including its head). */
  public ModelSpec spec() {
    return spec;
  }

  /** A copy of the trained parameters. */
  public float[] parameters() {
    return parameters.clone();
  }

  /** A copy of the mean training loss of each epoch. */
  public double[] trainingLosses() {
    return trainingLosses.clone();
  }

  /** How this encoder was trained. */
  public String provenance() {
    return provenance;
  }

  public int inputSize() {
    return spec.inputSize();
  }

  /** r, the width of a representation. */
  public int dimension() {
    if (kind == RepresentationKind.SELF_SUPERVISED) {
      return spec.outputSize();
    }
    return spec.hiddenWidths().get(spec.hiddenWidths().size() - 1);
  }

  /** {@code phi(x)}: one r-dimensional representation per row of {@code x}, new {@code n x r}. */
  public FloatMatrix encode(FloatMatrix x) {
    Objects.requireNonNull(x, "x");
    Model model = Model.fromParameters(spec, parameters);
    return kind == RepresentationKind.SELF_SUPERVISED ? model.forward(x) : model.features(x);
  }

  @Override
  public String toString() {
    return "TargetEncoder[" + kind + ", " + spec + ", r = " + dimension() + "; " + provenance + "]";
  }
}
