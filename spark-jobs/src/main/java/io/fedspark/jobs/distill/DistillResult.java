package io.fedspark.jobs.distill;

import io.fedspark.federated.distillation.DistilledSet;

/**
 * A finished distillation run.
 *
 * @param cell which run
 * @param set the distilled set with its loss curve
 * @param seconds wall time of the run
 */
public record DistillResult(DistillCell cell, DistilledSet set, double seconds) {}
