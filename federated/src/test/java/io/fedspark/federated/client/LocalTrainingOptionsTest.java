package io.fedspark.federated.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.client.LocalTrainingOptions.LearningRateDecay;
import io.fedspark.math.optim.LearningRateSchedule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

@Tag("line-independent")
class LocalTrainingOptionsTest {
  @Test
  void referenceSettingsAreThePapers() {
    LocalTrainingOptions o = LocalTrainingOptions.reference();
    assertEquals(10, o.localEpochs());
    assertEquals(10, o.batchSize());
    assertEquals(0.01f, o.learningRate());
    assertEquals(0.9f, o.momentum());
    assertEquals(5e-4f, o.weightDecay());
    assertEquals(LearningRateDecay.INVERSE, o.lrSchedule());
    assertEquals(0f, o.proximalMu());
    // lr_t = lr0 (1 + 0.001 t)^(-0.75): at t = 1000 the factor is 2^(-0.75).
    assertEquals(Math.pow(2, -0.75), o.learningRateSchedule().factor(1000), 1e-15);
    assertEquals(new LearningRateSchedule.InverseDecay(0.001, 0.75), o.learningRateSchedule());
    assertEquals(LearningRateSchedule.constant(), o.withConstantLearningRate().learningRateSchedule());
  }

  @Test
  void defaultsAreTheConfigurationDefaults() {
    LocalTrainingOptions o = new LocalTrainingOptions();
    assertEquals(1, o.localEpochs());
    assertEquals(0.05f, o.learningRate());
    assertEquals(LocalTrainingOptions.from(io.fedspark.federated.config.ConfigView.defaults()), o);
  }

  @Test
  void validationNamesTheKey() {
    LocalTrainingOptions o = new LocalTrainingOptions();
    assertMessage("federate.client.local-epochs = 0", () -> o.withLocalEpochs(0));
    assertMessage("federate.client.batch-size = -1", () -> o.withBatchSize(-1));
    assertMessage("federate.client.learning-rate = 0.0", () -> o.withLearningRate(0f));
    assertMessage("federate.client.learning-rate = Infinity", () -> o.withLearningRate(Float.POSITIVE_INFINITY));
    assertMessage("federate.client.momentum = 1.0", () -> o.withMomentum(1f));
    assertMessage("federate.client.weight-decay = NaN", () -> o.withWeightDecay(Float.NaN));
    assertMessage("federate.client.lr-decay-a = -1.0", () -> o.withInverseDecay(-1, 0.75));
    assertMessage("federate.client.lr-decay-b = NaN", () -> o.withInverseDecay(0.001, Double.NaN));
    assertMessage("the proximal coefficient mu is -0.5", () -> o.withProximalMu(-0.5f));
    assertMessage("federate.client.lr-schedule = 'cosine': expected one of constant | inverse",
        () -> LocalTrainingOptions.LR_SCHEDULE.parse("cosine"));
    assertEquals(LearningRateDecay.CONSTANT, LocalTrainingOptions.LR_SCHEDULE.parse(" Constant "));
  }

  private static void assertMessage(String start, Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().startsWith(start), x.getMessage());
  }

  @Test
  void serializable() throws Exception {
    LocalTrainingOptions o = new LocalTrainingOptions().withProximalMu(0.001f);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(o, in.readObject());
    }
  }
}
