package io.fedspark.math.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Expected values worked out by hand from the update rule in {@link Sgd}'s Javadoc. Tolerance
 * 1e-6: a handful of float operations on values of order 1 round to within a few 6e-8.
 */
@Tag("line-independent")
class SgdTest {

    private static final float TOL = 1e-6f;

    @Test
    void plainStep() {
        float[] p = {1f, -2f};
        new Sgd(SgdOptions.plain(0.1f)).step(p, new float[] {0.5f, 1f});
        assertArrayEquals(new float[] {0.95f, -2.1f}, p, TOL);
    }

    @Test
    void momentumWithWeightDecayTwoSteps() {
        Sgd sgd = new Sgd(new SgdOptions(0.1f, 0.9f, 0.01f, false));
        float[] p = {1f, -2f};
        float[] g = {0.5f, 1f};
        sgd.step(p, g);
        // g' = g + 0.01 p = {0.51, 0.98}; v = g'; p -= 0.1 v
        assertArrayEquals(new float[] {0.949f, -2.098f}, p, TOL);
        sgd.step(p, g);
        // g' = {0.50949, 0.97902}; v = 0.9 {0.51, 0.98} + g' = {0.96849, 1.86102}; p -= 0.1 v
        assertArrayEquals(new float[] {0.852151f, -2.284102f}, p, TOL);
        assertArrayEquals(new float[] {0.96849f, 1.86102f}, sgd.state(), TOL);
        assertArrayEquals(new float[] {0.5f, 1f}, g, 0f, "the gradient is not modified");
    }

    @Test
    void nesterovStep() {
        Sgd sgd = new Sgd(new SgdOptions(0.1f, 0.9f, 0.01f, true));
        float[] p = {1f, -2f};
        sgd.step(p, new float[] {0.5f, 1f});
        // v = g' = {0.51, 0.98}; d = g' + 0.9 v = {0.969, 1.862}
        assertArrayEquals(new float[] {0.9031f, -2.1862f}, p, TOL);
    }

    @Test
    void stateRoundTripContinuesExactly() {
        SgdOptions options = new SgdOptions(0.05f, 0.9f, 1e-4f, true);
        Sgd a = new Sgd(options);
        float[] pa = {0.3f, -0.7f, 1.1f};
        float[][] grads = {{0.1f, -0.2f, 0.3f}, {0.4f, 0.0f, -0.1f}, {-0.3f, 0.2f, 0.05f}};
        a.step(pa, grads[0]);
        Sgd b = new Sgd(options);
        b.setState(a.state());
        float[] pb = pa.clone();
        for (int s = 1; s < 3; s++) {
            a.step(pa, grads[s]);
            b.step(pb, grads[s]);
        }
        assertArrayEquals(pa, pb, 0f, "restored state must continue bit for bit");
        assertEquals(0, new Sgd(options).state().length, "no state before the first step");
    }

    @Test
    void learningRateFollowsTheSchedule() {
        // multistep(milestones=[1], gamma=0.5): step 0 uses 0.2, step 1 uses 0.1; no momentum
        Sgd sgd = new Sgd(SgdOptions.plain(0.2f), new LearningRateSchedule.MultiStep(java.util.List.of(1L), 0.5));
        float[] p = {1f};
        assertEquals(0.2f, sgd.learningRate());
        sgd.step(p, new float[] {1f});
        assertEquals(0.1f, sgd.learningRate());
        sgd.step(p, new float[] {1f});
        assertArrayEquals(new float[] {0.7f}, p, TOL);
        assertEquals(2, sgd.stepCount());
        assertEquals(OptimizerKind.SGD, sgd.kind());
    }

    @Test
    void legacyVelocityStateAndFullStateAgree() {
        Sgd sgd = new Sgd(new SgdOptions(0.1f, 0.9f, 0f, false));
        float[] p = {1f, -2f};
        sgd.step(p, new float[] {0.5f, 1f});
        assertArrayEquals(sgd.state(), sgd.saveState().array("velocity"), 0f);
        sgd.reset();
        assertEquals(0, sgd.state().length);
        assertEquals(0, sgd.stepCount());
    }

    @Test
    void lengthMismatchIsReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sgd(new SgdOptions()).step(new float[3], new float[4]));
        assertEquals("sgd step: params has 3 floats but grad has 4", e.getMessage());
    }

    @Test
    void optionsValidateThemselves() {
        assertEquals(0.01f, new SgdOptions().learningRate());
        assertEquals("sgd learningRate is 0.0, expected a finite number > 0",
                assertThrows(IllegalArgumentException.class, () -> SgdOptions.plain(0f)).getMessage());
        assertEquals("sgd momentum is 1.0, expected a number in [0, 1)",
                assertThrows(IllegalArgumentException.class, () -> new SgdOptions(0.1f, 1f, 0f, false)).getMessage());
        assertEquals("sgd weightDecay is NaN, expected a finite number >= 0",
                assertThrows(IllegalArgumentException.class, () -> new SgdOptions(0.1f, 0f, Float.NaN, false)).getMessage());
        assertEquals("sgd nesterov is true but momentum is 0; Nesterov momentum needs momentum > 0",
                assertThrows(IllegalArgumentException.class, () -> new SgdOptions(0.1f, 0f, 0f, true)).getMessage());
        assertEquals(0.5f, new SgdOptions().withLearningRate(0.5f).learningRate());
    }
}
