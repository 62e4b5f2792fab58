package io.fedspark.jobs.kernel;

import io.fedspark.jobs.config.MathOptions;
import io.fedspark.math.blas.MathBackend;
import io.fedspark.math.blas.MathRuntime;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import scala.collection.JavaConverters;

/**
 * Collects the OpenBLAS kernel set of every executor at job start, with a small Spark job: each task
 * configures the math backend exactly as the job's own tasks do ({@code math.backend},
 * {@code math.blas-threads}), then reports its executor's id, block manager, host, kernel set and
 * CPU flags ({@link JvmKernel}).
 *
 * <p>Spark cannot send a task to a chosen executor, so the probe sends many: twice as many tasks as
 * there are cores or registered executors (at least 4). A job's first wave offers every free core
 * a task, so every executor registered and idle when the job starts runs one. The executors
 * registered then are those the block manager master knows
 * ({@code SparkContext.getExecutorMemoryStatus}, minus the driver's own block manager); an
 * executor that registered during the job and ran nothing is probed again, up to
 * {@value #ROUNDS} jobs in all. Limits: an executor that registers after the probe (dynamic
 * allocation, a replaced executor, a slow start) is not checked; on standalone, Spark does not wait
 * for executors unless told to ({@code spark.cores.max} with
 * {@code spark.scheduler.minRegisteredResourcesRatio=1}; YARN and Kubernetes wait for 80% of
 * {@code spark.executor.instances} by default). Unreached executors are listed in the survey. In
 * local mode every task runs in the driver's JVM: no job is needed.
 */
public final class ExecutorKernelProbe {
  /** Probe jobs at most. */
  static final int ROUNDS = 3;
  private static final String DESCRIPTION = "fedspark: OpenBLAS kernel set of each executor";
  /** The local property Spark shows as a job's description (SparkContext.SPARK_JOB_DESCRIPTION). */
  private static final String JOB_DESCRIPTION = "spark.job.description";

  private ExecutorKernelProbe() {}

  /** What one probe task reports; Strings only, so it travels through any serializer. */
  record Answer(String blockManager, String executorId, String host, String kernel, String cpuFlags)
      implements Serializable {
    JvmKernel kernelReport() {
      Set<String> flags = cpuFlags == null ? null : cpuFlags.isEmpty() ? Set.of() : Set.of(cpuFlags.split(" "));
      return new JvmKernel(executorId, host, kernel, flags);
    }
  }

  /** The driver's and every reachable executor's kernel set. */
  public static KernelSurvey survey(JavaSparkContext jsc, MathOptions math, JvmKernel driver) {
    if (jsc.sc().isLocal()) {
      return new KernelSurvey(driver, List.of(), List.of(), "local mode (" + jsc.master() + "): every task runs in the"
          + " driver's JVM");
    }
    String driverBlockManager = SparkEnv.get().blockManager().blockManagerId().hostPort();
    Map<String, Answer> answered = new TreeMap<>();
    Set<String> registered = Set.of();
    int rounds = 0;
    int tasks = 0;
    long t0 = System.nanoTime();
    while (rounds < ROUNDS) {
      rounds++;
      int n = Math.min(4096, Math.max(4, 2 * Math.max(jsc.defaultParallelism(), registered.size())));
      tasks += n;
      for (Answer a : probe(jsc, math.backend(), math.blasThreads(), n)) {
        answered.putIfAbsent(a.blockManager(), a);
      }
      registered = executorBlockManagers(jsc.sc(), driverBlockManager);
      if (answered.keySet().containsAll(registered)) {
        break;
      }
    }
    Set<String> unreached = new TreeSet<>(registered);
    unreached.removeAll(answered.keySet());
    List<JvmKernel> executors = new ArrayList<>(answered.values().stream().map(Answer::kernelReport).toList());
    executors.sort(Comparator.comparing(ExecutorKernelProbe::numericId).thenComparing(JvmKernel::id));
    String method = String.format(java.util.Locale.ROOT, "%d probe job(s) of %d tasks in all (%.1f s, waiting for the"
        + " first executor included)", rounds, tasks, (System.nanoTime() - t0) / 1e9) + " at job start reached " + executors.size()
        + " executor(s); " + registered.size() + " were registered (block manager master) after the last job."
        + " Executors that register later are not checked";
    return new KernelSurvey(driver, executors, List.copyOf(unreached), method);
  }

  /** One probe job of {@code tasks} tasks: every answer, duplicates included. */
  static List<Answer> probe(JavaSparkContext jsc, MathBackend backend, int threads, int tasks) {
    String backendName = backend.name();
    SparkContext sc = jsc.sc();
    String previous = sc.getLocalProperty(JOB_DESCRIPTION);
    sc.setLocalProperty(JOB_DESCRIPTION, DESCRIPTION);
    try {
      return jsc.parallelize(IntStream.range(0, tasks).boxed().toList(), tasks).mapPartitions(ignored -> {
        MathRuntime.configure(MathBackend.valueOf(backendName), threads);
        JvmKernel self = JvmKernel.ofThisJvm(SparkEnv.get().executorId());
        SparkEnv env = SparkEnv.get();
        String flags = self.cpuFlags() == null ? null : String.join(" ", self.cpuFlags());
        return List.of(new Answer(env.blockManager().blockManagerId().hostPort(), self.id(), self.host(), self.kernel(),
            flags)).iterator();
      }).collect();
    } finally {
      sc.setLocalProperty(JOB_DESCRIPTION, previous);
    }
  }

  /** host:port of every registered block manager but the driver's. */
  static Set<String> executorBlockManagers(SparkContext sc, String driverBlockManager) {
    Set<String> all = new HashSet<>(JavaConverters.setAsJavaSetConverter(sc.getExecutorMemoryStatus().keySet()).asJava());
    all.remove(driverBlockManager);
    return all;
  }

  private static long numericId(JvmKernel j) {
    try {
      return Long.parseLong(j.id());
    } catch (NumberFormatException notANumber) {
      return Long.MAX_VALUE;
    }
  }
}
