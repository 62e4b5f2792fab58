package io.fedspark.jobs.data;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the validation pass over a table learns on the executors, reduced to the driver: row
 * counts (train and test), rows with each problem and the first of them (smallest file and row, so
 * the report is the same whatever the task order), the feature lengths seen, the label values, the
 * rows per client value, and the usable rows per hash range of the seeded orders the shards are cut
 * in ({@link RangeCounts}). Metadata only: no feature of any row.
 */
public final class TableStats implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Distinct feature lengths kept (more means a badly ragged table, reported as such). */
  static final int MAX_LENGTHS = 64;

  long trainRows;
  long testRows;
  final long[] bad = new long[RowProblem.values().length];
  final String[] firstBad = new String[RowProblem.values().length];
  final TreeMap<Integer, Long> lengths = new TreeMap<>();
  final TreeMap<Integer, String> firstOfLength = new TreeMap<>();
  final TreeMap<String, Long> trainLabels = new TreeMap<>();
  final TreeMap<String, Long> testLabels = new TreeMap<>();
  final TreeMap<String, Long> clients = new TreeMap<>();
  /** The usable rows per hash range of each split's seeded order (null: not counted). */
  final RangeCounts ranges;

  TableStats() {
    this(null);
  }

  /** Stats that also count the usable rows per hash range in {@code ranges} (empty counts). */
  TableStats(RangeCounts ranges) {
    this.ranges = ranges;
  }

  /** Empty stats counting what these count (a task's, or the reduction's zero). */
  TableStats empty() {
    return new TableStats(ranges == null ? null : ranges.empty());
  }

  /** Counts one raw row read at {@code at} (positions order rows for "first"). */
  TableStats add(RawRow r, RowPosition at) {
    if (r.problem() != null) {
      int p = r.problem().ordinal();
      bad[p]++;
      String desc = at.sortKey() + "\u0000" + r.where() + ": " + r.detail();
      if (firstBad[p] == null || desc.compareTo(firstBad[p]) < 0) {
        firstBad[p] = desc;
      }
      return this;
    }
    int len = r.features().length;
    Long seen = lengths.get(len);
    if (seen != null) {
      lengths.put(len, seen + 1);
    } else if (lengths.size() < MAX_LENGTHS) {
      lengths.put(len, 1L); // a task reads its rows in position order: its first of a length is its smallest
      firstOfLength.put(len, at.sortKey() + "\u0000" + at.where());
    }
    if (ranges != null) {
      ranges.add(r.test(), r.key());
    }
    if (r.test()) {
      testRows++;
      testLabels.merge(r.label(), 1L, Long::sum);
    } else {
      trainRows++;
      trainLabels.merge(r.label(), 1L, Long::sum);
      if (r.client() != null) {
        clients.merge(r.client(), 1L, Long::sum);
      }
    }
    return this;
  }

  TableStats merge(TableStats o) {
    trainRows += o.trainRows;
    testRows += o.testRows;
    for (int p = 0; p < bad.length; p++) {
      bad[p] += o.bad[p];
      if (o.firstBad[p] != null && (firstBad[p] == null || o.firstBad[p].compareTo(firstBad[p]) < 0)) {
        firstBad[p] = o.firstBad[p];
      }
    }
    o.lengths.forEach((k, v) -> {
      if (lengths.containsKey(k) || lengths.size() < MAX_LENGTHS) {
        lengths.merge(k, v, Long::sum);
        firstOfLength.merge(k, o.firstOfLength.get(k), (a, b) -> a.compareTo(b) <= 0 ? a : b);
      }
    });
    mergeCounts(trainLabels, o.trainLabels);
    mergeCounts(testLabels, o.testLabels);
    mergeCounts(clients, o.clients);
    if (ranges != null) {
      ranges.merge(o.ranges);
    }
    return this;
  }

  private static void mergeCounts(Map<String, Long> into, Map<String, Long> from) {
    from.forEach((k, v) -> into.merge(k, v, Long::sum));
  }

  /** Rows with any problem. */
  long badRows() {
    long n = 0;
    for (long b : bad) {
      n += b;
    }
    return n;
  }

  /** "3 null value, 1 NaN or infinite value". */
  String badSummary() {
    StringBuilder sb = new StringBuilder();
    for (RowProblem p : RowProblem.values()) {
      if (bad[p.ordinal()] > 0) {
        sb.append(sb.length() == 0 ? "" : ", ").append(bad[p.ordinal()]).append(' ').append(p.description());
      }
    }
    return sb.toString();
  }

  /** The first bad row's message (file, row, what), over every problem. */
  String firstBadMessage() {
    String first = null;
    for (String f : firstBad) {
      if (f != null && (first == null || f.compareTo(first) < 0)) {
        first = f;
      }
    }
    return first == null ? null : first.substring(first.indexOf('\u0000') + 1);
  }
}
