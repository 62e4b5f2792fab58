package io.fedspark.jobs.unlearn;

import io.fedspark.federated.unlearning.ForgetKind;
import io.fedspark.federated.unlearning.ForgetSetSearchResult;
import io.fedspark.federated.unlearning.WorstCaseForgetSetSearch;
import io.fedspark.federated.unlearning.WorstCaseSearchOptions;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.data.StagedTable;
import io.fedspark.math.blas.MathBackend;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.random.SeedSequence;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The worst-case and easiest forget-set searches of an audit ({@link WorstCaseForgetSetSearch},
 * Fan et al. ECCV 2024), one Spark task each, run in parallel: each task reads the staged
 * training split on its executor and runs the bi-level search there with the in-process
 * per-example loss pass. Only the indices come back.
 */
public final class ForgetSetSearches {
  /** One search: its grid key, kind, forget-set size and seed node. */
  public record Request(String key, ForgetKind kind, double ratio, long seed, int size, SeedSequence node,
      WorstCaseSearchOptions options) implements Serializable {}

  /** The indices a search found and its run time. */
  public record Found(String key, int[] indices, double seconds) implements Serializable {}

  private ForgetSetSearches() {}

  /** Runs {@code requests}; returns the indices by key, in request order. */
  static Map<String, int[]> run(JavaSparkContext jsc, ModelSpec spec, float[] original, StagedTable data,
      List<Request> requests, MathOptions math) {
    Map<String, int[]> out = new LinkedHashMap<>();
    if (requests.isEmpty()) {
      return out;
    }
    String model = spec.toString();
    String backend = math.backend().name();
    int threads = math.blasThreads();
    jsc.setJobGroup("unlearn-search", "fedspark unlearn: " + requests.size() + " forget-set searches", false);
    List<Found> found;
    try {
      found = jsc.parallelize(requests, requests.size()).map(r -> {
        MathRuntime.configure(MathBackend.valueOf(backend), threads);
        long t = System.nanoTime();
        ForgetSetSearchResult res = new WorstCaseForgetSetSearch(r.options())
            .search(ModelSpec.parse(model), original, data.train(), r.size(), r.node());
        return new Found(r.key(), res.indices(), (System.nanoTime() - t) / 1e9);
      }).collect();
    } finally {
      jsc.clearJobGroup();
    }
    for (int i = 0; i < requests.size(); i++) {
      Request r = requests.get(i);
      Found f = found.get(i);
      System.out.printf(Locale.ROOT, "[unlearn] %s forget set (ratio %s, seed %d): %d examples (%.1f s)%n",
          r.kind().configName(), r.ratio(), r.seed(), r.size(), f.seconds());
      out.put(f.key(), f.indices());
    }
    return out;
  }
}
