package io.fedspark.federated.unlearning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.client.LocalTrainingOptions;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.engine.FederatedSimulation;
import io.fedspark.federated.engine.InProcessBackend;
import io.fedspark.federated.engine.SimulationOptions;
import io.fedspark.federated.sampling.UniformClientSelector;
import io.fedspark.federated.strategy.FedAvg;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.random.SeedSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Forgetting a whole client of a small FedAvg run (6 clients of 30 examples, 3 Gaussian classes in
 * 6 dimensions, MLP 6-8-3, 5 rounds of 3 clients): in-process, well under a second per run.
 */
@Tag("line-independent")
class ClientUnlearningTest {
  private static final ModelSpec SPEC = ModelSpec.parse("mlp:6-8-3");
  private static final LocalTrainingOptions TRAIN =
      new LocalTrainingOptions().withLocalEpochs(2).withBatchSize(5).withLearningRate(0.1f).withConstantLearningRate();
  private static final long SEED = 7;

  /** Class c has mean +1.5 on features c and c+3; client k's examples come from the stream (seed, k). */
  private static List<ClientShard> clients(int n, int perClient, long seed) {
    List<ClientShard> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      SplittableRandom r = SeedSequence.root(seed).derive("client-data", k).random();
      float[] x = new float[perClient * 6];
      int[] y = new int[perClient];
      for (int i = 0; i < perClient; i++) {
        int c = (k + i) % 3;
        y[i] = c;
        for (int j = 0; j < 6; j++) {
          x[i * 6 + j] = (float) (r.nextGaussian() + (j % 3 == c ? 1.5 : 0));
        }
      }
      out.add(new ClientShard(k, perClient, 6, 3, x, y));
    }
    return out;
  }

  private static LabeledDataset test() {
    ClientShard t = clients(1, 300, 99).get(0);
    return LabeledDataset.of("synthetic-test", new int[] {6}, t.features(), t.labels(), 3);
  }

  private static FederatedSetup setup(List<ClientShard> clients) {
    return new FederatedSetup(SPEC, clients, TRAIN, 5, 3, SEED, 2, test());
  }

  @Test
  void retrainingWithoutAClientIsBitIdenticalToFedAvgThatNeverHadIt() {
    List<ClientShard> clients = clients(6, 30, 1);
    ClientUnlearning unlearning = new ClientUnlearning(setup(clients), new ClientUnlearningOptions());
    float[] original = unlearning.trainOriginal();
    float[] retrained = unlearning.unlearn(ClientUnlearningMethod.RETRAIN, original, 2);

    // FedAvg written out by hand on the five other clients, numbered 0..4, same seed and init
    List<ClientShard> others = new ArrayList<>();
    for (ClientShard c : clients) {
      if (c.clientId() != 2) {
        others.add(new ClientShard(others.size(), c.size(), 6, 3, c.features(), c.labels()));
      }
    }
    float[] init = Model.create(SPEC, SeedSequence.root(SEED).derive("federated-init").seed()).parameters();
    float[] never;
    Model eval = Model.create(SPEC, 0);
    LabeledDataset test = test();
    try (InProcessBackend backend = new InProcessBackend(others, 1)) {
      FederatedSimulation sim = new FederatedSimulation(SPEC.toString(), new SimulationOptions(5, 5, 0.0, 5), TRAIN,
          null, new FedAvg(), new UniformClientSelector(5, 3), backend, p -> {
            eval.setParameters(p);
            return eval.evaluate(FloatMatrix.wrap(test.features(), 0, 300, 6), test.labels());
          }, SEED, "by-hand", null);
      never = sim.run(sim.initialState(init), (m, s) -> { }).global();
    }
    assertArrayEquals(never, retrained, 0f);
    assertFalse(Arrays.equals(original, retrained), "client 2 was in the original run");

    // the forgotten client's data is never read: replace it with noise, same result
    List<ClientShard> tampered = new ArrayList<>(clients);
    ClientShard noise = clients(1, 50, 12345).get(0);
    tampered.set(2, new ClientShard(2, 50, 6, 3, noise.features(), noise.labels()));
    float[] again = new ClientUnlearning(setup(tampered), new ClientUnlearningOptions())
        .unlearn(ClientUnlearningMethod.RETRAIN, original, 2);
    assertArrayEquals(retrained, again, 0f);
  }

  /**
   * FT and GA change the trained model; GA with a strong recipe (lr 0.5, 10 epochs) lowers the
   * accuracy on the client's own data below the original model's; every result is scored with the
   * client's data as the forget set.
   */
  @Test
  void fineTuningAndGradientAscentForgetTheClientsData() {
    List<ClientShard> clients = clients(6, 30, 1);
    ClientUnlearningOptions options = new ClientUnlearningOptions()
        .withGradientAscent(TrainingOptions.constant("unlearn.client.ga", 10, 0.5f).withBatchSize(10));
    ClientUnlearning unlearning = new ClientUnlearning(setup(clients), options);
    float[] original = unlearning.trainOriginal();
    UnlearningScores before = unlearning.score(original, original, 4);
    assertTrue(before.ta() > 80, "the original model learned: TA " + before.ta());
    for (ClientUnlearningMethod method : ClientUnlearningMethod.values()) {
      UnlearningResult r = unlearning.evaluate(method, original, 4);
      System.out.println(r.toCsv() + String.format(",gap-to-original=%.2f", r.scores().averageGap(before)));
      assertEquals(ForgetKind.CLIENT, r.forgetKind());
      assertEquals(30, r.forgetSize());
      assertEquals(method.resultName(), r.method());
      float[] again = unlearning.unlearn(method, original, 4);
      assertFalse(Arrays.equals(original, again), method + " changed nothing");
      assertArrayEquals(again, unlearning.unlearn(method, original, 4), 0f, method + " is deterministic");
      if (method == ClientUnlearningMethod.GRADIENT_ASCENT) {
        assertTrue(r.scores().ua() > before.ua() + 10, "GA: UA " + r.scores().ua() + " vs " + before.ua());
      }
    }
    UnlearningProblem p = unlearning.problem(original, 4);
    assertEquals(150, p.retain().size());
    assertEquals(30, p.forget().size());
    assertArrayEquals(clients.get(4).labels(), p.forget().labels());
  }

  /**
   * Exhaustive over a seeded sample of candidates: by default the candidate whose data keeps the
   * lowest forget loss under FT (the paper's objective), with ft-gap the one with the largest
   * FT-vs-retrain gap; the result names both, and the ft-gap rule's search returns its choice.
   */
  @Test
  void worstCaseClientSearchReturnsTheCandidateOfEachRule() {
    List<ClientShard> clients = clients(6, 30, 1);
    // client 5 is mislabelled (label + 1 mod 3), to make the federation heterogeneous: its data keeps
    // a high loss under any model trained mostly on the others, so the forget-loss rule never picks it
    ClientShard c5 = clients.get(5);
    int[] shifted = new int[30];
    for (int i = 0; i < 30; i++) {
      shifted[i] = (c5.labels()[i] + 1) % 3;
    }
    clients.set(5, new ClientShard(5, 30, 6, 3, c5.features(), shifted));
    ClientUnlearning unlearning = new ClientUnlearning(setup(clients),
        new ClientUnlearningOptions().withSearchCandidates(4));
    float[] original = unlearning.trainOriginal();
    WorstCaseClientSearch search = new WorstCaseClientSearch(unlearning);
    ClientSearchResult a = search.search(original, SeedSequence.root(5));
    System.out.println("candidates " + Arrays.toString(a.candidates()) + " gaps " + Arrays.toString(a.gaps())
        + " forget losses " + Arrays.toString(a.forgetLosses()) + " worst " + a.worstClient() + " (ft-gap: "
        + a.worstClient(WorstCaseClientRule.FT_GAP) + ")");
    assertEquals(WorstCaseClientRule.FORGET_LOSS, a.rule());
    assertEquals(4, a.candidates().length);
    assertEquals(4, Arrays.stream(a.candidates()).distinct().count());
    assertTrue(a.worstClient() != a.worstClient(WorstCaseClientRule.FT_GAP),
        "this sample of candidates separates the rules (observed: forget loss 4, ft gap 3)");
    int lowest = 0;
    int largest = 0;
    for (int k = 1; k < 4; k++) {
      lowest = a.forgetLosses()[k] < a.forgetLosses()[lowest] ? k : lowest;
      largest = a.gaps()[k] > a.gaps()[largest] ? k : largest;
    }
    assertEquals(a.candidates()[lowest], a.worstClient());
    assertEquals(a.candidates()[largest], a.worstClient(WorstCaseClientRule.FT_GAP));
    assertEquals(a.fineTune().get(largest).averageGap(a.retrain().get(largest)), a.gaps()[largest], 1e-12);
    // the forget loss is FT's model's mean cross-entropy on the client's data
    UnlearningProblem p = unlearning.problem(original, a.candidates()[lowest]);
    float[] ft = unlearning.unlearn(ClientUnlearningMethod.FINE_TUNE, original, a.candidates()[lowest]);
    LabeledDataset f = p.forget();
    assertEquals(Model.fromParameters(SPEC, ft).evaluate(FloatMatrix.wrap(f.features(), 0, f.size(), f.featureCount()),
        f.labels()).loss(), a.forgetLosses()[lowest], 0.0);
    ClientSearchResult b = search.search(original, SeedSequence.root(5));
    assertEquals(a.worstClient(), b.worstClient());
    assertArrayEquals(a.gaps(), b.gaps(), 0.0);
    ClientSearchResult byGap = new WorstCaseClientSearch(new ClientUnlearning(setup(clients),
        new ClientUnlearningOptions().withSearchCandidates(4).withWorstCaseRule(WorstCaseClientRule.FT_GAP)))
        .search(original, SeedSequence.root(5));
    assertEquals(WorstCaseClientRule.FT_GAP, byGap.rule());
    assertEquals(a.worstClient(WorstCaseClientRule.FT_GAP), byGap.worstClient());
    assertEquals(a.worstClient(), byGap.worstClient(WorstCaseClientRule.FORGET_LOSS));
    ClientSearchResult all = new WorstCaseClientSearch(new ClientUnlearning(setup(clients),
        new ClientUnlearningOptions())).search(original, SeedSequence.root(5));
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, all.candidates());
    assertTrue(all.worstClient() != 5, "the mislabelled client is the easiest to forget, not the hardest");
    System.out.println("all gaps " + Arrays.toString(all.gaps()) + " forget losses "
        + Arrays.toString(all.forgetLosses()) + " worst " + all.worstClient());
  }

  /** Each rule's choice on hand-made candidate scores, ties to the first candidate. */
  @Test
  void rulesPickByHandMadeScores() {
    MiaResult attack = new MiaResult(MiaAttacker.SVC, MiaFeature.CONFIDENCE, 0.5, 0.5, 1, 1, 1);
    // candidate:        0                 1                 2                 3
    // FT forget loss:   0.30              0.10              0.20              0.10
    // FT gap to retrain (|dUA| + |dMIA| + |dRA| + |dTA|) / 4: 1.0, 2.5, 4.0, 4.0
    List<UnlearningScores> retrain = List.of(
        new UnlearningScores(10, 90, 80, 20, 1.0, attack), new UnlearningScores(10, 90, 80, 20, 1.0, attack),
        new UnlearningScores(10, 90, 80, 20, 1.0, attack), new UnlearningScores(10, 90, 80, 20, 1.0, attack));
    List<UnlearningScores> ft = List.of(
        new UnlearningScores(6, 90, 80, 20, 0.30, attack), new UnlearningScores(10, 90, 80, 30, 0.10, attack),
        new UnlearningScores(2, 92, 80, 14, 0.20, attack), new UnlearningScores(10, 90, 96, 20, 0.10, attack));
    assertEquals(1.0, ft.get(0).averageGap(retrain.get(0)), 1e-12);
    assertEquals(2.5, ft.get(1).averageGap(retrain.get(1)), 1e-12);
    assertEquals(4.0, ft.get(2).averageGap(retrain.get(2)), 1e-12);
    assertEquals(4.0, ft.get(3).averageGap(retrain.get(3)), 1e-12);
    assertEquals(1, WorstCaseClientRule.FORGET_LOSS.worstIndex(retrain, ft), "lowest forget loss, first of the tie");
    assertEquals(2, WorstCaseClientRule.FT_GAP.worstIndex(retrain, ft), "largest gap, first of the tie");
    ClientSearchResult r = new ClientSearchResult(WorstCaseClientRule.FORGET_LOSS, 17, new int[] {11, 17, 23, 29},
        retrain, ft);
    assertEquals(23, r.worstClient(WorstCaseClientRule.FT_GAP));
    assertEquals(17, r.worstClient(WorstCaseClientRule.FORGET_LOSS));
    assertArrayEquals(new double[] {0.30, 0.10, 0.20, 0.10}, r.forgetLosses());
    assertArrayEquals(new double[] {1.0, 2.5, 4.0, 4.0}, r.gaps(), 1e-12);
    var e = assertThrows(IllegalArgumentException.class,
        () -> WorstCaseClientRule.FT_GAP.worstIndex(retrain, ft.subList(0, 2)));
    assertEquals("worst-case client: 4 Retrain and 2 FT results, expected the same number, at least one",
        e.getMessage());
    assertEquals(WorstCaseClientRule.FT_GAP, ClientUnlearningOptions.WORST_CASE_RULE.parse("FT-Gap"));
    assertEquals(WorstCaseClientRule.FORGET_LOSS, new ClientUnlearningOptions().worstCaseRule());
  }

  @Test
  void badSetupsNameTheirKeys() {
    List<ClientShard> clients = clients(3, 10, 1);
    var e = assertThrows(IllegalArgumentException.class,
        () -> new FederatedSetup(SPEC, clients, TRAIN, 5, 4, SEED, 1, test()));
    assertEquals("federate.clients-per-round = 4: expected an integer in [1, 3] (the number of clients)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new FederatedSetup(SPEC, clients.subList(0, 1), TRAIN, 5, 1, SEED, 1, test()));
    assertTrue(e.getMessage().startsWith("federated unlearning needs at least 2 clients"), e.getMessage());
    ClientUnlearning unlearning = new ClientUnlearning(setup(clients), new ClientUnlearningOptions());
    float[] p = new float[SPEC.parameterCount()];
    e = assertThrows(IllegalArgumentException.class, () -> unlearning.unlearn(ClientUnlearningMethod.FINE_TUNE, p, 3));
    assertEquals("client to forget is 3, expected an id in [0, 3)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ClientUnlearningOptions().withFineTuneRounds(0));
    assertEquals("unlearn.client.ft-rounds = 0: expected an integer >= 1", e.getMessage());
  }
}
