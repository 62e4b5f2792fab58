package io.fedspark.jobs.data;

import io.fedspark.federated.config.InvalidConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The classes of a table: labels that are all integers keep their value as class index (0..max,
 * so a class absent from the data keeps its place); otherwise the distinct labels of the training
 * split in sorted order, the label map recorded in provenance and in saved models.
 *
 * @param index label text to class index
 * @param names class index to label text
 */
record LabelIndex(Map<String, Integer> index, List<String> names) {
  /** The index of {@code train}'s labels, checked against the test labels and the model's outputs. */
  static LabelIndex of(Map<String, Long> train, Map<String, Long> test, DataSourceOptions src, ModelInput model) {
    int outputs = model.outputs() < 0 ? Integer.MAX_VALUE : model.outputs();
    boolean integers = train.keySet().stream().allMatch(l -> l.matches("\\d{1,9}"))
        && test.keySet().stream().allMatch(l -> l.matches("\\d{1,9}"));
    Map<String, Integer> index = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    if (integers) {
      int max = -1;
      TreeSet<Integer> all = new TreeSet<>();
      train.keySet().forEach(l -> all.add(Integer.parseInt(l)));
      test.keySet().forEach(l -> all.add(Integer.parseInt(l)));
      max = all.isEmpty() ? -1 : all.last();
      for (int c = 0; c <= (model.outputs() < 0 ? max : Math.max(max, outputs - 1)); c++) {
        names.add(Integer.toString(c));
      }
      for (String l : train.keySet()) {
        index.put(l, Integer.parseInt(l));
      }
      for (String l : test.keySet()) {
        index.put(l, Integer.parseInt(l));
      }
      if (max >= outputs) {
        throw new InvalidConfigException(DataSourceOptions.LABEL.key() + " = '" + src.label() + "': label " + max
            + " is out of range for the model " + model.model() + " (" + model.key() + ") with " + outputs
            + " outputs: expected class indices in [0, " + outputs + ")");
      }
      return new LabelIndex(index, names);
    }
    for (String l : new TreeSet<>(train.keySet())) {
      index.put(l, names.size());
      names.add(l);
    }
    for (String l : test.keySet()) {
      if (!index.containsKey(l)) {
        throw new InvalidConfigException(DataSourceOptions.LABEL.key() + " = '" + src.label() + "': the test data has"
            + " label '" + l + "', which no training row has (training labels: " + names + ")");
      }
    }
    if (names.size() > outputs) {
      throw new InvalidConfigException(DataSourceOptions.LABEL.key() + " = '" + src.label() + "': " + names.size()
          + " distinct labels but the model " + model.model() + " (" + model.key() + ") has " + outputs + " outputs");
    }
    while (model.outputs() >= 0 && names.size() < outputs) {
      names.add("(unused " + names.size() + ")");
    }
    return new LabelIndex(index, names);
  }

  /** Examples per class index, from per-label counts. */
  long[] counts(Map<String, Long> perLabel) {
    long[] c = new long[names.size()];
    perLabel.forEach((l, n) -> c[index.get(l)] += n);
    return c;
  }
}
