package io.fedspark.jobs.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench train}'s update-compression figures ({@code train.compression}, issue #18): the
 * barrier exchange run once uncompressed and once per {@link #SETTINGS setting}, in the same
 * session, and for each setting the bytes one partition sends per synchronisation (the
 * {@code bytes_per_sync} column of metrics.csv, median over epochs) and the time to the target test
 * accuracy, both as ratios against the uncompressed run, with the final test accuracy of both.
 */
final class CompressionComparison {
  /**
   * One compression setting of the comparison.
   *
   * @param label how the figures name it, e.g. {@code top-k 1%}
   * @param settings its {@code train.compression.*} settings
   */
  record Setting(String label, List<String> settings) {
    /** A directory name for its run. */
    String slug() {
      return label.replaceAll("[^A-Za-z0-9.]+", "-");
    }
  }

  /** The settings compared: the shipped top-k fraction, a ten times sparser one, and threshold encoding. */
  static final List<Setting> SETTINGS = List.of(
      new Setting("top-k 1%", List.of("train.compression.method=top-k", "train.compression.top-k.fraction=0.01")),
      new Setting("top-k 0.1%", List.of("train.compression.method=top-k", "train.compression.top-k.fraction=0.001")),
      new Setting("threshold 0.01", List.of("train.compression.method=threshold",
          "train.compression.threshold.tau=0.01")));

  /** What the baseline is called in the records. */
  static final String BASELINE = "uncompressed barrier";

  private CompressionComparison() {}

  /** Median over epochs of a run's bytes per synchronisation (NaN when not measured). */
  static double bytesPerSync(TrainBenchmark.EngineRun r) {
    double[] b = r.bytesPerSync().clone();
    java.util.Arrays.sort(b);
    return b.length == 0 ? Double.NaN : b.length % 2 == 1 ? b[b.length / 2] : (b[b.length / 2 - 1] + b[b.length / 2]) / 2;
  }

  /**
   * The records of every setting against the uncompressed barrier run: bytes per synchronisation
   * (as 1/MB, so that more is better and the ratio is the compression factor) and, when both runs
   * reached {@code target}, the time to it (1/s).
   */
  static List<BenchRecord> records(TrainBenchmark.EngineRun uncompressed, Map<Setting, TrainBenchmark.EngineRun> runs,
      double target) {
    List<BenchRecord> out = new ArrayList<>();
    double baseBytes = bytesPerSync(uncompressed);
    int baseEpoch = uncompressed.epochReaching(target);
    String pct = String.format(Locale.ROOT, "%.0f%%", 100 * target);
    for (Map.Entry<Setting, TrainBenchmark.EngineRun> e : runs.entrySet()) {
      TrainBenchmark.EngineRun r = e.getValue();
      String label = e.getKey().label();
      double bytes = bytesPerSync(r);
      Map<String, Double> d = new LinkedHashMap<>();
      d.put("bytesPerSync", bytes);
      d.put("uncompressedBytesPerSync", baseBytes);
      d.put("finalAccuracy", r.testAccuracy()[r.testAccuracy().length - 1]);
      d.put("uncompressedFinalAccuracy", uncompressed.testAccuracy()[uncompressed.testAccuracy().length - 1]);
      out.add(new BenchRecord("bytes per sync: barrier " + label + " (1/MB)", 1e6 / bytes, "1/MB", BASELINE,
          1e6 / baseBytes, baseBytes / bytes, null, null, null, d, null));
      int epoch = r.epochReaching(target);
      if (epoch > 0 && baseEpoch > 0) {
        Map<String, Double> t = new LinkedHashMap<>();
        t.put("seconds", r.secondsTo(epoch));
        t.put("epoch", (double) epoch);
        t.put("uncompressedSeconds", uncompressed.secondsTo(baseEpoch));
        t.put("uncompressedEpoch", (double) baseEpoch);
        out.add(new BenchRecord("time to " + pct + ": barrier " + label + " (1/s)", 1 / r.secondsTo(epoch), "1/s",
            BASELINE, 1 / uncompressed.secondsTo(baseEpoch), uncompressed.secondsTo(baseEpoch) / r.secondsTo(epoch),
            null, null, null, t, null));
      }
    }
    return out;
  }

  /** The printed lines: per setting, bytes and their ratio, time to target and final accuracy. */
  static String table(BenchReport report) {
    StringBuilder sb = new StringBuilder();
    for (BenchRecord r : report.records()) {
      if (r.name().startsWith("bytes per sync: ")) {
        String label = r.name().substring("bytes per sync: barrier ".length(), r.name().length() - " (1/MB)".length());
        sb.append(String.format(Locale.ROOT, "compression %s: %.1f KB per partition and sync vs %.1f KB uncompressed"
            + " (%.0fx less); final test accuracy %.2f%% vs %.2f%%", label, r.details().get("bytesPerSync") / 1024,
            r.details().get("uncompressedBytesPerSync") / 1024, r.ratio(), 100 * r.details().get("finalAccuracy"),
            100 * r.details().get("uncompressedFinalAccuracy")));
        report.records().stream().filter(t -> t.name().startsWith("time to ") && t.name().contains("barrier " + label
            + " (1/s)")).findFirst().ifPresentOrElse(t -> sb.append(String.format(Locale.ROOT,
                "; time to target %.1f s (epoch %.0f) vs %.1f s (epoch %.0f): %.2fx%n", t.details().get("seconds"),
                t.details().get("epoch"), t.details().get("uncompressedSeconds"), t.details().get("uncompressedEpoch"),
                t.ratio())), () -> sb.append("; target not reached (see the notes)\n"));
      }
    }
    return sb.toString();
  }
}
