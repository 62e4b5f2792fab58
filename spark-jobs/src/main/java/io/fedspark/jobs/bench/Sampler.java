package io.fedspark.jobs.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Times workloads that are to be compared, side by side: each is warmed up, then the timed
 * repetitions are interleaved round by round (round r starts with workload r mod n), so that a
 * slow phase of a noisy machine hits all of them alike instead of biasing one. A repetition calls
 * its workload until {@link SamplerOptions#repetitionTime()} has passed (at least once) and yields
 * a rate, work / seconds.
 */
public final class Sampler {
  private final SamplerOptions options;
  private final com.sun.management.OperatingSystemMXBean os = processBean();
  private final ThreadMXBean threads = threadBean();

  public Sampler(SamplerOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  public SamplerOptions options() {
    return options;
  }

  /** Measures the workloads interleaved; returns one sample per workload, in the same order. */
  public List<Sample> interleaved(List<Workload> workloads) {
    int n = workloads.size();
    if (n == 0) {
      throw new IllegalArgumentException("sampler: no workloads to measure");
    }
    long warmupNanos = options.warmup().toNanos();
    for (Workload w : workloads) {
      long end = System.nanoTime() + warmupNanos;
      do {
        w.run();
      } while (System.nanoTime() < end);
    }
    int reps = options.repetitions();
    double[][] rates = new double[n][reps];
    double[][] cpu = new double[n][reps];
    double[][] threadRates = new double[n][reps];
    long repNanos = options.repetitionTime().toNanos();
    for (int r = 0; r < reps; r++) {
      for (int j = 0; j < n; j++) {
        int i = (r + j) % n;
        Workload w = workloads.get(i);
        long cpu0 = cpuNanos();
        long thread0 = threadCpuNanos();
        long t0 = System.nanoTime();
        long t;
        double work = 0;
        do {
          work += w.run();
          t = System.nanoTime();
        } while (t - t0 < repNanos);
        long thread1 = threadCpuNanos();
        long cpu1 = cpuNanos();
        double seconds = (t - t0) / 1e9;
        rates[i][r] = work / seconds;
        cpu[i][r] = cpu1 < 0 ? Double.NaN : (cpu1 - cpu0) / 1e9 / seconds;
        threadRates[i][r] = thread1 < 0 || thread1 == thread0 ? Double.NaN : work / ((thread1 - thread0) / 1e9);
      }
    }
    List<Sample> samples = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      samples.add(Sample.of(rates[i], cpu[i], threadRates[i]));
    }
    return samples;
  }

  private long cpuNanos() {
    return os == null ? -1 : os.getProcessCpuTime();
  }

  private long threadCpuNanos() {
    return threads == null ? -1 : threads.getCurrentThreadCpuTime();
  }

  private static ThreadMXBean threadBean() {
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    if (!bean.isCurrentThreadCpuTimeSupported()) {
      return null;
    }
    bean.setThreadCpuTimeEnabled(true);
    return bean;
  }

  private static com.sun.management.OperatingSystemMXBean processBean() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean b ? b : null;
  }
}
