package io.fedspark.jobs.distill;

/**
 * One candidate of the transfer evaluation, run as one Spark task over all repeats, tasks and
 * protocols.
 *
 * @param index position in the table order
 * @param m the set size (0 for no pretraining)
 * @param seed the distillation seed of a distilled candidate, else -1
 * @param candidate krr-st | random-subset | kmeans-centroids | no-pretraining
 * @param run index of the distilled set among the runs, else -1
 */
public record EvaluationCell(int index, int m, long seed, String candidate, int run) {}
