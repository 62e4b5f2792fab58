package io.fedspark.jobs.data;

import java.util.Locale;
import org.apache.spark.sql.Row;

/**
 * Where a row of a task's input is, for messages: its file, the part of the file the task reads
 * (a large file is split at byte offsets; a small one is read whole, several small files may be
 * read by one task) and its row number within that part, counted as the task reads. One per task.
 */
final class RowPosition {
  private final int fileColumn;
  private final int blockColumn;
  private String file = "";
  private long block = -1;
  private long row;

  RowPosition(int fileColumn, int blockColumn) {
    this.fileColumn = fileColumn;
    this.blockColumn = blockColumn;
  }

  /** Moves to row {@code r} (the next one read). */
  RowPosition next(Row r) {
    String f = fileColumn >= 0 && !r.isNullAt(fileColumn) ? r.getString(fileColumn) : "the table";
    long b = blockColumn >= 0 && !r.isNullAt(blockColumn) ? r.getLong(blockColumn) : 0;
    if (!f.equals(file) || b != block) {
      file = f;
      block = b;
      row = 0;
    }
    row++;
    return this;
  }

  /** "file:/data/t/part-0.parquet, row 12" (with "(the part from byte B)" after a split). */
  String where() {
    return file + (block > 0 ? " (the part from byte " + block + ")" : "") + ", row " + row;
  }

  /** A key that orders positions by file, part and row (the first bad row is the smallest). */
  String sortKey() {
    return String.format(Locale.ROOT, "%s\u0001%019d\u0001%019d", file, block, row);
  }
}
