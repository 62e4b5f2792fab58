package io.fedspark.jobs.unlearn;

import io.fedspark.math.Choice;
import io.fedspark.federated.unlearning.ClientUnlearning;
import io.fedspark.federated.unlearning.ClientUnlearningMethod;
import io.fedspark.federated.unlearning.ForgetKind;
import io.fedspark.federated.unlearning.UnlearningResult;
import io.fedspark.math.blas.MathBackend;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.nn.Model;
import io.fedspark.federated.unlearning.UnlearningMetrics;
import java.util.List;

/**
 * The work of one task of the federated audit ({@link ClientAuditJob}), a pure function of (cell,
 * broadcast) apart from run times, so a Spark task and an in-process call give the same rows.
 */
public final class ClientAuditCells {
  private ClientAuditCells() {}

  /** The client-unlearning runner of one experiment's federated run. */
  public static ClientUnlearning unlearning(ClientAuditBroadcast b, long setupSeed) {
    MathRuntime.configure(MathBackend.valueOf(b.mathBackend()), b.blasThreads());
    return new ClientUnlearning(b.setup(setupSeed), b.auditSettings().options());
  }

  /** The original FedAvg run on all clients: its global model and test accuracy. */
  public static Original original(ClientAuditBroadcast b, long setupSeed) {
    ClientUnlearning u = unlearning(b, setupSeed);
    float[] global = u.trainOriginal();
    double accuracy = UnlearningMetrics.accuracy(Model.fromParameters(u.setup().spec(), global), u.setup().test());
    return new Original(global, accuracy);
  }

  /** An original run's global model and its test accuracy. */
  public record Original(float[] global, double testAccuracy) implements java.io.Serializable {}

  /**
   * The rows of a cell: one for a method cell; Retrain's and FT's (in that order) for a search
   * candidate. Index and gap are filled in by the driver.
   */
  public static List<UnlearnRow> run(ClientAuditCell cell, ClientAuditBroadcast b) {
    ClientUnlearning u = unlearning(b, cell.setupSeed());
    if (cell.method().isEmpty()) {
      return List.of(row(cell, u.evaluate(ClientUnlearningMethod.RETRAIN, cell.global(), cell.client())),
          row(cell, u.evaluate(ClientUnlearningMethod.FINE_TUNE, cell.global(), cell.client())));
    }
    ClientUnlearningMethod m = Choice.parse(ClientUnlearningMethod.class, cell.method(), ClientAuditOptions.METHODS.key());
    return List.of(row(cell, u.evaluate(m, cell.global(), cell.client())));
  }

  static UnlearnRow row(ClientAuditCell cell, UnlearningResult r) {
    ForgetKind kind = Choice.parse(ForgetKind.class, cell.forgetKind(), "forget kind");
    return new UnlearnRow(-1, r.method(), kind.configName(), Double.NaN, cell.seed(), r.forgetSize(), cell.client(),
        r.scores().ua(), r.scores().ra(), r.scores().ta(), r.scores().mia(),
        r.scores().attack().feature().configName(), r.scores().attack().attacker().configName(),
        r.scores().forgetLoss(), r.runSeconds(), Double.NaN);
  }
}
