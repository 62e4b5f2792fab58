package io.fedspark.federated.train;

/**
 * One epoch of data-parallel training: its synchronised steps, the training loss and accuracy over
 * the examples it saw, the test loss and accuracy (NaN when the epoch was not evaluated), its
 * throughput and wall time, and the bytes one partition's contribution takes on the exchange per
 * synchronisation ({@link StepContribution#encodedSize}, averaged over the epoch: parameters and
 * optimizer state, or the compressed update under {@code train.compression}; NaN when the engine
 * does not measure it).
 */
public record EpochMetrics(int epoch, int steps, double trainLoss, double trainAccuracy, double testLoss,
    double testAccuracy, double examplesPerSecond, double seconds, double bytesPerSync) {
  /** The column names of {@link #toCsv()}. */
  public static final String CSV_HEADER =
      "epoch,steps,train_loss,train_accuracy,test_loss,test_accuracy,examples_per_second,seconds,bytes_per_sync";

  /** An epoch whose exchange was not measured (bytes per synchronisation NaN). */
  public EpochMetrics(int epoch, int steps, double trainLoss, double trainAccuracy, double testLoss,
      double testAccuracy, double examplesPerSecond, double seconds) {
    this(epoch, steps, trainLoss, trainAccuracy, testLoss, testAccuracy, examplesPerSecond, seconds, Double.NaN);
  }

  /** Whether the epoch was evaluated on the test split. */
  public boolean evaluated() {
    return !Double.isNaN(testAccuracy);
  }

  /**
   * One CSV line (empty test columns when not evaluated), the format checkpoints keep: every number
   * at full precision, so a resumed run's history equals the uninterrupted run's.
   */
  public String toCsv() {
    return String.join(",", Integer.toString(epoch), Integer.toString(steps), Double.toString(trainLoss),
        Double.toString(trainAccuracy), evaluated() ? Double.toString(testLoss) : "",
        evaluated() ? Double.toString(testAccuracy) : "", Double.toString(examplesPerSecond), Double.toString(seconds),
        Double.isNaN(bytesPerSync) ? "" : Double.toString(bytesPerSync));
  }

  /** Parses a {@link #toCsv()} line (as a checkpoint stores it; a line of 8 fields has no bytes_per_sync). */
  public static EpochMetrics parse(String line) {
    String[] f = line.split(",", -1);
    if (f.length != 8 && f.length != 9) {
      throw new IllegalArgumentException("an epoch metrics line has 9 fields, this one " + f.length + ": " + line);
    }
    return new EpochMetrics(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Double.parseDouble(f[2]),
        Double.parseDouble(f[3]), f[4].isEmpty() ? Double.NaN : Double.parseDouble(f[4]),
        f[5].isEmpty() ? Double.NaN : Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
        f.length == 8 || f[8].isEmpty() ? Double.NaN : Double.parseDouble(f[8]));
  }
}
