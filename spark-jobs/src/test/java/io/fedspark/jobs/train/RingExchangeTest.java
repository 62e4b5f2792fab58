package io.fedspark.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
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
 * fails closes the ring and its neighbours fail instead of hanging; a connection without the epoch's
 * secret (another user on the node) can neither register with the rendezvous nor join the ring.
 */
class RingExchangeTest {
  private static final GangSecret SECRET = GangSecret.draw();
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
      try (GangRendezvous rv = new GangRendezvous("127.0.0.1", n, SECRET)) {
        List<Future<List<byte[][]>>> tasks = new ArrayList<>();
        for (int r = 0; r < n; r++) {
          int rank = r;
          tasks.add(pool.submit(() -> {
            try (RingExchange ring = new RingExchange(rank, n, "127.0.0.1", () -> {}, SECRET)) {
              ring.connect(GangRendezvous.join(rv.address(), SECRET, 0, rank, ring.address(), n));
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
    try (GangRendezvous rv = new GangRendezvous("127.0.0.1", n, SECRET)) {
      List<Future<Object>> tasks = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        int rank = r;
        tasks.add(pool.submit(() -> {
          try (RingExchange ring = new RingExchange(rank, n, "127.0.0.1", () -> {}, SECRET)) {
            ring.connect(GangRendezvous.join(rv.address(), SECRET, 0, rank, ring.address(), n));
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

  @Test
  void connectionsWithoutTheSecretAreRefusedAndTheGangStillExchanges() throws Exception {
    int n = 2;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try (GangRendezvous rv = new GangRendezvous("127.0.0.1", n, SECRET)) {
      List<RingExchange> rings = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        rings.add(new RingExchange(r, n, "127.0.0.1", () -> {}, SECRET));
      }
      // intruders: a fake registration as partition 0 with its own address, and a fake previous task
      // sending a message into rank 0's ring socket, both with the wrong secret
      intrude(rv.address(), out -> {
        out.writeInt(0);
        out.writeInt(0);
        out.writeUTF("127.0.0.1:9");
      });
      intrude(rings.get(0).address(), out -> {
        out.writeInt(4);
        out.write(new byte[] {6, 6, 6, 6});
      });
      List<Future<byte[][]>> tasks = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        int rank = r;
        tasks.add(pool.submit(() -> {
          try (RingExchange ring = rings.get(rank)) {
            ring.connect(GangRendezvous.join(rv.address(), SECRET, 0, rank, ring.address(), n));
            return ring.allGather(message(rank, 0));
          }
        }));
      }
      for (Future<byte[][]> t : tasks) {
        byte[][] all = t.get(60, TimeUnit.SECONDS);
        for (int r = 0; r < n; r++) {
          assertArrayEquals(message(r, 0), all[r], "rank " + r + "'s message, not the intruder's");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** What an intruder writes after its (wrong) secret. */
  private interface Payload {
    void write(DataOutputStream out) throws IOException;
  }

  private static void intrude(String address, Payload payload) throws IOException {
    int colon = address.lastIndexOf(':');
    try (Socket s = new Socket(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))) {
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      GangSecret.draw().present(out);
      out.flush();
      payload.write(out);
      out.flush();
    } catch (java.net.SocketException refused) {
      // the other side closed the connection on the wrong secret: refused, as it should be
    }
  }
}
