/**
 * Optimizers that update one flat parameter array from one flat gradient array, with their
 * state exposed as arrays so that it can be checkpointed and broadcast.
 */
package io.fedspark.math.optim;
