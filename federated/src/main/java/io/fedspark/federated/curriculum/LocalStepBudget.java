package io.fedspark.federated.curriculum;

import io.fedspark.math.Choice;

/**
 * How many local steps the data-level curriculum loop of Vahidian et al., "When Do Curricula Work
 * in Federated Learning?" (ICCV 2023) takes, with {@code T = (N // batch + 1) * localEpochs}
 * (key {@code federate.curriculum.local-steps}):
 * <ul>
 *   <li>{@link #COMPLETE_PASSES}: the reference's {@code while step < T}, each pass over the paced
 *       subset run to its end, so the last pass overruns T. The overrun depends on the ordering:
 *       the vanilla ordering's passes cover all N examples, so with N a multiple of the batch size
 *       it takes {@code (E + 1) N / batch} steps (120 instead of T = 61 for N = 600, batch 10,
 *       E = 1), while a paced ordering's last pass is over a subset and overruns less;</li>
 *   <li>{@link #EXACT}: every ordering takes exactly T steps (the last pass is cut at T), so the
 *       orderings differ only in which examples they see, not in how many updates they make.</li>
 * </ul>
 */
public enum LocalStepBudget implements Choice {
  COMPLETE_PASSES,
  EXACT
}
