package io.fedspark.federated.distillation;

import io.fedspark.math.random.Permutations;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Layer;
import io.fedspark.math.nn.Loss;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelKind;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.LearningRateSchedule;
import io.fedspark.math.optim.Optimizer;
import io.fedspark.math.optim.Sgd;
import io.fedspark.math.random.SeedSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The transfer evaluation protocol of KRR-ST (Lee, Lee and Hwang, "Self-Supervised Dataset
 * Distillation for Transfer Learning", ICLR 2024; docs/algorithms.md, KRR-ST):
 * <ol>
 *   <li>pretrain a fresh backbone on a {@link PretrainingSet} {@code (X, Y)} by minimising
 *       {@code MSE(h(X), Y)} with SGD (no pretraining for the "from scratch" baseline);</li>
 *   <li>on each {@link TargetTask}: a <em>linear probe</em> (a new softmax head on the frozen
 *       {@code features} of the backbone) and/or <em>fine-tuning</em> (the backbone below its last
 *       layer plus a new softmax head, all trained), each with SGD and a cosine schedule; report
 *       the test accuracy;</li>
 *   <li>repeat with {@link EvaluationOptions#repeats()} seeds and report mean and standard
 *       deviation ({@link EvaluationReport}).</li>
 * </ol>
 * Two controls bracket the candidates: the full-data candidate
 * ({@link PretrainingCandidate#fullData}) pretrains on every source example, and
 * {@link #evaluateTargetProbe} linear-probes the target representation {@code phi} itself, the
 * representation every pretraining set regresses (what a perfect student would match).
 * Repeat k uses {@code root(seed).derive("repeat", k)} for everything, and within a repeat every
 * candidate gets the same backbone initialisation, minibatch orders and head initialisations
 * (common random numbers), so candidates differ only in what they were pretrained on. Baselines
 * (random subset, k-means) draw their set from the same repeat seed. No augmentation is used in
 * the transfer phase (the reference fine-tunes with crops and flips). Deterministic.
 */
public final class DistillationEvaluation {
  /** The name of {@link #evaluateTargetProbe}'s rows. */
  public static final String TARGET_PROBE = "target-probe";

  private final EvaluationOptions options;

  public DistillationEvaluation(EvaluationOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  public EvaluationOptions options() {
    return options;
  }

  /** Evaluates every candidate on every task with every protocol of the options. */
  public EvaluationReport evaluate(List<PretrainingCandidate> candidates, List<TargetTask> tasks, long seed) {
    Objects.requireNonNull(candidates, "candidates");
    Objects.requireNonNull(tasks, "tasks");
    if (candidates.isEmpty() || tasks.isEmpty()) {
      throw new IllegalArgumentException("evaluation: " + candidates.size() + " candidates and " + tasks.size()
          + " tasks; expected at least one of each");
    }
    List<EvaluationProtocol> protocols = new ArrayList<>();
    for (EvaluationProtocol p : EvaluationProtocol.values()) {
      if (options.protocols().contains(p)) {
        protocols.add(p);
      }
    }
    int repeats = options.repeats();
    List<EvaluationReport.Row> rows = new ArrayList<>();
    for (PretrainingCandidate candidate : candidates) {
      double[][][] acc = new double[tasks.size()][protocols.size()][repeats];
      for (int k = 0; k < repeats; k++) {
        SeedSequence repeat = SeedSequence.root(seed).derive("repeat", k);
        Optional<PretrainingSet> set = candidate.pretrainingSet(repeat.derive("candidate").seed());
        Model backbone = pretrain(set, candidate.pretrainEpochs(options), repeat.derive("pretrain").seed());
        for (int t = 0; t < tasks.size(); t++) {
          for (int p = 0; p < protocols.size(); p++) {
            long s = repeat.derive(protocols.get(p).configName(), t).seed();
            acc[t][p][k] = protocols.get(p) == EvaluationProtocol.LINEAR_PROBE
                ? linearProbe(backbone, tasks.get(t), s)
                : fineTune(backbone, tasks.get(t), s);
          }
        }
      }
      for (int t = 0; t < tasks.size(); t++) {
        for (int p = 0; p < protocols.size(); p++) {
          rows.add(new EvaluationReport.Row(candidate.name(), tasks.get(t).name(), protocols.get(p), acc[t][p]));
        }
      }
    }
    return new EvaluationReport(rows);
  }

  /**
   * The linear probe on the target representation itself: for each repeat k and task t, a softmax
   * head on {@code phi(x)} trained as {@link #linearProbe} trains it on a backbone's features,
   * with the same seed {@code root(seed).derive("repeat", k).derive("linear-probe", t)} (so the
   * same minibatch order as every candidate's probe). One row per task, named
   * {@value #TARGET_PROBE}; the linear-probe protocol only.
   *
   * @throws IllegalStateException if the options do not run the linear probe
   */
  public EvaluationReport evaluateTargetProbe(TargetEncoder phi, List<TargetTask> tasks, long seed) {
    Objects.requireNonNull(phi, "phi");
    Objects.requireNonNull(tasks, "tasks");
    if (!options.protocols().contains(EvaluationProtocol.LINEAR_PROBE)) {
      throw new IllegalStateException("evaluation: the target-probe control is a linear probe, but the protocols are "
          + options.protocols());
    }
    List<EvaluationReport.Row> rows = new ArrayList<>();
    for (int t = 0; t < tasks.size(); t++) {
      TargetTask task = tasks.get(t);
      FloatMatrix train = phi.encode(task.train().featureMatrix());
      FloatMatrix test = phi.encode(task.test().featureMatrix());
      double[] acc = new double[options.repeats()];
      for (int k = 0; k < acc.length; k++) {
        SeedSequence repeat = SeedSequence.root(seed).derive("repeat", k);
        acc[k] = probe(train, test, task, repeat.derive(EvaluationProtocol.LINEAR_PROBE.configName(), t).seed());
      }
      rows.add(new EvaluationReport.Row(TARGET_PROBE, task.name(), EvaluationProtocol.LINEAR_PROBE, acc));
    }
    return new EvaluationReport(rows);
  }

  /**
   * A backbone initialised from {@code root(seed).derive("init")} and, if a set is given, trained
   * on it for {@link EvaluationOptions#pretrainEpochs()} epochs of {@code MSE(h(X), Y)} (order of
   * epoch e from {@code derive("shuffle", e)}).
   *
   * @throws IllegalArgumentException if the set does not fit the backbone's input or output width
   */
  public Model pretrain(Optional<PretrainingSet> set, long seed) {
    return pretrain(set, options.pretrainEpochs(), seed);
  }

  /** {@link #pretrain(Optional, long)} for {@code epochs} epochs (at least 1). */
  public Model pretrain(Optional<PretrainingSet> set, int epochs, long seed) {
    Objects.requireNonNull(set, "set");
    SeedSequence seeds = SeedSequence.root(seed);
    Model model = Model.create(options.backbone(), seeds.derive("init").seed());
    if (set.isEmpty()) {
      return model;
    }
    PretrainingSet s = set.get();
    if (s.inputs().ncol() != model.inputSize() || s.targets().ncol() != model.outputSize()) {
      throw new IllegalArgumentException("pretraining on " + s.name() + ": inputs " + s.inputs().shape()
          + " and targets " + s.targets().shape() + " do not fit the backbone " + options.backbone());
    }
    int m = s.size();
    int batch = Math.min(options.pretrainBatchSize(), m);
    int perEpoch = (m + batch - 1) / batch;
    Sgd sgd = new Sgd(options.pretrainOptimizer());
    train(model, s.inputs(), null, s.targets(), (long) epochs * perEpoch, batch, true, sgd, seeds);
    return model;
  }

  /**
   * Linear-probe accuracy: {@code logreg:h-classes} on {@code backbone.features} of the task's
   * training set, {@code probeSteps} SGD steps with a cosine schedule, head initialised from
   * {@code root(seed).derive("init")}; the backbone is not changed.
   */
  public double linearProbe(Model backbone, TargetTask task, long seed) {
    return probe(backbone.features(task.train().featureMatrix()), backbone.features(task.test().featureMatrix()), task, seed);
  }

  /** A softmax head trained on {@code train} features, its accuracy on {@code test} features. */
  private double probe(FloatMatrix train, FloatMatrix test, TargetTask task, long seed) {
    SeedSequence seeds = SeedSequence.root(seed);
    ModelSpec headSpec = ModelSpec.of(ModelKind.LOGREG, train.ncol(), task.train().numClasses());
    Model head = Model.create(headSpec, seeds.derive("init").seed());
    Sgd sgd = new Sgd(options.probeOptimizer(), new LearningRateSchedule.Cosine(options.probeSteps(), 0));
    train(head, train, task.train().labels(), null, options.probeSteps(),
        Math.min(options.probeBatchSize(), task.train().size()), false, sgd, seeds);
    return head.evaluate(test, task.test().labels()).accuracy();
  }

  /**
   * Fine-tuning accuracy: the backbone's layers below the last one (copied) under a new softmax
   * head of the task's classes (initialised from {@code root(seed).derive("init")}), all trained for
   * {@code fineTuneSteps} SGD steps with a cosine schedule; the backbone is not changed.
   */
  public double fineTune(Model backbone, TargetTask task, long seed) {
    SeedSequence seeds = SeedSequence.root(seed);
    ModelSpec b = backbone.spec();
    ModelSpec spec = new ModelSpec(b.kind(), b.inputShape(), b.hiddenWidths(), task.train().numClasses(),
        b.activation(), b.dropout(), Loss.SOFTMAX_CROSS_ENTROPY);
    Model model = Model.create(spec, seeds.derive("init").seed());
    List<Layer> layers = backbone.layers();
    int trunk = layers.get(layers.size() - 1).parameterOffset();
    System.arraycopy(backbone.parameters(), 0, model.parameters(), 0, trunk);
    Sgd sgd = new Sgd(options.fineTuneOptimizer(), new LearningRateSchedule.Cosine(options.fineTuneSteps(), 0));
    train(model, task.train().featureMatrix(), task.train().labels(), null, options.fineTuneSteps(),
        Math.min(options.fineTuneBatchSize(), task.train().size()), false, sgd, seeds);
    return model.evaluate(task.test().featureMatrix(), task.test().labels()).accuracy();
  }

  /**
   * Minibatch training by epochs of a seeded permutation, for {@code steps} steps. With
   * {@code keepLast} an epoch ends with its partial batch (a DataLoader without
   * {@code drop_last}); otherwise only full batches are used, wrapping into the next epoch.
   */
  private static void train(Model model, FloatMatrix x, int[] labels, FloatMatrix targets, long steps, int batch,
      boolean keepLast, Optimizer optimizer, SeedSequence seeds) {
    int n = x.nrow();
    int d = x.ncol();
    float[] grad = new float[model.parameterCount()];
    int epoch = 0;
    int[] order = Permutations.of(n, seeds.derive("shuffle", epoch).random());
    int position = 0;
    for (long step = 0; step < steps; step++) {
      if (position >= n || (!keepLast && position + batch > n)) {
        epoch++;
        order = Permutations.of(n, seeds.derive("shuffle", epoch).random());
        position = 0;
      }
      int rows = Math.min(batch, n - position);
      FloatMatrix xb = gatherRows(x, order, position, rows);
      if (labels != null) {
        int[] yb = new int[rows];
        for (int i = 0; i < rows; i++) {
          yb[i] = labels[order[position + i]];
        }
        model.lossAndGradient(xb, yb, null, grad);
      } else {
        model.lossAndGradient(xb, gatherRows(targets, order, position, rows), null, grad);
      }
      optimizer.step(model.parameters(), grad);
      position += rows;
    }
  }

  private static FloatMatrix gatherRows(FloatMatrix m, int[] order, int from, int count) {
    int w = m.ncol();
    FloatMatrix out = new FloatMatrix(count, w);
    for (int i = 0; i < count; i++) {
      System.arraycopy(m.data(), m.offset() + order[from + i] * w, out.data(), i * w, w);
    }
    return out;
  }
}
