package io.fedspark.federated.unlearning;

import io.fedspark.math.Choice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.SignSgd;
import io.fedspark.math.optim.SignSgdOptions;
import io.fedspark.math.random.SeedSequence;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The first-order bi-level worst-case forget-set search on the 8x8 digits (about two seconds). */
@Tag("line-independent")
class WorstCaseForgetSetSearchTest {

  /**
   * A tiny budget that moves: with the reference lr_w = 0.01, ten selection epochs move a weight by
   * at most 0.01 * sum of its losses (about 0.1 on the digits), never enough for the final top-m to
   * leave the random start, so the search would return its starting subset unchanged.
   */
  private static final WorstCaseSearchOptions TINY = new WorstCaseSearchOptions()
      .withLowerLevel(LowerLevelStart.RETRAIN).withLearningRates(0.01f, 1.0);

  @Test
  void returnsMDistinctSortedIndicesDeterministically() {
    LabeledDataset train = Digits.train();
    int m = 50;
    WorstCaseForgetSetSearch search = new WorstCaseForgetSetSearch(TINY.withEpochs(3, 2));
    ForgetSetSearchResult a = search.search(Digits.SPEC, Digits.original(), train, m, SeedSequence.root(7));
    ForgetSetSearchResult b = search.search(Digits.SPEC, Digits.original(), train, m, SeedSequence.root(7));
    assertEquals(m, a.indices().length);
    for (int k = 1; k < m; k++) {
      assertTrue(a.indices()[k - 1] < a.indices()[k], "indices not strictly ascending at " + k);
    }
    assertTrue(a.indices()[0] >= 0 && a.indices()[m - 1] < train.size());
    assertArrayEquals(a.indices(), b.indices());
    assertArrayEquals(a.objective(), b.objective(), 0.0);
    assertEquals(3, a.objective().length);
    assertEquals(m, Arrays.stream(a.relaxedWeights()).sum(), 1e-5);
    ForgetSetSearchResult other = search.search(Digits.SPEC, Digits.original(), train, m, SeedSequence.root(8));
    assertTrue(!Arrays.equals(a.indices(), other.indices()), "another seed, another start, another set");
  }

  /**
   * The paper's headline on a small scale: Retrain forgets a random 10% at about the test error,
   * but the worst-case 10% not at all (UA near 0), and the search objective falls.
   */
  @Test
  void retrainForgetsTheWorstCaseSetLessThanARandomSet() {
    LabeledDataset train = Digits.train();
    LabeledDataset test = Digits.test();
    float[] original = Digits.original();
    int m = train.size() / 10;
    ForgetSetSearchResult worst = new WorstCaseForgetSetSearch(TINY).search(Digits.SPEC, original, train, m,
        SeedSequence.root(200));
    ForgetSetSearchResult easiest = new WorstCaseForgetSetSearch(TINY.withMode(SearchMode.EASIEST)).search(Digits.SPEC,
        original, train, m, SeedSequence.root(200));
    int[] random = ForgetSets.random(train.size(), m, SeedSequence.root(100));
    UnlearningResult onRandom = retrain(UnlearningProblem.split(Digits.SPEC, original, train, random, test),
        ForgetKind.RANDOM);
    UnlearningResult onWorst = retrain(UnlearningProblem.split(Digits.SPEC, original, train, worst.indices(), test),
        ForgetKind.WORST_CASE);
    UnlearningResult onEasiest = retrain(UnlearningProblem.split(Digits.SPEC, original, train, easiest.indices(), test),
        ForgetKind.EASIEST);
    System.out.println(UnlearningResult.CSV_HEADER);
    System.out.println(onRandom.toCsv());
    System.out.println(onWorst.toCsv());
    System.out.println(onEasiest.toCsv());
    System.out.println("worst-case objective per epoch " + Arrays.toString(worst.objective()));
    System.out.println("easiest objective per epoch " + Arrays.toString(easiest.objective()));
    assertTrue(onWorst.scores().ua() < onRandom.scores().ua(),
        "Retrain UA worst-case " + onWorst.scores().ua() + " vs random " + onRandom.scores().ua());
    assertTrue(onEasiest.scores().ua() > onRandom.scores().ua(),
        "Retrain UA easiest " + onEasiest.scores().ua() + " vs random " + onRandom.scores().ua());
    double[] o = worst.objective();
    assertTrue(o[o.length - 1] < o[0] / 2, "objective " + Arrays.toString(o) + " did not halve");
  }

  private static UnlearningResult retrain(UnlearningProblem p, ForgetKind kind) {
    return UnlearningMetrics.evaluate(new Retrain(), p, kind, 3, new MiaOptions());
  }

  @Test
  void usesTheGivenLossPassOncePerSelectionEpoch() {
    LabeledDataset train = Digits.train().head(300);
    AtomicInteger calls = new AtomicInteger();
    PerExampleLoss.Pass inProcess = PerExampleLoss.inProcess(Digits.SPEC, train, 64);
    PerExampleLoss.Pass counting = params -> {
      calls.incrementAndGet();
      return inProcess.losses(params);
    };
    WorstCaseForgetSetSearch search = new WorstCaseForgetSetSearch(TINY.withEpochs(4, 1));
    ForgetSetSearchResult viaPass = search.search(Digits.SPEC, Digits.original(), train, 30, SeedSequence.root(1),
        counting);
    assertEquals(4, calls.get());
    ForgetSetSearchResult direct = search.search(Digits.SPEC, Digits.original(), train, 30, SeedSequence.root(1));
    assertArrayEquals(direct.indices(), viaPass.indices());
  }

  @Test
  void perExampleLossOfBlocksIsTheModelsPerExampleLoss() {
    LabeledDataset train = Digits.train().head(500);
    float[] params = Digits.original();
    float[] whole = Model.fromParameters(Digits.SPEC, params)
        .loss(FloatMatrix.wrap(train.features(), 0, train.size(), train.featureCount()), train.labels(), null)
        .exampleLosses();
    // the rows 100..149 as a block of their own, as a Spark partition would hold them
    float[] block = PerExampleLoss.compute(Digits.SPEC, params,
        Arrays.copyOfRange(train.features(), 100 * 64, 150 * 64), Arrays.copyOfRange(train.labels(), 100, 150));
    // tolerance: a GEMM may round differently for a different number of rows
    assertArrayEquals(Arrays.copyOfRange(whole, 100, 150), block, 1e-5f);
    assertArrayEquals(whole, PerExampleLoss.inProcess(Digits.SPEC, train, 77).losses(params), 1e-5f);
    var e = assertThrows(IllegalArgumentException.class,
        () -> PerExampleLoss.compute(Digits.SPEC, params, new float[64 * 3], new int[2]));
    assertEquals("per-example loss: 2 labels need 128 features (64 per example for model mlp:64-32-10), got 192",
        e.getMessage());
  }

  @Test
  void sumLowerLevelSkipsBatchesWhoseWeightsAreAllZero() {
    LabeledDataset train = Digits.train().head(100);
    float[] start = Digits.original();
    SgdTrainer.Objective sum = new SgdTrainer.Objective(false, SgdTrainer.Reduction.SUM, null, 0f, null);
    float[] after = SgdTrainer.run(Digits.SPEC, start, train, new float[100], 3, 25,
        new SignSgd(new SignSgdOptions(0.01f)), sum, SgdTrainer.EpochHook.NONE, SeedSequence.root(1), "test");
    assertArrayEquals(start, after, 0f);
  }

  @Test
  void invalidSearchesNameTheirInputs() {
    LabeledDataset train = Digits.train().head(40);
    WorstCaseForgetSetSearch search = new WorstCaseForgetSetSearch();
    var e = assertThrows(IllegalArgumentException.class,
        () -> search.search(Digits.SPEC, Digits.original(), train, 40, SeedSequence.root(1)));
    assertEquals("worst-case forget-set search: forget size 40 of 40 examples of digits-train[:40], expected"
        + " 1 <= size < 40", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> search.search(ModelSpec.parse("logreg:64-10"), Digits.original(), train, 4, SeedSequence.root(1)));
    assertTrue(e.getMessage().startsWith("worst-case forget-set search: the original parameters have"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new WorstCaseSearchOptions().withEpochs(0, 10));
    assertEquals("unlearn.search.select-epochs = 0: expected an integer >= 1", e.getMessage());
    assertEquals(SearchMode.EASIEST, Choice.parse(SearchMode.class, "Easiest", "mode"));
    e = assertThrows(IllegalArgumentException.class, () -> WorstCaseSearchOptions.LOWER_LEVEL.parse("scratch"));
    assertEquals("unlearn.search.lower-level = 'scratch': expected one of fine-tune | retrain", e.getMessage());
  }
}
