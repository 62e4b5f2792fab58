package io.fedspark.federated.partition;

import io.fedspark.math.random.SeedSequence;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part every {@link Partitioner} of one {@link PartitionScheme} shares: the options it was
 * built from, checked to name its own scheme ({@code federate.partition.scheme}), and that scheme.
 * The schemes themselves (IID, Dirichlet after Li et al. 2022 "Federated Learning on Non-IID Data
 * Silos: An Experimental Study", label Dirichlet, shards after McMahan et al. 2017, quantity skew,
 * natural groups) are in the subclasses.
 */
abstract class SchemePartitioner implements Partitioner {

  /** The validated options, of this partitioner's scheme. */
  protected final PartitionOptions options;
  private final PartitionScheme scheme;

  /**
   * @param options options whose scheme is {@code scheme}
   * @param scheme the scheme the subclass implements
   * @throws IllegalArgumentException if the options name another scheme
   */
  protected SchemePartitioner(PartitionOptions options, PartitionScheme scheme) {
    Objects.requireNonNull(options, "options");
    MinSizeRule.checkScheme(options, scheme, getClass().getSimpleName());
    this.options = options;
    this.scheme = scheme;
  }

  @Override
  public final PartitionScheme scheme() {
    return scheme;
  }

  /**
   * The number of examples of these class counts, after checking that even a perfectly even split
   * could give every client {@code federate.partition.min-examples} examples.
   *
   * @throws IllegalArgumentException when it could not, saying what to change
   */
  final long feasibleTotal(long[] classCounts) {
    long n = ClassGroups.total(classCounts);
    MinSizeRule.checkFeasible(options, n);
    return n;
  }

  /**
   * One draw of a randomised scheme: adds every client's examples to the sizes given to
   * {@link #drawUntilLargeEnough} (zeroed before each draw).
   */
  @FunctionalInterface
  interface Draw {
    void fill(SplittableRandom rng);
  }

  /**
   * The redraw rule of the randomised schemes (Dirichlet, label Dirichlet, quantity skew, after
   * NIID-Bench, Li et al. 2022): draw {@code r} gets the stream
   * {@code seed.derive("partition/<scheme>", r)}, so it does not depend on earlier draws, and the
   * first draw whose smallest client has {@code federate.partition.min-examples} examples is kept,
   * at most {@code federate.partition.max-redraws} draws.
   *
   * @param n the number of examples
   * @param sizes the client sizes, filled by the kept draw
   * @param concentrationKey the key of the concentration that controls client sizes, for messages
   * @param concentration its value
   * @throws IllegalArgumentException when no draw meets the minimum, saying what to change
   */
  final void drawUntilLargeEnough(SeedSequence seed, long n, long[] sizes, String concentrationKey,
      double concentration, Draw draw) {
    Logger log = LoggerFactory.getLogger(getClass());
    long bestSmallest = -1;
    for (int r = 0; r < options.maxRedraws(); r++) {
      SplittableRandom rng = seed.derive("partition/" + scheme.configName(), r).random();
      Arrays.fill(sizes, 0);
      draw.fill(rng);
      long smallest = ClassGroups.min(sizes);
      bestSmallest = Math.max(bestSmallest, smallest);
      if (smallest >= options.minExamples()) {
        log.info("{} partition (beta {}): {} examples into {} clients of {}..{} after {} draw(s)", scheme.configName(),
            concentration, n, sizes.length, smallest, ClassGroups.max(sizes), r + 1);
        return;
      }
      MinSizeRule.progress(options, r + 1, bestSmallest);
    }
    throw MinSizeRule.unsatisfied(options, n, concentrationKey, concentration, bestSmallest);
  }
}
