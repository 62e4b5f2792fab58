package io.fedspark.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The figures {@code bench data} derives from one measuring JVM's JSON, worked out by hand on
 * small made-up measurements (no JVM is started): which phases make the read path, the CPU
 * seconds over them, train's share of its epoch phase, the median run and the stages by name.
 */
class DataBenchRunTest {
  private static final String TRAIN = """
      {"tableRows": 1000, "readSeconds": 4.0, "firstSeconds": 3.0, "heapLimitBytes": 512,
       "heap": {"peakUsed": 300, "peakAfterGc": 100},
       "phases": [{"name": "validation", "seconds": 1.5, "cpuSeconds": 2.0},
                  {"name": "sharding", "seconds": 2.5, "cpuSeconds": 4.0},
                  {"name": "epochs", "seconds": 6.0, "cpuSeconds": 9.0}],
       "stages": [{"name": "a", "start": 0.5, "end": 1.0}, {"name": "a", "start": 2.0, "end": 3.5},
                  {"name": "b", "start": 3.5, "end": 3.75}, {"name": "c", "start": 4.0, "end": 5.0}]}""";
  private static final String SCAN = """
      {"tableRows": 1000, "readSeconds": 99.0, "phases": [{"name": "scan", "seconds": 2.0, "cpuSeconds": 3.0}]}""";
  private static final String FEDERATE = """
      {"tableRows": 1000, "readSeconds": 3.25, "firstSeconds": 1.0,
       "phases": [{"name": "validation", "seconds": 1.0, "cpuSeconds": 1.0},
                  {"name": "client shards", "seconds": 2.0, "cpuSeconds": 3.0},
                  {"name": "test shards", "seconds": 0.5, "cpuSeconds": 0.25},
                  {"name": "rounds", "seconds": 10.0, "cpuSeconds": 20.0}]}""";

  private static DataBenchRun run(String kind, String json) throws Exception {
    return new DataBenchRun(kind, new ObjectMapper().readTree(json), Path.of(kind + ".log"), 0.5, 0.75);
  }

  @Test
  void theReadPathIsEachJobsOwnPhases() throws Exception {
    DataBenchRun scan = run("scan", SCAN);
    assertEquals(2.0, scan.readSeconds(), 0, "a scan's read path is its whole (only) phase, not readSeconds");
    assertEquals(3.0, scan.readCpuSeconds(), 0);
    assertEquals(3.0, scan.readAndFirstCpuSeconds(), 0);

    DataBenchRun train = run("train", TRAIN);
    assertEquals(4.0, train.readSeconds(), 0);
    assertEquals(3.0, train.firstSeconds(), 0);
    assertEquals(2.0 + 4.0, train.readCpuSeconds(), 0, "validation + sharding");
    assertEquals(6.0 + 9.0 * 3.0 / 6.0, train.readAndFirstCpuSeconds(), 0, "plus epoch 1's share of its phase");
    assertEquals(1000, train.tableRows());
    assertEquals(300, train.peakUsed());
    assertEquals(100, train.peakAfterGc());
    assertEquals(512, train.heapLimit());

    DataBenchRun federate = run("federate", FEDERATE);
    assertEquals(3.25, federate.readSeconds(), 0);
    assertEquals(1.0 + 3.0 + 0.25, federate.readCpuSeconds(), 0, "validation, client and test shards");
    assertEquals(1.0 + 3.0 + 0.25, federate.readAndFirstCpuSeconds(), 0, "round 1 ends the read path's last phase");
  }

  @Test
  void trainsEpochShareIsCappedAtItsWholePhase() throws Exception {
    DataBenchRun train = run("train", TRAIN.replace("\"firstSeconds\": 3.0", "\"firstSeconds\": 8.0"));
    assertEquals(6.0 + 9.0, train.readAndFirstCpuSeconds(), 0);
  }

  @Test
  void medianAndStagesByName() throws Exception {
    DataBenchRun train = run("train", TRAIN);
    DataBenchRun federate = run("federate", FEDERATE);
    DataBenchRun scan = run("scan", SCAN);
    assertSame(federate, DataBenchmark.median(List.of(train, scan, federate)), "read seconds 4, 2, 3.25");
    assertSame(scan, DataBenchmark.median(List.of(train, scan)), "the lower middle of an even count");
    Map<String, double[]> stages = DataBenchmark.stagesByName(train, train.readSeconds());
    assertEquals(List.of("a", "b"), List.copyOf(stages.keySet()), "stage c starts at the end of the read path");
    assertArrayEquals(new double[] {0.5 + 1.5, 2}, stages.get("a"), 0);
    assertArrayEquals(new double[] {0.25, 1}, stages.get("b"), 0);
  }
}
