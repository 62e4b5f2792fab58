package io.fedspark.federated.partition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fedspark.federated.data.LabeledDataset;
import java.util.Arrays;
import java.util.Locale;

/**
 * How skewed a partition is: for every client its size, its label histogram, and the {@linkplain
 * ProbabilityDistance#hellinger Hellinger} and {@linkplain ProbabilityDistance#jensenShannon
 * Jensen-Shannon} distances (base-2, both in [0, 1]) of its label distribution to the global one,
 * the label distribution of all partitioned examples. Summarised as min / median / mean / max of
 * the sizes and of both distances, plus the mean number of classes a client holds. Every run
 * writes one, as {@link #toCsv()} (one row per client), {@link #summary()} (text for the log) and
 * {@link #toJson()} (the summary, for result files).
 *
 * <p>These are the label-skew measures used to characterise non-IID splits such as NIID-Bench's
 * (Li et al. 2022, "Federated Learning on Non-IID Data Silos: An Experimental Study") and the
 * {@code labeldir} split of Vahidian et al. 2023, "When Do Curricula Work in Federated
 * Learning?". An empty client has no label distribution: its distances are NaN (an empty CSV
 * field), and the distance statistics skip it. Building a report costs O(N + clients x classes +
 * clients log clients).
 */
public final class SkewReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int numClasses;
  private final long numExamples;
  private final int[] sizes;
  private final int[][] histograms;
  private final double[] global;
  private final double[] hellinger;
  private final double[] jensenShannon;
  private final Stats sizeStats;
  private final Stats hellingerStats;
  private final Stats jensenShannonStats;
  private final double meanClassesPerClient;
  private final int emptyClients;

  /**
   * Min, median, mean and max of a set of values; NaN everywhere for an empty set.
   *
   * @param min the smallest value
   * @param median the middle value, or the mean of the two middle values
   * @param mean the arithmetic mean
   * @param max the largest value
   */
  public record Stats(double min, double median, double mean, double max) {
    /** @return the statistics of the non-NaN entries of {@code values} */
    static Stats of(double[] values) {
      double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
      if (v.length == 0) {
        return new Stats(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
      }
      double sum = 0;
      for (double x : v) {
        sum += x;
      }
      int mid = v.length / 2;
      double median = v.length % 2 == 1 ? v[mid] : 0.5 * (v[mid - 1] + v[mid]);
      return new Stats(v[0], median, sum / v.length, v[v.length - 1]);
    }
  }

  private SkewReport(int numClasses, int[][] histograms) {
    int k = histograms.length;
    this.numClasses = numClasses;
    this.histograms = histograms;
    this.sizes = new int[k];
    long total = 0;
    long[] pooled = new long[numClasses];
    long classesHeld = 0;
    int empty = 0;
    for (int j = 0; j < k; j++) {
      for (int c = 0; c < numClasses; c++) {
        sizes[j] += histograms[j][c];
        pooled[c] += histograms[j][c];
        classesHeld += histograms[j][c] > 0 ? 1 : 0;
      }
      total += sizes[j];
      empty += sizes[j] == 0 ? 1 : 0;
    }
    this.numExamples = total;
    this.emptyClients = empty;
    this.meanClassesPerClient = (double) classesHeld / k;
    this.global = new double[numClasses];
    for (int c = 0; c < numClasses && total > 0; c++) {
      global[c] = (double) pooled[c] / total;
    }
    this.hellinger = new double[k];
    this.jensenShannon = new double[k];
    double[] p = new double[numClasses];
    for (int j = 0; j < k; j++) {
      if (sizes[j] == 0) {
        hellinger[j] = Double.NaN;
        jensenShannon[j] = Double.NaN;
        continue;
      }
      for (int c = 0; c < numClasses; c++) {
        p[c] = (double) histograms[j][c] / sizes[j];
      }
      hellinger[j] = ProbabilityDistance.hellinger(p, global);
      jensenShannon[j] = ProbabilityDistance.jensenShannon(p, global);
    }
    this.sizeStats = Stats.of(Arrays.stream(sizes).asDoubleStream().toArray());
    this.hellingerStats = Stats.of(hellinger);
    this.jensenShannonStats = Stats.of(jensenShannon);
  }

  /**
   * The report of per-client label histograms (client j's count of class c at {@code [j][c]}), as
   * the executors count them for a table the driver never reads.
   */
  public static SkewReport ofHistograms(int[][] histograms) {
    if (histograms.length == 0 || histograms[0].length == 0) {
      throw new IllegalArgumentException("a skew report needs at least one client and one class");
    }
    return new SkewReport(histograms[0].length, histograms);
  }

  /**
   * The report of a partition of a dataset.
   *
   * @param partition the partition
   * @param data the partitioned dataset
   * @return the report
   */
  public static SkewReport of(ClientPartition partition, LabeledDataset data) {
    return of(partition, data.labels(), data.numClasses());
  }

  /**
   * The report of a partition of examples given by their labels.
   *
   * @param partition the partition; every index must be a valid example
   * @param labels the label of each example, in {@code [0, numClasses)}
   * @param numClasses the number of classes, at least 1
   * @return the report
   * @throws IllegalArgumentException naming the client and example of an index or label out of
   *     range
   */
  public static SkewReport of(ClientPartition partition, int[] labels, int numClasses) {
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses = " + numClasses + ": expected >= 1");
    }
    int k = partition.numClients();
    int[][] histograms = new int[k][numClasses];
    for (int j = 0; j < k; j++) {
      for (int i : partition.indices(j)) {
        if (i >= labels.length) {
          throw new IllegalArgumentException("client " + j + " holds example " + i
              + " but there are " + labels.length + " labels");
        }
        int label = labels[i];
        if (label < 0 || label >= numClasses) {
          throw new IllegalArgumentException("example " + i + " (client " + j + ") has label "
              + label + ": expected a label in [0," + numClasses + ")");
        }
        histograms[j][label]++;
      }
    }
    return new SkewReport(numClasses, histograms);
  }

  /** @return the number of clients */
  public int numClients() {
    return sizes.length;
  }

  /** @return the number of classes */
  public int numClasses() {
    return numClasses;
  }

  /** @return the number of partitioned examples */
  public long numExamples() {
    return numExamples;
  }

  /** @return the number of clients without examples */
  public int emptyClients() {
    return emptyClients;
  }

  /** @return a copy of the size of each client */
  public int[] sizes() {
    return sizes.clone();
  }

  /**
   * @param client a client in {@code [0, numClients)}
   * @return a copy of the client's label histogram: entry {@code c} counts its examples of class c
   */
  public int[] labelHistogram(int client) {
    return histograms[client].clone();
  }

  /** @return a copy of the label distribution of all partitioned examples */
  public double[] globalDistribution() {
    return global.clone();
  }

  /** @return a copy of each client's Hellinger distance to the global one (NaN if empty) */
  public double[] hellinger() {
    return hellinger.clone();
  }

  /** @return a copy of each client's Jensen-Shannon distance to the global distribution */
  public double[] jensenShannon() {
    return jensenShannon.clone();
  }

  /** @return statistics of the client sizes */
  public Stats sizeStats() {
    return sizeStats;
  }

  /** @return statistics of the Hellinger distances of the non-empty clients */
  public Stats hellingerStats() {
    return hellingerStats;
  }

  /** @return statistics of the Jensen-Shannon distances of the non-empty clients */
  public Stats jensenShannonStats() {
    return jensenShannonStats;
  }

  /** @return the mean number of classes with at least one example per client */
  public double meanClassesPerClient() {
    return meanClassesPerClient;
  }

  /**
   * One row per client under the header {@code client,size,hellinger,jensen_shannon,label_0,...,
   * label_{C-1}}; distances with 6 decimals, empty for an empty client; lines end with {@code \n}.
   *
   * @return the CSV text
   */
  public String toCsv() {
    StringBuilder out = new StringBuilder(64 + sizes.length * (24 + 6 * numClasses));
    out.append("client,size,hellinger,jensen_shannon");
    for (int c = 0; c < numClasses; c++) {
      out.append(",label_").append(c);
    }
    out.append('\n');
    for (int j = 0; j < sizes.length; j++) {
      out.append(j).append(',').append(sizes[j]).append(',').append(decimal(hellinger[j]))
          .append(',').append(decimal(jensenShannon[j]));
      for (int c = 0; c < numClasses; c++) {
        out.append(',').append(histograms[j][c]);
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** @return a few lines of text summarising the report, for the log */
  public String summary() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "skew report: %d clients, %d classes, %d examples"
        + " (%d empty clients)%n", sizes.length, numClasses, numExamples, emptyClients));
    out.append(String.format(Locale.ROOT, "  %-15s min %.0f  median %.1f  mean %.1f  max %.0f%n",
        "size", sizeStats.min(), sizeStats.median(), sizeStats.mean(), sizeStats.max()));
    appendDistance(out, "hellinger", hellingerStats);
    appendDistance(out, "jensen-shannon", jensenShannonStats);
    out.append(String.format(Locale.ROOT, "  classes per client: mean %.2f of %d%n",
        meanClassesPerClient, numClasses));
    return out.toString();
  }

  /**
   * The summary as one JSON object: {@code num_clients}, {@code num_classes}, {@code
   * num_examples}, {@code empty_clients}, {@code classes_per_client_mean}, {@code size}, {@code
   * hellinger} and {@code jensen_shannon} (each {@code {"min","median","mean","max"}}), and {@code
   * global_label_distribution}. A NaN (no non-empty client) is written as {@code null}.
   *
   * @return the JSON text, on one line
   */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("num_clients", sizes.length);
    root.put("num_classes", numClasses);
    root.put("num_examples", numExamples);
    root.put("empty_clients", emptyClients);
    root.set("classes_per_client_mean", number(meanClassesPerClient));
    root.set("size", statsNode(sizeStats));
    root.set("hellinger", statsNode(hellingerStats));
    root.set("jensen_shannon", statsNode(jensenShannonStats));
    ArrayNode distribution = root.putArray("global_label_distribution");
    for (int c = 0; c < numClasses; c++) {
      distribution.add(number(global[c]));
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("skew report: cannot write JSON: " + e.getMessage(), e);
    }
  }

  private static void appendDistance(StringBuilder out, String name, Stats s) {
    out.append(String.format(Locale.ROOT, "  %-15s min %.4f  median %.4f  mean %.4f  max %.4f%n",
        name, s.min(), s.median(), s.mean(), s.max()));
  }

  private static ObjectNode statsNode(Stats s) {
    ObjectNode node = JSON.createObjectNode();
    node.set("min", number(s.min()));
    node.set("median", number(s.median()));
    node.set("mean", number(s.mean()));
    node.set("max", number(s.max()));
    return node;
  }

  /** {@code x} in [0, 1] with 6 decimals (empty for NaN), without the cost of String.format. */
  static String decimal(double x) {
    if (Double.isNaN(x)) {
      return "";
    }
    long micros = Math.round(x * 1e6);
    String fraction = Long.toString(1_000_000 + micros % 1_000_000).substring(1);
    return (micros / 1_000_000) + "." + fraction;
  }

  /** A JSON number: integral values without a fraction, others in full precision, NaN as null. */
  static JsonNode number(double x) {
    if (!Double.isFinite(x)) {
      return JsonNodeFactory.instance.nullNode();
    }
    if (x == Math.rint(x) && Math.abs(x) < 1e15) {
      return JsonNodeFactory.instance.numberNode((long) x);
    }
    return JsonNodeFactory.instance.numberNode(x);
  }

  @Override
  public String toString() {
    return "SkewReport[" + sizes.length + " clients, " + numClasses + " classes, mean hellinger "
        + String.format(Locale.ROOT, "%.4f", hellingerStats.mean()) + "]";
  }
}
