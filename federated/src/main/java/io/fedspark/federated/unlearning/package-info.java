/**
 * Machine unlearning and its worst case, after Fan, Liu, Hero and Liu, "Challenging Forgets:
 * Unveiling the Worst-Case Forget Sets in Machine Unlearning" (ECCV 2024).
 *
 * <ul>
 *   <li>Training: {@link io.fedspark.federated.unlearning.SgdTrainer} with
 *       {@link io.fedspark.federated.unlearning.TrainingOptions} (the original model, Retrain and
 *       every fine-tuning style method).</li>
 *   <li>Methods ({@link io.fedspark.federated.unlearning.UnlearningMethod}, listed in
 *       {@link io.fedspark.federated.unlearning.UnlearningMethodKind}): Retrain, FT, GA, RL,
 *       l1-sparse, IU, EU-k, CF-k, each on an
 *       {@link io.fedspark.federated.unlearning.UnlearningProblem} (original model, retain, forget,
 *       test).</li>
 *   <li>Metrics: {@link io.fedspark.federated.unlearning.UnlearningMetrics} (UA, RA, TA,
 *       MIA-efficacy with the reference's RBF SVC attacker or a logistic regression,
 *       {@link io.fedspark.federated.unlearning.MembershipInferenceAttack}, the forget loss, RTE,
 *       gap to Retrain),
 *       one {@link io.fedspark.federated.unlearning.UnlearningResult} per (method, forget kind,
 *       seed).</li>
 *   <li>The worst-case forget set: {@link io.fedspark.federated.unlearning.WorstCaseForgetSetSearch}
 *       (first-order bi-level, SignSGD lower level,
 *       {@link io.fedspark.federated.unlearning.CappedSimplexProjection},
 *       {@link io.fedspark.federated.unlearning.PerExampleLoss} as the distributable pass).</li>
 *   <li>Federated: forgetting a whole client
 *       ({@link io.fedspark.federated.unlearning.ClientUnlearning}: retrain without it, FT on the
 *       rest, GA on its data) and the worst-case client
 *       ({@link io.fedspark.federated.unlearning.WorstCaseClientSearch}, ranked by
 *       {@link io.fedspark.federated.unlearning.WorstCaseClientRule}).</li>
 * </ul>
 * No Spark: everything runs in-process, is seeded through
 * {@link io.fedspark.math.random.SeedSequence} and is deterministic; a Spark job only distributes
 * the per-example loss pass and the federated rounds.
 */
package io.fedspark.federated.unlearning;
