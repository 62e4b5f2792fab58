/**
 * Seeded randomness without global state: every random stream is derived from an identity
 * (root seed, purpose, indices), never from call order or thread scheduling.
 */
package io.fedspark.math.random;
