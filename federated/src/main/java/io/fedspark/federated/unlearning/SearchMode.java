package io.fedspark.federated.unlearning;

import io.fedspark.math.Choice;

/** Which forget set {@link WorstCaseForgetSetSearch} looks for. */
public enum SearchMode implements Choice {
  /**
   * The worst case: descend on {@code sum_i w_i l_i(theta_u(w)) + gamma ||w||^2}, picking examples
   * the unlearned model still fits (hardest to tell apart from retained data).
   */
  WORST,
  /** The easiest to forget: ascend on the same objective. */
  EASIEST;

  /** The matching {@link ForgetKind} of result rows. */
  public ForgetKind forgetKind() {
    return this == WORST ? ForgetKind.WORST_CASE : ForgetKind.EASIEST;
  }
}
