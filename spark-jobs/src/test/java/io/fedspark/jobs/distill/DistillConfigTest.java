package io.fedspark.jobs.distill;

import io.fedspark.jobs.testing.RejectedRun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.jobs.cli.FedsparkMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fedspark distill} with a bad key or value: exit code 2, a message naming the key, the
 * value and what was expected, and no run directory (all fail before Spark starts).
 */
class DistillConfigTest {
  @TempDir Path dir;

  private String fails(String... overrides) {
    return RejectedRun.message("distill", dir.resolve("run"), List.of(overrides));
  }

  private static void contains(String message, String... parts) {
    RejectedRun.contains(message, parts);
  }

  @Test
  void unknownKeysAreRejectedWithASuggestion() {
    contains(fails("distill.sizez=[10]"), "unknown configuration key 'distill.sizez'", "distill.sizes");
    contains(fails("distill.outer.step=5"), "distill.outer.step", "distill.outer.steps");
  }

  @Test
  void badValuesNameTheKeyTheValueAndWhatWasExpected() {
    contains(fails("distill.sizes=[0, 10]"), "distill.sizes = [0, 10]", "integers in [1, 1000000]");
    contains(fails("distill.sizes=[10, 10]"), "distill.sizes", "without repeats");
    contains(fails("distill.seeds=[]"), "distill.seeds", "non-empty");
    contains(fails("distill.outer.steps=0"), "distill.outer.steps = 0", "an integer >= 1");
    contains(fails("distill.outer.learning-rate=-1"), "distill.outer.learning-rate = -1", "a finite number > 0");
    contains(fails("distill.outer.final-learning-rate-factor=2"), "distill.outer.final-learning-rate-factor = 2",
        "a finite number in [0, 1]");
    contains(fails("distill.outer.gradient-clip=-0.5"), "distill.outer.gradient-clip = -0.5", "a finite number >= 0");
    contains(fails("distill.pool.model=\"mlp:784-256-32:loss=mse\""), "distill.pool.model", "r = "
        + "distill.target.dimension = 64");
    contains(fails("distill.pool.model=\"mlp:784-256-64\""), "distill.pool", "loss=mse");
    contains(fails("distill.pool.model=\"resnet\""), "distill.pool.model = 'resnet'", "model spec 'resnet'");
    contains(fails("distill.pool.init-steps-min=5", "distill.pool.init-steps-max=2"), "pool initial steps are [5, 2]");
    contains(fails("distill.augmentation.max-shift=28"), "distill.augmentation.max-shift = 28",
        "an integer in [0, 27]");
    contains(fails("distill.target.kind=contrastive"), "distill.target.kind = 'contrastive'",
        "self-supervised | supervised");
    contains(fails("distill.target.projector=[]"), "distill.target.projector", "non-empty list");
    contains(fails("distill.evaluation.tasks=[\"mnist:2\"]"), "distill.evaluation.tasks", "DATASET:FRACTION");
    contains(fails("distill.evaluation.tasks=[\"cifar10:0.1\"]"), "distill.evaluation.tasks", "DATASET:FRACTION");
    contains(fails("distill.evaluation.protocols=[probe]"), "distill.evaluation.protocols",
        "linear-probe | fine-tune");
    contains(fails("distill.evaluation.baselines=[random]"), "distill.evaluation.baselines",
        "random-subset | kmeans-centroids | no-pretraining | full-data | target-probe");
    contains(fails("distill.evaluation.protocols=[fine-tune]"), "distill.evaluation.baselines = [random-subset,"
        + " kmeans-centroids, no-pretraining, full-data, target-probe]", "without target-probe",
        "protocols has no linear-probe");
    contains(fails("distill.evaluation.full-data.epochs=0"), "distill.evaluation.full-data.epochs = 0",
        "an integer >= 1");
    contains(fails("distill.evaluation.repeats=0"), "distill.evaluation.repeats = 0", "an integer in [1, 1000]");
    contains(fails("distill.parallelism=everything"), "distill.parallelism = 'everything'", "runs | real-batch");
    contains(fails("distill.chunk-size=0"), "distill.chunk-size = 0", "an integer >= 1");
    contains(fails("distill.dataset=cifar10"), "distill.dataset = 'cifar10'", "mnist");
  }
}
