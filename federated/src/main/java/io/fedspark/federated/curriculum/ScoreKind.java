package io.fedspark.federated.curriculum;

import io.fedspark.math.Choice;
/**
 * What a curriculum score measures per example (Vahidian et al., "When Do Curricula Work in
 * Federated Learning?", ICCV 2023): the cross-entropy loss without reduction ({@link #LOSS}), or
 * the 0/1 misclassification indicator {@code [argmax f(x) != y]} ({@link #PREDICTION}, the
 * "prediction" variant). Higher is harder in both.
 */
public enum ScoreKind implements Choice {
  LOSS,
  PREDICTION;
}
