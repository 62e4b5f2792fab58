package io.fedspark.jobs.cli.hostile;

import static io.fedspark.jobs.cli.hostile.HostileCase.c;
import static io.fedspark.jobs.cli.hostile.HostileFixtures.ROWS;
import static io.fedspark.jobs.cli.hostile.HostileFixtures.idx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Hostile data, each case exiting 2 naming the file (and row, where there is one) and what was
 * expected: for every format of the data plane (CSV, JSON, Parquet, ORC, LibSVM, IDX) a missing
 * path, a model of another shape, garbage and empty files; for the formats with named columns
 * missing feature, label and client columns; then the rows and files only one format can have.
 */
final class DataCases {
  private DataCases() {}

  static List<HostileCase> cases() {
    List<HostileCase> all = new ArrayList<>();
    for (String f : List.of("csv", "json", "parquet", "orc", "libsvm", "idx")) {
      all.add(c(f + ": missing path", 2, (t, run) -> t.trainAt(f, t.fx().resolve("missing-" + f).toString(), run),
          "missing-" + f, "not found"));
      all.add(c(f + ": model takes another feature count", 2,
          (t, run) -> t.trainArgs(f, run, "train.model=\"mlp:3-4-3\""), "features", "mlp:3-4-3"));
      all.add(c(f + ": more classes than the model's outputs", 2,
          (t, run) -> t.trainArgs(f, run, "train.model=\"mlp:2-4-2\""), "mlp:2-4-2"));
      all.add(c(f + ": garbage bytes", 2,
          (t, run) -> t.trainAt(f, f.equals("idx") ? t.file("g-images-idx3-ubyte", garbage())
              : t.file("garbage." + f, garbage()), run), f.equals("idx") ? "g-images-idx3-ubyte" : "garbage." + f));
      all.add(c(f + ": empty file", 2,
          (t, run) -> t.trainAt(f, f.equals("idx") ? t.file("e-images-idx3-ubyte", new byte[0])
              : t.file("empty." + f, new byte[0]), run), f.equals("idx") ? "e-images-idx3-ubyte" : "empty." + f));
    }
    for (String f : List.of("json", "parquet", "orc")) {
      all.add(c(f + ": missing feature column", 2, (t, run) -> t.trainArgs(f, run, "data.source.features=pixels"),
          "data.source.features", "pixels"));
      all.add(c(f + ": missing label column", 2, (t, run) -> t.trainArgs(f, run, "data.source.label=digit"),
          "data.source.label", "digit"));
      all.add(c(f + ": missing client column", 2,
          (t, run) -> t.federateArgs(f, run, "federate.partition.scheme=natural", "data.source.client=writer"),
          "data.source.client", "writer"));
    }
    all.addAll(List.of(
        c("csv: a label out of range", 2, (t, run) -> t.trainAt("csv", t.csvWith("label7.csv", "0.5,0.5,7,u1,1\n"), run),
            "label 7 is out of range"),
        c("csv: a NaN feature names the file and row", 2,
            (t, run) -> t.trainAt("csv", t.csvWith("nan.csv", "NaN,0.5,1,u1,1\n"), run), "nan.csv", "row 61", "NaN"),
        c("csv: a missing value names the file and row", 2,
            (t, run) -> t.trainAt("csv", t.csvWith("null.csv", "0.5,,1,u1,1\n"), run), "null.csv", "row 61"),
        c("csv: a negative weight", 2, (t, run) -> t.trainAt("csv", t.csvWith("negw.csv", "0.5,0.5,1,u1,-1\n"), run,
            "data.source.weight=w"), "negw.csv", "weight"),
        c("csv: a text feature", 2, (t, run) -> t.trainAt("csv", t.csvWith("text.csv", "abc,0.5,1,u1,1\n"), run),
            "text.csv"),
        c("csv: missing feature column named with the columns there are", 2,
            (t, run) -> t.trainArgs("csv", run, "data.source.features=[a, zz]"), "'zz'", "[a, b, label, user, w]"),
        c("json: a ragged row", 2, (t, run) -> t.trainAt("json", t.file("ragged.json",
            "{\"features\":[0.1,0.2],\"label\":0}\n".repeat(10) + "{\"features\":[0.1,0.2,0.3],\"label\":1}\n"), run),
            "ragged.json", "row 11"),
        c("json: a label array", 2, (t, run) -> t.trainAt("json", t.file("labelarray.json",
            "{\"features\":[0.1,0.2],\"label\":[1]}\n".repeat(4)), run), "data.source.label", "array"),
        c("json: a label out of range", 2, (t, run) -> t.trainAt("json", t.file("label9.json",
            "{\"features\":[0.1,0.2],\"label\":1}\n".repeat(4) + "{\"features\":[0.1,0.2],\"label\":9}\n"), run),
            "label 9 is out of range"),
        c("libsvm: a NaN value", 2, (t, run) -> t.trainAt("libsvm", t.file("nan.libsvm",
            "0 1:0.1 2:0.2\n1 1:0.3 2:0.1\n2 1:NaN 2:0.5\n".repeat(3)), run), "nan.libsvm", "NaN"),
        c("libsvm: a fractional label", 2, (t, run) -> t.trainAt("libsvm", t.file("frac.libsvm",
            "0 1:0.1 2:0.2\n1.5 1:0.3 2:0.1\n2 1:0.2 2:0.5\n".repeat(3)), run), "1.5"),
        c("parquet: an empty directory", 2, (t, run) -> t.trainAt("parquet", t.dir("empty-parquet-dir"), run),
            "empty-parquet-dir"),
        c("parquet: a missing test table", 2, (t, run) -> t.trainArgs("parquet", run,
            "data.source.test.path=\"" + t.fx().resolve("no-test-table") + "\""), "no-test-table"),
        c("parquet: a missing split column", 2, (t, run) -> t.trainArgs("parquet", run,
            "data.source.test.split-column=fold"), "data.source.test.split-column", "fold"),
        c("parquet: a shape that does not fit", 2, (t, run) -> t.trainArgs("parquet", run, "data.source.shape=1x3x3"),
            "9 features", "mlp:2-4-3"),
        c("idx: a file name without images-idx3", 2,
            (t, run) -> t.trainAt("idx", t.file("plain.idx", new byte[16]), run), "images-idx3"),
        c("idx: the labels file is missing", 2,
            (t, run) -> t.trainAt("idx", t.file("nolabels-images-idx3-ubyte", idx(ROWS, ROWS)[0]), run),
            "nolabels-labels-idx1-ubyte"),
        c("idx: images and labels counts differ", 2, (t, run) -> {
          byte[][] two = idx(ROWS, ROWS - 1);
          t.file("count-labels-idx1-ubyte", two[1]);
          return t.trainAt("idx", t.file("count-images-idx3-ubyte", two[0]), run);
        }, "60 records", "59"),
        c("idx: a truncated images file", 2, (t, run) -> {
          byte[][] two = idx(ROWS, ROWS);
          t.file("trunc-labels-idx1-ubyte", two[1]);
          return t.trainAt("idx", t.file("trunc-images-idx3-ubyte", Arrays.copyOf(two[0], 40)), run);
        }, "trunc-images-idx3-ubyte"),
        c("idx: a labels file of the wrong type", 2, (t, run) -> {
          byte[][] two = idx(ROWS, ROWS);
          t.file("swap-labels-idx1-ubyte", two[0]);
          return t.trainAt("idx", t.file("swap-images-idx3-ubyte", two[0]), run);
        }, "swap-labels-idx1-ubyte", "magic"),
        c("federate: a natural partition without a client column", 2,
            (t, run) -> t.federateArgs("parquet", run, "federate.partition.scheme=natural"), "data.source.client")));
    return all;
  }

  private static byte[] garbage() {
    byte[] b = new byte[512];
    new Random(7).nextBytes(b);
    return b;
  }
}
