package io.fedspark.jobs.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What the store keeps about a sweep besides its rows ({@code sweeps/ID/sweep.json}, written when
 * the sweep first starts): enough for {@code sweep compare} and the history plots to work from the
 * store alone.
 *
 * @param id the sweep id
 * @param name the sweep name (sweeps of one name form a history)
 * @param started ISO-8601 time the sweep first started (a resumed sweep keeps it)
 * @param master the Spark master
 * @param metrics the tracked metrics
 * @param gridKeys every grid key of every job, in order
 * @param source the sweep file
 * @param resolvedJson the sweep block after --set
 */
public record SweepMeta(String id, String name, String started, String master, List<TrackedMetric> metrics, List<String> gridKeys,
    String source, String resolvedJson) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public SweepMeta {
    metrics = List.copyOf(metrics);
    gridKeys = List.copyOf(gridKeys);
  }

  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", id).put("name", name).put("started", started).put("master", master).put("source", source);
    ArrayNode m = n.putArray("metrics");
    for (TrackedMetric t : metrics) {
      m.addObject().put("name", t.name()).put("direction", t.direction().configName()).put("tolerance", t.tolerance())
          .put("relative", t.relative());
    }
    ArrayNode g = n.putArray("gridKeys");
    gridKeys.forEach(g::add);
    try {
      n.set("sweep", JSON.readTree(resolvedJson));
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static SweepMeta fromJson(String text, String where) {
    try {
      JsonNode n = JSON.readTree(text);
      List<TrackedMetric> metrics = new ArrayList<>();
      for (JsonNode m : n.get("metrics")) {
        metrics.add(new TrackedMetric(m.get("name").asText(), TrackedMetric.Direction.valueOf(m.get("direction").asText().toUpperCase(java.util.Locale.ROOT)),
            m.get("tolerance").asDouble(), m.get("relative").asBoolean()));
      }
      List<String> grid = new ArrayList<>();
      n.get("gridKeys").forEach(k -> grid.add(k.asText()));
      return new SweepMeta(n.get("id").asText(), n.get("name").asText(), n.get("started").asText(), n.get("master").asText(), metrics, grid,
          n.get("source").asText(), n.get("sweep").toString());
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalStateException("sweep metadata " + where + " is not readable: " + e.getMessage(), e);
    }
  }
}
