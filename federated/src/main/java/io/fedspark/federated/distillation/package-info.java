/**
 * Self-supervised dataset distillation with kernel ridge regression, KRR-ST (Lee, Lee and Hwang,
 * "Self-Supervised Dataset Distillation for Transfer Learning", ICLR 2024): learn a small set of
 * synthetic inputs {@code X_s} (m rows) and target representations {@code Y_s} such that a kernel
 * ridge regression on the features of a pool of networks, fitted on {@code (X_s, Y_s)}, predicts
 * the representation {@code phi(x_r)} of real examples; pretraining a fresh network to regress
 * {@code Y_s} from {@code X_s} is then a cheap substitute for self-supervised pretraining on the
 * full data.
 *
 * <p>The pieces, in the order a run uses them:
 * <ul>
 *   <li>{@link io.fedspark.federated.distillation.TargetEncoderTrainer} trains the frozen target
 *       representation {@code phi} ({@link io.fedspark.federated.distillation.TargetEncoder}),
 *       either {@link io.fedspark.federated.distillation.RepresentationKind#SELF_SUPERVISED}
 *       (Barlow Twins, {@link io.fedspark.federated.distillation.BarlowTwinsLoss}, on
 *       {@link io.fedspark.federated.distillation.ImageAugmentation augmented} views) or
 *       {@link io.fedspark.federated.distillation.RepresentationKind#SUPERVISED} (the penultimate
 *       layer of a classifier);</li>
 *   <li>{@link io.fedspark.federated.distillation.KrrStDistiller} runs the outer loop with its
 *       {@link io.fedspark.federated.distillation.FeatureExtractorPool}; each outer step splits into
 *       a driver part ({@link io.fedspark.federated.distillation.KernelRidgeSystem}, m x m algebra in
 *       double precision) and a pure, serialisable per-block part over the real batch
 *       ({@link io.fedspark.federated.distillation.RealBatchPass} producing
 *       {@link io.fedspark.federated.distillation.RealBatchStatistics}, merged by addition), which is
 *       what a Spark job runs on its executors;</li>
 *   <li>{@link io.fedspark.federated.distillation.DistillationEvaluation} pretrains on a
 *       {@link io.fedspark.federated.distillation.DistilledSet} or a baseline
 *       ({@link io.fedspark.federated.distillation.PretrainingCandidate}: random real subset,
 *       {@link io.fedspark.federated.distillation.KMeans k-means++} centroids, no pretraining) and
 *       measures linear-probe and fine-tuning accuracy over several seeds.</li>
 * </ul>
 *
 * <p>Nothing here imports Spark; every random choice is drawn from a
 * {@link io.fedspark.math.random.SeedSequence} node named by its purpose and step, so a run is a
 * pure function of its options, data and seed.
 */
package io.fedspark.federated.distillation;
