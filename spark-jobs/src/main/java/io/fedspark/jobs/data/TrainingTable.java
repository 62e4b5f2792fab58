package io.fedspark.jobs.data;

import io.fedspark.federated.data.Example;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

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
 */
public record TrainingTable(Dataset<Row> table, RowDecoder decoder, Dataset<Row> testTable, RowDecoder testDecoder,
    Map<String, Integer> labelIndex, List<String> labelNames, int featureCount, int[] shape, long[] trainClassCounts,
    long trainRows, long testRows, java.util.SortedMap<String, Long> clientCounts, String skipped) {

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

  /** The training examples with their client value (natural partition). */
  public JavaRDD<Tuple2<String, Example>> trainByClient() {
    return decode(table, decoder, labelIndex, false);
  }

  /**
   * The usable rows of {@code wantTest} of {@code table} as (client, example), decoded one at a
   * time as the consumer pulls them (a task never holds its whole input partition).
   */
  private static JavaRDD<Tuple2<String, Example>> decode(Dataset<Row> table, RowDecoder decoder,
      Map<String, Integer> labelIndex, boolean wantTest) {
    return table.javaRDD().mapPartitions((Iterator<Row> rows) -> new Iterator<Tuple2<String, Example>>() {
      private final RowPosition at = decoder.position();
      private Tuple2<String, Example> next = advance();

      private Tuple2<String, Example> advance() {
        while (rows.hasNext()) {
          Row r = rows.next();
          RawRow raw = decoder.raw(r, at.next(r));
          if (raw.problem() == null && raw.test() == wantTest) {
            return new Tuple2<>(raw.client(), RowDecoder.example(raw, labelIndex));
          }
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Tuple2<String, Example> next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        Tuple2<String, Example> t = next;
        next = advance();
        return t;
      }
    });
  }
}
