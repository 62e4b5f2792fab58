package io.fedspark.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.fedspark.federated.data.DatasetId;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.federate.FederateJob;
import io.fedspark.jobs.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same seed and partition count give a bit-identical model on local[1] and local[3] (one
 * versus three concurrent tasks, finishing in any order), for both train modes and federate.
 */
@Tag("spark")
class DeterminismAcrossMastersTest {
  @TempDir Path dir;

  @BeforeAll
  static void data() {
    TestData.dir(DatasetId.DIGITS);
  }

  private float[] runOn(String master, String job, String name, String... sets) {
    List<String> o = new ArrayList<>(List.of(sets));
    o.add("spark.master=\"" + master + "\"");
    o.add("run.dir=\"" + dir.resolve(name) + "\"");
    try {
      var cfg = ConfigLoader.withShippedDefaults().load(null, o);
      return job.equals("train")
          ? TrainJob.run(new JobContext(job, o, cfg), null).parameters()
          : FederateJob.run(new JobContext(job, o, cfg), null).state().global();
    } finally {
      SparkSession.active().stop();
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
  }

  @Test
  void localOneAndLocalThreeAgreeBitForBit() {
    String[] train = {"train.dataset=digits", "train.model=\"mlp:64-32-10\"", "train.epochs=2", "train.partitions=6",
        "train.batch-size=16", "train.local-steps=4", "train.optimizer.kind=adamw", "train.optimizer.learning-rate=0.01"};
    assertArrayEquals(runOn("local[1]", "train", "t1", train), runOn("local[3]", "train", "t3", train), 0f);
    String[] sync = {"train.dataset=digits", "train.model=\"mlp:64-32-10\"", "train.epochs=1", "train.partitions=6",
        "train.batch-size=60", "train.mode=sync-gradient"};
    assertArrayEquals(runOn("local[1]", "train", "s1", sync), runOn("local[3]", "train", "s3", sync), 0f);
    String[] fed = {"federate.dataset=digits", "federate.model=\"mlp:64-32-10\"", "federate.rounds=3",
        "federate.partition.clients=12", "federate.clients-per-round=6", "federate.spark-partitions=5",
        "federate.strategy.kind=fedyogi"};
    assertArrayEquals(runOn("local[1]", "federate", "f1", fed), runOn("local[3]", "federate", "f3", fed), 0f);
  }
}
