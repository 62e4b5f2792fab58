package io.fedspark.federated.distillation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.nn.ModelSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The outer gradient-norm clip: the bound, the direction, and the KRR-ST step that uses it. */
@Tag("line-independent")
class GradientNormClipTest {

  @Test
  void aGradientAboveTheBoundIsScaledToItKeepingItsDirection() {
    float[] g = {3, -4, 0, 12}; // norm 13
    float[] original = g.clone();
    double before = GradientNormClip.clip(g, 2.6);
    assertEquals(13, before, 1e-9);
    assertTrue(GradientNormClip.norm(g) <= 2.6, "clipped norm " + GradientNormClip.norm(g));
    assertEquals(2.6, GradientNormClip.norm(g), 1e-5);
    for (int i = 0; i < g.length; i++) {
      assertEquals(original[i] * 0.2, g[i], 1e-6, "component " + i + " keeps the direction");
    }
  }

  @Test
  void aGradientWithinTheBoundIsUnchanged() {
    float[] g = {3, -4};
    assertEquals(5, GradientNormClip.clip(g, 5.1), 1e-12);
    assertArrayEquals(new float[] {3, -4}, g);
    assertThrows(IllegalArgumentException.class, () -> GradientNormClip.clip(g, 0));
    assertThrows(IllegalArgumentException.class, () -> new KrrStOptions().withOuterGradientClip(-1));
  }

  /**
   * A KRR-ST run with a clip far below its gradients: every step's gradient handed to AdamW
   * respects the bound while the unclipped norm exceeds it, and the synthetic set differs from the
   * unclipped run's; clip 0 (off, the default) is bit-identical to the default options.
   */
  @Test
  void clippedOuterStepsRespectTheBound() {
    LabeledDataset source = Mnist.train(1000);
    TargetEncoder phi = TargetEncoderTrainer.train(source,
        TargetEncoderTrainerTest.tiny(RepresentationKind.SELF_SUPERVISED).withEpochs(1), 1);
    KrrStOptions base = new KrrStOptions().withSyntheticSize(8).withOuterSteps(6).withOuterBatchSize(128)
        .withPool(2, ModelSpec.parse("mlp:784-32-16-16:loss=mse")).withPoolSchedule(1000, 1, 10)
        .withOuterLearningRate(1e-2);
    double bound = 1e-4;
    KrrStDistiller clipped = KrrStDistiller.start(base.withOuterGradientClip(bound), phi, source, 5);
    for (int t = 0; t < 6; t++) {
      clipped.step(source);
      assertTrue(clipped.lastGradientNorm() > bound, "step " + t + ": unclipped norm " + clipped.lastGradientNorm());
      // the float rounding of the scaled components may exceed the double bound by an ulp
      assertTrue(clipped.lastAppliedGradientNorm() <= bound * (1 + 1e-6), "step " + t + ": applied norm "
          + clipped.lastAppliedGradientNorm() + " above the bound " + bound);
    }
    DistilledSet off = KrrStDistiller.start(base.withOuterGradientClip(0), phi, source, 5).distill(source);
    DistilledSet reference = KrrStDistiller.start(base, phi, source, 5).distill(source);
    assertArrayEquals(reference.inputs(), off.inputs());
    assertArrayEquals(reference.targets(), off.targets());
    float[] clippedInputs = clipped.result().inputs();
    boolean differs = false;
    for (int i = 0; i < clippedInputs.length && !differs; i++) {
      differs = clippedInputs[i] != off.inputs()[i];
    }
    assertTrue(differs, "clipping changed nothing");
  }
}
