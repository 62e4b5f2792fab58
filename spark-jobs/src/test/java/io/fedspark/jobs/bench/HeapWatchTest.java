package io.fedspark.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link HeapWatch} sees a heap peak however short: 64 MB held across a full collection shows in
 * the peak used heap (taken just before the collection), in the live set after it, in the old
 * generation's peak, and in the phase it happened in.
 */
class HeapWatchTest {
  private static final long MB = 1024 * 1024;

  @Test
  void seesAPeakHeldAcrossAFullCollection() {
    List<byte[]> held = new ArrayList<>();
    try (HeapWatch watch = new HeapWatch()) {
      watch.phase("holding");
      for (int i = 0; i < 64; i++) {
        held.add(new byte[(int) MB]);
      }
      System.gc(); // a full collection in G1: the 64 MB survive it
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (watch.fullCollections() == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait(); // the collector's notification arrives on another thread
      }
      assertTrue(watch.fullCollections() >= 1, "System.gc() is a full collection under G1");
      assertTrue(watch.peakBeforeGc() >= 64 * MB, "before the collection: " + watch.peakBeforeGc() / MB + " MB");
      assertTrue(watch.peakUsed() >= watch.peakBeforeGc(), "the peak includes the heap before each collection");
      assertTrue(watch.peakAfterFullGc() >= 64 * MB, "the held arrays are live: " + watch.peakAfterFullGc() / MB + " MB");
      assertTrue(watch.peakAfterGc() >= watch.peakAfterFullGc());
      assertEquals("holding", watch.peakAfterGcPhase());
      assertTrue(watch.poolPeaks().getOrDefault("G1 Old Gen", 0L) >= 64 * MB, "old generation: " + watch.poolPeaks());
      assertTrue(HeapWatch.collections().containsKey("G1 Old Generation"), HeapWatch.collections().toString());
    }
    assertEquals(64, held.size());
  }
}
