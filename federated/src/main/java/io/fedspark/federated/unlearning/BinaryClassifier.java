package io.fedspark.federated.unlearning;

/**
 * A fitted two-class classifier on rows of dense double features: what a membership-inference
 * attacker ({@link MiaAttacker}) fits on member (positive) and non-member (negative) features.
 */
interface BinaryClassifier {
  /** Whether {@code row} is predicted to be of the positive class. */
  boolean predictsPositive(double[] row);
}
