package io.fedspark.jobs.unlearn;

import io.fedspark.federated.unlearning.MembershipInferenceAttack;
import io.fedspark.math.Choice;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.unlearning.ForgetKind;
import io.fedspark.federated.unlearning.MiaAttacker;
import io.fedspark.federated.unlearning.MiaFeature;
import io.fedspark.federated.unlearning.MiaOptions;
import io.fedspark.federated.unlearning.UnlearningMethod;
import io.fedspark.federated.unlearning.UnlearningMethodKind;
import io.fedspark.federated.unlearning.UnlearningMetrics;
import io.fedspark.federated.unlearning.UnlearningProblem;
import io.fedspark.federated.unlearning.UnlearningResult;
import io.fedspark.math.blas.MathBackend;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.nn.ModelSpec;

/**
 * Runs one grid cell: splits the training set into retain and forget sets, runs the method and
 * scores it with {@link UnlearningMetrics#evaluate} under the cell's experiment seed. A pure
 * function of (cell, broadcast) apart from the run time, so a Spark task and an in-process loop
 * give the same row.
 */
public final class UnlearnCells {
  private UnlearnCells() {}

  /** The method of a kind with its configured options (Retrain: the original model's recipe). */
  static UnlearningMethod method(UnlearningMethodKind kind, UnlearnBroadcast b) {
    return b.settings().method(kind);
  }

  /** {@link UnlearningMethod#name()} of a kind as this job runs it (options do not change names). */
  static String methodName(UnlearningMethodKind kind) {
    return kind.withDefaults().name();
  }

  /** The row of one cell (gap to Retrain not yet known: NaN). */
  public static UnlearnRow run(UnlearnCell cell, UnlearnBroadcast b) {
    MathRuntime.configure(MathBackend.valueOf(b.mathBackend()), b.blasThreads());
    ModelSpec spec = b.spec();
    LabeledDataset train = b.train();
    UnlearningProblem problem = UnlearningProblem.split(spec, b.original(), train, cell.forgetIndices(), b.test());
    UnlearningMethodKind kind = Choice.parse(UnlearningMethodKind.class, cell.method(), UnlearnOptions.METHODS.key());
    ForgetKind forgetKind = Choice.parse(ForgetKind.class, cell.forgetKind(), UnlearnOptions.FORGET_KINDS.key());
    MiaOptions mia = new MiaOptions(Choice.parse(MiaFeature.class, b.miaFeature(), MiaOptions.FEATURE.key()),
        Choice.parse(MiaAttacker.class, b.miaAttacker(), MiaOptions.ATTACKER.key()));
    UnlearningResult r = UnlearningMetrics.evaluate(method(kind, b), problem, forgetKind, cell.experimentSeed(), mia);
    return new UnlearnRow(cell.index(), r.method(), forgetKind.configName(), cell.ratio(), cell.seed(), r.forgetSize(), -1,
        r.scores().ua(), r.scores().ra(), r.scores().ta(), r.scores().mia(), r.scores().attack().feature().configName(),
        r.scores().attack().attacker().configName(), r.scores().forgetLoss(), r.runSeconds(), Double.NaN);
  }
}
