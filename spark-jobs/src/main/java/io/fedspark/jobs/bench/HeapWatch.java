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
 * The heap a benchmark needed, from the JVM's own accounting ({@link MemoryMXBean},
 * {@link MemoryPoolMXBean} and the collectors' notifications):
 * <ul>
 *   <li>the peak used heap: the heap pools' occupancy just before each collection (reported by the
 *       collector, so no peak is missed: between collections the occupancy only grows), or a
 *       sample of {@link MemoryMXBean#getHeapMemoryUsage()} (every 10 ms) if higher. It includes
 *       garbage not yet collected: a collector that may use the whole heap fills it before it
 *       collects, so near the limit this says how far the heap was used, not what the data need;</li>
 *   <li>each heap pool's peak ({@link MemoryPoolMXBean#getPeakUsage()}, reset at the start), the
 *       old generation's being where long-lived data (cached blocks, shards) accumulate;</li>
 *   <li>the highest heap left after a collection (the live set plus whatever that collection did
 *       not reach: a young collection leaves the old regions' garbage), and after a full
 *       collection (exactly the live set then), with the number of collections and their time.</li>
 * </ul>
 * Each maximum is remembered with the phase the benchmark was in ({@link #phase}).
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
  private long peakBeforeGc;
  private long peakAfterFullGc = -1;
  private long fullCollections;
  private final Map<String, Long> peakAfterGcByPhase = new LinkedHashMap<>();

  /** Starts watching. */
  public HeapWatch() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
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
    long heapAfter = heapSum(info.getGcInfo().getMemoryUsageAfterGc());
    long heapBefore = heapSum(info.getGcInfo().getMemoryUsageBeforeGc());
    boolean full = info.getGcAction().contains("major");
    synchronized (this) {
      if (heapBefore > peakUsed) {
        peakUsed = heapBefore;
        peakUsedPhase = phase;
      }
      peakBeforeGc = Math.max(peakBeforeGc, heapBefore);
      if (full) {
        fullCollections++;
        peakAfterFullGc = Math.max(peakAfterFullGc, heapAfter);
      }
      peakAfterGcByPhase.merge(phase, heapAfter, Math::max);
      if (heapAfter > peakAfterGc) {
        peakAfterGc = heapAfter;
        peakAfterGcPhase = phase;
      }
    }
  }

  /** The heap pools' summed use in {@code usage} (the map has the non-heap pools too: metaspace, code cache). */
  private long heapSum(Map<String, java.lang.management.MemoryUsage> usage) {
    long sum = 0;
    for (var e : usage.entrySet()) {
      if (heapPools.contains(e.getKey())) {
        sum += e.getValue().getUsed();
      }
    }
    return sum;
  }

  /** Highest used heap (just before a collection, or sampled), bytes. */
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

  /** Highest heap just before a collection, bytes (0 if none happened). */
  public synchronized long peakBeforeGc() {
    return peakBeforeGc;
  }

  /** Highest heap after a full collection (the live set then), bytes, or -1 if none happened. */
  public synchronized long peakAfterFullGc() {
    return peakAfterFullGc;
  }

  /** Full collections ({@code end of major GC}) so far. */
  public synchronized long fullCollections() {
    return fullCollections;
  }

  /** Each heap pool's peak use since this watch started (JVM-tracked), bytes, by pool name. */
  public Map<String, Long> poolPeaks() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        out.put(p.getName(), p.getPeakUsage().getUsed());
      }
    }
    return out;
  }

  /** Collections per collector since the JVM started (name: count, seconds). */
  public static Map<String, double[]> collections() {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      out.put(gc.getName(), new double[] {Math.max(0, gc.getCollectionCount()), Math.max(0, gc.getCollectionTime()) / 1e3});
    }
    return out;
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
