package io.fedspark.jobs.data;

import io.fedspark.federated.data.IdxReader;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.jobs.io.HadoopFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * An IDX image file and its label file (MNIST's format, plain or gzipped) as a table with columns
 * {@code id} (the record number), {@code features} (the pixels scaled to [0, 1]) and {@code label}
 * (and the file, for messages).
 * The driver reads the two headers only; each task opens both files through Hadoop on its executor
 * and reads its range of records with fedspark's checked reader ({@link IdxReader#readRange}), so a
 * corrupt file fails naming the file, the record and the byte offset.
 */
final class IdxTable {
  /** Records per task: MNIST's 60,000 images in 8 tasks of about 6 MB. */
  static final int RECORDS_PER_TASK = 7500;

  private IdxTable() {}

  /** The schema of an IDX table. */
  static StructType schema() {
    return new StructType().add("id", DataTypes.LongType, false)
        .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
        .add("label", DataTypes.IntegerType, false)
        .add(ColumnMapping.FILE_COLUMN, DataTypes.StringType, false);
  }

  /** The labels file of an images file: {@code images-idx3} as {@code labels-idx1}. */
  static String labelsPath(String imagesPath) {
    String labels = imagesPath.replace("images-idx3", "labels-idx1").replace("images.idx3", "labels.idx1");
    if (labels.equals(imagesPath)) {
      throw new io.fedspark.federated.config.InvalidConfigException(DataSourceOptions.PATH.key() + " = '" + imagesPath
          + "': expected an IDX images file whose name has images-idx3 (its labels file has labels-idx1 in its place)");
    }
    return labels;
  }

  /** The table of {@code imagesPath} and its labels file. */
  static Dataset<Row> read(SparkSession spark, HadoopFiles files, String imagesPath) {
    String labelsPath = labelsPath(imagesPath);
    int count = header(files, imagesPath, 3)[0];
    int labels = header(files, labelsPath, 1)[0];
    if (count != labels) {
      throw new BadDataException(imagesPath + " has " + count + " records but "
          + labelsPath + " has " + labels + ": expected one label per image");
    }
    List<int[]> ranges = new ArrayList<>();
    for (int from = 0; from < count; from += RECORDS_PER_TASK) {
      ranges.add(new int[] {from, Math.min(count, from + RECORDS_PER_TASK)});
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    SerializableConfiguration conf = new SerializableConfiguration(jsc.hadoopConfiguration());
    JavaRDD<Row> rows = jsc.parallelize(ranges, ranges.size())
        .flatMap(r -> readRange(conf.value(), imagesPath, labelsPath, r[0], r[1]));
    return spark.createDataFrame(rows, schema());
  }

  private static int[] header(HadoopFiles files, String path, int dimensions) {
    Path p = new Path(path);
    try (InputStream in = files.fileSystem(p).open(p)) {
      return IdxReader.header(in, path, dimensions);
    } catch (java.io.FileNotFoundException e) {
      throw new io.fedspark.federated.config.InvalidConfigException(DataSourceOptions.PATH.key() + " = '" + path
          + "': expected an existing IDX file (not found)");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** Records [from, to) as rows, read on the executor. */
  private static Iterator<Row> readRange(Configuration conf, String imagesPath, String labelsPath, int from, int to)
      throws IOException {
    Path ip = new Path(imagesPath);
    Path lp = new Path(labelsPath);
    FileSystem fs = ip.getFileSystem(conf);
    LabeledDataset d;
    try (InputStream images = fs.open(ip); InputStream labels = lp.getFileSystem(conf).open(lp)) {
      d = IdxReader.readRange("idx", images, imagesPath, labels, labelsPath, 256, from, to);
    }
    int cols = d.featureCount();
    String part = imagesPath + (from == 0 ? "" : " (records from " + from + ")");
    List<Row> out = new ArrayList<>(to - from);
    for (int i = 0; i < d.size(); i++) {
      float[] x = java.util.Arrays.copyOfRange(d.features(), i * cols, (i + 1) * cols);
      out.add(RowFactory.create((long) (from + i), x, d.label(i), part));
    }
    return out.iterator();
  }
}
