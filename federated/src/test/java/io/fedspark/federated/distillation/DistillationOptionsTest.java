package io.fedspark.federated.distillation;

import io.fedspark.math.Choice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.math.nn.ModelSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The options records carry the reference defaults and refuse bad values by name. */
@Tag("line-independent")
class DistillationOptionsTest {

  @Test
  void krrStDefaultsAreTheReferenceValues() {
    KrrStOptions o = new KrrStOptions();
    assertEquals(1000, o.syntheticSize());
    assertEquals(160_000, o.outerSteps());
    assertEquals(1024, o.outerBatchSize());
    assertEquals(10, o.poolSize());
    assertEquals(1e-4, o.outerLearningRate());
    assertEquals(1e-3, o.finalLearningRateFactor());
    assertEquals(0.1f, o.poolOptimizer().learningRate());
    assertEquals(0.9f, o.poolOptimizer().momentum());
    assertEquals(1e-3f, o.poolOptimizer().weightDecay());
    assertEquals(1000, o.poolResetPeriod());
    assertEquals(1, o.poolInitStepsMin());
    assertEquals(999, o.poolInitStepsMax());
    assertEquals(1e-6, o.ridgeFactor());
  }

  @Test
  void badValuesAreNamed() {
    IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
        () -> new KrrStOptions().withSyntheticSize(0));
    assertTrue(m.getMessage().contains("syntheticSize is 0"), m.getMessage());
    IllegalArgumentException spec = assertThrows(IllegalArgumentException.class,
        () -> new KrrStOptions().withPool(2, ModelSpec.parse("mlp:784-32-10")));
    assertTrue(spec.getMessage().contains("loss=mse"), spec.getMessage());
    IllegalArgumentException pixels = assertThrows(IllegalArgumentException.class,
        () -> new KrrStOptions().withPool(2, ModelSpec.parse("mlp:64-32-8:loss=mse")));
    assertTrue(pixels.getMessage().contains("28 x 28") && pixels.getMessage().contains("64 inputs"),
        pixels.getMessage());
    IllegalArgumentException steps = assertThrows(IllegalArgumentException.class,
        () -> new KrrStOptions().withPoolSchedule(10, 5, 4));
    assertTrue(steps.getMessage().contains("[5, 4]"), steps.getMessage());
    IllegalArgumentException repeats = assertThrows(IllegalArgumentException.class,
        () -> new EvaluationOptions().withRepeats(0));
    assertTrue(repeats.getMessage().contains("repeats is 0"), repeats.getMessage());
  }

  @Test
  void representationKindsHaveConfigNames() {
    assertEquals(RepresentationKind.SELF_SUPERVISED, Choice.parse(RepresentationKind.class, " Self-Supervised ", "RepresentationKind"));
    assertEquals(RepresentationKind.SUPERVISED, Choice.parse(RepresentationKind.class, "supervised", "RepresentationKind"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Choice.parse(RepresentationKind.class, "pca", "RepresentationKind"));
    assertTrue(e.getMessage().contains("self-supervised | supervised"), e.getMessage());
  }
}
