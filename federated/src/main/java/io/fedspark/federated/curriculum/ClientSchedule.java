package io.fedspark.federated.curriculum;

import io.fedspark.math.Choice;

/**
 * When the client scheduler of Vahidian et al., "When Do Curricula Work in Federated Learning?"
 * (ICCV 2023) stops handing out cohorts, with the participation budget
 * {@code B = rounds * clientsPerRound} (key {@code federate.curriculum.schedule}):
 * <ul>
 *   <li>{@link #BUDGET}: the reference's loop {@code while used < B}: pools are built until B
 *       participations are used, and the last pool is consumed to its end, so a run may take more
 *       rounds than {@code federate.rounds} and more than B participations (at the reference
 *       defaults, K = 100, 10 per round, 100 rounds, linear client pacing a = 0.8, b = 0.2: 20
 *       pools, 1097 participations in 118 rounds). The number of rounds is a function of the
 *       settings alone (pool sizes depend only on the participations used), known before the run
 *       ({@link CurriculumClientScheduler#plannedRounds()});</li>
 *   <li>{@link #ROUNDS}: exactly {@code federate.rounds} rounds; paced pools end in a partial batch,
 *       so fewer than B participations are used (917 at the same defaults).</li>
 * </ul>
 * With vanilla client participation (every pool holds all K clients) both give the same run when
 * B is a multiple of K.
 */
public enum ClientSchedule implements Choice {
  BUDGET,
  ROUNDS
}
