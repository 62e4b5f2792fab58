package io.fedspark.jobs.train;

import io.fedspark.federated.train.GangExchange;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A {@link GangExchange} over a ring of TCP connections between the tasks of a barrier stage: task
 * i sends to task i+1 and receives from task i-1 (mod n), and an all-gather takes n-1 steps, each
 * task forwarding the message it received in the previous step (the ring all-gather of Patarasuk
 * and Yuan, 2009, "Bandwidth optimal all-reduce algorithms for clusters of workstations"): every
 * task sends and receives (n-1)/n of the data, whatever n, and nothing goes through the driver.
 * Sending runs on its own thread so that two tasks sending to each other cannot block on full
 * socket buffers. A blocked read wakes every second to let Spark kill the task; when a task fails,
 * closing its sockets ends its neighbours' reads, so a failed gang ends instead of hanging.
 */
final class RingExchange implements GangExchange, AutoCloseable {
  private final int rank;
  private final int size;
  private final ServerSocket server;
  private final Runnable killCheck;
  private final GangSecret secret;
  private Socket next;
  private Socket previous;
  private DataOutputStream out;
  private DataInputStream in;
  private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "fedspark-ring-send");
    t.setDaemon(true);
    return t;
  });

  /**
   * Listens for the previous task's connection.
   *
   * @param host the address other tasks reach this executor at
   * @param killCheck throws if Spark killed this task (called while a read waits)
   * @param secret what the previous task must present first (connections without it are refused)
   */
  RingExchange(int rank, int size, String host, Runnable killCheck, GangSecret secret) {
    this.secret = secret;
    this.rank = rank;
    this.size = size;
    this.killCheck = killCheck;
    try {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(host, 0), 2);
    } catch (IOException e) {
      throw new UncheckedIOException("ring exchange: cannot listen on " + host + ": " + e.getMessage(), e);
    }
  }

  /** host:port of this task's listening socket. */
  String address() {
    return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
  }

  /** Connects to the next task and accepts the previous one ({@code addresses} in rank order). */
  void connect(String[] addresses) throws IOException {
    if (size == 1) {
      return;
    }
    String to = addresses[(rank + 1) % size];
    int colon = to.lastIndexOf(':');
    next = new Socket(to.substring(0, colon), Integer.parseInt(to.substring(colon + 1)));
    next.setTcpNoDelay(true);
    out = new DataOutputStream(new BufferedOutputStream(next.getOutputStream(), 1 << 16));
    secret.present(out);
    out.flush();
    server.setSoTimeout(1000);
    while (previous == null) {
      try {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        s.setSoTimeout(10_000);
        DataInputStream candidate = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
        try {
          secret.check(candidate, String.valueOf(s.getRemoteSocketAddress()));
        } catch (IOException e) { // not our gang: refuse it and keep waiting for the previous task
          s.close();
          continue;
        }
        s.setSoTimeout(1000);
        previous = s;
        in = candidate;
      } catch (SocketTimeoutException e) {
        killCheck.run();
      }
    }
  }

  @Override
  public byte[][] allGather(byte[] mine) {
    byte[][] all = new byte[size][];
    all[rank] = mine;
    try {
      for (int k = 0; k < size - 1; k++) {
        byte[] send = all[Math.floorMod(rank - k, size)];
        Future<?> sent = sender.submit(() -> {
          out.writeInt(send.length);
          out.write(send);
          out.flush();
          return null;
        });
        int from = Math.floorMod(rank - k - 1, size);
        all[from] = read();
        sent.get();
      }
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException("ring exchange: task " + rank + " of " + size + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("ring exchange interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new UncheckedIOException("ring exchange: task " + rank + " cannot send: " + e.getCause().getMessage(),
          e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
    }
  }

  private byte[] read() throws IOException {
    byte[] header = new byte[4];
    readFully(header);
    int n = ((header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
    byte[] body = new byte[n];
    readFully(body);
    return body;
  }

  /** Reads all of {@code b}, waking every second for the kill check. */
  private void readFully(byte[] b) throws IOException {
    int off = 0;
    while (off < b.length) {
      try {
        int r = in.read(b, off, b.length - off);
        if (r < 0) {
          throw new IOException("the previous task closed the ring (it failed or was killed)");
        }
        off += r;
      } catch (SocketTimeoutException e) {
        killCheck.run();
      }
    }
  }

  @Override
  public void close() {
    sender.shutdownNow();
    for (java.io.Closeable c : new java.io.Closeable[] {next, previous, server}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (IOException e) {
        // closing is best effort: the stage is over
      }
    }
  }
}
