/**
 * Curricula for federated learning, after Vahidian et al., "When Do Curricula Work in Federated
 * Learning?" (ICCV 2023): per-example scores under a scoring model ({@link
 * io.fedspark.federated.curriculum.ExampleScorer}, {@link
 * io.fedspark.federated.curriculum.ScoringModel}, {@link io.fedspark.federated.curriculum.ScoreKind}),
 * orderings ({@link io.fedspark.federated.curriculum.Ordering}), pacing functions ({@link
 * io.fedspark.federated.curriculum.PacingFunction}), their settings ({@link
 * io.fedspark.federated.curriculum.CurriculumOptions}) and the client-level curriculum ({@link
 * io.fedspark.federated.curriculum.CurriculumClientScheduler}). The data-level curriculum runs
 * inside a client's local training ({@code io.fedspark.federated.client.FederatedClient}). No
 * Spark; everything is seeded and deterministic.
 */
package io.fedspark.federated.curriculum;
