package io.fedspark.jobs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a Spark master URL before a session is started on it. Its form: {@code local},
 * {@code local[N]}, {@code local[*]}, {@code local[N,F]}, {@code local-cluster[N,C,M]},
 * {@code spark://HOST:PORT[,HOST:PORT...]}, {@code yarn}, {@code k8s://URL} (what spark-submit
 * accepts). A standalone master must accept a TCP connection within the timeout: Spark itself would
 * retry registering for about a minute and then fail without naming the URL.
 */
public final class MasterProbe {
  /** What a master URL may be, for messages. */
  public static final String EXPECTED = "a Spark master URL: local[N], local[*], spark://HOST:PORT, yarn or k8s://URL";

  private static final Pattern URL = Pattern.compile(
      "local|local\\[(\\d+|\\*)(,\\d+)?]|local-cluster\\[\\d+, *\\d+, *\\d+]|spark://[^/\\s]+|yarn|k8s://\\S+|mesos://\\S+");

  private MasterProbe() {}

  /** Whether {@code master} has the form of a master URL. */
  public static boolean isMasterUrl(String master) {
    return master != null && URL.matcher(master.strip()).matches();
  }

  /**
   * For a standalone master ({@code spark://}), waits up to {@code timeoutSeconds} for one of its
   * addresses to accept a connection; other masters are not probed.
   *
   * @throws MasterUnreachableException naming the URL and why, if none does
   */
  public static void requireReachable(String master, int timeoutSeconds) {
    if (master == null || !master.startsWith("spark://")) {
      return;
    }
    List<String> failures = new ArrayList<>();
    for (String hostPort : master.substring("spark://".length()).split(",")) {
      URI u = URI.create("spark://" + hostPort.strip());
      if (u.getHost() == null || u.getPort() < 0) {
        throw new io.fedspark.federated.config.InvalidConfigException("spark.master = '" + master + "': expected "
            + "spark://HOST:PORT[,HOST:PORT...]");
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(u.getHost(), u.getPort()), timeoutSeconds * 1000);
        return;
      } catch (IOException e) {
        failures.add(hostPort.strip() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      }
    }
    throw new MasterUnreachableException("the Spark master " + master + " does not answer within " + timeoutSeconds
        + " s (" + String.join("; ", failures) + "); is it running? ('fedspark cluster status', or"
        + " spark.master-connect-timeout)");
  }

  /** A standalone master that does not accept connections. */
  public static final class MasterUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MasterUnreachableException(String message) {
      super(message);
    }
  }
}
