package io.fedspark.jobs.sweep;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.executor.ExecutorMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;

/**
 * Peak heap use while runs are in flight: the driver's, sampled every 20 ms, and the executors'
 * {@code JVMHeapMemory} from the metrics their heartbeats carry (a Spark listener; none in local
 * mode, where the driver is the executor, and none for a run shorter than a heartbeat interval).
 * With runs in parallel, a run's peak covers everything the JVMs did while it was running.
 */
final class MemoryPeaks extends SparkListener implements AutoCloseable {
  /** The peaks seen while one run was open. */
  static final class Window {
    private volatile long driver;
    private volatile long executor = -1;

    /** Peak driver heap in MiB. */
    double driverMb() {
      return driver / (1024.0 * 1024.0);
    }

    /** Peak executor heap in MiB, NaN if no executor reported. */
    double executorMb() {
      return executor < 0 ? Double.NaN : executor / (1024.0 * 1024.0);
    }
  }

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final Set<Window> open = ConcurrentHashMap.newKeySet();
  private final Thread sampler;
  private volatile boolean running = true;

  MemoryPeaks() {
    sampler = new Thread(() -> {
      while (running) {
        long used = memory.getHeapMemoryUsage().getUsed();
        for (Window w : open) {
          synchronized (w) {
            w.driver = Math.max(w.driver, used);
          }
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "fedspark-sweep-heap");
    sampler.setDaemon(true);
    sampler.start();
  }

  Window open() {
    Window w = new Window();
    w.driver = memory.getHeapMemoryUsage().getUsed();
    open.add(w);
    return w;
  }

  void close(Window w) {
    open.remove(w);
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    if ("driver".equals(update.execId())) {
      return;
    }
    long heap = -1;
    scala.collection.Iterator<ExecutorMetrics> it = update.executorUpdates().valuesIterator();
    while (it.hasNext()) {
      heap = Math.max(heap, it.next().getMetricValue("JVMHeapMemory"));
    }
    if (heap <= 0) {
      return;
    }
    for (Window w : open) {
      synchronized (w) {
        w.executor = Math.max(w.executor, heap);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
