package io.fedspark.federated.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.client.LocalTrainingOptions;
import io.fedspark.federated.curriculum.CurriculumClientScheduler;
import io.fedspark.federated.curriculum.CurriculumOptions;
import io.fedspark.federated.curriculum.Ordering;
import io.fedspark.federated.sampling.ClientSelector;
import io.fedspark.federated.sampling.UniformClientSelector;
import io.fedspark.federated.strategy.FedAvgM;
import io.fedspark.federated.strategy.Strategy;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.EvalResult;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The round loop on the in-process backend, on a small synthetic 3-class problem (milliseconds). */
@Tag("line-independent")
class FederatedSimulationTest {
  private static final ModelSpec SPEC = ModelSpec.parse("mlp:6-8-3");
  private static final LocalTrainingOptions TRAIN =
      new LocalTrainingOptions().withLocalEpochs(2).withBatchSize(5).withLearningRate(0.1f).withConstantLearningRate();

  /** Class c has its mean at +2 on feature c (and c+3); Gaussian noise. */
  private static List<ClientShard> clients(int n, int perClient, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<ClientShard> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      float[] x = new float[perClient * 6];
      int[] y = new int[perClient];
      for (int i = 0; i < perClient; i++) {
        int c = (k + i) % 3;
        y[i] = c;
        for (int j = 0; j < 6; j++) {
          x[i * 6 + j] = (float) (r.nextGaussian() * 0.7 + (j % 3 == c ? 2 : 0));
        }
      }
      out.add(new ClientShard(k, perClient, 6, 3, x, y));
    }
    return out;
  }

  private static Function<float[], EvalResult> evaluator(List<ClientShard> test) {
    ClientShard t = test.get(0);
    Model m = Model.create(SPEC, 1);
    return p -> {
      m.setParameters(p);
      return m.evaluate(FloatMatrix.wrap(t.features(), 0, t.size(), 6), t.labels());
    };
  }

  private static SimulationState simulate(int threads, Strategy strategy, ClientSelector selector, CurriculumOptions cur,
      SimulationState start, int rounds, List<SimulationState> checkpoints) {
    return simulate(threads, strategy, selector, cur, start, new SimulationOptions(rounds, 1, 0.5, 1), checkpoints);
  }

  private static SimulationState simulate(int threads, Strategy strategy, ClientSelector selector, CurriculumOptions cur,
      SimulationState start, SimulationOptions options, List<SimulationState> checkpoints) {
    List<ClientShard> data = clients(12, 30, 5);
    try (InProcessBackend backend = new InProcessBackend(data, threads)) {
      FederatedSimulation sim = new FederatedSimulation(SPEC.toString(), options, TRAIN, cur,
          strategy, selector, backend, evaluator(clients(1, 300, 99)), 7, "fp", null);
      SimulationState s0 = start != null ? start : sim.initialState(Model.create(SPEC, 3).parameters());
      return sim.run(s0, (m, s) -> {
        if (s != null && checkpoints != null) {
          checkpoints.add(s);
        }
      });
    }
  }

  @Test
  void learnsAndIsBitIdenticalForAnyThreadCount() {
    SimulationState one = simulate(1, new FedAvgM(), new UniformClientSelector(12, 4), null, null, 5, null);
    SimulationState three = simulate(3, new FedAvgM(), new UniformClientSelector(12, 4), null, null, 5, null);
    assertArrayEquals(one.global(), three.global(), 0f);
    RoundMetrics last = one.history().get(4);
    assertTrue(last.testAccuracy() > 0.9, "accuracy " + last.testAccuracy());
    assertEquals(5, one.history().size());
    assertEquals(4, last.cohort().length);
  }

  @Test
  void resumingFromACheckpointThroughTheCodecIsBitIdentical() throws IOException {
    CurriculumOptions cur = CurriculumOptions.vanilla().withClientCurriculum(Ordering.CURRICULUM, io.fedspark.federated.curriculum.PacingFunction.LINEAR, 0.8, 0.2);
    List<SimulationState> cps = new ArrayList<>();
    SimulationState full = simulate(2, new FedAvgM(), new CurriculumClientScheduler(cur, 12, 4, 6), cur, null, 6, cps);
    byte[] bytes = CheckpointCodec.toBytes(cps.get(2));
    SimulationState restored = CheckpointCodec.read(new ByteArrayInputStream(bytes), "mem");
    assertEquals(3, restored.completedRounds());
    SimulationState resumed = simulate(2, new FedAvgM(), new CurriculumClientScheduler(cur, 12, 4, 6), cur, restored, 6, null);
    assertArrayEquals(full.global(), resumed.global(), 0f);
    // every column but the round's seconds (e.g. 7.8E-4) and the cohort
    assertEquals(full.history().get(5).toCsv().replaceAll(",[0-9.E-]+,[0-9 ]+$", ""),
        resumed.history().get(5).toCsv().replaceAll(",[0-9.E-]+,[0-9 ]+$", ""));
  }

  /**
   * K = 12, 4 per round, 6 rounds (B = 24), linear client pacing a = 0.8, b = 0.2: pools of
   * g(0) = 2, g(2) = 3, g(5) = 4, g(9) = 6 and g(15) = 9 clients take 1 + 1 + 1 + 2 + 3 = 8 rounds
   * and 24 participations under the budget schedule; the rounds schedule stops after 6.
   */
  @Test
  void budgetScheduleRunsThePlannedRoundsAndResumesToTheirEnd() throws IOException {
    CurriculumOptions cur = CurriculumOptions.vanilla().withClientCurriculum(Ordering.CURRICULUM,
        io.fedspark.federated.curriculum.PacingFunction.LINEAR, 0.8, 0.2);
    List<SimulationState> cps = new ArrayList<>();
    SimulationState full = simulate(2, new FedAvgM(), new CurriculumClientScheduler(cur, 12, 4, 6), cur, null, 6, cps);
    assertEquals(8, full.completedRounds());
    assertEquals(8, full.history().size());
    assertEquals(24, full.history().stream().mapToInt(m -> m.cohort().length).sum());
    assertEquals(List.of(2, 3, 4, 6, 6, 9, 9, 9), full.history().stream().map(RoundMetrics::clientPool).toList());
    // Evaluated and checkpointed every 5 rounds: 5, and the last round 8 (not federate.rounds = 6).
    List<SimulationState> every5 = new ArrayList<>();
    SimulationState sparse = simulate(2, new FedAvgM(), new CurriculumClientScheduler(cur, 12, 4, 6), cur, null,
        new SimulationOptions(6, 5, 0.5, 5), every5);
    assertEquals(List.of(5, 8), every5.stream().map(SimulationState::completedRounds).toList());
    assertEquals(List.of(5, 8), sparse.history().stream().filter(m -> !Double.isNaN(m.testAccuracy()))
        .map(RoundMetrics::round).toList());
    // Resume after round 7, past federate.rounds = 6: the run continues to its planned end.
    SimulationState restored = CheckpointCodec.read(new ByteArrayInputStream(CheckpointCodec.toBytes(cps.get(6))), "mem");
    assertEquals(7, restored.completedRounds());
    SimulationState resumed = simulate(2, new FedAvgM(), new CurriculumClientScheduler(cur, 12, 4, 6), cur, restored, 6,
        null);
    assertEquals(8, resumed.completedRounds());
    assertArrayEquals(full.global(), resumed.global(), 0f);

    CurriculumOptions rounds = cur.withSchedule(io.fedspark.federated.curriculum.ClientSchedule.ROUNDS);
    SimulationState six = simulate(2, new FedAvgM(), new CurriculumClientScheduler(rounds, 12, 4, 6), rounds, null, 6,
        null);
    assertEquals(6, six.history().size());
    assertEquals(19, six.history().stream().mapToInt(m -> m.cohort().length).sum(), "2 + 3 + 4 + 4 + 2 + 4");
  }

  /**
   * Control: with b = 1 at both levels (every client's subset is its full data, every pool holds
   * all clients) curriculum, anti-curriculum and random orderings give bit-identical runs: the same
   * cohorts and the same global model, since subsets and pools are shuffled from their sorted
   * indices (see FederatedClient and CurriculumClientScheduler).
   */
  @Test
  void withPacingOffEveryOrderingGivesTheSameRun() {
    SimulationState first = null;
    for (Ordering o : List.of(Ordering.CURRICULUM, Ordering.ANTI_CURRICULUM, Ordering.RANDOM)) {
      CurriculumOptions cur = new CurriculumOptions().withDataOrdering(o)
          .withDataPacing(io.fedspark.federated.curriculum.PacingFunction.LINEAR, 0.8, 1.0)
          .withClientCurriculum(o, io.fedspark.federated.curriculum.PacingFunction.LINEAR, 0.8, 1.0);
      SimulationState run = simulate(2, new FedAvgM(), new CurriculumClientScheduler(cur, 12, 4, 6), cur, null, 6, null);
      if (first == null) {
        first = run;
        continue;
      }
      assertArrayEquals(first.global(), run.global(), 0f, o.configName());
      for (int r = 0; r < first.history().size(); r++) {
        assertArrayEquals(first.history().get(r).cohort(), run.history().get(r).cohort(), o.configName() + " round " + r);
      }
    }
  }

  /**
   * LOCAL_PLUS_GLOBAL client scoring: after each round the scheduler holds, for every client that
   * has trained, the mean loss of its data under its last local model (which the engine also keeps
   * for the data curriculum's LG scores), and nothing for the others.
   */
  @Test
  void localPlusGlobalClientScoringRecordsEachTrainedClientsLocalScore() {
    CurriculumOptions cur = new CurriculumOptions()
        .withScoring(io.fedspark.federated.curriculum.ScoringModel.LOCAL_PLUS_GLOBAL,
            io.fedspark.federated.curriculum.ScoreKind.LOSS)
        .withClientCurriculum(Ordering.CURRICULUM, io.fedspark.federated.curriculum.PacingFunction.LINEAR, 0.8, 0.2);
    CurriculumClientScheduler sched = new CurriculumClientScheduler(cur, 12, 4, 6);
    SimulationState end = simulate(2, new FedAvgM(), sched, cur, null, 6, null);
    List<ClientShard> data = clients(12, 30, 5);
    float[] local = sched.localScores();
    java.util.Set<Integer> trained = new java.util.HashSet<>();
    end.history().forEach(m -> java.util.Arrays.stream(m.cohort()).forEach(trained::add));
    assertTrue(trained.size() < 12, "some clients never trained: " + trained);
    var scorer = new io.fedspark.federated.curriculum.ExampleScorer(SPEC, io.fedspark.federated.curriculum.ScoreKind.LOSS);
    for (int k = 0; k < 12; k++) {
      if (trained.contains(k)) {
        assertEquals((float) scorer.meanScore(data.get(k), end.localModels().get(k)), local[k], "client " + k);
      } else {
        assertTrue(Float.isNaN(local[k]), "client " + k + " never trained");
      }
    }
  }

  @Test
  void corruptCheckpointsAreRejectedWithTheirSource() {
    SimulationState s = new SimulationState(1, "fp", new float[] {1, 2}, new float[0][], new long[] {3}, java.util.Map.of(), List.of());
    byte[] good = CheckpointCodec.toBytes(s);
    byte[] flipped = good.clone();
    flipped[20] ^= 1;
    var e = assertThrows(IOException.class, () -> CheckpointCodec.read(new ByteArrayInputStream(flipped), "ck.bin"));
    assertTrue(e.getMessage().startsWith("ck.bin: corrupt checkpoint (CRC32"), e.getMessage());
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
    var e2 = assertThrows(IOException.class, () -> CheckpointCodec.read(new ByteArrayInputStream(truncated), "ck.bin"));
    assertTrue(e2.getMessage().contains("truncated"), e2.getMessage());
    var e3 = assertThrows(IOException.class, () -> CheckpointCodec.read(new ByteArrayInputStream("garbage!garbage".getBytes()), "x"));
    assertTrue(e3.getMessage().contains("bad magic"), e3.getMessage());
  }

  @Test
  void failedClientsAreDroppedUnderThePolicyOrFailTheRound() {
    List<ClientShard> data = new ArrayList<>(clients(4, 20, 1));
    // client 3 has an out-of-range label: its training fails, as data
    ClientShard bad = data.get(3);
    int[] labels = bad.labels().clone();
    labels[0] = 7;
    data.set(3, new ClientShard(3, bad.size(), 6, 3, bad.features(), labels));
    List<RoundMetrics> seen = new ArrayList<>();
    try (InProcessBackend backend = new InProcessBackend(data, 2)) {
      FederatedSimulation lenient = new FederatedSimulation(SPEC.toString(), new SimulationOptions(2, 1, 0.5, 1), TRAIN, null,
          new FedAvgM(), new UniformClientSelector(4, 4), backend, evaluator(clients(1, 30, 2)), 7, "fp", null);
      lenient.run(lenient.initialState(Model.create(SPEC, 3).parameters()), (m, s) -> seen.add(m));
      assertEquals(3, seen.get(0).succeeded());
      assertEquals(1, seen.get(0).failed());

      FederatedSimulation strict = new FederatedSimulation(SPEC.toString(), new SimulationOptions(2, 1, 0.0, 1), TRAIN, null,
          new FedAvgM(), new UniformClientSelector(4, 4), backend, evaluator(clients(1, 30, 2)), 7, "fp", null);
      var e = assertThrows(RoundFailedException.class,
          () -> strict.run(strict.initialState(Model.create(SPEC, 3).parameters()), (m, s) -> {}));
      assertTrue(e.getMessage().contains("round 1: 1 of 4 clients failed"), e.getMessage());
    }
  }

  /**
   * A round that fails because its clients diverged fails as the configuration's failure (a
   * {@link DivergenceException} naming the round, the first diverged client and the setting to
   * lower), not as a {@link RoundFailedException} of failed clients.
   */
  @Test
  void aRoundFailedByDivergenceIsNamedAsADivergence() {
    try (InProcessBackend backend = new InProcessBackend(clients(4, 20, 1), 2)) {
      FederatedSimulation sim = new FederatedSimulation(SPEC.toString(), new SimulationOptions(2, 1, 0.5, 1),
          TRAIN.withLearningRate(1e30f), null, new FedAvgM(), new UniformClientSelector(4, 4), backend,
          evaluator(clients(1, 30, 2)), 7, "fp", null);
      var e = assertThrows(DivergenceException.class,
          () -> sim.run(sim.initialState(Model.create(SPEC, 3).parameters()), (m, s) -> {}));
      assertTrue(e.getMessage().startsWith("round 1: client 0: local training diverged: "), e.getMessage());
      assertTrue(e.getMessage().contains("lower " + LocalTrainingOptions.LEARNING_RATE), e.getMessage());
    }
  }

  @Test
  void refusesACheckpointOfAnotherConfiguration() {
    SimulationState other = new SimulationState(1, "other", new float[SPEC.parameterCount()], new float[0][], new long[0], java.util.Map.of(), List.of());
    var e = assertThrows(IllegalArgumentException.class,
        () -> simulate(1, new FedAvgM(), new UniformClientSelector(12, 4), null, other, 2, null));
    assertTrue(e.getMessage().contains("another configuration"), e.getMessage());
  }
}
