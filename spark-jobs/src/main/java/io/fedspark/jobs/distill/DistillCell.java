package io.fedspark.jobs.distill;

/**
 * One distillation run of {@code fedspark distill}: m synthetic examples with one seed.
 *
 * @param index position in the run order (sizes outer, seeds inner)
 * @param m the synthetic set size
 * @param seed the configured distillation seed ({@code distill.seeds})
 * @param runSeed the seed given to KRR-ST, {@code root(run.seed).derive("distill", m, seed)}
 */
public record DistillCell(int index, int m, long seed, long runSeed) {
  /** The run's sub-directory name, e.g. {@code m100-seed1}. */
  String directory() {
    return "m" + m + "-seed" + seed;
  }
}
