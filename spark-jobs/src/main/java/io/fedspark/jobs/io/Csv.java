package io.fedspark.jobs.io;

/** CSV text as RFC 4180 writes it. */
public final class Csv {
  private Csv() {}

  /**
   * One field: quoted, with quotes doubled, if it holds a comma, a quote or a line break; empty for
   * null.
   */
  public static String field(String s) {
    if (s == null) {
      return "";
    }
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
