package io.fedspark.jobs.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel sets of a run's JVMs, as collected at job start: the driver's, each executor's that
 * answered, and the executors that were registered but did not answer.
 *
 * @param driver the driver's report
 * @param executors the executors' reports, by executor id (numeric order)
 * @param unreached block-manager addresses (host:port) of registered executors that ran no probe task
 * @param method how the executors were reached, and the limits of that (for provenance)
 */
public record KernelSurvey(JvmKernel driver, List<JvmKernel> executors, List<String> unreached, String method) {
  public KernelSurvey {
    executors = List.copyOf(executors);
    unreached = List.copyOf(unreached);
  }

  /** The driver, then the executors. */
  public List<JvmKernel> jvms() {
    List<JvmKernel> all = new ArrayList<>();
    all.add(driver);
    all.addAll(executors);
    return all;
  }

  /** The JVMs by kernel set, sets in name order. */
  public Map<String, List<JvmKernel>> byKernel() {
    Map<String, List<JvmKernel>> out = new TreeMap<>();
    for (JvmKernel j : jvms()) {
      out.computeIfAbsent(j.kernel(), k -> new ArrayList<>()).add(j);
    }
    return out;
  }

  /** Whether every JVM reported runs the same set. */
  public boolean agree() {
    return byKernel().size() == 1;
  }
}
