package io.fedspark.deploy;

import static io.fedspark.deploy.StandaloneCluster.MASTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The job most cluster tests submit: {@code fedspark train} (data-parallel local SGD, logistic
 * regression on MNIST, 4 partitions) on the cluster, the checks of its output and run directory,
 * and the metrics of the undisturbed client-mode run that the other runs must repeat.
 */
final class ClusterTrainJob {
  /** Lowest test accuracy accepted: this logistic regression reaches about 92.0% after 2 epochs. */
  static final double MIN_ACCURACY = 0.90;
  private static final Set<String> TIMING_COLUMNS = Set.of("seconds", "examples_per_second");
  private static final Pattern ACCURACY = Pattern.compile("final test accuracy (\\d+\\.\\d+)%");

  /** metrics.csv of the client-mode run without its timing columns: the reference for the others. */
  static List<String> referenceMetrics;

  private ClusterTrainJob() {}

  static List<String> train(Path run, int epochs) {
    return List.of("train", "--master", MASTER, "--set", "train.model=\"logreg:784-10\"", "--set", "train.epochs=" + epochs,
        "--set", "train.partitions=4", "--set", "run.dir=\"" + run + "\"");
  }

  /**
   * {@code args} with {@code --verbose}: the refusal's cause (the SASL message) is in the exception
   * chain, which the logs show only with it (the error contract keeps first lines otherwise).
   */
  static List<String> verbose(List<String> args) {
    List<String> v = new ArrayList<>(args);
    v.add("--verbose");
    return v;
  }

  static void checkRunDirectory(Path run, int epochs) throws IOException {
    Path metrics = run.resolve("metrics.csv");
    assertTrue(Files.exists(metrics), "no " + metrics);
    List<String> lines = Files.readAllLines(metrics);
    assertEquals(epochs + 1, lines.size(), String.join("\n", lines));
    int column = List.of(lines.get(0).split(",")).indexOf("test_accuracy");
    assertTrue(column >= 0, "no test_accuracy column in " + lines.get(0));
    double lastTestAccuracy = Double.parseDouble(lines.get(epochs).split(",")[column]);
    assertTrue(lastTestAccuracy >= MIN_ACCURACY, String.join("\n", lines));
    String prov = Files.readString(run.resolve("provenance.json"));
    assertTrue(prov.contains("\"sparkMaster\" : \"" + MASTER + "\""), prov);
    assertTrue(prov.contains("\"testAccuracy\""), prov);
  }

  /** metrics.csv without the timing columns, the only ones allowed to differ between runs. */
  static List<String> metricsWithoutTiming(Path run) throws IOException {
    List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
    List<String> header = List.of(lines.get(0).split(","));
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      if (!TIMING_COLUMNS.contains(header.get(i))) {
        keep.add(i);
      }
    }
    return lines.stream().map(l -> {
      String[] cells = l.split(",");
      return keep.stream().map(i -> cells[i]).collect(Collectors.joining(","));
    }).toList();
  }

  static double accuracyIn(String output) {
    Matcher m = ACCURACY.matcher(output);
    assertTrue(m.find(), "no final accuracy line in:\n" + output);
    return Double.parseDouble(m.group(1)) / 100;
  }
}
