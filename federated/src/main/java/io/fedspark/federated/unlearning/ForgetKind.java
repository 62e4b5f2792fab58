package io.fedspark.federated.unlearning;

import io.fedspark.math.Choice;

/** How a forget set was chosen, recorded with every {@link UnlearningResult}. */
public enum ForgetKind implements Choice {
  /** A uniform random subset of the training set. */
  RANDOM,
  /** The worst-case set of {@link WorstCaseForgetSetSearch} ({@link SearchMode#WORST}). */
  WORST_CASE,
  /** The easiest-to-forget set of {@link WorstCaseForgetSetSearch} ({@link SearchMode#EASIEST}). */
  EASIEST,
  /** All the data of one federated client ({@link ClientUnlearning}). */
  CLIENT,
  /** All the data of the worst-case client to forget ({@link WorstCaseClientSearch}). */
  WORST_CASE_CLIENT;
}
