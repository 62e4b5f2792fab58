package io.fedspark.math.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** SignSGD, {@code p -= lr * sign(g)}, by hand; exact, since lr * (+-1 or 0) is exact and one subtraction rounds. */
@Tag("line-independent")
class SignSgdTest {

    @Test
    void movesByTheLearningRateAgainstTheSign() {
        SignSgd opt = new SignSgd(new SignSgdOptions(0.5f));
        float[] p = {1f, -2f, 3f, 4f};
        opt.step(p, new float[] {0.001f, -300f, 0f, -0f});
        assertArrayEquals(new float[] {0.5f, -1.5f, 3f, 4f}, p, 0f, "sign(0) = 0 leaves the parameter alone");
        assertEquals(1, opt.stepCount());
        assertTrue(opt.saveState().arrayNames().isEmpty());
    }

    @Test
    void followsItsSchedule() {
        SignSgd opt = new SignSgd(new SignSgdOptions(1f), LearningRateSchedule.parse("multistep(milestones=[1], gamma=0.25)"));
        float[] p = {0f};
        opt.step(p, new float[] {1f});
        opt.step(p, new float[] {1f});
        assertArrayEquals(new float[] {-1.25f}, p, 0f);
    }

    @Test
    void nanGradientGivesNanParameter() {
        float[] p = {1f};
        new SignSgd(new SignSgdOptions()).step(p, new float[] {Float.NaN});
        assertTrue(Float.isNaN(p[0]));
    }

    @Test
    void optionsValidate() {
        assertEquals("signsgd learningRate is -1.0, expected a finite number > 0",
                assertThrows(IllegalArgumentException.class, () -> new SignSgdOptions(-1f)).getMessage());
        assertEquals(0.01f, new SignSgdOptions().learningRate());
    }
}
