package io.fedspark.jobs.distill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.data.DatasetId;
import io.fedspark.federated.data.IdxImages;
import io.fedspark.federated.data.IdxReader;
import io.fedspark.federated.distillation.DistilledSet;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.testing.SparkTest;
import io.fedspark.jobs.testing.TestData;
import io.fedspark.math.FloatMatrix;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distill job on the sklearn digits (8x8) at tiny scale: every output exists and reads back
 * (IDX through {@link IdxReader}, NPY, PNG, CSV); the distilled sets of the Spark runs
 * ({@code parallelism = runs}: one task per run) and of the real batch on executors
 * ({@code real-batch}, over 3 partitions of 100-example chunks) are bit-identical to the same
 * runs in this JVM; a data-dependent error stops the job before anything is written.
 */
@SparkTest
class DistillJobTest {
  @TempDir Path dir;

  @BeforeAll
  static void data() {
    TestData.dir(DatasetId.DIGITS);
  }

  private static List<String> tiny(Path runDir, String... more) {
    List<String> o = new ArrayList<>(List.of("distill.dataset=digits", "distill.pool.model=\"mlp:64-32-16:loss=mse\"",
        "distill.target.dimension=16", "distill.target.hidden=[32]", "distill.target.projector=[32, 32]",
        "distill.target.epochs=2", "distill.target.augmentation.max-shift=1", "distill.augmentation.max-shift=1",
        "distill.sizes=[6, 12]", "distill.seeds=[1, 2]", "distill.outer.steps=8", "distill.outer.batch-size=200",
        "distill.pool.size=3", "distill.pool.init-steps-max=20", "distill.chunk-size=100",
        "distill.evaluation.tasks=[\"digits:0.1\"]", "distill.evaluation.repeats=2",
        "distill.evaluation.pretrain.epochs=10", "distill.evaluation.probe.steps=30",
        "distill.evaluation.fine-tune.steps=10", "distill.evaluation.kmeans-iterations=3",
        "distill.evaluation.full-data.epochs=3",
        "run.dir=\"" + runDir + "\""));
    o.addAll(List.of(more));
    return o;
  }

  private static DistillJob.Result run(List<String> overrides) {
    return new DistillJob().run(new JobContext("distill", overrides,
        ConfigLoader.withShippedDefaults().load(null, overrides)));
  }

  @Test
  void sparkRunsEqualInProcessRunsBitForBitAndEveryOutputReadsBack() throws Exception {
    Path runDir = dir.resolve("runs");
    DistillJob.Result result = run(tiny(runDir, "distill.parallelism=runs"));
    assertEquals(4, result.runs().size());

    for (DistillResult r : result.runs()) {
      DistilledSet spark = r.set();
      DistilledSet local = ChunkedRealBatch.distill(result.options().krrSt(r.cell().m()), result.phi(),
          result.data().sourceDataset(), r.cell().runSeed(), result.options().chunkSize(), new OuterProgress("test", 8, 0));
      assertArrayEquals(local.inputs(), spark.inputs(), r.cell().directory());
      assertArrayEquals(local.targets(), spark.targets(), r.cell().directory());
      assertArrayEquals(local.lossCurve(), spark.lossCurve(), r.cell().directory());
      assertEquals(8, spark.lossCurve().length);

      Path d = runDir.resolve("runs").resolve(r.cell().directory());
      IdxImages images;
      try (InputStream in = Files.newInputStream(d.resolve("inputs.idx"))) {
        images = IdxReader.readImages(in, "inputs.idx");
      }
      assertEquals(r.cell().m(), images.count());
      assertEquals(8, images.rows());
      assertEquals(8, images.cols());
      for (int i = 0; i < spark.inputs().length; i++) {
        assertEquals(IdxImageFile.quantize(spark.inputs()[i]) / 255f, images.pixels()[i], 0f, "pixel " + i);
      }
      FloatMatrix x;
      FloatMatrix y;
      try (InputStream in = Files.newInputStream(d.resolve("inputs.npy"))) {
        x = NpyMatrix.read(in, "inputs.npy");
      }
      try (InputStream in = Files.newInputStream(d.resolve("targets.npy"))) {
        y = NpyMatrix.read(in, "targets.npy");
      }
      assertEquals(r.cell().m(), x.nrow());
      assertEquals(64, x.ncol());
      assertEquals(16, y.ncol());
      assertArrayEquals(spark.inputs(), x.toArray());
      assertArrayEquals(spark.targets(), y.toArray());
      BufferedImage png = ImageIO.read(d.resolve("images.png").toFile());
      int cols = Math.min(10, r.cell().m());
      assertEquals(cols * (8 * 3 + 1) + 1, png.getWidth());
      assertEquals(r.cell().m() + 1, Files.readAllLines(d.resolve("initial-indices.csv")).size());
    }

    assertEquals(1 + 4 * 8, Files.readAllLines(runDir.resolve("loss.csv")).size());
    assertTrue(ImageIO.read(runDir.resolve("loss.png").toFile()).getWidth() > 0);
    // per m: krr-st of 2 seeds, random subset, k-means; no-pretraining and full-data once; x 2
    // protocols x 1 task; target-probe once, linear probe only
    assertEquals((2 * 4 + 2) * 2 + 1, result.evaluation().size());
    List<EvaluationRecord> once = result.evaluation().stream().filter(r -> r.m() == 0).toList();
    assertEquals(List.of("no-pretraining/linear-probe", "no-pretraining/fine-tune", "full-data/linear-probe",
        "full-data/fine-tune", "target-probe/linear-probe"), once.stream().map(r -> r.candidate() + "/" + r.protocol())
            .toList());
    List<String> csv = Files.readAllLines(runDir.resolve("evaluation.csv"));
    assertEquals(1 + result.evaluation().size(), csv.size());
    assertEquals("m,candidate,distill_seed,task,protocol,mean,std,repeats", csv.get(0));
    for (EvaluationRecord row : result.evaluation()) {
      assertEquals(2, row.accuracies().length);
      assertTrue(row.mean() > 0.05 && row.mean() <= 1, row.toString());
    }
    String md = Files.readString(runDir.resolve("evaluation.md"));
    assertTrue(md.contains("| m | krr-st | random-subset | kmeans-centroids | no-pretraining | full-data |"
        + " target-probe |"), md);
    assertTrue(md.contains("**digits-10%, linear-probe**"), md);
    assertTrue(Files.isDirectory(runDir.resolve("evaluation.parquet")));
    String prov = Files.readString(runDir.resolve("provenance.json"));
    assertTrue(prov.contains("\"command\" : \"distill\""), prov);
    assertTrue(prov.contains("SELF_SUPERVISED") || prov.contains("self-supervised"), prov);

    // the real batch on executors, chunks over 3 partitions: the same sets again
    DistillJob.Result onExecutors = run(tiny(dir.resolve("real-batch"), "distill.parallelism=real-batch",
        "distill.data-partitions=3", "distill.evaluation.enabled=false"));
    assertEquals(4, onExecutors.runs().size());
    assertTrue(onExecutors.evaluation().isEmpty());
    assertFalse(Files.exists(dir.resolve("real-batch").resolve("evaluation.csv")));
    for (int i = 0; i < 4; i++) {
      DistilledSet a = result.runs().get(i).set();
      DistilledSet b = onExecutors.runs().get(i).set();
      assertArrayEquals(a.inputs(), b.inputs(), "run " + i);
      assertArrayEquals(a.targets(), b.targets(), "run " + i);
      assertArrayEquals(a.lossCurve(), b.lossCurve(), "run " + i);
    }
  }

  @Test
  void aSetLargerThanTheSourceStopsTheJobBeforeAnyOutput() {
    Path runDir = dir.resolve("too-large");
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> run(tiny(runDir, "distill.source-limit=50", "distill.sizes=[60]")));
    assertTrue(e.getMessage().contains("distill.sizes = [60]"), e.getMessage());
    assertTrue(e.getMessage().contains("at most the 50 source examples"), e.getMessage());
    assertFalse(Files.exists(runDir));
  }
}
