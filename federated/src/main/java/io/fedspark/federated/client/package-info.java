/**
 * The client side of federated learning: a client's local data ({@link
 * io.fedspark.federated.client.ClientShard}), local training on the math core ({@link
 * io.fedspark.federated.client.FederatedClient} with {@link
 * io.fedspark.federated.client.LocalTrainingOptions}: minibatch SGD, FedProx, and the data-level
 * curriculum), and the update it returns ({@link io.fedspark.federated.client.ClientUpdate}).
 * Clients only train and evaluate; the server policy lives in {@code strategy}.
 */
package io.fedspark.federated.client;
