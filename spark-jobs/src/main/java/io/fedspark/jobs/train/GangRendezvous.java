package io.fedspark.jobs.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the tasks of a barrier stage learn each other's ring addresses: a small TCP service on the
 * driver for the duration of the stage. Each task connects, sends (stage attempt, partition, host,
 * port) after the epoch's {@link GangSecret}, and once all {@code n} tasks of its stage attempt have registered, every one of them gets
 * the n addresses in partition order. It replaces one {@code BarrierTaskContext.allGather}, which
 * costs up to a second: Spark's barrier client polls for the coordinator's answer once a second
 * ({@code Thread.sleep(1000)} in {@code BarrierTaskContext.runBarrier}, Spark 3.5 and 4.2).
 */
final class GangRendezvous implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GangRendezvous.class);

  private final ServerSocket server;
  private final int tasks;
  private final Thread acceptor;
  /** Registered connections and addresses per stage attempt. */
  private final Map<Integer, List<Object[]>> waiting = new HashMap<>();
  private final GangSecret secret;

  /**
   * @param host the driver's address as executors reach it ({@code spark.driver.host})
   * @param tasks the tasks of the stage (its partitions)
   * @param secret what every task must present first
   */
  GangRendezvous(String host, int tasks, GangSecret secret) {
    this.tasks = tasks;
    this.secret = secret;
    try {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getByName(host), 0), 4 * tasks);
    } catch (IOException e) {
      throw new UncheckedIOException("barrier rendezvous: cannot listen on " + host + ": " + e.getMessage(), e);
    }
    acceptor = new Thread(this::serve, "fedspark-gang-rendezvous");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** host:port for the tasks. */
  String address() {
    return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
  }

  private void serve() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        s.setSoTimeout(60_000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        try {
          secret.check(in, String.valueOf(s.getRemoteSocketAddress()));
        } catch (IOException e) {
          s.close();
          throw e;
        }
        int attempt = in.readInt();
        int partition = in.readInt();
        String address = in.readUTF();
        register(attempt, new Object[] {partition, address, s});
      } catch (IOException e) {
        if (!server.isClosed()) {
          LOG.warn("barrier rendezvous: a task's registration failed: {}", e.toString());
        }
      }
    }
  }

  private synchronized void register(int attempt, Object[] task) {
    List<Object[]> group = waiting.computeIfAbsent(attempt, a -> new ArrayList<>());
    group.add(task);
    if (group.size() < tasks) {
      return;
    }
    waiting.remove(attempt);
    String[] addresses = new String[tasks];
    for (Object[] t : group) {
      addresses[(Integer) t[0]] = (String) t[1];
    }
    for (Object[] t : group) {
      try (Socket s = (Socket) t[2]) {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        for (String a : addresses) {
          out.writeUTF(a);
        }
        out.flush();
      } catch (IOException e) {
        LOG.warn("barrier rendezvous: cannot answer partition {}: {}", t[0], e.toString());
      }
    }
  }

  /**
   * The task side: registers {@code partition}'s ring address and returns every partition's, in
   * partition order.
   */
  static String[] join(String rendezvous, GangSecret secret, int stageAttempt, int partition, String myAddress,
      int tasks) throws IOException {
    int colon = rendezvous.lastIndexOf(':');
    try (Socket s = new Socket(rendezvous.substring(0, colon), Integer.parseInt(rendezvous.substring(colon + 1)))) {
      s.setSoTimeout(600_000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      secret.present(out);
      out.writeInt(stageAttempt);
      out.writeInt(partition);
      out.writeUTF(myAddress);
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      String[] all = new String[tasks];
      for (int i = 0; i < tasks; i++) {
        all[i] = in.readUTF();
      }
      return all;
    }
  }

  @Override
  public synchronized void close() {
    try {
      server.close();
    } catch (IOException e) {
      LOG.debug("barrier rendezvous: close: {}", e.toString());
    }
    for (List<Object[]> group : waiting.values()) {
      for (Object[] t : group) {
        try {
          ((Socket) t[2]).close();
        } catch (IOException e) {
          LOG.debug("barrier rendezvous: close: {}", e.toString());
        }
      }
    }
  }
}
