package io.fedspark.jobs.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.data.DatasetId;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.federate.FederateJob;
import io.fedspark.jobs.testing.ExampleTables;
import io.fedspark.jobs.testing.SeparateJvm;
import io.fedspark.jobs.testing.SparkTest;
import io.fedspark.jobs.testing.TestData;
import io.fedspark.jobs.train.TrainJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables on HDFS (a MiniDFSCluster): the executors read a Parquet table and MNIST's IDX files from
 * hdfs:// paths, the run directory is on HDFS too, and the model is bit-identical to the one trained
 * from the same files on the local file system.
 */
@SparkTest
@Tag("hdfs")
class HdfsTableTest {
  @TempDir static Path base;
  private static MiniDFSCluster cluster;
  private static String hdfs;

  @BeforeAll
  static void startHdfsAndWriteTables() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("hdfs").toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    FileSystem fs = cluster.getFileSystem();
    hdfs = fs.getUri().toString();
    Path tables = base.resolve("tables");
    SeparateJvm.run(ExampleTables.class, TestData.dir(DatasetId.DIGITS).resolve("digits.csv.gz").toString(),
        tables.toString());
    fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(tables.resolve("parquet-many").toUri()),
        new org.apache.hadoop.fs.Path("/tables/digits"));
    Path mnist = TestData.dir(DatasetId.MNIST);
    try (var files = Files.list(mnist)) {
      for (Path f : files.filter(p -> p.getFileName().toString().contains("ubyte")).toList()) {
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(f.toUri()),
            new org.apache.hadoop.fs.Path("/datasets/mnist/" + f.getFileName()));
      }
    }
  }

  @AfterAll
  static void stopHdfs() {
    if (cluster != null) {
      cluster.shutdown(true);
    }
  }

  private static TrainJob.Result train(String runDir, String... sets) {
    List<String> o = new ArrayList<>(List.of(sets));
    o.add("run.dir=\"" + runDir + "\"");
    return TrainJob.run(new JobContext("train", o, ConfigLoader.withShippedDefaults()
        .load(Path.of("..", "conf", "examples", "digits-parquet.conf"), o)), null);
  }

  @Test
  void aParquetTableOnHdfsTrainsLikeTheSameFilesOnLocalDiskWithTheRunDirectoryOnHdfs() throws Exception {
    var remote = train(hdfs + "/runs/train", "data.source.path=\"" + hdfs + "/tables/digits\"");
    var local = train(base.resolve("local-run").toString(),
        "data.source.path=\"" + base.resolve("tables/parquet-many") + "\"");
    assertArrayEquals(local.parameters(), remote.parameters(), 0f);
    FileSystem fs = cluster.getFileSystem();
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/runs/train/metrics.csv")));
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/runs/train/provenance.json")));

    List<String> f = new ArrayList<>(List.of("data.source.path=\"" + hdfs + "/tables/digits\"",
        "run.dir=\"" + hdfs + "/runs/federate\""));
    FederateJob.run(new JobContext("federate", f, ConfigLoader.withShippedDefaults()
        .load(Path.of("..", "conf", "examples", "digits-parquet.conf"), f)), null);
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/runs/federate/skew-report.csv")));
  }

  @Test
  void theBundledMnistIsReadFromHdfsByTheExecutors() {
    List<String> o = new ArrayList<>(List.of("train.dataset=mnist", "train.model=\"logreg:784-10\"", "train.epochs=1",
        "train.partitions=2", "data.mnist=\"" + hdfs + "/datasets/mnist\"", "data.fetch=false",
        "run.dir=\"" + base.resolve("mnist-run") + "\""));
    var r = TrainJob.run(new JobContext("train", o, ConfigLoader.withShippedDefaults().load(null, o)), null);
    assertTrue(r.testAccuracy() > 0.85, "accuracy " + r.testAccuracy());
  }
}
