package io.fedspark.federated.partition;

import io.fedspark.math.random.Permutations;
import io.fedspark.math.random.SeedSequence;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Label shards, the pathological non-IID split of McMahan, Moore, Ramage, Hampson and Aguera y
 * Arcas ("Communication-Efficient Learning of Deep Networks from Decentralized Data", AISTATS
 * 2017): sort the examples by label, cut them into {@code numClients * k} shards of near-equal
 * size ({@code k = labelsPerClient}), and give every client {@code k} shards, so most clients see
 * only {@code k} labels (NIID-Bench's {@code #C=k} setting has the same intent).
 *
 * <p>Within a label the order is a seeded shuffle, so shards are random samples of their label.
 * McMahan et al. deal shards uniformly at random, which can give a client two shards of the same
 * label. Here shards are dealt so that no client holds two shards of the same dominant label (the
 * label of a shard's middle example) whenever that is possible, i.e. when no label has more
 * shards than there are clients; with balanced classes and {@code k <= numClasses} every client
 * then has exactly {@code k} distinct labels. Clients take their shards one after another: a label
 * with as many shards left as clients left must be taken now (this keeps the deal feasible to the
 * end), and the remaining picks are random, each label weighted by its number of shards left.
 * Clients are then renumbered by a seeded permutation. When distinct labels are impossible, shards
 * are dealt uniformly at random as in the paper. All randomness comes from {@code
 * seed.derive("partition/shards")}.
 *
 * <p>Client sizes do not depend on the draw beyond one example per shard, so there are no
 * redraws: a client below {@code minExamples} fails at once. Cost: O(N + shards x classes).
 */
public final class ShardPartitioner extends SchemePartitioner {
  private static final Logger LOG = LoggerFactory.getLogger(ShardPartitioner.class);

  /** @param options options with scheme {@code shards} */
  public ShardPartitioner(PartitionOptions options) {
    super(options, PartitionScheme.SHARDS);
  }

  @Override
  public Allocation allocate(long[] classCounts, SeedSequence seed) {
    int numClasses = classCounts.length;
    long[] start = new long[numClasses + 1];
    for (int c = 0; c < numClasses; c++) {
      start[c + 1] = start[c] + classCounts[c];
    }
    long n = start[numClasses];
    int k = options.numClients();
    int perClient = options.labelsPerClient();
    MinSizeRule.checkFeasible(options, n);
    int numShards = Math.multiplyExact(k, perClient);
    SplittableRandom rng = seed.derive("partition/shards").random();
    // Shard s is positions [bound(s), bound(s + 1)) of the examples sorted by class; its key is the
    // class at its middle.
    int[] shardKey = new int[numShards];
    int[] keyCount = new int[numClasses + 1];
    for (int s = 0; s < numShards; s++) {
      long from = bound(s, n, numShards);
      long to = bound(s + 1, n, numShards);
      shardKey[s] = from == to ? numClasses : classAt((from + to - 1) >>> 1, start);
      keyCount[shardKey[s]]++;
    }
    boolean distinctPossible = ClassGroups.max(keyCount) <= k;
    if (!distinctPossible) {
      LOG.info("shards partition: a label has more than {} shards (one per client), so shards are "
          + "dealt uniformly and some clients hold a label twice", k);
    }
    int[] shardsOfClient = distinctPossible
        ? dealDistinct(shardKey, keyCount, k, perClient, rng)
        : dealUniformly(numShards, rng);
    int[] clientIds = new int[k];
    for (int j = 0; j < k; j++) {
      clientIds[j] = j;
    }
    Permutations.shuffle(clientIds, 0, k, rng);
    int[] ownerOfShard = new int[numShards];
    for (int slot = 0; slot < numShards; slot++) {
      ownerOfShard[shardsOfClient[slot]] = clientIds[slot / perClient];
    }
    Allocation plan = runs(start, numShards, ownerOfShard, k, classCounts);
    checkSizes(plan.sizes(), n);
    return plan;
  }

  /** The per-class runs of the shards, each class's positions cut at the shard bounds. */
  private static Allocation runs(long[] start, int numShards, int[] ownerOfShard, int k, long[] classCounts) {
    int numClasses = classCounts.length;
    long n = start[numClasses];
    long[][] ends = new long[numClasses][];
    int[][] clients = new int[numClasses][];
    for (int c = 0; c < numClasses; c++) {
      java.util.List<long[]> runs = new java.util.ArrayList<>();
      for (int s = 0; s < numShards; s++) {
        long from = Math.max(bound(s, n, numShards), start[c]);
        long to = Math.min(bound(s + 1, n, numShards), start[c + 1]);
        if (from >= to) {
          continue;
        }
        int owner = ownerOfShard[s];
        if (!runs.isEmpty() && runs.get(runs.size() - 1)[1] == owner) {
          runs.get(runs.size() - 1)[0] = to - start[c];
        } else {
          runs.add(new long[] {to - start[c], owner});
        }
      }
      ends[c] = runs.stream().mapToLong(r -> r[0]).toArray();
      clients[c] = runs.stream().mapToInt(r -> (int) r[1]).toArray();
    }
    return new Allocation(k, true, ends, clients, classCounts.clone());
  }

  private void checkSizes(long[] sizes, long n) {
    long smallest = ClassGroups.min(sizes);
    if (smallest < options.minExamples()) {
      int client = 0;
      while (sizes[client] != smallest) {
        client++;
      }
      throw MinSizeRule.tooSmall(options, n, client, smallest, "Use fewer clients ("
          + PartitionOptions.CLIENTS.key() + "), fewer shards per client ("
          + PartitionOptions.LABELS_PER_CLIENT.key() + "), or a lower "
          + PartitionOptions.MIN_EXAMPLES.key() + ".");
    }
    LOG.info("shards partition ({} per client): {} examples into {} clients of {}..{}", options.labelsPerClient(),
        n, options.numClients(), smallest, ClassGroups.max(sizes));
  }

  /** The class of the example at {@code position} of the class-sorted order. */
  private static int classAt(long position, long[] start) {
    int c = 0;
    while (start[c + 1] <= position) {
      c++;
    }
    return c;
  }

  /** The first position of shard {@code s}: {@code floor(s * n / numShards)}. */
  private static long bound(int s, long n, int numShards) {
    return (long) s * n / numShards;
  }

  /**
   * Deals shards so that no client gets two shards with the same key; requires every key count
   * to be at most the number of clients. Returns the shards of client j at slots
   * {@code j*perClient .. (j+1)*perClient}.
   */
  private static int[] dealDistinct(int[] shardKey, int[] keyCount, int numClients, int perClient,
      SplittableRandom rng) {
    int numKeys = keyCount.length;
    // Shards grouped by key, each group shuffled; next[key] walks through its group.
    int[] start = new int[numKeys + 1];
    for (int key = 0; key < numKeys; key++) {
      start[key + 1] = start[key] + keyCount[key];
    }
    int[] next = start.clone();
    int[] byKey = new int[shardKey.length];
    for (int s = 0; s < shardKey.length; s++) {
      byKey[next[shardKey[s]]++] = s;
    }
    for (int key = 0; key < numKeys; key++) {
      Permutations.shuffle(byKey, start[key], start[key + 1], rng);
      next[key] = start[key];
    }
    int[] left = keyCount.clone();
    boolean[] taken = new boolean[numKeys];
    int[] picked = new int[perClient];
    int[] result = new int[shardKey.length];
    for (int j = 0; j < numClients; j++) {
      int clientsLeft = numClients - j;
      int picks = 0;
      int weight = 0;
      for (int key = 0; key < numKeys; key++) {
        if (left[key] == clientsLeft) {
          taken[key] = true;
          picked[picks++] = key;
        } else {
          weight += left[key];
        }
      }
      while (picks < perClient) {
        int r = rng.nextInt(weight);
        int key = 0;
        while (taken[key] || r >= left[key]) {
          if (!taken[key]) {
            r -= left[key];
          }
          key++;
        }
        taken[key] = true;
        weight -= left[key];
        picked[picks++] = key;
      }
      for (int t = 0; t < perClient; t++) {
        int key = picked[t];
        result[j * perClient + t] = byKey[next[key]++];
        left[key]--;
        taken[key] = false;
      }
    }
    return result;
  }

  /** McMahan et al.'s deal: a uniformly random permutation of the shards, k per client. */
  private static int[] dealUniformly(int numShards, SplittableRandom rng) {
    int[] result = new int[numShards];
    for (int s = 0; s < numShards; s++) {
      result[s] = s;
    }
    Permutations.shuffle(result, 0, numShards, rng);
    return result;
  }
}
