package io.fedspark.jobs.data;

/**
 * A decoded row before its label is indexed: features (already scaled), the label as text, the
 * weight, the stable key, the client value, whether it is a test row (split column or seeded
 * fraction), and its problem (null when usable) with where and what.
 *
 * @param where "file F, row N" for messages
 */
record RawRow(float[] features, String label, float weight, long key, String client, boolean test, RowProblem problem,
    String where, String detail) {}
