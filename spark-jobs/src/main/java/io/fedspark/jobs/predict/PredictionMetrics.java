package io.fedspark.jobs.predict;

import io.fedspark.federated.train.ConfusionAccumulator;
import java.io.Serializable;

/**
 * What scoring a labelled table measured, reduced over partitions: the confusion matrix and the
 * summed cross-entropy of the rows whose label the model knows ({@link ConfusionAccumulator}), and
 * the rows left out of it: bad features (no scores) and labels the model does not know, with the
 * first of each for the message.
 */
final class PredictionMetrics implements Serializable {
  private static final long serialVersionUID = 1L;

  final ConfusionAccumulator confusion;
  long badRows;
  String firstBad;
  long unknownLabels;
  String firstUnknown;

  PredictionMetrics(int classes) {
    this.confusion = new ConfusionAccumulator(classes);
  }

  PredictionMetrics merge(PredictionMetrics o) {
    confusion.merge(o.confusion);
    badRows += o.badRows;
    firstBad = first(firstBad, o.firstBad);
    unknownLabels += o.unknownLabels;
    firstUnknown = first(firstUnknown, o.firstUnknown);
    return this;
  }

  /** The smaller of two descriptions (so the first one does not depend on task order). */
  private static String first(String a, String b) {
    return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
  }
}
