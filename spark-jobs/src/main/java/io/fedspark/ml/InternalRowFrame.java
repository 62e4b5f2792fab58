package io.fedspark.ml;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * A DataFrame over an RDD of Spark's internal rows ({@link InternalRow}), as Spark's own
 * {@code SparkSession.internalCreateDataFrame} makes it (a {@code LogicalRDD} of the schema, column
 * metadata included); the other way, {@code dataset.queryExecution().toRdd()}, is public API. It is
 * how {@link NeuralNetClassificationModel#transform} appends its columns without decoding every
 * row into Java objects and encoding it again, as {@code Dataset.mapPartitions} with a
 * {@code Row} encoder does.
 *
 * <p>{@code internalCreateDataFrame} is {@code private[sql]} in Scala (public in the bytecode) and
 * lives on {@code org.apache.spark.sql.SparkSession} in Spark 3.5 but on
 * {@code org.apache.spark.sql.classic.SparkSession} in Spark 4, so one source reaches both through
 * the session's runtime class; the method is looked up once.
 */
final class InternalRowFrame {
  private static volatile Method create;

  private InternalRowFrame() {}

  /** The DataFrame of {@code rows}, whose every row has the columns of {@code schema}. */
  @SuppressWarnings("unchecked")
  static Dataset<Row> of(SparkSession session, RDD<InternalRow> rows, StructType schema) {
    try {
      return (Dataset<Row>) method(session).invoke(session, rows, schema, false);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Spark's SparkSession.internalCreateDataFrame cannot be called on "
          + session.getClass().getName() + ": " + e, e);
    }
  }

  private static Method method(SparkSession session) throws NoSuchMethodException {
    Method m = create;
    if (m == null || !m.getDeclaringClass().isInstance(session)) {
      m = session.getClass().getMethod("internalCreateDataFrame", RDD.class, StructType.class, boolean.class);
      create = m;
    }
    return m;
  }
}
