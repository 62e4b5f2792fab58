package io.fedspark.jobs.data;

/** Why a row cannot be used ({@code data.bad-rows} decides what happens to it). */
enum RowProblem {
  /** A feature, the label, the weight or the client is null. */
  NULL_VALUE("null value"),
  /** A feature or the weight is NaN or infinite. */
  NOT_FINITE("NaN or infinite value"),
  /** The row has another number of features than the table's. */
  RAGGED("wrong number of features"),
  /** A numeric label that is not a class index (negative or fractional). */
  BAD_LABEL("label not a class index"),
  /** A negative weight. */
  BAD_WEIGHT("negative weight");

  private final String description;

  RowProblem(String description) {
    this.description = description;
  }

  /** For reports: "null value". */
  String description() {
    return description;
  }
}
