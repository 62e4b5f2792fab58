package io.fedspark.jobs.bench.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * CPU time next to JMH's wall-clock score, for a shared, noisy machine: per measurement iteration,
 * the benchmark calls, the CPU time of the benchmark thread, the CPU time of the whole process and
 * the wall time, reported by JMH as secondary results (event counters, summed over iterations and
 * forks). Calls per thread-CPU second is the rate the code reaches while it has a core (it does not
 * count time the thread waited for one); process CPU / wall shows whether the work stayed on one
 * thread (about 1.0 on an otherwise idle core, above 1 if a library used more threads, below 1
 * when other processes took the core).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuCounters {
  // JMH reports every public field as a secondary result named after it: no public constants here.
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean b ? b : null;

  /** Benchmark calls in this iteration (the benchmark method counts them). */
  public long calls;
  /** CPU nanoseconds of the benchmark thread in this iteration. */
  public long threadCpuNanos;
  /** CPU nanoseconds of the whole process in this iteration (0 if the JVM cannot tell). */
  public long processCpuNanos;
  /** Wall-clock nanoseconds of this iteration. */
  public long wallNanos;

  private long threadStart;
  private long processStart;
  private long wallStart;

  @Setup(Level.Iteration)
  public void start() {
    calls = 0;
    threadCpuNanos = 0;
    processCpuNanos = 0;
    wallNanos = 0;
    processStart = processCpu();
    threadStart = THREADS.getCurrentThreadCpuTime();
    wallStart = System.nanoTime();
  }

  @TearDown(Level.Iteration)
  public void stop() {
    wallNanos = System.nanoTime() - wallStart;
    threadCpuNanos = THREADS.getCurrentThreadCpuTime() - threadStart;
    processCpuNanos = PROCESS == null ? 0 : processCpu() - processStart;
  }

  private static long processCpu() {
    return PROCESS == null ? 0 : PROCESS.getProcessCpuTime();
  }
}
