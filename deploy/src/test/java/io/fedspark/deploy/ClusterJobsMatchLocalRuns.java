package io.fedspark.deploy;

import static io.fedspark.deploy.LauncherProcess.seconds;
import static io.fedspark.deploy.LockedDownCluster.JOB_TIMEOUT;
import static io.fedspark.deploy.LockedDownCluster.RUNS;
import static io.fedspark.deploy.LockedDownCluster.SUBMIT_ARGS;
import static io.fedspark.deploy.LockedDownCluster.fedspark;
import static io.fedspark.deploy.StandaloneCluster.MASTER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.engine.CheckpointCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Jobs on the 2-worker cluster of {@link StandaloneClusterIT} give what the same job gives in one
 * JVM: {@code federate} the model of the in-process backend bit for bit, {@code distill} the
 * distilled sets byte for byte, {@code unlearn} the rows of a local[1] run (run time excepted).
 * Run by {@link StandaloneClusterIT} against its cluster.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
abstract class ClusterJobsMatchLocalRuns {

  @Test
  void federateOnTheClusterMatchesTheInProcessBackendBitForBit() throws Exception {
    Path run = RUNS.resolve("federate-cluster");
    Path local = RUNS.resolve("federate-local");
    List<String> sets = settings("federate.dataset=digits", "federate.model=\"mlp:64-32-10\"", "federate.rounds=3",
        "federate.partition.clients=12", "federate.clients-per-round=4", "federate.spark-partitions=4");
    LauncherProcess.Run r = onCluster("federate", run, List.of(), sets, "federate.log");
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("[federate] round 3/3"), r.output());
    LauncherProcess.Run l = inLocalMode("federate", local, settings("federate.backend=in-process"), sets,
        "federate-local.log");
    assertEquals(0, l.exit(), l.output());
    // The checkpoints hold the final global parameters: bit-identical.
    try (var a = Files.newInputStream(local.resolve("checkpoint/state.bin"));
        var b = Files.newInputStream(run.resolve("checkpoint/state.bin"))) {
      assertArrayEquals(CheckpointCodec.read(a, "in-process").global(), CheckpointCodec.read(b, "cluster").global(), 0f,
          "federate on a 2-worker cluster and in-process give the same model");
    }
  }

  /**
   * fedspark unlearn on the cluster: a tiny centralized audit (Retrain and FT, random and
   * worst-case 10% forget sets of the digits, one seed; the search's loss pass and the grid run
   * as tasks on the two workers) gives the same rows as in local[1] (run time excepted), and the
   * federated setting (forget a client and the worst-case client of a 4-client FedAvg run) runs.
   */
  @Test
  void unlearnOnTheClusterMatchesLocalModeAndRunsTheFederatedAudit() throws Exception {
    Path run = RUNS.resolve("unlearn-cluster");
    Path local = RUNS.resolve("unlearn-local");
    List<String> sets = settings("unlearn.dataset=digits", "unlearn.model=\"mlp:64-32-10\"",
        "unlearn.original.epochs=8", "unlearn.methods=[retrain, ft]", "unlearn.forget-kinds=[random, worst-case]",
        "unlearn.seeds=[1]", "unlearn.search.select-epochs=2", "unlearn.search.unlearn-steps=2",
        "unlearn.search.lr-w=1.0");
    LauncherProcess.Run r = onCluster("unlearn", run, List.of(), sets, "unlearn.log");
    System.out.printf(Locale.ROOT, "unlearn on the cluster: %.1f s%n", seconds(r.took()));
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("[unlearn] 4 grid cells"), r.output());
    LauncherProcess.Run l = inLocalMode("unlearn", local, List.of(), sets, "unlearn-local.log");
    assertEquals(0, l.exit(), l.output());
    assertEquals(withoutRunTime(local.resolve("results.csv")), withoutRunTime(run.resolve("results.csv")),
        "unlearn rows on a 2-worker cluster vs local[1]");
    assertEquals(Files.readString(local.resolve("indices.csv")), Files.readString(run.resolve("indices.csv")));
    for (String f : List.of("results.parquet", "summary.md", "gap-to-retrain.png", "provenance.json")) {
      assertTrue(Files.exists(run.resolve(f)), f);
    }

    Path fed = RUNS.resolve("unlearn-federated");
    LauncherProcess.Run f = onCluster("unlearn", fed, List.of(), settings("unlearn.setting=federated",
        "federate.dataset=digits", "federate.model=\"mlp:64-32-10\"", "federate.rounds=3",
        "federate.clients-per-round=2", "federate.partition.scheme=iid", "federate.partition.clients=4",
        "federate.client.local-epochs=1", "unlearn.seeds=[1]", "unlearn.client.forget=[0]",
        "unlearn.client.ft-rounds=1", "unlearn.client.ga.epochs=1"), "unlearn-federated.log");
    System.out.printf(Locale.ROOT, "federated unlearn on the cluster: %.1f s%n", seconds(f.took()));
    assertEquals(0, f.exit(), f.output());
    assertTrue(f.output().contains("[unlearn] worst-case client per seed"), f.output());
    // header + 3 methods x (client 0, worst-case client)
    assertEquals(7, Files.readAllLines(fed.resolve("results.csv")).size());
    assertTrue(Files.readString(fed.resolve("summary.md")).contains("| GA-client | worst-case-client |"));
  }

  /**
   * fedspark distill with every outer step's real batch on the cluster's executors (chunks over 4
   * partitions) and its evaluation grid as cluster tasks; the distilled sets equal, byte for byte,
   * those of the same runs as tasks of a local[1] master.
   */
  @Test
  void distillOnTheClusterMatchesALocalRunBitForBit() throws Exception {
    Path run = RUNS.resolve("distill-cluster");
    Path local = RUNS.resolve("distill-local");
    List<String> sets = settings("distill.dataset=digits", "distill.pool.model=\"mlp:64-32-16:loss=mse\"",
        "distill.target.dimension=16", "distill.target.hidden=[32]", "distill.target.projector=[32, 32]",
        "distill.target.epochs=2", "distill.target.augmentation.max-shift=1", "distill.augmentation.max-shift=1",
        "distill.sizes=[10, 20]", "distill.outer.steps=20", "distill.outer.batch-size=256", "distill.pool.size=3",
        "distill.pool.init-steps-max=20", "distill.chunk-size=200", "distill.evaluation.tasks=[\"digits:0.1\"]",
        "distill.evaluation.repeats=2", "distill.evaluation.pretrain.epochs=10", "distill.evaluation.probe.steps=30",
        "distill.evaluation.fine-tune.steps=10", "distill.evaluation.kmeans-iterations=3");
    LauncherProcess.Run r = onCluster("distill", run, settings("distill.parallelism=real-batch",
        "distill.data-partitions=4"), sets, "distill.log");
    System.out.printf(Locale.ROOT, "distill on the cluster: %.1f s%n", seconds(r.took()));
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("[distill] m=20 seed=1: outer step 20/20"), r.output());
    assertTrue(Files.readString(run.resolve("evaluation.csv")).contains(",krr-st,1,digits-10%,linear-probe,"),
        Files.readString(run.resolve("evaluation.csv")));
    LauncherProcess.Run l = inLocalMode("distill", local, settings("distill.parallelism=runs",
        "distill.evaluation.enabled=false"), sets, "distill-local.log");
    assertEquals(0, l.exit(), l.output());
    for (String set : List.of("m10-seed1", "m20-seed1")) {
      for (String file : List.of("inputs.npy", "targets.npy", "inputs.idx")) {
        assertArrayEquals(
            Files.readAllBytes(local.resolve("runs").resolve(set).resolve(file)),
            Files.readAllBytes(run.resolve("runs").resolve(set).resolve(file)), set + "/" + file);
      }
    }
  }

  /** {@code fedspark command} on the cluster into {@code run}: {@code own} settings, then {@code shared} ones. */
  private static LauncherProcess.Run onCluster(String command, Path run, List<String> own, List<String> shared,
      String log)
      throws Exception {
    return fedspark(job(command, MASTER, run, own, shared), Map.of("FEDSPARK_SUBMIT_ARGS", SUBMIT_ARGS), JOB_TIMEOUT,
        RUNS.resolve(log));
  }

  /** The same in one JVM, a local[1] master. */
  private static LauncherProcess.Run inLocalMode(String command, Path run, List<String> own, List<String> shared,
      String log)
      throws Exception {
    return fedspark(job(command, "local[1]", run, own, shared), Map.of(), JOB_TIMEOUT, RUNS.resolve(log));
  }

  /** {@code --set} before each of {@code values}. */
  private static List<String> settings(String... values) {
    List<String> args = new ArrayList<>();
    for (String value : values) {
      args.addAll(List.of("--set", value));
    }
    return args;
  }

  private static List<String> job(String command, String master, Path run, List<String> own, List<String> shared) {
    List<String> args = new ArrayList<>(List.of(command, "--master", master, "--set", "run.dir=\"" + run + "\""));
    args.addAll(own);
    args.addAll(shared);
    return args;
  }

  /** results.csv without the rte_seconds column (measured, not computed). */
  private static List<String> withoutRunTime(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    int col = List.of(lines.get(0).split(",")).indexOf("rte_seconds");
    assertTrue(col >= 0, lines.get(0));
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
      cells.remove(col);
      out.add(String.join(",", cells));
    }
    return out;
  }
}
