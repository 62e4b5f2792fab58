package io.fedspark.federated.distillation;

/**
 * Gradient-norm clipping of the KRR-ST outer step, the optional {@code outer_grad_norm} of the
 * reference implementation of Lee, Lee and Hwang, "Self-Supervised Dataset Distillation for
 * Transfer Learning", ICLR 2024 (off by default there and here), computed as PyTorch's
 * {@code torch.nn.utils.clip_grad_norm_} over all distilled parameters together (whether the
 * reference passes X_s and Y_s to one call or clips them separately was not checked against its
 * code; one joint norm is what this class does):
 * <pre>
 *   ||g|| = sqrt(sum_i g_i^2)                 over (dL/dX_s, dL/dY_s) jointly, in double
 *   if c / (||g|| + 1e-6) < 1:  g <- g * c / (||g|| + 1e-6)
 * </pre>
 * so the clipped gradient has the direction of g and norm below c. With AdamW the clip matters
 * only relative to the gradients of earlier steps (Adam is invariant to a constant rescaling): a
 * single spike, e.g. from a freshly re-initialised pool model, no longer dominates the first and
 * second moments.
 */
public final class GradientNormClip {
  /** PyTorch's guard against a zero norm, added to the norm in the clip coefficient. */
  public static final double EPSILON = 1e-6;

  private GradientNormClip() {}

  /** The Euclidean norm of {@code g}, accumulated in double. */
  public static double norm(float[] g) {
    double s = 0;
    for (float v : g) {
      s += (double) v * v;
    }
    return Math.sqrt(s);
  }

  /**
   * Clips {@code g} in place to norm at most {@code maxNorm}.
   *
   * @param g the gradient, changed in place when its norm exceeds the bound
   * @param maxNorm c, > 0 (callers skip the call when clipping is off)
   * @return the norm of {@code g} before clipping
   */
  public static double clip(float[] g, double maxNorm) {
    if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
      throw new IllegalArgumentException("gradient norm clip: maxNorm is " + maxNorm + ", expected a finite number > 0");
    }
    double norm = norm(g);
    double coefficient = maxNorm / (norm + EPSILON);
    if (coefficient < 1) {
      for (int i = 0; i < g.length; i++) {
        g[i] = (float) (g[i] * coefficient);
      }
    }
    return norm;
  }
}
