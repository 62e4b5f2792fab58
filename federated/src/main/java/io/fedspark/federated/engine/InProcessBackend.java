package io.fedspark.federated.engine;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.client.ClientUpdate;
import io.fedspark.federated.curriculum.ScoreKind;
import io.fedspark.federated.curriculum.ExampleScorer;
import io.fedspark.math.nn.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs clients on a fixed thread pool in this JVM: the backend of unit tests and of laptop runs
 * without Spark. Each client runs on its own model instance; results are reduced with
 * {@link RoundAccumulator}, so the outcome does not depend on the number of threads.
 */
public final class InProcessBackend implements SimulationBackend {
  private final List<ClientShard> clients;
  private final int[] sizes;
  private final int threads;
  private final ExecutorService pool;

  /** @param clients shards indexed by client id (clients.get(i).clientId() == i) */
  public InProcessBackend(List<ClientShard> clients, int threads) {
    for (int i = 0; i < clients.size(); i++) {
      if (clients.get(i).clientId() != i) {
        throw new IllegalArgumentException("client shards must be ordered by id: position " + i + " holds client " + clients.get(i).clientId());
      }
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.clients = List.copyOf(clients);
    this.sizes = clients.stream().mapToInt(ClientShard::size).toArray();
    this.threads = threads;
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "fedspark-client");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public String name() {
    return "in-process(" + threads + " threads)";
  }

  @Override
  public int numClients() {
    return clients.size();
  }

  @Override
  public int[] clientSizes() {
    return sizes.clone();
  }

  @Override
  public RoundAccumulator runRound(RoundTask task, float[] global, ScoringParameters scoring) {
    ModelSpec spec = ModelSpec.parse(task.modelSpec());
    List<Future<ClientUpdate>> futures = new ArrayList<>();
    for (int id : task.cohort()) {
      ClientShard shard = clients.get(id);
      futures.add(pool.submit(() -> ClientRunner.run(shard, task, spec, global, scoring)));
    }
    RoundAccumulator acc = new RoundAccumulator(task.collectUpdates());
    for (Future<ClientUpdate> f : futures) {
      acc.add(await(f));
    }
    return acc;
  }

  @Override
  public float[] scoreClients(String modelSpec, float[] params, ScoreKind kind) {
    ModelSpec spec = ModelSpec.parse(modelSpec);
    float[] out = new float[clients.size()];
    List<Future<float[]>> futures = new ArrayList<>();
    int chunk = Math.max(1, (clients.size() + threads - 1) / threads);
    for (int from = 0; from < clients.size(); from += chunk) {
      int lo = from;
      int hi = Math.min(clients.size(), from + chunk);
      futures.add(pool.submit(() -> {
        ExampleScorer scorer = new ExampleScorer(spec, kind);
        float[] s = new float[hi - lo];
        for (int i = lo; i < hi; i++) {
          s[i - lo] = (float) scorer.meanScore(clients.get(i), params);
        }
        return s;
      }));
    }
    int pos = 0;
    for (Future<float[]> f : futures) {
      float[] s = await(f);
      System.arraycopy(s, 0, out, pos, s.length);
      pos += s.length;
    }
    return out;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a client", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("client task failed: " + e.getCause(), e.getCause());
    }
  }
}
