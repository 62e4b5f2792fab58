package io.fedspark.federated.distillation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.data.DatasetId;
import io.fedspark.federated.data.DatasetSplit;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.nn.Model;
import io.fedspark.math.random.SeedSequence;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The transfer evaluation end to end at tiny scale: distil 10 examples from 1,000 MNIST digits,
 * compare with the baselines on MNIST and Fashion-MNIST with few labels, 3 repeats. Whether the
 * distilled set beats the random subset is printed, not asserted: at this scale the difference is
 * within the seed-to-seed spread.
 */
@Tag("line-independent")
class DistillationEvaluationTest {

  @Test
  void protocolRunsEndToEndAndReportsMeanAndStdOverSeeds() {
    LabeledDataset source = Mnist.train(1000);
    TargetEncoder phi = TargetEncoderTrainer.train(source,
        TargetEncoderTrainerTest.tiny(RepresentationKind.SELF_SUPERVISED).withEpochs(2), 1);
    KrrStOptions ko = KrrStDistillerTest.small(10, 40);
    DistilledSet distilled = KrrStDistiller.start(ko, phi, source, 2).distill(source);

    TargetTask mnist = TargetTask.fewLabels("mnist-5%", Mnist.slice(DatasetId.MNIST, DatasetSplit.TRAIN, 1000, 2000),
        0.05, Mnist.slice(DatasetId.MNIST, DatasetSplit.TEST, 0, 1000), 3);
    TargetTask fashion = TargetTask.fewLabels("fashion-5%",
        Mnist.slice(DatasetId.FASHION_MNIST, DatasetSplit.TRAIN, 0, 2000), 0.05,
        Mnist.slice(DatasetId.FASHION_MNIST, DatasetSplit.TEST, 0, 1000), 3);
    assertEquals(100, mnist.train().size());
    assertArrayEquals(new int[] {10, 10, 10, 10, 10, 10, 10, 10, 10, 10}, mnist.train().classCounts());

    EvaluationOptions eo = new EvaluationOptions().withBackbone(ko.poolSpec()).withPretrainEpochs(50)
        .withSteps(150, 60).withRepeats(3);
    List<PretrainingCandidate> candidates = List.of(PretrainingCandidate.distilled(distilled),
        PretrainingCandidate.randomSubset(source, 10, phi), PretrainingCandidate.kMeansCentroids(source, 10, phi, 20),
        PretrainingCandidate.noPretraining());
    EvaluationReport report = new DistillationEvaluation(eo).evaluate(candidates, List.of(mnist, fashion), 5);
    System.out.print(report.format());

    assertEquals(4 * 2 * 2, report.rows().size());
    for (EvaluationReport.Row row : report.rows()) {
      assertEquals(3, row.accuracies().length);
      for (double a : row.accuracies()) {
        assertTrue(a >= 0 && a <= 1, row.toString());
      }
      double mean = (row.accuracies()[0] + row.accuracies()[1] + row.accuracies()[2]) / 3;
      double var = 0;
      for (double a : row.accuracies()) {
        var += (a - mean) * (a - mean) / 3;
      }
      assertEquals(mean, row.mean(), 1e-12);
      assertEquals(Math.sqrt(var), row.std(), 1e-12);
    }
    for (String candidate : List.of("krr-st", "random-subset", "kmeans-centroids")) {
      double probe = report.find(candidate, "mnist-5%", EvaluationProtocol.LINEAR_PROBE).orElseThrow().mean();
      // 100 labels of 10 classes; chance is 10%, measured 35-45%
      assertTrue(probe > 0.25, candidate + " linear probe " + probe);
    }
    double distilledProbe = report.find("krr-st", "mnist-5%", EvaluationProtocol.LINEAR_PROBE).orElseThrow().mean();
    double randomProbe = report.find("random-subset", "mnist-5%", EvaluationProtocol.LINEAR_PROBE).orElseThrow()
        .mean();
    System.out.printf(Locale.ROOT, "tiny scale (m = 10, 40 outer steps): distilled %s random subset on the MNIST"
        + " linear probe (%.2f%% vs %.2f%%)%n", distilledProbe > randomProbe ? "beats" : "does not beat",
        100 * distilledProbe, 100 * randomProbe);
  }

  /**
   * The two controls: the full-data candidate pretrains on every source example (with its own
   * epoch count) and the target probe linear-probes phi itself, one linear-probe row per task.
   */
  @Test
  void fullDataAndTargetProbeControls() {
    LabeledDataset source = Mnist.train(600);
    TargetEncoder phi = TargetEncoderTrainer.train(source,
        TargetEncoderTrainerTest.tiny(RepresentationKind.SELF_SUPERVISED).withEpochs(2), 1);
    PretrainingCandidate full = PretrainingCandidate.fullData(source, phi);
    PretrainingSet set = full.pretrainingSet(1).orElseThrow();
    assertEquals(600, set.size());
    assertArrayEquals(phi.encode(set.inputs()).data(), set.targets().data());
    assertArrayEquals(java.util.Arrays.copyOf(source.features(), 784), java.util.Arrays.copyOf(set.inputs().data(),
        784));
    KrrStOptions ko = KrrStDistillerTest.small(10, 1);
    EvaluationOptions eo = new EvaluationOptions().withBackbone(ko.poolSpec()).withPretrainEpochs(50)
        .withFullDataEpochs(3).withSteps(150, 60).withRepeats(2);
    assertEquals(3, full.pretrainEpochs(eo));
    assertEquals(50, PretrainingCandidate.randomSubset(source, 10, phi).pretrainEpochs(eo));

    TargetTask mnist = TargetTask.fewLabels("mnist-5%", Mnist.slice(DatasetId.MNIST, DatasetSplit.TRAIN, 1000, 2000),
        0.05, Mnist.slice(DatasetId.MNIST, DatasetSplit.TEST, 0, 1000), 3);
    DistillationEvaluation evaluation = new DistillationEvaluation(eo);
    EvaluationReport target = evaluation.evaluateTargetProbe(phi, List.of(mnist), 5);
    assertEquals(1, target.rows().size(), "linear probe only");
    EvaluationReport.Row row = target.find(DistillationEvaluation.TARGET_PROBE, "mnist-5%",
        EvaluationProtocol.LINEAR_PROBE).orElseThrow();
    assertEquals(2, row.accuracies().length);
    // 100 labels of 10 classes on a 2-epoch phi: chance is 10%, measured 45%
    assertTrue(row.mean() > 0.25, "a linear probe on phi with 100 labels: " + row.mean());
    assertArrayEquals(row.accuracies(), evaluation.evaluateTargetProbe(phi, List.of(mnist), 5).rows().get(0)
        .accuracies(), "deterministic");
    EvaluationReport fullRows = evaluation.evaluate(List.of(full), List.of(mnist), 5);
    System.out.print(target.format() + fullRows.format());
    assertEquals(2, fullRows.rows().size());
    // Repeat 0 by hand, with the documented seeds: the full-data backbone trains its own 3 epochs.
    SeedSequence repeat = SeedSequence.root(5).derive("repeat", 0);
    Model backbone = evaluation.pretrain(full.pretrainingSet(repeat.derive("candidate").seed()), 3,
        repeat.derive("pretrain").seed());
    assertEquals(evaluation.linearProbe(backbone, mnist, repeat.derive("linear-probe", 0).seed()),
        fullRows.find("full-data", "mnist-5%", EvaluationProtocol.LINEAR_PROBE).orElseThrow().accuracies()[0]);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new DistillationEvaluation(
        eo.withProtocols(java.util.Set.of(EvaluationProtocol.FINE_TUNE))).evaluateTargetProbe(phi, List.of(mnist), 5));
    assertTrue(e.getMessage().contains("target-probe control is a linear probe"), e.getMessage());
  }

  @Test
  void pretrainingStartsFromTheSeededInitialisationAndFitsTheSet() {
    EvaluationOptions eo = new EvaluationOptions().withBackbone(KrrStDistillerTest.small(4, 1).poolSpec())
        .withPretrainEpochs(100);
    DistillationEvaluation evaluation = new DistillationEvaluation(eo);
    Model scratch = evaluation.pretrain(Optional.empty(), 9);
    Model fresh = Model.create(eo.backbone(), SeedSequence.root(9).derive("init").seed());
    assertArrayEquals(fresh.parameters(), scratch.parameters());
    LabeledDataset source = Mnist.train(64);
    PretrainingSet set = new PretrainingSet("test", io.fedspark.math.FloatMatrix.wrap(source.features(), 64, 784),
        KernelRidgeSystemTest.gaussian(64, 16, 3));
    double before = fresh.loss(set.inputs(), set.targets(), null).loss();
    Model trained = evaluation.pretrain(Optional.of(set), 9);
    double after = trained.loss(set.inputs(), set.targets(), null).loss();
    assertTrue(after < 0.5 * before, "100 epochs of MSE on 64 examples: " + before + " -> " + after);
  }
}
