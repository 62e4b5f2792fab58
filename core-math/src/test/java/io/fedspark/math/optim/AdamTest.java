package io.fedspark.math.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Adam and AdamW against values worked out by hand from PyTorch's update rules
 * ({@code torch.optim.Adam} / {@code AdamW}, as written in the classes' Javadoc), with
 * p = (1, -2), g1 = (0.5, 1), g2 = (-0.25, 2), lr 0.1, betas (0.9, 0.999), eps 1e-8; the
 * decimals were checked in double precision. Tolerance 1e-6: about ten float operations on values
 * of order 1, each rounding by at most 6e-8 relative; a wrong bias correction or a coupled
 * instead of decoupled decay moves the result by 1e-3 or more.
 */
@Tag("line-independent")
class AdamTest {

    private static final float TOL = 1e-6f;
    private static final float[] G1 = {0.5f, 1f};
    private static final float[] G2 = {-0.25f, 2f};

    @Test
    void firstStepMovesEachParameterByTheLearningRateAgainstTheGradientSign() {
        // m = 0.1 g, v = 0.001 g^2, bias-corrected m^ = g, v^ = g^2: step = lr g / (|g| + eps)
        Adam adam = new Adam(new AdamOptions().withLearningRate(0.1));
        float[] p = {1f, -2f};
        adam.step(p, G1);
        assertArrayEquals(new float[] {0.9f, -2.1f}, p, TOL);
        assertArrayEquals(new float[] {0.05f, 0.1f}, adam.saveState().array("firstMoment"), 1e-9f);
        assertArrayEquals(new float[] {0.00025f, 0.001f}, adam.saveState().array("secondMoment"), 1e-10f);
    }

    @Test
    void secondStepUsesBiasCorrection() {
        // m = 0.9 m + 0.1 g2 = (0.02, 0.29); v = 0.999 v + 0.001 g2^2 = (0.00031225, 0.004999)
        // 1 - 0.9^2 = 0.19, 1 - 0.999^2 = 0.001999
        // p0 = 0.9 - 0.1 (0.02/0.19) / sqrt(0.00031225/0.001999) = 0.8733663
        // p1 = -2.1 - 0.1 (0.29/0.19) / sqrt(0.004999/0.001999) = -2.1965182
        Adam adam = new Adam(new AdamOptions().withLearningRate(0.1));
        float[] p = {1f, -2f};
        adam.step(p, G1);
        adam.step(p, G2);
        assertArrayEquals(new float[] {0.8733663f, -2.1965182f}, p, TOL);
        assertEquals(2, adam.stepCount());
    }

    @Test
    void adamAddsL2DecayToTheGradient() {
        // wd 0.5: g1' = g1 + 0.5 p = (1, 0): the second parameter has no gradient and stays at -2
        // step 2: p = (0.9, -2), g2' = (0.2, 1); m = (0.11, 0.1), v = (0.001039, 0.001)
        // p0 = 0.9 - 0.1 (0.11/0.19) / sqrt(0.001039/0.001999) = 0.8196959
        // p1 = -2 - 0.1 (0.1/0.19) / sqrt(0.001/0.001999) = -2.0744137
        Adam adam = new Adam(new AdamOptions(0.1, 0.9, 0.999, 1e-8, 0.5));
        float[] p = {1f, -2f};
        adam.step(p, G1);
        assertArrayEquals(new float[] {0.9f, -2f}, p, TOL);
        adam.step(p, G2);
        assertArrayEquals(new float[] {0.8196959f, -2.0744137f}, p, TOL);
    }

    @Test
    void adamWDecouplesTheDecay() {
        // p *= 1 - lr wd = 0.95 before each Adam step; the moments see the raw gradient
        // step 1: (0.95 - 0.1, -1.9 - 0.1) = (0.85, -2.0)
        // step 2: (0.85 * 0.95 - 0.0266337, -2 * 0.95 - 0.0965182) = (0.7808663, -1.9965182)
        AdamW adamw = new AdamW(new AdamOptions(0.1, 0.9, 0.999, 1e-8, 0.5));
        float[] p = {1f, -2f};
        adamw.step(p, G1);
        assertArrayEquals(new float[] {0.85f, -2f}, p, TOL);
        adamw.step(p, G2);
        assertArrayEquals(new float[] {0.7808663f, -1.9965182f}, p, TOL);
        assertEquals(OptimizerKind.ADAMW, adamw.kind());
    }

    @Test
    void adamWWithoutDecayIsAdamBitForBit() {
        float[] a = {0.3f, -0.7f, 1.1f};
        float[] b = a.clone();
        Adam adam = new Adam(new AdamOptions());
        AdamW adamw = new AdamW(new AdamOptions());
        float[][] grads = {{0.1f, -0.2f, 0.3f}, {0.4f, 0f, -0.1f}, {-0.3f, 0.2f, 0.05f}};
        for (float[] g : grads) {
            adam.step(a, g);
            adamw.step(b, g);
        }
        assertArrayEquals(a, b, 0f);
    }

    @Test
    void scheduleScalesTheStep() {
        // linear(steps=1, final=0.5): step 0 uses lr 0.1, step 1 uses 0.05
        Adam adam = new Adam(new AdamOptions().withLearningRate(0.1), new LearningRateSchedule.LinearDecay(1, 0.5));
        float[] p = {1f};
        assertEquals(0.1f, adam.learningRate());
        adam.step(p, new float[] {3f});
        assertEquals(0.05f, adam.learningRate());
        // second gradient equal to the first: m^ = g and v^ = g^2 again, so the step is lr * sign(g)
        adam.step(p, new float[] {3f});
        assertArrayEquals(new float[] {0.85f}, p, TOL);
    }

    @Test
    void defaultsAreThoseOfPyTorch() {
        AdamOptions adam = new AdamOptions();
        assertEquals(new AdamOptions(1e-3, 0.9, 0.999, 1e-8, 0), adam);
        assertEquals(0.01, AdamOptions.adamWDefaults().weightDecay());
    }

    @Test
    void optionsAndShapesAreValidated() {
        assertEquals("adam beta2 is 1.0, expected a number in [0, 1)",
                assertThrows(IllegalArgumentException.class, () -> new AdamOptions().withBetas(0.9, 1.0)).getMessage());
        assertEquals("adam epsilon is 0.0, expected a finite number > 0",
                assertThrows(IllegalArgumentException.class, () -> new AdamOptions(1e-3, 0.9, 0.999, 0, 0)).getMessage());
        assertEquals("adam learningRate is NaN, expected a finite number > 0",
                assertThrows(IllegalArgumentException.class, () -> new AdamOptions().withLearningRate(Double.NaN)).getMessage());
        assertEquals("adam weightDecay is -1.0, expected a finite number >= 0",
                assertThrows(IllegalArgumentException.class, () -> new AdamOptions().withWeightDecay(-1)).getMessage());
        Adam adam = new Adam(new AdamOptions());
        adam.step(new float[3], new float[3]);
        assertEquals("adam step: params has 4 floats but the firstMoment state has 3",
                assertThrows(IllegalArgumentException.class, () -> adam.step(new float[4], new float[4])).getMessage());
        assertEquals("adamw step: params has 2 floats but grad has 3",
                assertThrows(IllegalArgumentException.class,
                        () -> new AdamW(new AdamOptions()).step(new float[2], new float[3])).getMessage());
    }
}
