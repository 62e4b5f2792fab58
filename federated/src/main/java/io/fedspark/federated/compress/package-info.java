/**
 * Update compression for data-parallel training's exchange, without Spark: top-k sparsification
 * ({@link io.fedspark.federated.compress.TopK}; Stich et al. 2018, Lin et al. 2018) and threshold
 * encoding ({@link io.fedspark.federated.compress.ThresholdEncoding}; Strom 2015), both with error
 * feedback ({@link io.fedspark.federated.compress.ErrorFeedback}: what is not sent is kept by the
 * worker and added to its next update), the options that choose them
 * ({@link io.fedspark.federated.compress.CompressionOptions}, keys {@code train.compression.*}) and
 * the exact wire encoding of a sparse vector ({@link io.fedspark.federated.compress.SparseVectorCodec}).
 */
package io.fedspark.federated.compress;
