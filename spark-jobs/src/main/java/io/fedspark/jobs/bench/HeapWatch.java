package io.fedspark.jobs.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap a benchmark needed: the highest used heap seen by a sampling thread (every 10 ms; it
 * includes garbage not yet collected, so it is what decides an OutOfMemoryError only together with
 * the collector) and the highest heap left after a garbage collection (the live set plus whatever
 * a young collection did not reach: the better estimate of what the data needs). Each maximum is
 * remembered with the phase the benchmark was in ({@link #phase}).
 */
public final class HeapWatch implements AutoCloseable {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
  private final Thread sampler;
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener onGc = this::afterGc;
  private volatile boolean running = true;
  private volatile String phase = "start";
  private long peakUsed;
  private String peakUsedPhase = "start";
  private long peakAfterGc;
  private String peakAfterGcPhase = "none (no collection)";
  private final Map<String, Long> peakAfterGcByPhase = new LinkedHashMap<>();

  /** Starts watching. */
  public HeapWatch() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter e) {
        e.addNotificationListener(onGc, null, null);
        emitters.add(e);
      }
    }
    sampler = new Thread(() -> {
      while (running) {
        sample();
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "fedspark-heap-watch");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Names what the benchmark does from now on (reported with the peaks). */
  public void phase(String name) {
    sample();
    phase = name;
  }

  private synchronized void sample() {
    long used = memory.getHeapMemoryUsage().getUsed();
    if (used > peakUsed) {
      peakUsed = used;
      peakUsedPhase = phase;
    }
  }

  private void afterGc(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    long heapAfter = 0;
    for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(e.getKey())) { // the map has the non-heap pools (metaspace, code cache) too
        heapAfter += e.getValue().getUsed();
      }
    }
    synchronized (this) {
      peakAfterGcByPhase.merge(phase, heapAfter, Math::max);
      if (heapAfter > peakAfterGc) {
        peakAfterGc = heapAfter;
        peakAfterGcPhase = phase;
      }
    }
  }

  /** Highest sampled used heap, bytes. */
  public synchronized long peakUsed() {
    return peakUsed;
  }

  public synchronized String peakUsedPhase() {
    return peakUsedPhase;
  }

  /** Highest heap after a collection, bytes (0 if none happened). */
  public synchronized long peakAfterGc() {
    return peakAfterGc;
  }

  public synchronized String peakAfterGcPhase() {
    return peakAfterGcPhase;
  }

  /**
   * Highest heap after a collection in each phase that had one, bytes, in phase order. A young
   * collection leaves old regions alone, so a phase's figure may include garbage of earlier phases.
   */
  public synchronized Map<String, Long> peakAfterGcByPhase() {
    return new LinkedHashMap<>(peakAfterGcByPhase);
  }

  /** The heap limit ({@code -Xmx}), bytes. */
  public static long maxHeap() {
    return Runtime.getRuntime().maxMemory();
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(onGc);
      } catch (ListenerNotFoundException ignored) {
        // already gone
      }
    }
  }
}
