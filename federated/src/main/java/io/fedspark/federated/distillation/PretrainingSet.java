package io.fedspark.federated.distillation;

import io.fedspark.math.FloatMatrix;
import java.util.Objects;

/**
 * Inputs and target representations to pretrain a network on by regression, {@code MSE(h(x), y)}:
 * a distilled set, or a baseline of the same size (KRR-ST evaluation protocol, Lee et al., ICLR
 * 2024).
 *
 * @param name what it is, for reports (e.g. {@code "krr-st"}, {@code "random-subset"})
 * @param inputs {@code m x d}
 * @param targets {@code m x r}
 */
public record PretrainingSet(String name, FloatMatrix inputs, FloatMatrix targets) {
  public PretrainingSet {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(targets, "targets");
    if (inputs.nrow() != targets.nrow() || inputs.nrow() < 1) {
      throw new IllegalArgumentException("pretraining set " + name + ": inputs are " + inputs.shape() + " and targets "
          + targets.shape() + "; expected the same positive number of rows");
    }
  }

  /** m. */
  public int size() {
    return inputs.nrow();
  }
}
