package io.fedspark.federated.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fedspark.federated.curriculum.ScoringModel;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which parameter vectors a client's data-level scores sum, before and after it has trained. */
@Tag("line-independent")
class ScoringParametersTest {
  private static final float[] GLOBAL = {1, 2};
  private static final float[] LOCAL_3 = {3, 4};
  private static final float[] EXPERT = {5, 6};

  @Test
  void localPlusGlobalAddsTheLocalTermOnlyOnceTheClientHasTrained() {
    ScoringParameters p = new ScoringParameters(null, Map.of(3, LOCAL_3));
    float[][] trained = p.forClient(ScoringModel.LOCAL_PLUS_GLOBAL, 3, GLOBAL);
    assertEquals(2, trained.length);
    assertArrayEquals(LOCAL_3, trained[0]);
    assertSame(GLOBAL, trained[1]);
    float[][] fresh = p.forClient(ScoringModel.LOCAL_PLUS_GLOBAL, 4, GLOBAL);
    assertEquals(1, fresh.length, "the reference's scoring_func: the global loss alone");
    assertSame(GLOBAL, fresh[0]);
  }

  @Test
  void localFallsBackToTheGlobalModelAndTheOthersAreFixed() {
    ScoringParameters p = new ScoringParameters(EXPERT, Map.of(3, LOCAL_3));
    assertArrayEquals(LOCAL_3, p.forClient(ScoringModel.LOCAL, 3, GLOBAL)[0]);
    assertSame(GLOBAL, p.forClient(ScoringModel.LOCAL, 4, GLOBAL)[0]);
    assertSame(GLOBAL, p.forClient(ScoringModel.GLOBAL, 3, GLOBAL)[0]);
    assertSame(EXPERT, p.forClient(ScoringModel.EXPERT, 3, GLOBAL)[0]);
    assertThrows(IllegalStateException.class, () -> ScoringParameters.NONE.forClient(ScoringModel.EXPERT, 0, GLOBAL));
  }
}
