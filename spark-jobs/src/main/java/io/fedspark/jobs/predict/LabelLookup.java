package io.fedspark.jobs.predict;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * A saved model's label map read backwards, on the executors: a label value of a scored table to
 * its class index, as the data plane indexed labels at training (an integral number as its decimal
 * text, a string as itself), or -1 for a label the model does not know.
 */
final class LabelLookup implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, Integer> index = new HashMap<>();

  LabelLookup(String[] labels) {
    for (int i = 0; i < labels.length; i++) {
      index.put(labels[i], i);
    }
  }

  /** The class of {@code value} (a Number or a String), or -1. */
  int classOf(Object value) {
    String text;
    if (value instanceof Number n) {
      double d = n.doubleValue();
      if (!(d >= 0) || d != Math.rint(d) || d > Integer.MAX_VALUE) {
        return -1;
      }
      text = Long.toString((long) d);
    } else {
      text = String.valueOf(value);
    }
    Integer c = index.get(text);
    return c == null ? -1 : c;
  }
}
