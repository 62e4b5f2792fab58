package io.fedspark.jobs.data;

import io.fedspark.federated.data.Example;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;
import scala.Tuple3;

/**
 * A validated table ready for training: its rows stay where Spark reads them and are decoded into
 * examples on the executors each time an RDD below is computed; the driver keeps only the plan
 * (decoders, the sorted label index) and metadata (feature count, class and client counts, the bad
 * rows left out).
 *
 * @param labelNames the class names in index order (the label map of provenance and saved models)
 * @param trainClassCounts examples per class of the training split
 * @param clientCounts examples per client value (empty without a client column)
 * @param skipped rows left out under {@code data.bad-rows = skip}, as "3 null value, ..." ("" for none)
 * @param rangeCounts the usable rows of {@code table} per hash range of the seeded orders, split 0
 *     the training rows, 1 the test rows (counted by the validation pass)
 * @param testRangeCounts the same of {@code testTable} (its rows are split 0), or {@code rangeCounts}
 *     without a test table
 */
public record TrainingTable(Dataset<Row> table, RowDecoder decoder, Dataset<Row> testTable, RowDecoder testDecoder,
    Map<String, Integer> labelIndex, List<String> labelNames, int featureCount, int[] shape, long[] trainClassCounts,
    long trainRows, long testRows, java.util.SortedMap<String, Long> clientCounts, String skipped,
    RangeCounts rangeCounts, RangeCounts testRangeCounts) {

  /** The number of classes (the model's outputs must be at least this). */
  public int numClasses() {
    return labelNames.size();
  }

  /** The training examples, decoded on the executors. */
  public JavaRDD<Example> train() {
    return decode(table, decoder, labelIndex, false).map(Tuple2::_2);
  }

  /** The test examples, decoded on the executors. */
  public JavaRDD<Example> test() {
    return testTable == null ? decode(table, decoder, labelIndex, true).map(Tuple2::_2)
        : decode(testTable, testDecoder, labelIndex, false).map(Tuple2::_2);
  }

  /**
   * The training rows per hash range of the seeded order of {@code salt} (ranges of
   * {@link HashRangePartitioner}), or null if validation did not count them under that salt.
   */
  long[] trainRangeCounts(long salt) {
    return rangeCounts == null ? null : rangeCounts.of(0, salt);
  }

  /** {@link #trainRangeCounts} of the test rows. */
  long[] testRangeCounts(long salt) {
    RangeCounts c = testTable == null ? rangeCounts : testRangeCounts;
    return c == null ? null : c.of(testTable == null ? 1 : 0, salt);
  }

  /**
   * Every usable row of {@code table} as (split, client value, example), split 0 for a training
   * row and 1 for a test row, decoded on the executors in one read: for a test split of the same
   * table (split column or seeded fraction).
   */
  JavaRDD<Tuple3<Integer, String, Example>> bySplit() {
    Map<String, Integer> index = labelIndex;
    return decode(table, decoder, raw -> new Tuple3<>(raw.test() ? 1 : 0, raw.client(), RowDecoder.example(raw, index)));
  }

  /** The training examples with their client value (natural partition). */
  public JavaRDD<Tuple2<String, Example>> trainByClient() {
    return decode(table, decoder, labelIndex, false);
  }

  /** The usable rows of {@code wantTest} of {@code table} as (client, example). */
  private static JavaRDD<Tuple2<String, Example>> decode(Dataset<Row> table, RowDecoder decoder,
      Map<String, Integer> labelIndex, boolean wantTest) {
    return decode(table, decoder, raw -> raw.test() != wantTest ? null
        : new Tuple2<>(raw.client(), RowDecoder.example(raw, labelIndex)));
  }

  /**
   * {@code keep} of every usable row of {@code table} (rows it maps to null are left out), decoded
   * one at a time as the consumer pulls them (a task never holds its whole input partition).
   */
  private static <T> JavaRDD<T> decode(Dataset<Row> table, RowDecoder decoder, Function<RawRow, T> keep) {
    return table.javaRDD().mapPartitions((Iterator<Row> rows) -> new Iterator<T>() {
      private final RowPosition at = decoder.position();
      private T next = advance();

      private T advance() {
        while (rows.hasNext()) {
          Row r = rows.next();
          RawRow raw = decoder.raw(r, at.next(r));
          if (raw.problem() == null) {
            T t = call(raw);
            if (t != null) {
              return t;
            }
          }
        }
        return null;
      }

      private T call(RawRow raw) {
        try {
          return keep.call(raw);
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public T next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        T t = next;
        next = advance();
        return t;
      }
    });
  }
}
