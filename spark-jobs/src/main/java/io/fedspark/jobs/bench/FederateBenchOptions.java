package io.fedspark.jobs.bench;

import io.fedspark.math.nn.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@link FederateBenchmark} measures and for how many rounds. Every configuration is expressed
 * as {@code federate.*} settings on top of the shipped defaults ({@link #scaleSettings},
 * {@link #comparisonSettings}), so the report can say how to re-run each one with
 * {@code fedspark federate}.
 *
 * @param mode a name for the report ({@code "quick"}, {@code "full"}, {@code "tiny"} in tests)
 * @param warmupRounds rounds run per workload before timing (JIT, Spark's first jobs, caches)
 * @param timedRounds timed rounds per workload; their median is the figure
 * @param model the model of every workload
 * @param smallPopulation (a) the baseline population
 * @param largePopulation (a) the population under test; its clients split the whole training set
 *     evenly (iid), and the small population gets as many examples per client from the first rows
 * @param cohort clients per round of every workload
 * @param comparisonClients (b) clients of the Spark vs in-process comparison (Dirichlet split)
 * @param comparisonBeta (b) Dirichlet concentration
 * @param sparkPartitions RDD partitions holding the client shards (federate.spark-partitions)
 * @param inProcessThreads threads of the in-process backend (as many as the Spark master's cores)
 * @param seed root seed (run.seed)
 */
public record FederateBenchOptions(String mode, int warmupRounds, int timedRounds, ModelSpec model,
    int smallPopulation, int largePopulation, int cohort, int comparisonClients, double comparisonBeta,
    int sparkPartitions, int inProcessThreads, long seed) {

  /** The Spark master every figure is measured on: the issue's two local cores. */
  public static final String MASTER = "local[2]";

  public FederateBenchOptions {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(model, "model");
    check(warmupRounds >= 0, "warm-up rounds", warmupRounds, ">= 0");
    check(timedRounds >= 1, "timed rounds", timedRounds, ">= 1");
    check(smallPopulation >= cohort, "small population", smallPopulation, ">= the cohort (" + cohort + ")");
    check(largePopulation > smallPopulation, "large population", largePopulation,
        "> the small population (" + smallPopulation + ")");
    check(cohort >= 1, "cohort", cohort, ">= 1");
    check(comparisonClients >= cohort, "comparison clients", comparisonClients, ">= the cohort (" + cohort + ")");
    check(comparisonBeta > 0 && Double.isFinite(comparisonBeta), "comparison beta", comparisonBeta, "a finite number > 0");
    check(sparkPartitions >= 1, "spark partitions", sparkPartitions, ">= 1");
    check(inProcessThreads >= 1, "in-process threads", inProcessThreads, ">= 1");
  }

  /** About two minutes: 20 warm-up and 30 timed rounds per workload. */
  public static FederateBenchOptions quick() {
    return issue("quick", 20, 30);
  }

  /**
   * About five minutes: 60 warm-up and 150 timed rounds per workload (the JIT compiler is still
   * busy after 20 rounds: 20-30 ms of CPU per round, about 10 after 60).
   */
  public static FederateBenchOptions full() {
    return issue("full", 60, 150);
  }

  /** The issue's configurations: 1,000 vs 10,000 clients, and 100 Dirichlet(0.5) clients, cohort 10. */
  private static FederateBenchOptions issue(String mode, int warmup, int timed) {
    return new FederateBenchOptions(mode, warmup, timed, ModelSpec.parse("mlp:784-200-10"), 1_000, 10_000, 10, 100,
        0.5, 8, 2, 42);
  }

  /** Settings shared by every workload (on top of the shipped defaults). */
  List<String> commonSettings() {
    return List.of("run.seed=" + seed, "federate.model=\"" + model + "\"", "federate.clients-per-round=" + cohort,
        "federate.client.local-epochs=1", "federate.client.batch-size=10", "federate.client.learning-rate=0.05",
        "federate.strategy.kind=fedavg", "federate.spark-partitions=" + sparkPartitions,
        "federate.in-process-threads=" + inProcessThreads);
  }

  /** (a) {@code clients} iid clients of exactly {@code examplesPerClient} examples each. */
  List<String> scaleSettings(int clients, int examplesPerClient) {
    List<String> s = new ArrayList<>(commonSettings());
    s.addAll(List.of("federate.partition.scheme=iid", "federate.partition.clients=" + clients,
        "federate.partition.min-examples=" + examplesPerClient));
    return s;
  }

  /** (b) the Dirichlet split of the Spark vs in-process comparison. */
  List<String> comparisonSettings() {
    List<String> s = new ArrayList<>(commonSettings());
    s.addAll(List.of("federate.partition.scheme=dirichlet", "federate.partition.clients=" + comparisonClients,
        String.format(Locale.ROOT, "federate.partition.beta=%s", comparisonBeta)));
    return s;
  }

  private static void check(boolean ok, String what, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException("bench federate: " + what + " is " + value + ", expected " + expected);
    }
  }
}
