package io.fedspark.federated.train;

import java.io.Serializable;

/**
 * Which attempt of which task runs a partition's step, as a distributed backend knows it (Spark's
 * partition id and attempt number); the fault-injection test hook fails chosen attempts so that
 * retries must give the same result.
 */
public record TaskAttempt(int partition, int attempt) implements Serializable {}
