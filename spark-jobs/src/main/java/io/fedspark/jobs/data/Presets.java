package io.fedspark.jobs.data;

import io.fedspark.federated.data.DatasetFile;
import io.fedspark.federated.data.DatasetFiles;
import io.fedspark.federated.data.DatasetId;
import io.fedspark.jobs.config.DataOptions;
import io.fedspark.jobs.io.HadoopFiles;
import io.fedspark.jobs.provenance.Provenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * The bundled datasets as tables: fetched and checked into the cache (or found where
 * {@code data.<name>} points), then described as a {@link DataSourceOptions} and read by the same
 * readers as any user table. MNIST and Fashion-MNIST are IDX files (train and test); digits is a
 * headerless CSV of 64 pixel values (0..16, scaled to [0, 1]) and the label, with a seeded 20%
 * held out as test data.
 */
final class Presets {
  private Presets() {}

  /** The source of a bundled dataset, its directory located or fetched. */
  static DataSourceOptions source(DatasetId id, HadoopFiles files, DataOptions data, DataSourceOptions defaults,
      Provenance provenance) {
    Path dir = new HadoopDatasetSource(files, data).locate(id);
    HadoopDatasetDirectory d = new HadoopDatasetDirectory(files.fileSystem(dir), dir);
    DatasetFiles names = DatasetFiles.of(id);
    provenance.dataNote(id.configName() + ": the bundled dataset, read from " + dir);
    if (id == DatasetId.DIGITS) {
      String csv = require(names, DatasetFile.DIGITS_CSV, d);
      List<String> columns = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        columns.add("_c" + i);
      }
      provenance.dataNote(id.configName() + ": seeded " + (int) (100 * defaults.testFraction()) + "% hold-out as test set");
      return new DataSourceOptions(TableFormat.CSV, d.describe(csv), Map.of("header", "false", "inferSchema", "true"),
          columns, "_c64", "", "", "", "1x8x8", 1.0 / 16, "", "", "test", defaults.testFraction(), defaults.badRows());
    }
    String train = require(names, DatasetFile.TRAIN_IMAGES, d);
    String test = require(names, DatasetFile.TEST_IMAGES, d);
    require(names, DatasetFile.TRAIN_LABELS, d);
    require(names, DatasetFile.TEST_LABELS, d);
    return new DataSourceOptions(TableFormat.IDX, d.describe(train), Map.of(), List.of("features"), "label", "", "", "id",
        "1x28x28", 1.0, d.describe(test), "", "test", defaults.testFraction(), defaults.badRows());
  }

  private static String require(DatasetFiles names, DatasetFile file, HadoopDatasetDirectory d) {
    try {
      return names.require(file, d);
    } catch (java.io.FileNotFoundException e) {
      throw new BadDataException(e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
