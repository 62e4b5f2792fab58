package io.fedspark.jobs.sweep;

import io.fedspark.federated.client.LocalTrainingOptions;
import io.fedspark.federated.engine.SimulationOptions;
import io.fedspark.jobs.federate.FederateOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.io.HadoopFiles;
import io.fedspark.jobs.provenance.Provenance;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * Reads what a finished run reports, without knowing which job it was: the numeric entries of its
 * {@code provenance.json} {@code results} (every job records its headline numbers there), and its
 * training throughput in examples per second, from whichever source the run has:
 *
 * <ol>
 *   <li>a numeric result {@code examplesPerSecond};
 *   <li>the mean of an {@code examples_per_second} column of its {@code metrics.csv} (train);
 *   <li>for a federated run ({@code skew-summary.json} present): the expected examples of local
 *       training, {@code rounds x clients-per-round x local-epochs x examples / clients}, over the
 *       wall time (an estimate: the examples actually drawn depend on the clients sampled);
 *   <li>else unknown.
 * </ol>
 */
final class RunMeasures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunMeasures() {}

  /**
   * The numeric results of the run's provenance.json.
   *
   * @throws FileNotFoundException if the run wrote no provenance.json (it did not finish)
   */
  static Map<String, Double> results(HadoopFiles files, String runDir) throws IOException {
    String text = read(files, new Path(runDir, Provenance.FILE));
    Map<String, Double> out = new LinkedHashMap<>();
    JsonNode results = JSON.readTree(text).get("results");
    if (results != null) {
      results.fields().forEachRemaining(e -> {
        if (e.getValue().isNumber()) {
          out.put(e.getKey(), e.getValue().asDouble());
        }
      });
    }
    return out;
  }

  /** Examples per second of training, NaN if the run gives no way to tell. */
  static double examplesPerSecond(HadoopFiles files, String runDir, JobConfig cfg, Map<String, Double> results, double wallSeconds) {
    Double direct = results.get("examplesPerSecond");
    if (direct != null) {
      return direct;
    }
    try {
      String csv = read(files, new Path(runDir, "metrics.csv"));
      List<String> lines = csv.lines().toList();
      List<String> header = List.of(lines.get(0).split(","));
      int col = header.indexOf("examples_per_second");
      if (col >= 0) {
        double sum = 0;
        int n = 0;
        for (String line : lines.subList(1, lines.size())) {
          String[] f = line.split(",", -1);
          if (f.length > col && !f[col].isEmpty()) {
            sum += Double.parseDouble(f[col]);
            n++;
          }
        }
        if (n > 0) {
          return sum / n;
        }
      }
    } catch (IOException | RuntimeException e) {
      // no usable metrics.csv: try the next source
    }
    try {
      JsonNode skew = JSON.readTree(read(files, new Path(runDir, "skew-summary.json")));
      double examples = skew.get("num_examples").asDouble();
      double clients = skew.get("num_clients").asDouble();
      double rounds = results.getOrDefault("rounds", (double) cfg.get(SimulationOptions.ROUNDS));
      double perRound = Math.min(cfg.get(FederateOptions.CLIENTS_PER_ROUND), clients);
      double epochs = cfg.get(LocalTrainingOptions.LOCAL_EPOCHS);
      return rounds * perRound * epochs * examples / clients / wallSeconds;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static String read(HadoopFiles files, Path p) throws IOException {
    try (InputStream in = files.fileSystem(p).open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
