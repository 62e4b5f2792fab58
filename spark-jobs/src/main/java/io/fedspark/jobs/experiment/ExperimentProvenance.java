package io.fedspark.jobs.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fedspark.jobs.io.RunDirectory;
import io.fedspark.jobs.provenance.BuildInfo;
import io.fedspark.jobs.provenance.Provenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How an experiment was made, as {@code provenance.json} in its output directory: the experiment
 * file's text and the command line (enough to repeat it), the resolved experiment, versions and
 * machine, start and end, and every run with its seed, overrides, directory and outcome. Each run
 * directory holds the run's own {@code provenance.json} with its full configuration.
 */
final class ExperimentProvenance {
  static final String FILE = "provenance.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ExperimentProvenance() {}

  static void write(RunDirectory dir, ExperimentPlan plan, List<RunOutcome> outcomes, List<String> arguments, Instant start,
      String sparkVersion, String sparkMaster) {
    ExperimentSpec spec = plan.spec();
    Instant end = Instant.now();
    ObjectNode root = JSON.createObjectNode();
    root.put("fedspark", BuildInfo.version());
    root.put("command", "experiment");
    root.putPOJO("arguments", arguments);
    root.put("gitCommit", BuildInfo.gitCommit());
    root.put("start", start.toString());
    root.put("end", end.toString());
    root.put("seconds", Duration.between(start, end).toMillis() / 1000.0);
    Provenance.writeEnvironment(root.putObject("environment"), sparkVersion, sparkMaster);
    ObjectNode exp = root.putObject("experiment");
    exp.put("name", spec.name());
    exp.put("file", spec.source());
    exp.put("fileText", spec.text());
    exp.putPOJO("sets", spec.sets());
    try {
      exp.set("resolved", JSON.readTree(spec.resolvedJson()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ArrayNode runs = root.putArray("runs");
    for (RunOutcome o : outcomes) {
      ObjectNode r = runs.addObject();
      r.put("run", o.run().number());
      r.put("point", o.run().point().describe());
      r.put("seed", o.run().seed());
      r.putPOJO("overrides", o.run().overrides());
      r.put("dir", o.runDir());
      r.put("status", o.succeeded() ? "ok" : "failed");
      if (o.succeeded()) {
        r.put(spec.metric().configName(), o.metric());
        r.put("rounds", o.rounds());
      } else {
        r.put("error", o.error());
      }
      r.put("seconds", o.seconds());
    }
    try {
      dir.writeString(FILE, JSON.writeValueAsString(root) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
