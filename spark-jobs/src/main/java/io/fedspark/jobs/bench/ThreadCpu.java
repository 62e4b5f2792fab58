package io.fedspark.jobs.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of this JVM's threads between two snapshots, summed by what the threads do (their name
 * tells it: Spark's task threads, its scheduler, result fetchers, RPC, the listener bus; the
 * driver's main thread; the in-process backend's pool). The JVM's own native threads are read from
 * Linux's {@code /proc/self/task} (in clock ticks, so only sums over many rounds are meaningful):
 * the garbage collector's workers and concurrent markers, and the JIT compilers; the process CPU
 * time not accounted to any of these is "other VM".
 * Unlike wall time, CPU time does not grow when other processes compete for the cores, so it is
 * the steadier measure of what a round costs on a busy machine.
 */
final class ThreadCpu {
  /** Thread groups in report order: name prefix -> group. */
  private static final List<String[]> GROUPS = List.of(
      new String[] {"main", "driver main thread"},
      new String[] {"Executor task launch worker", "spark tasks"},
      // Spark 4 renames a task thread to this between tasks, so a snapshot taken after a round sees it
      new String[] {"Executor task idle worker", "spark tasks"},
      new String[] {"fedspark-client", "in-process clients"},
      new String[] {"task-result-getter", "task result fetch"},
      new String[] {"dag-scheduler-event-loop", "DAG scheduler"},
      new String[] {"dispatcher-", "RPC dispatch"},
      new String[] {"spark-listener-group", "listener bus"},
      new String[] {"shuffle-", "block transfer"},
      new String[] {"block-manager", "block transfer"},
      new String[] {"rpc-", "block transfer"});
  static final String OTHER = "other threads";
  static final String GC = "garbage collector";
  static final String JIT = "JIT compiler";
  static final String VM = "other VM";
  /** Linux clock ticks per second of /proc/self/task/N/stat (USER_HZ, 100 on every common kernel). */
  private static final double NANOS_PER_TICK = 1e9 / 100;

  private final com.sun.management.ThreadMXBean threads;
  private final com.sun.management.OperatingSystemMXBean os;
  private Map<Long, Long> last = new HashMap<>();
  private final Map<Long, String> names = new HashMap<>();
  private long lastProcess;
  private Map<String, Long> lastNative = new HashMap<>();

  ThreadCpu() {
    this.threads = ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
        && t.isThreadCpuTimeSupported() ? t : null;
    this.os = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean b
        ? b : null;
    if (threads != null) {
      threads.setThreadCpuTimeEnabled(true);
    }
  }

  /** Whether per-thread CPU time is available on this JVM. */
  boolean supported() {
    return threads != null && os != null;
  }

  /** Takes a snapshot; the next {@link #addSince} counts from here. */
  void mark() {
    if (supported()) {
      last = snapshot();
      lastNative = nativeTicks();
      lastProcess = os.getProcessCpuTime();
    }
  }

  /** Adds the CPU nanoseconds used since the last mark, by group, to {@code totals}; marks again. */
  void addSince(Map<String, Double> totals) {
    if (!supported()) {
      return;
    }
    Map<Long, Long> now = snapshot();
    Map<String, Long> nativeNow = nativeTicks();
    long process = os.getProcessCpuTime();
    double javaThreads = 0;
    for (var e : now.entrySet()) {
      long delta = e.getValue() - last.getOrDefault(e.getKey(), 0L);
      if (delta > 0) {
        totals.merge(group(names.get(e.getKey())), (double) delta, Double::sum);
        javaThreads += delta;
      }
    }
    for (var e : nativeNow.entrySet()) {
      long ticks = e.getValue() - lastNative.getOrDefault(e.getKey(), 0L);
      if (ticks > 0) {
        String g = e.getKey().substring(e.getKey().indexOf(' ') + 1);
        totals.merge(g, ticks * NANOS_PER_TICK, Double::sum);
        javaThreads += ticks * NANOS_PER_TICK;
      }
    }
    // process CPU is counted in clock ticks: the remainder is only meaningful summed over rounds
    totals.merge(VM, (process - lastProcess) - javaThreads, Double::sum);
    last = now;
    lastNative = nativeNow;
    lastProcess = process;
  }

  /** Groups in report order, then {@link #OTHER} and {@link #VM}. */
  static List<String> groupOrder() {
    Map<String, Boolean> order = new LinkedHashMap<>();
    for (String[] g : GROUPS) {
      order.put(g[1], true);
    }
    order.put(OTHER, true);
    order.put(GC, true);
    order.put(JIT, true);
    order.put(VM, true);
    return List.copyOf(order.keySet());
  }

  static String group(String threadName) {
    if (threadName != null) {
      for (String[] g : GROUPS) {
        if (g[0].equals("main") ? threadName.equals("main") : threadName.startsWith(g[0])) {
          return g[1];
        }
      }
    }
    return OTHER;
  }

  /**
   * CPU ticks (user + system) of the JVM's native GC and JIT threads, keyed "tid group"; empty
   * where /proc is not readable.
   */
  private static Map<String, Long> nativeTicks() {
    Map<String, Long> m = new HashMap<>();
    java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
    if (tasks == null) {
      return m;
    }
    for (java.io.File t : tasks) {
      try {
        String stat = java.nio.file.Files.readString(t.toPath().resolve("stat"));
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        String comm = stat.substring(open + 1, close);
        String g = comm.startsWith("GC Thread") || comm.startsWith("G1 ") ? GC
            : comm.contains("CompilerThre") ? JIT : null;
        if (g == null) {
          continue;
        }
        // fields after the command: state is field 3; utime and stime are fields 14 and 15
        String[] f = stat.substring(close + 2).split(" ");
        m.put(t.getName() + " " + g, Long.parseLong(f[11]) + Long.parseLong(f[12]));
      } catch (java.io.IOException | RuntimeException e) {
        // a thread that ended between listing and reading: nothing to count
      }
    }
    return m;
  }

  private Map<Long, Long> snapshot() {
    long[] ids = threads.getAllThreadIds();
    long[] cpu = threads.getThreadCpuTime(ids);
    Map<Long, Long> m = new HashMap<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      if (cpu[i] >= 0) {
        m.put(ids[i], cpu[i]);
        if (!names.containsKey(ids[i])) {
          ThreadInfo info = threads.getThreadInfo(ids[i]);
          names.put(ids[i], info == null ? null : info.getThreadName());
        }
      }
    }
    return m;
  }
}
