package io.fedspark.federated.curriculum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("line-independent")
class CurriculumOptionsTest {
  @Test
  void defaultsAreTheReferenceSettings() {
    CurriculumOptions o = new CurriculumOptions();
    assertEquals(Ordering.CURRICULUM, o.dataOrdering());
    assertEquals(ScoringModel.GLOBAL, o.scoringModel());
    assertEquals(ScoreKind.LOSS, o.scoreKind());
    assertEquals(PacingFunction.LINEAR, o.dataPacing());
    assertEquals(0.8, o.dataA());
    assertEquals(0.2, o.dataB());
    assertEquals(32, o.minSubsetSize());
    assertEquals(Ordering.VANILLA, o.clientOrdering());
    assertEquals(PacingFunction.LINEAR, o.clientPacing());
    assertEquals(0.8, o.clientA());
    assertEquals(0.2, o.clientB());
    assertEquals(ClientSchedule.BUDGET, o.schedule());
    assertEquals(LocalStepBudget.COMPLETE_PASSES, o.localSteps());
    assertTrue(o.dataCurriculumEnabled());
    assertTrue(o.needsDataScores());
    assertFalse(o.clientCurriculumEnabled());
    assertFalse(o.needsClientScores());
  }

  @Test
  void validationNamesTheKey() {
    CurriculumOptions o = new CurriculumOptions();
    assertMessage("federate.curriculum.data-pacing-a = 0.0", () -> o.withDataPacing(PacingFunction.LINEAR, 0, 0.2));
    assertMessage("federate.curriculum.data-pacing-b = 1.5", () -> o.withDataPacing(PacingFunction.LINEAR, 0.8, 1.5));
    assertMessage("federate.curriculum.min-subset-size = 0", () -> o.withMinSubsetSize(0));
    assertMessage("federate.curriculum.client-pacing-a = NaN",
        () -> o.withClientCurriculum(Ordering.CURRICULUM, PacingFunction.LINEAR, Double.NaN, 0.2));
    assertMessage("federate.curriculum.client-pacing-b = -0.1",
        () -> o.withClientCurriculum(Ordering.CURRICULUM, PacingFunction.LINEAR, 0.8, -0.1));
    assertMessage("federate.curriculum.data-ordering = null", () -> o.withDataOrdering(null));
    assertMessage("federate.curriculum.scoring-model = null", () -> o.withScoring(null, ScoreKind.LOSS));
  }

  private static void assertMessage(String start, org.junit.jupiter.api.function.Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().startsWith(start), x.getMessage());
  }

  @Test
  void dataSubsetSizeAppliesTheMinimumAndTheDataSize() {
    CurriculumOptions o = new CurriculumOptions();
    assertEquals(40, o.dataSubsetSize(0, 42, 200)); // 0.2 * 200
    assertEquals(32, o.dataSubsetSize(0, 42, 100)); // g = 20 < 32
    assertEquals(25, o.dataSubsetSize(0, 42, 25)); // fewer examples than the minimum: all of them
    assertEquals(200, o.withDataOrdering(Ordering.VANILLA).dataSubsetSize(0, 42, 200));
    assertEquals(1, o.withMinSubsetSize(1).withDataPacing(PacingFunction.STEP, 0.5, 0).dataSubsetSize(0, 10, 200));
  }

  @Test
  void clientPoolSizeFollowsTheClientPacing() {
    CurriculumOptions o = new CurriculumOptions().withClientCurriculum(Ordering.CURRICULUM, PacingFunction.LINEAR,
        0.8, 0.2);
    assertEquals(20, o.clientPoolSize(0, 1000, 100));
    assertEquals(60, o.clientPoolSize(400, 1000, 100)); // 20 + 80 * 400/800
    assertEquals(100, o.clientPoolSize(800, 1000, 100));
    assertEquals(100, new CurriculumOptions().clientPoolSize(0, 1000, 100), "vanilla: all clients");
  }

  @Test
  void readsTheScheduleAndLocalStepKeys() {
    CurriculumOptions o = CurriculumOptions.from(io.fedspark.federated.config.ConfigView.of(java.util.Map.of(
        "federate.curriculum.enabled", true, "federate.curriculum.schedule", "rounds",
        "federate.curriculum.local-steps", "exact"))).orElseThrow();
    assertEquals(ClientSchedule.ROUNDS, o.schedule());
    assertEquals(LocalStepBudget.EXACT, o.localSteps());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CurriculumOptions.from(
        io.fedspark.federated.config.ConfigView.of(java.util.Map.of("federate.curriculum.enabled", true,
            "federate.curriculum.schedule", "forever"))));
    assertTrue(e.getMessage().startsWith("federate.curriculum.schedule = 'forever'"), e.getMessage());
    assertTrue(e.getMessage().contains("budget | rounds"), e.getMessage());
  }

  @Test
  void clientScoresUseLocalModelsOnlyForScoredClientOrderingsUnderLocalScoring() {
    CurriculumOptions scored = new CurriculumOptions().withClientCurriculum(Ordering.ANTI_CURRICULUM,
        PacingFunction.LINEAR, 0.8, 0.2);
    assertFalse(scored.clientScoresUseLocalModels(), "global scoring");
    assertTrue(scored.withScoring(ScoringModel.LOCAL, ScoreKind.LOSS).clientScoresUseLocalModels());
    assertTrue(scored.withScoring(ScoringModel.LOCAL_PLUS_GLOBAL, ScoreKind.PREDICTION).clientScoresUseLocalModels());
    assertFalse(scored.withScoring(ScoringModel.EXPERT, ScoreKind.LOSS).clientScoresUseLocalModels());
    assertFalse(new CurriculumOptions().withScoring(ScoringModel.LOCAL, ScoreKind.LOSS).clientScoresUseLocalModels(),
        "vanilla client participation scores no clients");
  }

  @Test
  void expertTrainsWithTheReferencesDecayingScheduleByDefault() {
    ExpertOptions e = new ExpertOptions();
    assertEquals(2, e.epochs());
    var t = e.trainingOptions();
    assertEquals(2, t.localEpochs());
    assertEquals(64, t.batchSize());
    assertEquals(0.05f, t.learningRate());
    assertEquals(io.fedspark.federated.client.LocalTrainingOptions.LearningRateDecay.INVERSE, t.lrSchedule());
    assertEquals(0.001, t.lrDecayA());
    assertEquals(0.75, t.lrDecayB());
    ExpertOptions constant = ExpertOptions.from(io.fedspark.federated.config.ConfigView.of(java.util.Map.of(
        "federate.curriculum.expert.lr-schedule", "constant", "federate.curriculum.expert.epochs", 10)));
    assertEquals(10, constant.trainingOptions().localEpochs());
    assertEquals(io.fedspark.federated.client.LocalTrainingOptions.LearningRateDecay.CONSTANT,
        constant.trainingOptions().lrSchedule());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> new ExpertOptions(2, 64, 0.05f, null, 0.001, 0.75));
    assertTrue(bad.getMessage().startsWith("federate.curriculum.expert.lr-schedule = null"), bad.getMessage());
  }

  @Test
  void serializable() throws Exception {
    CurriculumOptions o = new CurriculumOptions().withScoring(ScoringModel.LOCAL_PLUS_GLOBAL, ScoreKind.PREDICTION);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(o, in.readObject());
    }
  }
}
