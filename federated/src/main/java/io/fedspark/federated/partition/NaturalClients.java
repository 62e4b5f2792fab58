package io.fedspark.federated.partition;

import io.fedspark.federated.config.InvalidConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The clients of a natural partition of a table: one per distinct value of its client column (a
 * writer, a device, a user), numbered in ascending order of the value (string order), those with
 * fewer than {@code federate.partition.min-examples} examples left out and reported, not an error
 * (a real population has its stragglers). Computed from the per-value counts of the validation
 * pass; the examples stay on the executors.
 *
 * @param kept the kept values in ascending order (client i is {@code kept[i]})
 * @param droppedClients values left out for having too few examples
 * @param droppedExamples their examples
 */
public record NaturalClients(String[] kept, long droppedClients, long droppedExamples) {
  /**
   * The clients of {@code counts} (examples per value, sorted by value).
   *
   * @throws InvalidConfigException when no value has enough examples
   */
  public static NaturalClients of(SortedMap<String, Long> counts, int minExamples) {
    List<String> kept = new ArrayList<>(counts.size());
    long droppedClients = 0;
    long droppedExamples = 0;
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      if (e.getValue() >= minExamples) {
        kept.add(e.getKey());
      } else {
        droppedClients++;
        droppedExamples += e.getValue();
      }
    }
    if (kept.isEmpty()) {
      throw new InvalidConfigException(PartitionOptions.MIN_EXAMPLES.key() + " = " + minExamples + ": none of the "
          + counts.size() + " client values has that many examples; lower it");
    }
    return new NaturalClients(kept.toArray(new String[0]), droppedClients, droppedExamples);
  }

  /** The number of clients. */
  public int count() {
    return kept.length;
  }

  /** "12 clients with fewer than 10 examples left out (57 examples)", or "" when none was. */
  public String droppedSummary(int minExamples) {
    return droppedClients == 0 ? "" : droppedClients + " client" + (droppedClients == 1 ? "" : "s") + " with fewer than "
        + minExamples + " examples left out (" + droppedExamples + " examples)";
  }
}
