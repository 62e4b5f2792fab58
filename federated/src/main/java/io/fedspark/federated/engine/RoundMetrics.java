package io.fedspark.federated.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What one round did: the cohort, how many clients succeeded, the mean client training loss
 * (example-weighted), the global test metrics when evaluated (NaN otherwise), the curriculum
 * figures (cohort mean score, paced subset sizes at the first local step, client pool size),
 * bytes sent down (broadcast parameters to each client) and up (client parameters), and wall time.
 */
public record RoundMetrics(
    int round,
    int succeeded,
    int failed,
    double meanTrainLoss,
    double testLoss,
    double testAccuracy,
    double cohortMeanScore,
    int pacedMin,
    double pacedMean,
    int pacedMax,
    int clientPool,
    long bytesDown,
    long bytesUp,
    double seconds,
    int[] cohort) {

  /** CSV header matching {@link #toCsv()}. */
  public static final String CSV_HEADER =
      "round,succeeded,failed,mean_train_loss,test_loss,test_accuracy,cohort_mean_score,paced_min,paced_mean,paced_max,client_pool,bytes_down,bytes_up,seconds,cohort";

  public String toCsv() {
    return String.format(Locale.ROOT, "%d,%d,%d,%s,%s,%s,%s,%d,%s,%d,%d,%d,%d,%s,%s",
        round, succeeded, failed, num(meanTrainLoss), num(testLoss), num(testAccuracy), num(cohortMeanScore),
        pacedMin, num(pacedMean), pacedMax, clientPool, bytesDown, bytesUp, Double.toString(seconds),
        Arrays.stream(cohort).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
  }

  /** Parses a line written by {@link #toCsv()} (used when resuming from a checkpoint). */
  public static RoundMetrics fromCsv(String line) {
    String[] f = line.split(",", -1);
    if (f.length != 15) {
      throw new IllegalArgumentException("metrics line has " + f.length + " fields, expected 15: " + line);
    }
    int[] cohort = f[14].isBlank() ? new int[0] : Arrays.stream(f[14].trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    return new RoundMetrics(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
        parse(f[3]), parse(f[4]), parse(f[5]), parse(f[6]), Integer.parseInt(f[7]), parse(f[8]), Integer.parseInt(f[9]),
        Integer.parseInt(f[10]), Long.parseLong(f[11]), Long.parseLong(f[12]), Double.parseDouble(f[13]), cohort);
  }

  private static String num(double d) {
    return Double.isNaN(d) ? "" : Double.toString(d); // full precision: a resumed history equals the uninterrupted one
  }

  private static double parse(String s) {
    return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
  }
}
