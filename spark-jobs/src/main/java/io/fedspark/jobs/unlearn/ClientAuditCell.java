package io.fedspark.jobs.unlearn;

/**
 * One task of the federated unlearning audit. With a method, it runs that method on one client
 * and gives one row; without ({@code method} empty), it is one candidate of the worst-case client
 * search and gives the rows of Retrain and FT on that client.
 *
 * @param seed the configured experiment seed (a value of {@code unlearn.seeds})
 * @param setupSeed the root seed of the federated run of this experiment seed
 * @param method {@link io.fedspark.federated.unlearning.ClientUnlearningMethod#configName()}, or
 *     empty for a search candidate
 * @param forgetKind client or worst-case-client
 * @param client the client to forget
 * @param global the trained global model of the original run of this seed
 */
public record ClientAuditCell(long seed, long setupSeed, String method, String forgetKind, int client,
    float[] global) {}
