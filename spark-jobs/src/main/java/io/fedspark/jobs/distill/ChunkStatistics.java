package io.fedspark.jobs.distill;

import io.fedspark.federated.distillation.RealBatchStatistics;

/**
 * The real-batch statistics of one source chunk ({@link ChunkedRealBatch}), as an executor returns
 * them.
 *
 * @param chunk the chunk index (chunk k holds examples {@code [k c, (k+1) c)})
 * @param statistics its batch rows' sums
 */
public record ChunkStatistics(int chunk, RealBatchStatistics statistics) {}
