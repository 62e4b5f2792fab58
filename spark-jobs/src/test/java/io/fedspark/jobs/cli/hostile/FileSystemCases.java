package io.fedspark.jobs.cli.hostile;

import static io.fedspark.jobs.cli.hostile.HostileCase.c;

import io.fedspark.jobs.testing.HostileFileSystem;
import java.util.List;

/**
 * Faults of the file system (unknown host, refused connection, permission denied, a full disk) and
 * diverging training, each case naming the path, or the round, client or partition and the setting
 * to lower.
 */
final class FileSystemCases {
  private FileSystemCases() {}

  static List<HostileCase> cases() {
    return List.of(
        c("fs: unknown HDFS host names the path", 2,
            (t, run) -> t.trainAt("parquet", "hdfs://no-such-host.invalid:8020/data/t", run),
            "hdfs://no-such-host.invalid:8020/data/t", "unknown host no-such-host.invalid"),
        c("fs: refused HDFS connection names the path", 1,
            (t, run) -> t.trainAt("parquet", "hdfs://127.0.0.1:1/data/t", run), "hdfs://127.0.0.1:1/data/t",
            "refused"),
        c("fs: a directory that cannot be read is not 'not found'", 2,
            (t, run) -> t.trainAt("parquet", HostileFileSystem.uri(t.fx().resolve("denied").resolve("t")), run),
            "denied", "permission denied"),
        c("fs: a full disk fails the checkpoint with one line and no temporary file", 1,
            (t, run) -> t.trainArgs("csv", null, "run.dir=\"" + HostileFileSystem.uri(t.fx().resolve("full")
                .resolve("run-" + System.nanoTime())) + "\""), "No space left on device", "checkpoint/"),
        c("divergence: federate on Spark names the round, client and setting", 2,
            (t, run) -> t.federateArgs("csv", run, "federate.client.learning-rate=1e30"), "round 1: client",
            "lower federate.client.learning-rate"),
        c("divergence: federate in-process names the round, client and setting", 2,
            (t, run) -> t.federateArgs("csv", run, "federate.client.learning-rate=1e30", "federate.backend=in-process"),
            "round 1: client", "lower federate.client.learning-rate"),
        c("divergence: train names the epoch, partition and setting", 2,
            (t, run) -> t.trainArgs("csv", run, "train.optimizer.learning-rate=1e30"), "epoch 1", "partition 0",
            "lower train.optimizer.learning-rate"));
  }
}
