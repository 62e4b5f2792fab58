package io.fedspark.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The ring all-gather between barrier tasks, without Spark: tasks find each other through the
 * driver's rendezvous, every task gets every task's message in rank order (messages of megabytes,
 * larger than socket buffers, in both directions at once), several rounds in a row; a task that
 * fails closes the ring and its neighbours fail instead of hanging.
 */
class RingExchangeTest {
  private static byte[] message(int rank, int round) {
    byte[] b = new byte[rank == 1 ? 3_000_000 + round : 1000 * rank + round + 1];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 31 + rank * 7 + round);
    }
    return b;
  }

  @Test
  void everyTaskGetsEveryMessageInRankOrder() throws Exception {
    for (int n : new int[] {1, 2, 4}) {
      ExecutorService pool = Executors.newFixedThreadPool(n);
      try (GangRendezvous rv = new GangRendezvous("127.0.0.1", n)) {
        List<Future<List<byte[][]>>> tasks = new ArrayList<>();
        for (int r = 0; r < n; r++) {
          int rank = r;
          tasks.add(pool.submit(() -> {
            try (RingExchange ring = new RingExchange(rank, n, "127.0.0.1", () -> {})) {
              ring.connect(GangRendezvous.join(rv.address(), 0, rank, ring.address(), n));
              List<byte[][]> rounds = new ArrayList<>();
              for (int round = 0; round < 3; round++) {
                rounds.add(ring.allGather(message(rank, round)));
              }
              return rounds;
            }
          }));
        }
        for (Future<List<byte[][]>> t : tasks) {
          List<byte[][]> rounds = t.get(60, TimeUnit.SECONDS);
          for (int round = 0; round < 3; round++) {
            assertEquals(n, rounds.get(round).length);
            for (int r = 0; r < n; r++) {
              assertArrayEquals(message(r, round), rounds.get(round)[r], "n " + n + " round " + round + " rank " + r);
            }
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aFailedTaskEndsItsNeighboursInsteadOfHangingThem() throws Exception {
    int n = 3;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try (GangRendezvous rv = new GangRendezvous("127.0.0.1", n)) {
      List<Future<Object>> tasks = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        int rank = r;
        tasks.add(pool.submit(() -> {
          try (RingExchange ring = new RingExchange(rank, n, "127.0.0.1", () -> {})) {
            ring.connect(GangRendezvous.join(rv.address(), 0, rank, ring.address(), n));
            ring.allGather(message(rank, 0));
            if (rank == 2) {
              throw new IllegalStateException("task 2 fails");
            }
            return ring.allGather(message(rank, 1));
          }
        }));
      }
      for (Future<Object> t : tasks) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> t.get(60, TimeUnit.SECONDS));
        if (!(e.getCause() instanceof IllegalStateException)) {
          assertEquals(UncheckedIOException.class, e.getCause().getClass(), e.getCause().toString());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
