package io.fedspark.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on this machine as {@code fedspark cluster} runs it: its state
 * directory ({@code FEDSPARK_CLUSTER_DIR}: PID files, secret, work directories), the launchers
 * started against it, and the master's fixed ports and JSON state. One cluster at a time: every
 * cluster test uses the ports 7077 and 8080 (failsafe runs the test classes one after the other).
 */
final class StandaloneCluster {
  static final String MASTER = "spark://127.0.0.1:7077";
  static final URI MASTER_JSON = URI.create("http://127.0.0.1:8080/json/");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Path state;

  StandaloneCluster(Path state) {
    this.state = state;
  }

  Path state() {
    return state;
  }

  /**
   * {@code fedspark args} against this cluster's state directory, with no Spark installation or
   * site configuration of this machine in the way and a 1g driver.
   */
  LauncherProcess fedspark(List<String> args) {
    return LauncherProcess.fedspark(args).without("SPARK_HOME", "SPARK_CONF_DIR")
        .env("FEDSPARK_CLUSTER_DIR", state.toString()).env("FEDSPARK_DRIVER_MEMORY", "1g");
  }

  /** {@code fedspark cluster stop}, reporting a failure without failing: for before and after the tests. */
  void stopQuietly(Path log) {
    try {
      fedspark(List.of("cluster", "stop")).run(log, Duration.ofSeconds(60));
    } catch (Exception | AssertionError e) {
      System.err.println("fedspark cluster stop failed: " + e);
    }
  }

  /** The PID {@code fedspark cluster} recorded for a daemon ("master", "worker-1", ...). */
  Optional<Long> recordedPid(String name) {
    try {
      return Optional.of(Long.parseLong(Files.readString(state.resolve("pids/" + name + ".pid")).strip()));
    } catch (IOException | NumberFormatException none) {
      return Optional.empty();
    }
  }

  /** The master's state (its web UI's /json/). */
  static JsonNode masterState() throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(MASTER_JSON).timeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, resp.statusCode(), resp.body());
    return JSON.readTree(resp.body());
  }

  /** Sends a request to the master's web UI, ignoring the answer. */
  static void send(HttpRequest request) throws IOException, InterruptedException {
    HTTP.send(request, HttpResponse.BodyHandlers.discarding());
  }

  static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException closed) {
      return false;
    }
  }

  /** Fails when one of {@code ports} is taken: another Spark master runs here. */
  static void assertPortsFree(int... ports) {
    for (int port : ports) {
      assertFalse(listening(port), "port " + port + " is in use before the test: stop that Spark master first");
    }
  }

  /** A fresh, empty directory for the launchers' logs and run directories of a test class. */
  static void recreate(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
  }
}
