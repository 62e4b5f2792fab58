package io.fedspark.math.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Schedule factors against values worked out by hand from the formulas in
 * {@link LearningRateSchedule}'s Javadoc. Tolerance 1e-12: a few double operations on factors of
 * order 1.
 */
@Tag("line-independent")
class LearningRateScheduleTest {

    private static final double TOL = 1e-12;

    @Test
    void constant() {
        LearningRateSchedule s = LearningRateSchedule.constant();
        assertEquals(1.0, s.factor(0));
        assertEquals(1.0, s.factor(1_000_000));
        assertEquals(0.1f, s.learningRate(0.1f, 7), "a float base rate comes back exactly");
    }

    @Test
    void multiStepMultipliesByGammaAtEachMilestone() {
        LearningRateSchedule s = new LearningRateSchedule.MultiStep(List.of(2L, 4L), 0.1);
        double[] expected = {1, 1, 0.1, 0.1, 0.01, 0.01};
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], s.factor(t), TOL, "step " + t);
        }
    }

    @Test
    void cosineFallsToTheFloorAndStays() {
        LearningRateSchedule s = new LearningRateSchedule.Cosine(4, 0.1);
        assertEquals(1.0, s.factor(0), TOL);
        // 0.1 + 0.9 (1 + cos(pi/4)) / 2 = 0.1 + 0.9 * 0.8535533905932737
        assertEquals(0.8681980515339464, s.factor(1), TOL);
        assertEquals(0.55, s.factor(2), TOL);
        assertEquals(0.1, s.factor(4), TOL);
        assertEquals(0.1, s.factor(100), TOL, "no rise after T, unlike PyTorch's closed form");
    }

    @Test
    void linearDecayAsKrrStUsesIt() {
        LearningRateSchedule s = new LearningRateSchedule.LinearDecay(10, 1e-3);
        assertEquals(1.0, s.factor(0), TOL);
        assertEquals(0.5005, s.factor(5), TOL);
        assertEquals(1e-3, s.factor(10), TOL);
        assertEquals(1e-3, s.factor(11), TOL);
    }

    @Test
    void inverseDecayAsTheCurriculumPaperUsesIt() {
        LearningRateSchedule s = new LearningRateSchedule.InverseDecay(0.001, 0.75);
        assertEquals(1.0, s.factor(0), TOL);
        assertEquals(Math.pow(2, -0.75), s.factor(1000), TOL); // (1 + 1)^-0.75 = 0.5946035575
        assertEquals(0.5946035575013605, s.factor(1000), TOL);
        assertEquals(0.01f * 0.5946035575013605, s.learningRate(0.01f, 1000), 1e-9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"constant", "multistep(milestones=[91,136], gamma=0.1)", "cosine(steps=1000, floor=0.0)",
        "linear(steps=160000, final=0.001)", "inverse(a=0.001, b=0.75)", "cosine(steps=5, floor=1.0E-4)"})
    void specStringsRoundTrip(String spec) {
        LearningRateSchedule s = LearningRateSchedule.parse(spec);
        assertEquals(spec, s.toString());
        assertEquals(s, LearningRateSchedule.parse(s.toString()));
    }

    @Test
    void parsingIsLenientAboutSpacesAndCase() {
        assertEquals(new LearningRateSchedule.MultiStep(List.of(3L, 5L), 0.5),
                LearningRateSchedule.parse("  MultiStep( gamma = 0.5 , milestones = [ 3 , 5 ] ) "));
    }

    @Test
    void badSpecsNameTheTextAndWhatWasExpected() {
        String e1 = assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("step(a=1)")).getMessage();
        assertTrue(e1.startsWith("learning-rate schedule 'step(a=1)': unknown schedule 'step'; expected one of constant,"), e1);
        String e2 = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.parse("cosine(steps=0, floor=0)")).getMessage();
        assertEquals("learning-rate schedule 'cosine(steps=0, floor=0)': cosine schedule: steps is 0, expected an"
                + " integer >= 1", e2);
        String e3 = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.parse("linear(steps=10)")).getMessage();
        assertTrue(e3.startsWith("learning-rate schedule 'linear(steps=10)': missing argument 'final'"), e3);
        String e4 = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.parse("inverse(a=x, b=1)")).getMessage();
        assertTrue(e4.startsWith("learning-rate schedule 'inverse(a=x, b=1)': a is 'x', expected a number"), e4);
        String e5 = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.parse("constant(steps=3)")).getMessage();
        assertTrue(e5.contains("unknown argument 'steps', expected none"), e5);
    }

    @Test
    void recordsValidateThemselves() {
        assertEquals("multistep schedule: milestones [5, 5] are not strictly increasing steps >= 1 (at 5)",
                assertThrows(IllegalArgumentException.class,
                        () -> new LearningRateSchedule.MultiStep(List.of(5L, 5L), 0.1)).getMessage());
        assertEquals("multistep schedule: gamma is 0.0, expected a finite number > 0",
                assertThrows(IllegalArgumentException.class,
                        () -> new LearningRateSchedule.MultiStep(List.of(5L), 0)).getMessage());
        assertEquals("cosine schedule: floor is 1.5, expected a factor in [0, 1]",
                assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule.Cosine(3, 1.5)).getMessage());
        assertEquals("linear schedule: final is -0.1, expected a factor in [0, 1]",
                assertThrows(IllegalArgumentException.class,
                        () -> new LearningRateSchedule.LinearDecay(3, -0.1)).getMessage());
        assertEquals("inverse schedule: b is Infinity, expected a finite number >= 0",
                assertThrows(IllegalArgumentException.class,
                        () -> new LearningRateSchedule.InverseDecay(0.1, Double.POSITIVE_INFINITY)).getMessage());
        assertEquals("learning-rate schedule constant: step is -1, expected >= 0",
                assertThrows(IllegalArgumentException.class,
                        () -> LearningRateSchedule.constant().learningRate(0.1f, -1)).getMessage());
    }
}
