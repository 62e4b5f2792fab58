package io.fedspark.federated.partition;

import io.fedspark.federated.config.InvalidConfigException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The minimum-client-size rule ({@code federate.partition.min-examples}) shared by the
 * partitioners: an up-front feasibility check, and the messages that say what to change when the
 * rule cannot be met.
 */
final class MinSizeRule {
  private static final Logger LOG = LoggerFactory.getLogger(MinSizeRule.class);

  private MinSizeRule() {}

  /** Logs after 100, 1000, 10000... unsuccessful draws, so a long search is visible. */
  static void progress(PartitionOptions o, int drawsSoFar, long bestSmallest) {
    if (drawsSoFar >= 100 && isPowerOfTen(drawsSoFar) && drawsSoFar < o.maxRedraws()) {
      LOG.info("{} partition: {} draws so far without every client reaching {} examples (best "
          + "smallest client {}); continuing up to {} ({})", o.scheme().configName(), drawsSoFar,
          o.minExamples(), bestSmallest, o.maxRedraws(), PartitionOptions.MAX_REDRAWS.key());
    }
  }

  private static boolean isPowerOfTen(int x) {
    while (x % 10 == 0) {
      x /= 10;
    }
    return x == 1;
  }

  /** Fails at once when even a perfectly even split could not give every client the minimum. */
  static void checkFeasible(PartitionOptions o, long numExamples) {
    long needed = (long) o.numClients() * o.minExamples();
    if (needed > numExamples) {
      throw new InvalidConfigException(o.scheme().configName() + " partition: " + numExamples
          + " examples cannot give " + o.numClients() + " clients (" + PartitionOptions.CLIENTS.key()
          + ") at least " + o.minExamples() + " examples each ("
          + PartitionOptions.MIN_EXAMPLES.key() + "); that needs " + needed
          + ". Use fewer clients or a lower " + PartitionOptions.MIN_EXAMPLES.key() + ".");
    }
  }

  /**
   * The failure of a randomised scheme after {@code maxRedraws} draws.
   *
   * @param concentrationKey the key of the concentration that controls client sizes
   * @param concentration its value
   * @param bestSmallest the largest "smallest client" seen over all draws
   */
  static IllegalArgumentException unsatisfied(PartitionOptions o, long numExamples,
      String concentrationKey, double concentration, long bestSmallest) {
    return new InvalidConfigException(o.scheme().configName() + " partition of " + numExamples
        + " examples into " + o.numClients() + " clients: none of " + o.maxRedraws() + " draws ("
        + PartitionOptions.MAX_REDRAWS.key() + ") gave every client at least " + o.minExamples()
        + " examples (" + PartitionOptions.MIN_EXAMPLES.key() + "); the best draw's smallest client"
        + " had " + bestSmallest + ". Use fewer clients (" + PartitionOptions.CLIENTS.key()
        + "), a larger " + concentrationKey + " (now " + concentration + "), or a lower "
        + PartitionOptions.MIN_EXAMPLES.key() + ".");
  }

  /** The failure of a scheme whose client sizes do not depend on the draw. */
  static IllegalArgumentException tooSmall(PartitionOptions o, long numExamples, int client,
      long size, String advice) {
    return new InvalidConfigException(o.scheme().configName() + " partition of " + numExamples
        + " examples into " + o.numClients() + " clients: client " + client + " gets " + size
        + " examples, fewer than " + PartitionOptions.MIN_EXAMPLES.key() + " = " + o.minExamples()
        + ". " + advice);
  }

  /** Checks that a partitioner was built from options of its own scheme. */
  static void checkScheme(PartitionOptions o, PartitionScheme expected, String type) {
    if (o.scheme() != expected) {
      throw new IllegalArgumentException(type + " implements " + PartitionOptions.SCHEME.key()
          + " = " + expected.configName() + " but the options say " + o.scheme().configName()
          + "; use Partitioner.of(options)");
    }
  }
}
