/**
 * The client side of federated learning: a client's local data ({@link
 * io.fedspark.federated.client.ClientShard}), local training on the math core, and the update it
 * returns. Clients only train and evaluate; the server policy lives in {@code strategy}.
 */
package io.fedspark.federated.client;
