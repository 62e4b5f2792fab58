package io.fedspark.jobs.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.data.DatasetId;
import io.fedspark.federated.data.LocalDatasetLoader;
import io.fedspark.federated.data.DatasetSplit;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.data.Sha256;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.config.DataOptions;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.io.HadoopFiles;
import io.fedspark.jobs.provenance.Provenance;
import io.fedspark.jobs.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads real MNIST from a MiniDFSCluster through the same readers as local files. */
@Tag("hdfs")
class HdfsDatasetReadTest {
  @TempDir static Path base;
  private static MiniDFSCluster cluster;
  private static Configuration conf;

  @BeforeAll
  static void startHdfs() throws Exception {
    conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("hdfs").toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
  }

  @AfterAll
  static void stopHdfs() {
    if (cluster != null) {
      cluster.shutdown(true);
    }
  }

  @Test
  void readsMnistFromHdfsIdenticallyToLocalFilesAndRecordsChecksums() throws Exception {
    Path local = TestData.dir(DatasetId.MNIST);
    FileSystem fs = cluster.getFileSystem();
    org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path("/datasets/mnist");
    fs.mkdirs(remote);
    try (var files = Files.list(local)) {
      for (Path f : files.filter(p -> p.getFileName().toString().contains("ubyte")).toList()) {
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(f.toUri()), new org.apache.hadoop.fs.Path(remote, f.getFileName().toString()));
      }
    }
    String uri = fs.getUri() + "/datasets/mnist";
    assertTrue(uri.startsWith("hdfs://"), uri);

    JobConfig cfg = ConfigLoader.withShippedDefaults().load(null, List.of("data.mnist=\"" + uri + "\"", "data.fetch=false"));
    Provenance prov = new Provenance("test", List.of(), cfg, 1);
    TrainTest tt = new HadoopDatasetSource(new HadoopFiles(conf), DataOptions.from(cfg)).load(DatasetId.MNIST, 1, prov);

    LabeledDataset localTrain = new LocalDatasetLoader(local).load(DatasetId.MNIST, DatasetSplit.TRAIN);
    assertEquals(60000, tt.train().size());
    assertEquals(10000, tt.test().size());
    assertArrayEquals(localTrain.labels(), tt.train().labels());
    assertArrayEquals(localTrain.features(), tt.train().features());
    assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, tt.train().classCounts());

    String json = prov.toJson();
    String sha = Sha256.of(local.resolve("train-images-idx3-ubyte"));
    assertTrue(json.contains(uri + "/train-images-idx3-ubyte\" : \"" + sha + "\""), json);
  }

  @Test
  void aMissingHdfsDirectoryNamesTheKeyAndThePath() throws Exception {
    String uri = cluster.getFileSystem().getUri() + "/nowhere";
    JobConfig cfg = ConfigLoader.withShippedDefaults().load(null, List.of("data.mnist=\"" + uri + "\""));
    var src = new HadoopDatasetSource(new HadoopFiles(conf), DataOptions.from(cfg));
    var e = assertThrows(InvalidConfigException.class, () -> src.locate(DatasetId.MNIST));
    assertTrue(e.getMessage().startsWith("data.mnist = '" + uri + "'"), e.getMessage());
  }
}
