package io.fedspark.math.optim;

import io.fedspark.math.Choice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Save after k steps, restore into a fresh optimizer, continue: the parameters must equal those
 * of an uninterrupted run bit for bit (tolerance 0), for every optimizer with a non-constant
 * schedule, so that the step count is restored too.
 */
@Tag("line-independent")
class OptimizerStateTest {

    private static final int N = 37;

    static Stream<Arguments> optimizers() {
        LearningRateSchedule cosine = new LearningRateSchedule.Cosine(20, 0.01);
        return Stream.of(
                Arguments.of("sgd momentum", (Supplier<Optimizer>) () -> new Sgd(new SgdOptions(0.05f, 0.9f, 5e-4f, false),
                        new LearningRateSchedule.InverseDecay(0.001, 0.75))),
                Arguments.of("sgd nesterov", (Supplier<Optimizer>) () -> new Sgd(new SgdOptions(0.05f, 0.9f, 0f, true),
                        new LearningRateSchedule.MultiStep(List.of(3L, 6L), 0.1))),
                Arguments.of("sgd plain", (Supplier<Optimizer>) () -> new Sgd(SgdOptions.plain(0.1f), cosine)),
                Arguments.of("adam", (Supplier<Optimizer>) () -> new Adam(new AdamOptions(1e-2, 0.9, 0.999, 1e-8, 1e-3), cosine)),
                Arguments.of("adamw", (Supplier<Optimizer>) () -> new AdamW(AdamOptions.adamWDefaults(),
                        new LearningRateSchedule.LinearDecay(10, 1e-3))),
                Arguments.of("signsgd", (Supplier<Optimizer>) () -> new SignSgd(new SignSgdOptions(0.01f), cosine)));
    }

    private static float[][] gradients(int steps, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] g = new float[steps][N];
        for (float[] row : g) {
            for (int i = 0; i < N; i++) {
                row[i] = (float) r.nextGaussian();
            }
        }
        return g;
    }

    private static float[] start() {
        SplittableRandom r = new SplittableRandom(7);
        float[] p = new float[N];
        for (int i = 0; i < N; i++) {
            p[i] = (float) r.nextGaussian();
        }
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void restoredOptimizerContinuesBitForBit(String name, Supplier<Optimizer> factory) {
        float[][] grads = gradients(12, 3);
        Optimizer uninterrupted = factory.get();
        float[] a = start();
        for (float[] g : grads) {
            uninterrupted.step(a, g);
        }

        Optimizer first = factory.get();
        float[] b = start();
        for (int s = 0; s < 5; s++) {
            first.step(b, grads[s]);
        }
        OptimizerState saved = first.saveState();
        assertEquals(5, saved.step());
        Optimizer second = factory.get();
        second.restore(saved);
        assertEquals(first.learningRate(), second.learningRate());
        Optimizer rebuilt = Optimizer.fromState(saved);
        float[] c = b.clone();
        for (int s = 5; s < grads.length; s++) {
            second.step(b, grads[s]);
            rebuilt.step(c, grads[s]);
        }
        assertArrayEquals(a, b, 0f, name + ": restored run differs from the uninterrupted one");
        assertArrayEquals(a, c, 0f, name + ": run rebuilt by Optimizer.fromState differs");
        assertEquals(uninterrupted.saveState(), second.saveState());
        assertEquals(uninterrupted.saveState(), rebuilt.saveState());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void resetForgetsStateAndSteps(String name, Supplier<Optimizer> factory) {
        Optimizer fresh = factory.get();
        Optimizer used = factory.get();
        float[] p = start();
        for (float[] g : gradients(4, 5)) {
            used.step(p, g);
        }
        used.reset();
        assertEquals(0, used.stepCount());
        assertEquals(fresh.saveState(), used.saveState());
        assertEquals(fresh.learningRate(), used.learningRate());
    }

    @Test
    void savedStateIsACopy() {
        Sgd sgd = new Sgd(new SgdOptions(0.1f, 0.9f, 0f, false));
        float[] p = {1f, 2f};
        sgd.step(p, new float[] {1f, 1f});
        OptimizerState s = sgd.saveState();
        sgd.step(p, new float[] {1f, 1f});
        assertArrayEquals(new float[] {1f, 1f}, s.array("velocity"), 0f, "a later step must not change a saved state");
        s.arrays().get("velocity")[0] = 99f;
        assertArrayEquals(new float[] {1f, 1f}, s.array("velocity"), 0f, "arrays() hands out copies");
        assertEquals(Map.of("learningRate", (double) 0.1f, "momentum", (double) 0.9f, "weightDecay", 0.0, "nesterov", 0.0),
                s.hyperparameters());
        assertTrue(s.toString().startsWith("sgd state at step 1 {"), s.toString());
    }

    @Test
    void stateEqualityComparesArrayBits() {
        OptimizerState a = new OptimizerState(OptimizerKind.SGD, 1, Map.of(), LearningRateSchedule.constant(),
                Map.of("velocity", new float[] {0f}));
        OptimizerState b = new OptimizerState(OptimizerKind.SGD, 1, Map.of(), LearningRateSchedule.constant(),
                Map.of("velocity", new float[] {-0f}));
        assertNotEquals(a, b);
        assertEquals(a, new OptimizerState(OptimizerKind.SGD, 1, Map.of(), LearningRateSchedule.constant(),
                Map.of("velocity", new float[] {0f})));
        assertEquals("sgd state: step is -1, expected >= 0", assertThrows(IllegalArgumentException.class,
                () -> new OptimizerState(OptimizerKind.SGD, -1, Map.of(), LearningRateSchedule.constant(), Map.of()))
                .getMessage());
        assertEquals("adam state: hyperparameter beta1 is NaN, expected a finite number",
                assertThrows(IllegalArgumentException.class, () -> new OptimizerState(OptimizerKind.ADAM, 0,
                        Map.of("beta1", Double.NaN), LearningRateSchedule.constant(), Map.of())).getMessage());
    }

    @Test
    void restoreRefusesAStateOfAnotherOptimizerOrOtherSettings() {
        Adam adam = new Adam(new AdamOptions());
        adam.step(new float[3], new float[] {1f, 2f, 3f});
        OptimizerState saved = adam.saveState();

        assertEquals("adamw restore: the state was saved by adam, expected a adamw state",
                assertThrows(IllegalArgumentException.class, () -> new AdamW(new AdamOptions()).restore(saved)).getMessage());
        assertEquals("adam restore: the state was saved with beta2 = 0.999 but this optimizer has beta2 = 0.99; build"
                        + " the optimizer from the state (Optimizer.fromState) to resume with the saved settings",
                assertThrows(IllegalArgumentException.class,
                        () -> new Adam(new AdamOptions().withBetas(0.9, 0.99)).restore(saved)).getMessage());
        assertEquals("adam restore: the state was saved with the schedule constant but this optimizer has"
                        + " cosine(steps=10, floor=0.0); build the optimizer from the state (Optimizer.fromState) to"
                        + " resume with the saved settings",
                assertThrows(IllegalArgumentException.class,
                        () -> new Adam(new AdamOptions(), new LearningRateSchedule.Cosine(10, 0)).restore(saved))
                        .getMessage());

        OptimizerState unequal = new OptimizerState(OptimizerKind.ADAM, 1, saved.hyperparameters(), saved.schedule(),
                Map.of("firstMoment", new float[3], "secondMoment", new float[4]));
        assertEquals("adam restore: the state's arrays differ in length: firstMoment has 3, secondMoment has 4",
                assertThrows(IllegalArgumentException.class, () -> new Adam(new AdamOptions()).restore(unequal))
                        .getMessage());
        OptimizerState wrongNames = new OptimizerState(OptimizerKind.ADAM, 1, saved.hyperparameters(), saved.schedule(),
                Map.of("velocity", new float[3]));
        assertEquals("adam restore: the state has arrays [velocity], expected [firstMoment, secondMoment] or none",
                assertThrows(IllegalArgumentException.class, () -> new Adam(new AdamOptions()).restore(wrongNames))
                        .getMessage());

        Adam fresh = new Adam(new AdamOptions());
        fresh.restore(saved);
        assertEquals("adam step: params has 5 floats but the firstMoment state has 3",
                assertThrows(IllegalArgumentException.class, () -> fresh.step(new float[5], new float[5])).getMessage());
    }

    @Test
    void fromStateRejectsForeignHyperparameters() {
        OptimizerState s = new OptimizerState(OptimizerKind.SGD, 0, Map.of("learningRate", 0.1, "beta1", 0.9),
                LearningRateSchedule.constant(), Map.of());
        assertEquals("sgd state: hyperparameters are [beta1, learningRate], expected [learningRate, momentum,"
                + " nesterov, weightDecay]", assertThrows(IllegalArgumentException.class,
                        () -> Optimizer.fromState(s)).getMessage());
    }

    @Test
    void kindsParseFromTheirSpecNames() {
        for (OptimizerKind k : OptimizerKind.values()) {
            assertEquals(k, Choice.parse(OptimizerKind.class, k.configName().toUpperCase(java.util.Locale.ROOT), "test"));
        }
        assertEquals("optimizer = 'rmsprop': expected one of sgd | adam | adamw | signsgd",
                assertThrows(IllegalArgumentException.class, () -> Choice.parse(OptimizerKind.class, "rmsprop", "optimizer")).getMessage());
    }
}
