package io.fedspark.federated.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.curriculum.CurriculumOptions;
import io.fedspark.federated.curriculum.ExampleScorer;
import io.fedspark.federated.curriculum.LocalStepBudget;
import io.fedspark.federated.curriculum.Ordering;
import io.fedspark.federated.curriculum.PacingFunction;
import io.fedspark.federated.curriculum.ScoreKind;
import io.fedspark.federated.curriculum.ScoringModel;
import io.fedspark.math.nn.EvalResult;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelKind;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.random.SeedSequence;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Local training on two Gaussian blobs in the plane (class 0 around (-1, -1), class 1 around
 * (1, 1), standard deviation 0.7): a logistic regression separates them to about 92% accuracy.
 */
@Tag("line-independent")
class FederatedClientTest {
  private static final ModelSpec SPEC = ModelSpec.of(ModelKind.LOGREG, 2, 2);
  private static final int N = 200;
  private static final SeedSequence SEED = SeedSequence.root(7).derive("client-train", 1, 3);

  private static ClientShard blobs(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[2 * n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      float centre = y[i] == 0 ? -1f : 1f;
      x[2 * i] = centre + 0.7f * (float) gaussian(r);
      x[2 * i + 1] = centre + 0.7f * (float) gaussian(r);
    }
    return new ClientShard(3, n, 2, 2, x, y);
  }

  private static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  private static float[] initial() {
    return Model.create(SPEC, 11).parameters().clone();
  }

  private static LocalTrainingOptions opts() {
    return new LocalTrainingOptions().withLocalEpochs(2).withLearningRate(0.05f);
  }

  private static ClientUpdate plain(ClientShard shard, LocalTrainingOptions o, SeedSequence seed) {
    return FederatedClient.train(shard, SPEC, initial(), o, null, null, seed);
  }

  @Test
  void trainingReducesTheLoss() {
    ClientShard shard = blobs(N, 1);
    EvalResult before = FederatedClient.evaluate(shard, SPEC, initial());
    ClientUpdate u = plain(shard, opts(), SEED);
    assertTrue(u.succeeded(), u.error());
    EvalResult after = FederatedClient.evaluate(shard, SPEC, u.parameters());
    // The blobs overlap little (Bayes error ~2%): 40 SGD steps bring the loss well under 0.4.
    assertTrue(after.loss() < 0.4 && after.loss() < before.loss() - 0.1,
        "loss " + before.loss() + " -> " + after.loss());
    assertTrue(after.accuracy() > 0.85, "accuracy " + after.accuracy());
    assertEquals(3, u.clientId());
    assertEquals(N, u.numExamples());
    assertEquals(2 * 20, u.steps(), "2 epochs of 200 / 10 minibatches");
    assertEquals(N, u.pacedSize());
    assertTrue(Double.isNaN(u.meanScore()), "not scored");
    assertTrue(u.trainLoss() > 0 && u.trainLoss() < before.loss(), "mean train loss " + u.trainLoss());
  }

  @Test
  void sameSeedIsBitIdenticalAndAnotherSeedDiffers() {
    ClientShard shard = blobs(N, 1);
    ClientUpdate a = plain(shard, opts(), SEED);
    ClientUpdate b = plain(shard, opts(), SEED);
    ClientUpdate c = plain(shard, opts(), SeedSequence.root(7).derive("client-train", 2, 3));
    assertArrayEquals(a.parameters(), b.parameters());
    assertEquals(Double.doubleToRawLongBits(a.trainLoss()), Double.doubleToRawLongBits(b.trainLoss()));
    assertFalse(Arrays.equals(a.parameters(), c.parameters()), "another seed shuffles differently");
  }

  @Test
  void curriculumRunIsBitIdenticalToo() {
    ClientShard shard = blobs(N, 1);
    float[] g = initial();
    CurriculumOptions c = new CurriculumOptions();
    ClientUpdate a = FederatedClient.train(shard, SPEC, g, opts(), c, new float[][] {g}, SEED);
    ClientUpdate b = FederatedClient.train(shard, SPEC, g, opts(), c, new float[][] {g}, SEED);
    assertArrayEquals(a.parameters(), b.parameters());
    assertEquals(a.meanScore(), b.meanScore());
  }

  @Test
  void doesNotModifyTheGlobalParameters() {
    float[] g = initial();
    float[] copy = g.clone();
    FederatedClient.train(blobs(N, 1), SPEC, g, opts(), new CurriculumOptions(), new float[][] {g}, SEED);
    assertArrayEquals(copy, g);
  }

  @Test
  void learningRateScheduleIsApplied() {
    ClientShard shard = blobs(N, 1);
    ClientUpdate inverse = plain(shard, opts().withInverseDecay(0.1, 1), SEED);
    ClientUpdate constant = plain(shard, opts().withConstantLearningRate(), SEED);
    assertFalse(Arrays.equals(inverse.parameters(), constant.parameters()));
  }

  @Test
  void fedProxWithHugeMuStaysNearTheGlobalModel() {
    ClientShard shard = blobs(N, 1);
    float[] g = initial();
    ClientUpdate free = plain(shard, opts(), SEED);
    // lr * mu = 0.5 keeps heavy-ball momentum stable (needs < 2 (1 + 0.9)); at equilibrium
    // |w - w_g| ~ |grad L| / mu, so mu = 10 should cut the distance at least tenfold vs mu = 0.
    ClientUpdate prox = plain(shard, opts().withProximalMu(10f), SEED);
    assertTrue(prox.succeeded(), prox.error());
    double dFree = distance(free.parameters(), g);
    double dProx = distance(prox.parameters(), g);
    assertTrue(dProx < 0.1 * dFree, "distance to global: mu 0 " + dFree + ", mu 10 " + dProx);
    assertTrue(dProx > 0, "still moved");
  }

  private static double distance(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (double) (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }

  @Test
  void dataCurriculumSubsetsFollowThePacingFunction() {
    // N = 200, batch 10, 2 epochs: T = (200 // 10 + 1) * 2 = 42, linear a = 0.8 (aT = 33.6), b = 0.2.
    // Passes: g(0) = 40 -> 4 steps; g(4) = 40 + 160 * 4/33.6 = 59.05 -> 59, 6 steps (step 10);
    // g(10) = 87.6 -> 87, 9 steps (19); g(19) = 130.5 -> 130, 13 steps (32);
    // g(32) = 192.4 -> 192, 20 steps (52 >= 42: stop).
    ClientShard shard = blobs(N, 1);
    float[] g = initial();
    ClientUpdate u = FederatedClient.train(shard, SPEC, g, opts(), new CurriculumOptions(), new float[][] {g}, SEED);
    assertTrue(u.succeeded(), u.error());
    assertEquals(40, u.pacedSize());
    assertEquals(52, u.steps());
    assertEquals(N, u.numExamples());
    assertEquals(ExampleScorer.mean(new ExampleScorer(SPEC, ScoreKind.LOSS).score(shard, g)), u.meanScore(), 0.0);
    assertEquals(simulatedSteps(PacingFunction.QUAD, 0.5, 0.1, 32), FederatedClient.train(shard, SPEC, g, opts(),
        new CurriculumOptions().withDataPacing(PacingFunction.QUAD, 0.5, 0.1), new float[][] {g}, SEED).steps());
  }

  /** The ClientTrain loop's step count, written out independently for N = 200, batch 10, 2 epochs. */
  private static int simulatedSteps(PacingFunction f, double a, double b, int min) {
    int total = (N / 10 + 1) * 2;
    int step = 0;
    while (step < total) {
      int size = Math.min(N, Math.max(f.size(step, a, b, total, N), min));
      step += (size + 9) / 10;
    }
    return step;
  }

  @Test
  void minimumSubsetSizeApplies() {
    ClientShard shard = blobs(N, 1);
    float[] g = initial();
    ClientUpdate u = FederatedClient.train(shard, SPEC, g, opts(), new CurriculumOptions().withMinSubsetSize(100),
        new float[][] {g}, SEED);
    assertEquals(100, u.pacedSize());
    ClientUpdate small = FederatedClient.train(blobs(20, 2), SPEC, g, opts(), new CurriculumOptions(),
        new float[][] {g}, SEED);
    assertEquals(20, small.pacedSize(), "a client smaller than the minimum uses all its data");
  }

  @Test
  void vanillaDataOrderingUsesFullDataForTheCurriculumStepBudget() {
    ClientShard shard = blobs(N, 1);
    ClientUpdate u = FederatedClient.train(shard, SPEC, initial(), opts(), CurriculumOptions.vanilla(), null, SEED);
    assertTrue(u.succeeded(), u.error());
    assertEquals(N, u.pacedSize());
    assertEquals(60, u.steps(), "complete passes of 20 steps until >= T = 42");
    assertTrue(Double.isNaN(u.meanScore()));
  }

  @Test
  void randomDataOrderingIsPacedWithoutScores() {
    ClientShard shard = blobs(N, 1);
    CurriculumOptions random = new CurriculumOptions().withDataOrdering(Ordering.RANDOM);
    ClientUpdate u = FederatedClient.train(shard, SPEC, initial(), opts(), random, null, SEED);
    assertTrue(u.succeeded(), u.error());
    assertEquals(40, u.pacedSize());
    assertEquals(52, u.steps());
  }

  /**
   * Control: with b = 1 (pacing off) every subset is the full data, and a pass visits its subset
   * in a seeded shuffle of the sorted indices, so the ordering has no way left to matter:
   * curriculum, anti-curriculum, random and vanilla train bit-identical models. With b = 0.2 the
   * same run differs between orderings (they train on different subsets).
   */
  @Test
  void withPacingOffEveryOrderingTrainsTheSameModel() {
    ClientShard shard = blobs(N, 1);
    float[] g = initial();
    CurriculumOptions off = new CurriculumOptions().withDataPacing(PacingFunction.LINEAR, 0.8, 1.0);
    ClientUpdate reference = FederatedClient.train(shard, SPEC, g, opts(), off, new float[][] {g}, SEED);
    assertTrue(reference.succeeded(), reference.error());
    for (Ordering o : Ordering.values()) {
      ClientUpdate u = FederatedClient.train(shard, SPEC, g, opts(), off.withDataOrdering(o), new float[][] {g}, SEED);
      assertArrayEquals(reference.parameters(), u.parameters(), o.configName());
      assertEquals(reference.steps(), u.steps(), o.configName());
      assertEquals(N, u.pacedSize());
    }
    CurriculumOptions paced = new CurriculumOptions();
    assertFalse(Arrays.equals(
        FederatedClient.train(shard, SPEC, g, opts(), paced, new float[][] {g}, SEED).parameters(),
        FederatedClient.train(shard, SPEC, g, opts(), paced.withDataOrdering(Ordering.ANTI_CURRICULUM),
            new float[][] {g}, SEED).parameters()), "with b = 0.2 the ordering matters");
  }

  @Test
  void exactLocalStepsGiveEveryOrderingTheSameStepBudget() {
    // N = 200, batch 10, 2 epochs: T = 42. Complete passes: vanilla 60 (3 passes of 20 steps),
    // the paced orderings 52 (see dataCurriculumSubsetsFollowThePacingFunction). Exact: 42 each.
    ClientShard shard = blobs(N, 1);
    float[] g = initial();
    for (Ordering o : Ordering.values()) {
      CurriculumOptions complete = new CurriculumOptions().withDataOrdering(o);
      ClientUpdate passes = FederatedClient.train(shard, SPEC, g, opts(), complete, new float[][] {g}, SEED);
      assertEquals(o == Ordering.VANILLA ? 60 : 52, passes.steps(), o.configName());
      ClientUpdate exact = FederatedClient.train(shard, SPEC, g, opts(),
          complete.withLocalSteps(LocalStepBudget.EXACT), new float[][] {g}, SEED);
      assertTrue(exact.succeeded(), exact.error());
      assertEquals(42, exact.steps(), o.configName());
      assertFalse(Arrays.equals(passes.parameters(), exact.parameters()), o.configName());
    }
  }

  @Test
  void reportsTheLocalScoreOnlyWhenClientsAreScoredUnderTheirLocalModels() {
    ClientShard shard = blobs(N, 1);
    float[] g = initial();
    CurriculumOptions lg = new CurriculumOptions().withScoring(ScoringModel.LOCAL_PLUS_GLOBAL, ScoreKind.LOSS)
        .withClientCurriculum(Ordering.CURRICULUM, PacingFunction.LINEAR, 0.8, 0.2);
    ClientUpdate u = FederatedClient.train(shard, SPEC, g, opts(), lg, new float[][] {g, g}, SEED);
    assertTrue(u.succeeded(), u.error());
    double expected = new ExampleScorer(SPEC, ScoreKind.LOSS).meanScore(shard, u.parameters());
    assertEquals(expected, u.localScore(), 0.0, "the mean loss of the client's data under its new local model");
    assertTrue(u.localScore() < u.meanScore() / 2, "trained: lower than the LG score before training ("
        + u.localScore() + " vs " + u.meanScore() + ")");
    ClientUpdate global = FederatedClient.train(shard, SPEC, g, opts(),
        lg.withScoring(ScoringModel.GLOBAL, ScoreKind.LOSS), new float[][] {g}, SEED);
    assertTrue(Double.isNaN(global.localScore()), "GLOBAL client scores need no local term");
    ClientUpdate vanillaClients = FederatedClient.train(shard, SPEC, g, opts(),
        lg.withClientCurriculum(Ordering.VANILLA, PacingFunction.LINEAR, 0.8, 0.2), new float[][] {g, g}, SEED);
    assertTrue(Double.isNaN(vanillaClients.localScore()), "vanilla clients are not scored");
  }

  @Test
  void orderingDecidesWhichExamplesAreTrainedOn() {
    // The last 10 examples have NaN features, so their loss scores are NaN: the hardest. With the
    // full data never reached (a = 10), the curriculum never trains on them and anti-curriculum
    // starts with them and diverges.
    ClientShard clean = blobs(N, 1);
    float[] x = clean.features().clone();
    Arrays.fill(x, 2 * (N - 10), 2 * N, Float.NaN);
    ClientShard shard = new ClientShard(3, N, 2, 2, x, clean.labels());
    float[] g = initial();
    CurriculumOptions slow = new CurriculumOptions().withDataPacing(PacingFunction.LINEAR, 10, 0.2);
    ClientUpdate easyFirst = FederatedClient.train(shard, SPEC, g, opts(), slow, new float[][] {g}, SEED);
    assertTrue(easyFirst.succeeded(), easyFirst.error());
    ClientUpdate hardFirst = FederatedClient.train(shard, SPEC, g, opts(),
        slow.withDataOrdering(Ordering.ANTI_CURRICULUM), new float[][] {g}, SEED);
    assertFalse(hardFirst.succeeded());
    assertTrue(hardFirst.error().contains("diverged"), hardFirst.error());
  }

  @Test
  void badDataReturnsAFailedUpdate() {
    ClientShard clean = blobs(N, 1);
    int[] y = clean.labels().clone();
    y[17] = 5;
    ClientShard badLabel = new ClientShard(3, N, 2, 2, clean.features(), y);
    ClientUpdate u = plain(badLabel, opts(), SEED);
    assertFalse(u.succeeded());
    assertNull(u.parameters());
    assertEquals(3, u.clientId());
    assertTrue(u.error().startsWith("client 3: local training failed") && u.error().contains("label 5"), u.error());
  }

  @Test
  void divergenceReturnsAFailedUpdate() {
    ClientUpdate u = plain(blobs(N, 1), opts().withLearningRate(1e30f), SEED);
    assertFalse(u.succeeded());
    assertTrue(u.error().contains("client 3: local training diverged"), u.error());
    assertTrue(u.error().contains(LocalTrainingOptions.LEARNING_RATE.key()), u.error());
  }

  @Test
  void emptyClientReturnsAFailedUpdate() {
    ClientShard empty = new ClientShard(9, 0, 2, 2, new float[0], new int[0]);
    ClientUpdate u = plain(empty, opts(), SEED);
    assertFalse(u.succeeded());
    assertEquals(9, u.clientId());
  }

  @Test
  void missingScoresAreTheCallersBug() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FederatedClient.train(blobs(N, 1), SPEC, initial(), opts(), new CurriculumOptions(), null, SEED));
    assertTrue(e.getMessage().contains("needs per-example scores"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> FederatedClient.train(blobs(N, 1), SPEC, new float[3], opts(), null, null, SEED));
  }

  @Test
  void evaluateMatchesTheModel() {
    ClientShard shard = blobs(N, 1);
    float[] g = initial();
    EvalResult e = FederatedClient.evaluate(shard, SPEC, g);
    EvalResult m = Model.fromParameters(SPEC, g).evaluate(
        io.fedspark.math.FloatMatrix.wrap(shard.features(), N, 2), shard.labels());
    assertEquals(m.loss(), e.loss(), 0.0);
    assertEquals(m.accuracy(), e.accuracy(), 0.0);
    assertEquals(N, e.count());
  }
}
