package io.fedspark.jobs.unlearn;

import io.fedspark.federated.client.LocalTrainingOptions;
import io.fedspark.federated.unlearning.ClientUnlearningOptions;
import java.io.Serializable;

/**
 * The small, non-data part of a {@link io.fedspark.federated.unlearning.FederatedSetup} and the
 * client-unlearning options, carried by {@link ClientAuditBroadcast} as {@link JavaBytes}.
 *
 * @param training every client's local training ({@code federate.client.*})
 * @param rounds FedAvg rounds of the original run and of retraining ({@code federate.rounds})
 * @param clientsPerRound cohort size ({@code federate.clients-per-round})
 * @param threads in-process backend threads inside one task ({@code federate.in-process-threads})
 * @param options {@code unlearn.client.*}
 */
record ClientAuditSettings(LocalTrainingOptions training, int rounds, int clientsPerRound, int threads,
    ClientUnlearningOptions options) implements Serializable {}
