package io.fedspark.federated.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.config.ConfigView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The loop's evaluation without test data (a Spark ML fit trains on every row): an evaluator that
 * returns null evaluates no epoch (test metrics NaN, no evaluation handed out or returned), early
 * stopping never fires, and the checkpoints are still due; with test data every epoch is evaluated.
 */
@Tag("line-independent")
class DataParallelTrainingTest {
  /** An epoch that adds 1 to every parameter and saw 10 examples, 7 right. */
  private static final EpochDriver PLUS_ONE = (start, epoch, progress) -> {
    float[] p = start.params().clone();
    for (int i = 0; i < p.length; i++) {
      p[i] += 1;
    }
    return new EpochRunner.Result(TrainState.initial(p), 2, 5.0, 10, 7);
  };

  private static DataParallelOptions options(int patience) {
    return DataParallelOptions.from(ConfigView.of(Map.of("train.epochs", 3,
        "train.early-stopping.patience", patience)));
  }

  @Test
  void withoutTestDataNoEpochIsEvaluated() {
    List<ConfusionAccumulator> handedOut = new ArrayList<>();
    List<TrainCheckpoint> checkpoints = new ArrayList<>();
    int[] calls = {0};
    DataParallelTraining loop = new DataParallelTraining(options(1), PLUS_ONE, p -> {
      calls[0]++;
      return null;
    }, "fp");
    DataParallelTraining.Result r = loop.run(new float[] {0f, 1f}, null, (m, eval, cp, eta) -> {
      handedOut.add(eval);
      checkpoints.add(cp);
    }, e -> false);
    assertEquals(3, r.epochs(), "patience 1 without evaluations never stops early");
    assertFalse(r.stoppedEarly());
    assertNull(r.evaluation());
    assertEquals(3f, r.params()[0]);
    assertEquals(3, calls[0], "asked every due epoch, and not again at the end");
    assertTrue(handedOut.stream().allMatch(e -> e == null));
    assertTrue(r.history().stream().noneMatch(EpochMetrics::evaluated));
    assertTrue(Double.isNaN(r.history().get(2).testAccuracy()));
    assertEquals(0.7, r.history().get(0).trainAccuracy(), 1e-12);
    assertTrue(checkpoints.stream().allMatch(cp -> cp != null), "checkpoint.every = 1: every epoch");
  }

  @Test
  void withTestDataEveryEpochIsEvaluated() {
    ConfusionAccumulator eval = new ConfusionAccumulator(2);
    eval.add(0, 0, 0.5);
    eval.add(1, 0, 1.5);
    DataParallelTraining.Result r = new DataParallelTraining(options(0), PLUS_ONE, p -> eval, "fp")
        .run(new float[] {0f}, null, (m, e, cp, eta) -> assertNotNull(e), e -> false);
    assertTrue(r.history().stream().allMatch(EpochMetrics::evaluated));
    assertEquals(0.5, r.evaluation().accuracy());
    assertEquals(1.0, r.history().get(0).testLoss());
  }
}
