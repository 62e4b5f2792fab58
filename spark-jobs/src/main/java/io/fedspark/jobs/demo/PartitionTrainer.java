package io.fedspark.jobs.demo;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.MathBackend;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.Sgd;
import io.fedspark.math.optim.SgdOptions;
import io.fedspark.math.random.SeedSequence;
import io.fedspark.jobs.data.ExampleShard;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The executor side of one demo epoch: from the broadcast parameters, one pass of minibatch SGD
 * over each shard of the partition in a shuffled order seeded by (root seed, "demo-sgd", epoch,
 * shard), returning the shard's final parameters weighted by its example count. Holds only
 * plain values, so the Spark closure that carries it is small and serialisable.
 */
final class PartitionTrainer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String modelSpec;
  private final float learningRate;
  private final float momentum;
  private final float weightDecay;
  private final int batchSize;
  private final String backend;
  private final int blasThreads;
  private final long rootSeed;

  PartitionTrainer(DemoOptions opts, MathBackend backend, int blasThreads, long rootSeed) {
    this.modelSpec = opts.model().toString();
    this.learningRate = opts.learningRate();
    this.momentum = opts.momentum();
    this.weightDecay = opts.weightDecay();
    this.batchSize = opts.batchSize();
    this.backend = backend.name();
    this.blasThreads = blasThreads;
    this.rootSeed = rootSeed;
  }

  Iterator<EpochStats> train(Iterator<ExampleShard> shards, float[] start, int epoch) {
    MathRuntime.configure(MathBackend.valueOf(backend), blasThreads);
    ModelSpec spec = ModelSpec.parse(modelSpec);
    EpochStats out = new EpochStats(start.length);
    while (shards.hasNext()) {
      ExampleShard s = shards.next();
      Model model = Model.fromParameters(spec, start);
      Sgd sgd = new Sgd(new SgdOptions(learningRate, momentum, weightDecay, false));
      float[] p = model.parameters();
      float[] grad = new float[p.length];
      int[] order = permutation(s.rows(), SeedSequence.root(rootSeed).derive("demo-sgd", epoch, s.shardId()).random());
      int d = s.cols();
      float[] bx = new float[batchSize * d];
      int[] by = new int[batchSize];
      double lossSum = 0;
      long correct = 0;
      for (int from = 0; from < s.rows(); from += batchSize) {
        int m = Math.min(batchSize, s.rows() - from);
        for (int r = 0; r < m; r++) {
          int src = order[from + r];
          System.arraycopy(s.features(), src * d, bx, r * d, d);
          by[r] = s.labels()[src];
        }
        int[] labels = m == batchSize ? by : Arrays.copyOf(by, m);
        var res = model.lossAndGradient(FloatMatrix.wrap(bx, 0, m, d), labels, null, grad);
        lossSum += res.loss() * m;
        correct += res.correct();
        sgd.step(p, grad);
      }
      out.addPartition(p, s.rows(), lossSum, correct);
    }
    return List.of(out).iterator();
  }

  /** Fisher-Yates permutation of 0..n-1 from the given stream. */
  static int[] permutation(int n, SplittableRandom r) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
