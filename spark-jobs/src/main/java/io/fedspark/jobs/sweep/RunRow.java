package io.fedspark.jobs.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the result store: what one run of a sweep gave. Stored as one small JSON file per run
 * (see {@link ResultStore}); failed runs are rows too.
 *
 * @param sweepId the sweep
 * @param sweepName its name
 * @param job the sweep job's name
 * @param command the job's command (federate, train, ...)
 * @param config the configuration's name (job and grid values, no seed): what compare groups by
 * @param runHash the {@link RunHash}
 * @param grid grid key -> value as written
 * @param seed {@code run.seed}
 * @param status {@code ok} or {@code failed}
 * @param error one-line error of a failed run, else empty
 * @param values numbers of the run: the job's numeric results (provenance.json) and the measured
 *     ones ({@link TrackedMetric#MEASURED}); absent when unknown (non-finite values are dropped)
 * @param runDir the run's output directory
 * @param provenance the run's provenance.json (empty if the run wrote none)
 * @param started ISO-8601 start time
 * @param finished ISO-8601 end time
 */
public record RunRow(
    String sweepId,
    String sweepName,
    String job,
    String command,
    String config,
    String runHash,
    Map<String, String> grid,
    long seed,
    String status,
    String error,
    Map<String, Double> values,
    String runDir,
    String provenance,
    String started,
    String finished) {

  public static final String OK = "ok";
  public static final String FAILED = "failed";
  private static final ObjectMapper JSON = new ObjectMapper();

  public RunRow {
    grid = Map.copyOf(new LinkedHashMap<>(grid));
    Map<String, Double> finite = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (v != null && Double.isFinite(v)) {
        finite.put(k, v); // JSON has no NaN: an unknown value is an absent one
      }
    });
    values = Map.copyOf(finite);
    error = error == null ? "" : error;
  }

  public boolean ok() {
    return OK.equals(status);
  }

  /** A value, NaN if absent. */
  public double value(String name) {
    Double v = values.get(name);
    return v == null ? Double.NaN : v;
  }

  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("sweepId", sweepId).put("sweepName", sweepName).put("job", job).put("command", command).put("config", config)
        .put("runHash", runHash).put("seed", seed).put("status", status).put("error", error).put("runDir", runDir)
        .put("provenance", provenance).put("started", started).put("finished", finished);
    ObjectNode g = n.putObject("grid");
    grid.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> g.put(e.getKey(), e.getValue()));
    ObjectNode v = n.putObject("values");
    values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> v.put(e.getKey(), e.getValue()));
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses {@link #toJson()}; {@code where} names the file in errors. */
  public static RunRow fromJson(String text, String where) {
    try {
      JsonNode n = JSON.readTree(text);
      Map<String, String> grid = new LinkedHashMap<>();
      n.get("grid").fields().forEachRemaining(e -> grid.put(e.getKey(), e.getValue().asText()));
      Map<String, Double> values = new LinkedHashMap<>();
      n.get("values").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asDouble()));
      return new RunRow(n.get("sweepId").asText(), n.get("sweepName").asText(), n.get("job").asText(), n.get("command").asText(),
          n.get("config").asText(), n.get("runHash").asText(), grid, n.get("seed").asLong(), n.get("status").asText(),
          n.get("error").asText(), values, n.get("runDir").asText(), n.get("provenance").asText(), n.get("started").asText(),
          n.get("finished").asText());
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalStateException("result row " + where + " is not readable: " + e.getMessage(), e);
    }
  }
}
