package io.fedspark.federated.distillation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.SgdOptions;
import io.fedspark.math.random.SeedSequence;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The KRR-ST model pool: staggered initial training, one step per update, reset with a counter reset. */
@Tag("line-independent")
class FeatureExtractorPoolTest {
  private static final ModelSpec SPEC = ModelSpec.parse("mlp:6-5-3:loss=mse");
  private static final SgdOptions SGD = new SgdOptions(0.1f, 0.9f, 1e-3f, false);

  private static FeatureExtractorPool pool(long seed) {
    return new FeatureExtractorPool(SPEC, 3, SGD, 4, 1, 3, SeedSequence.root(seed));
  }

  @Test
  void reinitialisationResetsTheCounterAndDrawsTheNextGeneration() {
    FloatMatrix xs = KernelRidgeSystemTest.gaussian(8, 6, 1);
    FloatMatrix ys = KernelRidgeSystemTest.gaussian(8, 3, 2);
    FeatureExtractorPool pool = pool(9);
    pool.initialize(xs, ys);
    for (int j = 0; j < pool.size(); j++) {
      int s = pool.initialSteps(j);
      assertTrue(s >= 1 && s <= 3, "initial steps " + s);
      assertEquals(s, pool.iterations(j), "the counter starts at the number of initial steps");
      assertEquals(0, pool.generation(j));
    }
    int j = 1;
    int updates = 0;
    while (pool.iterations(j) < 4) {
      float[] before = pool.model(j).parameters().clone();
      assertFalse(pool.update(j, xs, ys));
      updates++;
      assertFalse(java.util.Arrays.equals(before, pool.model(j).parameters()), "an update is one SGD step");
    }
    assertEquals(4 - pool.initialSteps(j), updates);
    assertTrue(pool.update(j, xs, ys), "at the period the model is re-initialised");
    assertEquals(0, pool.iterations(j));
    assertEquals(1, pool.generation(j));
    Model fresh = Model.create(SPEC, SeedSequence.root(9).derive("pool-model", j, 1).seed());
    assertArrayEquals(fresh.parameters(), pool.model(j).parameters(), "generation 1 of model j");
    assertFalse(pool.update(j, xs, ys), "after a reset the model trains again");
    assertEquals(1, pool.iterations(j));
    // the other models are untouched
    assertEquals(pool.initialSteps(0), pool.iterations(0));
  }

  @Test
  void initialTrainingLowersTheMseAndIsDeterministic() {
    FloatMatrix xs = KernelRidgeSystemTest.gaussian(8, 6, 1);
    FloatMatrix ys = KernelRidgeSystemTest.gaussian(8, 3, 2);
    FeatureExtractorPool a = new FeatureExtractorPool(SPEC, 2, SGD, 1000, 30, 30, SeedSequence.root(4));
    double before = a.model(0).loss(xs, ys, null).loss();
    a.initialize(xs, ys);
    assertTrue(a.model(0).loss(xs, ys, null).loss() < 0.5 * before, "30 full-batch steps fit 8 examples");
    FeatureExtractorPool b = new FeatureExtractorPool(SPEC, 2, SGD, 1000, 30, 30, SeedSequence.root(4));
    b.initialize(xs, ys);
    assertArrayEquals(a.model(1).parameters(), b.model(1).parameters());
  }
}
