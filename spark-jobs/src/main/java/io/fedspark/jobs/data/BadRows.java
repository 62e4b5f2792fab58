package io.fedspark.jobs.data;

import io.fedspark.math.Choice;

/** What a row with an unusable value does ({@code data.bad-rows}). */
public enum BadRows implements Choice {
  /** Stop before training, naming the file, the row and the value. */
  FAIL,
  /** Leave the row out; count the rows left out per reason, report them and record them in provenance. */
  SKIP
}
