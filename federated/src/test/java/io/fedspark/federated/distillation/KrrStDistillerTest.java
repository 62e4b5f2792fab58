package io.fedspark.federated.distillation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.ModelSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** KRR-ST runs on a 2,000-example MNIST slice with a small self-supervised phi (r = 16). */
@Tag("line-independent")
class KrrStDistillerTest {
  private static LabeledDataset source;
  private static TargetEncoder phi;
  private static final ModelSpec POOL = ModelSpec.parse("mlp:784-64-32-16:loss=mse");

  @BeforeAll
  static void trainPhi() {
    source = Mnist.train(2000);
    phi = TargetEncoderTrainer.train(source, TargetEncoderTrainerTest.tiny(RepresentationKind.SELF_SUPERVISED)
        .withEpochs(2), 1);
  }

  static KrrStOptions small(int m, long steps) {
    return new KrrStOptions().withSyntheticSize(m).withOuterSteps(steps).withOuterBatchSize(256).withPool(3, POOL)
        .withPoolSchedule(1000, 1, 30).withOuterLearningRate(1e-2);
  }

  @Test
  void outerLossFallsOverAShortRun() {
    KrrStDistiller distiller = KrrStDistiller.start(small(20, 200), phi, source, 7);
    DistilledSet set = distiller.distill(source);
    double[] curve = set.lossCurve();
    assertEquals(200, curve.length);
    double first = set.meanLoss(true, 20);
    double last = set.meanLoss(false, 20);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < curve.length; i += 20) {
      s.append(String.format(Locale.ROOT, " %d:%.4f", i, curve[i]));
    }
    System.out.printf(Locale.ROOT, "outer loss, m = 20, 200 steps of 256 real examples: first 20 mean %.4f, last 20"
        + " mean %.4f; curve%s%n", first, last, s);
    // step-to-step noise (model choice, real batch) is about 10%; a working outer step halves the loss here
    assertTrue(last < 0.8 * first, "outer loss " + first + " -> " + last);
    assertEquals(20, set.size());
    assertEquals(784, set.inputSize());
    assertEquals(16, set.targetSize());
  }

  @Test
  void sameSeedGivesABitIdenticalDistilledSet() {
    DistilledSet a = KrrStDistiller.start(small(8, 5), phi, source, 3).distill(source);
    DistilledSet b = KrrStDistiller.start(small(8, 5), phi, source, 3).distill(source);
    assertArrayEquals(a.inputs(), b.inputs());
    assertArrayEquals(a.targets(), b.targets());
    assertArrayEquals(a.lossCurve(), b.lossCurve());
    assertArrayEquals(a.initialIndices(), b.initialIndices());
  }

  /** The Spark shape: the real batch split into blocks, reduced per block and merged. */
  @Test
  void blockwiseRealBatchGivesTheSameGradient() {
    KrrStDistiller distiller = KrrStDistiller.start(small(8, 5), phi, source, 4);
    KrrStDistiller.OuterStep step = distiller.beginStep();
    int[] batch = step.realBatch();
    assertEquals(256, batch.length);
    FloatMatrix rows = ExampleSelection.gather(source.features(), 784, batch, 0, batch.length);
    RealBatchStatistics whole = step.pass().accumulate(rows, ExampleSelection.ids(batch, 0, batch.length), phi);
    RealBatchStatistics merged = step.pass().emptyStatistics();
    int[] cuts = {0, 100, 101, 256};
    for (int b = 0; b + 1 < cuts.length; b++) {
      int n = cuts[b + 1] - cuts[b];
      merged.merge(step.pass().accumulate(rows.rows(cuts[b], n), ExampleSelection.ids(batch, cuts[b], n), phi));
    }
    KrrStDistiller.StepGradient g1 = distiller.gradient(step, whole);
    KrrStDistiller.StepGradient g2 = distiller.gradient(step, merged);
    // a row's float features can differ in the last bits with the block's row count (BLAS kernels
    // treat edge tiles differently); everything after that is double: agreement to float precision
    assertEquals(g1.loss(), g2.loss(), 1e-6 * g1.loss());
    float[] a = g1.inputGradient().toArray();
    float[] b = g2.inputGradient().toArray();
    double scale = KrrStOuterGradientTest.maxAbs(g1.inputGradient());
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 1e-6 * scale);
    }
    assertArrayEquals(g1.targetGradient().toArray(), g2.targetGradient().toArray(),
        (float) (1e-6 * KrrStOuterGradientTest.maxAbs(g1.targetGradient())));
    distiller.finishStep(step, merged);
    assertEquals(1, distiller.stepCount());
    IllegalStateException stale = assertThrows(IllegalStateException.class, () -> distiller.finishStep(step, merged));
    assertTrue(stale.getMessage().contains("step 0") && stale.getMessage().contains("step 1"), stale.getMessage());
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  /** What a Spark job ships to executors (the pass, phi) and back (the statistics) survives Java serialisation. */
  @Test
  void executorPiecesAreSerialisable() throws Exception {
    KrrStDistiller distiller = KrrStDistiller.start(small(8, 5), phi, source, 6);
    KrrStDistiller.OuterStep step = distiller.beginStep();
    int[] batch = step.realBatch();
    FloatMatrix rows = ExampleSelection.gather(source.features(), 784, batch, 0, batch.length);
    long[] ids = ExampleSelection.ids(batch, 0, batch.length);
    RealBatchStatistics local = step.pass().accumulate(rows, ids, phi);
    RealBatchStatistics remote = roundTrip(roundTrip(step.pass()).accumulate(rows, ids, roundTrip(phi)));
    assertEquals(local.squaredError(), remote.squaredError());
    assertArrayEquals(local.residualProducts(), remote.residualProducts());
    assertEquals(local.count(), remote.count());
  }

  @Test
  void initialisationIsFromRealExamplesWithPhiTargets() {
    KrrStOptions balanced = small(20, 1).withClassBalancedInit(true);
    KrrStDistiller distiller = KrrStDistiller.start(balanced, phi, source, 5);
    DistilledSet set = distiller.result();
    int[] perClass = new int[10];
    for (int i = 0; i < set.size(); i++) {
      int index = set.initialIndices()[i];
      perClass[source.labels()[index]]++;
      for (int p = 0; p < 784; p++) {
        assertEquals(source.features()[index * 784 + p], set.inputs()[i * 784 + p]);
      }
    }
    assertArrayEquals(new int[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, perClass);
    assertArrayEquals(phi.encode(distiller.syntheticInputs()).toArray(), set.targets());
    assertEquals(0, set.lossCurve().length);
  }

  @Test
  void refusesAPoolThatDoesNotRegressPhi() {
    KrrStOptions wrong = small(8, 1).withPool(2, ModelSpec.parse("mlp:784-32-8:loss=mse"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KrrStDistiller.start(wrong, phi, source, 1));
    assertTrue(e.getMessage().contains("r = 16") && e.getMessage().contains("mlp:784-32-8"), e.getMessage());
  }
}
