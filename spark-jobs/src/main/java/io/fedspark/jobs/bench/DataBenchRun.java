package io.fedspark.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * One measuring JVM's result in {@link DataBenchmark} (the JSON {@link DataBenchFork} wrote), with
 * the 1-minute load averages before and after it, and the figures derived from it: the read path
 * of a scan is its one phase, of {@code train} its validation and sharding, of {@code federate} its
 * validation, client shards and test shards; CPU seconds are the process's (all threads).
 */
record DataBenchRun(String kind, JsonNode json, Path log, double loadBefore, double loadAfter) {
  long tableRows() {
    return json.path("tableRows").asLong();
  }

  /** Scan: the whole run; a job: up to the first epoch or round. */
  double readSeconds() {
    return kind.equals("scan") ? phase(0).path("seconds").asDouble() : json.path("readSeconds").asDouble();
  }

  double firstSeconds() {
    return json.path("firstSeconds").asDouble();
  }

  JsonNode phase(int i) {
    return json.path("phases").get(i);
  }

  /**
   * The phases that make up the read path: the scan; train's validation and sharding;
   * federate's validation, client shards and test shards (with round 1, which ends that phase).
   */
  private int readPhases() {
    return kind.equals("scan") ? 1 : kind.equals("train") ? 2 : 3;
  }

  /** Process CPU seconds (all threads: tasks, GC, JIT, driver) over the read path's phases. */
  double readCpuSeconds() {
    double cpu = 0;
    for (int i = 0; i < readPhases(); i++) {
      cpu += phase(i).path("cpuSeconds").asDouble();
    }
    return cpu;
  }

  /**
   * Process CPU seconds of the read path and the first epoch or round: federate's read-path phases
   * end with round 1 already; train's epoch phase also holds the evaluation and the outputs, so it
   * counts in proportion to the epoch's share of its wall time.
   */
  double readAndFirstCpuSeconds() {
    if (!kind.equals("train")) {
      return readCpuSeconds();
    }
    JsonNode p = phase(readPhases());
    return readCpuSeconds() + p.path("cpuSeconds").asDouble() * Math.min(1, firstSeconds() / p.path("seconds")
        .asDouble());
  }

  long peakUsed() {
    return json.path("heap").path("peakUsed").asLong();
  }

  long peakAfterGc() {
    return json.path("heap").path("peakAfterGc").asLong();
  }

  long heapLimit() {
    return json.path("heapLimitBytes").asLong();
  }
}
