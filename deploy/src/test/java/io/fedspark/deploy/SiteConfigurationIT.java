package io.fedspark.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.deploy.LauncherProcess.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers keep a site's Spark configuration in force and add fedspark's
 * {@code conf/spark-defaults.conf} on top (deploy/lib/spark-conf.sh): a Spark installation
 * ({@code SPARK_HOME}) whose {@code conf/spark-defaults.conf} turns on event logging and sets its
 * own driver JVM option gets both its settings and ours, for a real job; {@code SPARK_CONF_DIR},
 * a user's {@code --properties-file} and {@code fedspark-submit} are checked on the spark-submit
 * command they produce.
 *
 * <p>The "Spark installation" is a directory whose {@code jars} is the build's Spark kit and whose
 * {@code bin/spark-submit} does what Spark's own does ({@code bin/spark-class}: source
 * {@code spark-env.sh}, ask Spark's launcher library for the JVM command, run it).
 */
@Tag("e2e")
class SiteConfigurationIT {
  private static final Path LAUNCHER = LauncherProcess.FEDSPARK;
  private static final Path SUBMIT = LauncherProcess.FEDSPARK_SUBMIT;
  /** The Spark jars of the build under test (the Spark line's build directory). */
  private static final Path KIT_JARS = LauncherProcess.BUILD.resolve("spark-kit/jars");
  /** One of the options fedspark needs in every JVM (conf/spark-defaults.conf). */
  private static final String OURS = "-XX:GCLockerRetryAllocationCount=100";

  /** The Scala of the Spark line the project was built for (2.12, or 2.13 with -Pspark4). */
  private static final String SCALA = System.getProperty("fedspark.scala.binary.version", "2.12");
  private static final String LINE = SCALA.equals("2.12") ? "3.5" : "4";

  /** bin/spark-submit of a Spark distribution of the build's line, reduced to what bin/spark-class does. */
  private static final String SPARK_SUBMIT = """
      #!/usr/bin/env bash
      set -euo pipefail
      export SPARK_CONF_DIR="${SPARK_CONF_DIR:-$SPARK_HOME/conf}"
      if [[ -f "$SPARK_CONF_DIR/spark-env.sh" ]]; then source "$SPARK_CONF_DIR/spark-env.sh"; fi
      export SPARK_SCALA_VERSION=@SCALA@
      build_command() {
        java -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main org.apache.spark.deploy.SparkSubmit "$@"
        printf '%d\\0' $?
      }
      CMD=()
      DELIM=$'\\n'
      STARTED=false
      while IFS= read -d "$DELIM" -r ARG; do
        if [[ "$STARTED" == true ]]; then
          CMD+=("$ARG")
        elif [[ "$ARG" == $'\\0' || -z "$ARG" ]]; then
          DELIM=''
          STARTED=true
        else
          echo "$ARG" >&2
        fi
      done < <(build_command "$@")
      LAST=$(( ${#CMD[@]} - 1 ))
      [[ "${CMD[$LAST]}" == 0 ]] || exit "${CMD[$LAST]}"
      exec "${CMD[@]:0:$LAST}"
      """.replace("@SCALA@", SCALA);

  /** A spark-submit that only records its arguments (one per line) and SPARK_CONF_DIR. */
  private static final String RECORDING_SPARK_SUBMIT = """
      #!/usr/bin/env bash
      printf '%s\\n' "$@" > "$SPARK_HOME/args"
      printf '%s\\n' "${SPARK_CONF_DIR:-}" > "$SPARK_HOME/conf-dir"
      """;

  @Test
  void aJobThroughASparkInstallationKeepsTheSitesEventLogAndJavaOptionsAndGetsOurs(@TempDir Path tmp) throws Exception {
    Path home = sparkHome(tmp.resolve("spark"), SPARK_SUBMIT);
    Files.createSymbolicLink(home.resolve("jars"), KIT_JARS);
    Path events = Files.createDirectories(tmp.resolve("events"));
    Files.writeString(home.resolve("conf/spark-defaults.conf"), """
        # the site's settings
        spark.eventLog.enabled           true
        spark.eventLog.dir               file://%s
        spark.eventLog.compress          false
        spark.driver.extraJavaOptions    -Dsite.marker=1
        """.formatted(events));
    Files.writeString(home.resolve("conf/spark-env.sh"), "export SPARK_LOCAL_IP=127.0.0.1\n");
    Path run = tmp.resolve("run");

    Run r = launch(List.of(LAUNCHER.toString(), "federate", "--master", "local[2]", "--set", "run.dir=\"" + run + "\"",
        "--set", "federate.dataset=digits", "--set", "federate.model=\"mlp:64-32-10\"", "--set", "federate.rounds=2",
        "--set", "federate.partition.clients=8", "--set", "federate.clients-per-round=4",
        "--set", "federate.spark-partitions=2"), Map.of("SPARK_HOME", home.toString()), tmp.resolve("job.log"));

    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("[federate] round 2/2"), r.output());
    // The math core pins arrays only in a JVM started with our GC-locker option.
    assertTrue(r.output().contains("arrays pinned"), r.output());
    List<Path> logs;
    try (Stream<Path> s = Files.list(events)) {
      logs = s.toList();
    }
    assertEquals(1, logs.size(), "one event log in " + events + ": " + logs);
    String log = eventLog(logs.get(0));
    assertTrue(log.contains("\"App Name\":\"fedspark federate\""), "the job's event log");
    // The driver JVM had the site's option and ours, the site's first (Spark itself puts its
    // module options in front of both when the context starts).
    assertTrue(log.contains("\"site.marker\":\"1\""), "site.marker among the driver's system properties");
    String driverOptions = jsonValue(log, "spark.driver.extraJavaOptions");
    int site = driverOptions.indexOf("-Dsite.marker=1 ");
    assertTrue(site >= 0 && driverOptions.indexOf(OURS, site) > site, driverOptions);
    assertTrue(jsonValue(log, "spark.executor.extraJavaOptions").contains(OURS), log);
  }

  @Test
  void sparkConfDirIsTheSiteWhenSetAndSiteKeysWinExceptTheForcedOnes(@TempDir Path tmp) throws Exception {
    Path home = sparkHome(tmp.resolve("spark"), RECORDING_SPARK_SUBMIT);
    Files.writeString(home.resolve("conf/spark-defaults.conf"), "spark.driver.extraJavaOptions -Dnot.this.one=1\n");
    Path confDir = Files.createDirectories(tmp.resolve("site-conf"));
    Files.writeString(confDir.resolve("spark-defaults.conf"), """
        spark.driver.extraJavaOptions   -Dconf.dir.marker=1 \\
                                        -Dsecond.line=2
        spark.executor.extraJavaOptions=-Dexecutor.marker=1
        spark.serializer                org.apache.spark.serializer.JavaSerializer
        spark.ui.showConsoleProgress    true
        spark.driver.memory             3g
        """);

    Run r = launch(List.of(LAUNCHER.toString(), "train", "--master", "local[1]"),
        Map.of("SPARK_HOME", home.toString(), "SPARK_CONF_DIR", confDir.toString()), tmp.resolve("launch.log"));
    assertEquals(0, r.exit(), r.output());
    assertEquals(confDir.toString(), Files.readString(home.resolve("conf-dir")).strip());
    List<String> args = Files.readAllLines(home.resolve("args"));
    String driver = conf(args, "spark.driver.extraJavaOptions");
    assertTrue(driver.startsWith("-Dconf.dir.marker=1 -Dsecond.line=2 -XX:"), driver);
    assertTrue(driver.contains(OURS), driver);
    assertFalse(driver.contains("not.this.one"), "SPARK_HOME/conf is not the site when SPARK_CONF_DIR is set: " + driver);
    assertTrue(conf(args, "spark.executor.extraJavaOptions").startsWith("-Dexecutor.marker=1 -XX:"), args.toString());
    // Forced: the jobs are written for Kryo with registration required (and set it in code too).
    assertEquals("org.apache.spark.serializer.KryoSerializer", conf(args, "spark.serializer"));
    assertEquals("io.fedspark.jobs.kryo.FedsparkKryoRegistrator", conf(args, "spark.kryo.registrator"));
    // Not forced: the site's value stays, so we pass none.
    assertFalse(args.stream().anyMatch(a -> a.startsWith("spark.ui.showConsoleProgress=")), args.toString());
    assertFalse(args.stream().anyMatch(a -> a.startsWith("spark.driver.memory=")), args.toString());

    // A --properties-file of the user's replaces spark-defaults.conf for spark-submit: it is the site then.
    Path own = tmp.resolve("own.properties");
    Files.writeString(own, "spark.driver.extraJavaOptions=-Down.file=1\n");
    Run p = launch(List.of(LAUNCHER.toString(), "train", "--master", "local[1]"),
        Map.of("SPARK_HOME", home.toString(), "FEDSPARK_SUBMIT_ARGS", "--properties-file " + own), tmp.resolve("own.log"));
    assertEquals(0, p.exit(), p.output());
    List<String> ownArgs = Files.readAllLines(home.resolve("args"));
    assertTrue(conf(ownArgs, "spark.driver.extraJavaOptions").startsWith("-Down.file=1 -XX:"), ownArgs.toString());
    int at = ownArgs.indexOf("--properties-file");
    assertTrue(at >= 0 && ownArgs.get(at + 1).equals(own.toString()), "the user's --properties-file is passed on: " + ownArgs);
    // That file sets no driver memory: ours, then FEDSPARK_DRIVER_MEMORY's, which must come later
    // (Spark's launcher keeps the last of --conf spark.driver.memory and --driver-memory).
    assertEquals("2g", conf(ownArgs, "spark.driver.memory"));
    int memory = ownArgs.indexOf("--driver-memory");
    assertTrue(memory > ownArgs.lastIndexOf("--conf") && ownArgs.get(memory + 1).equals("1g"), ownArgs.toString());
  }

  @Test
  void fedsparkSubmitAppendsOurJavaOptionsToTheSites(@TempDir Path tmp) throws Exception {
    Path home = sparkHome(tmp.resolve("spark"), RECORDING_SPARK_SUBMIT);
    Files.writeString(home.resolve("conf/spark-defaults.conf"), "spark.executor.extraJavaOptions -Dsite.marker=1\n");
    Run r = launch(List.of(SUBMIT.toString(), "yarn", "--", "train"), Map.of("SPARK_HOME", home.toString()),
        tmp.resolve("submit.log"));
    assertEquals(0, r.exit(), r.output());
    List<String> args = Files.readAllLines(home.resolve("args"));
    String executor = conf(args, "spark.executor.extraJavaOptions");
    assertTrue(executor.startsWith("-Dsite.marker=1 -XX:"), executor);
    assertTrue(executor.endsWith(" -Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp"), executor);
    assertTrue(executor.contains(OURS), executor);
    assertFalse(conf(args, "spark.driver.extraJavaOptions").contains("site.marker"), args.toString());
  }

  @Test
  void aSparkInstallationForTheOtherScalaIsRefusedBeforeSubmitting(@TempDir Path tmp) throws Exception {
    String other = SCALA.equals("2.12") ? "2.13" : "2.12";
    for (String launcher : List.of(LAUNCHER.toString(), SUBMIT.toString())) {
      Path home = sparkHome(tmp.resolve("spark-" + Path.of(launcher).getFileName()), RECORDING_SPARK_SUBMIT);
      Files.createFile(Files.createDirectories(home.resolve("jars")).resolve("spark-core_" + other + "-9.9.9.jar"));
      List<String> cmd = launcher.equals(LAUNCHER.toString()) ? List.of(launcher, "train", "--master", "local[1]")
          : List.of(launcher, "yarn", "--", "train");
      Run r = launch(cmd, Map.of("SPARK_HOME", home.toString()), tmp.resolve("refused.log"));
      assertEquals(2, r.exit(), r.output());
      assertTrue(r.output().contains("SPARK_HOME=" + home + " is a Spark for Scala " + other
          + ", but this fedspark build is for Spark "), r.output());
      assertTrue(r.output().contains("this fedspark build is for Spark " + LINE + " / Scala " + SCALA
          + " (FEDSPARK_SPARK_LINE=" + LINE + ")"), r.output());
      assertFalse(Files.exists(home.resolve("args")), "spark-submit never ran");
    }
  }

  // --- helpers ----------------------------------------------------------------------------------

  private static Path sparkHome(Path home, String sparkSubmit) throws IOException {
    Files.createDirectories(home.resolve("conf"));
    Path bin = Files.createDirectories(home.resolve("bin"));
    Path submit = bin.resolve("spark-submit");
    Files.writeString(submit, sparkSubmit);
    Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }

  /** The value of a --conf KEY=VALUE argument; fails when there is not exactly one. */
  private static String conf(List<String> args, String key) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i + 1 < args.size(); i++) {
      if (args.get(i).equals("--conf") && args.get(i + 1).startsWith(key + "=")) {
        values.add(args.get(i + 1).substring(key.length() + 1));
      }
    }
    assertEquals(1, values.size(), "--conf " + key + "=... in " + args);
    return values.get(0);
  }

  /**
   * The events of one application's event log: a file, or with rolling event logs (Spark 4's
   * default, {@code spark.eventLog.rolling.enabled}) a directory of {@code events_*} files. The
   * site above turns off compression (also on by default in Spark 4) so that both read as text.
   */
  private static String eventLog(Path log) throws IOException {
    if (!Files.isDirectory(log)) {
      return Files.readString(log);
    }
    StringBuilder events = new StringBuilder();
    try (Stream<Path> files = Files.list(log)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("events_")).sorted().toList()) {
        events.append(Files.readString(f));
      }
    }
    assertTrue(events.length() > 0, "events_* files in the rolling event log " + log);
    return events.toString();
  }

  /** The string value of "key":"value" in an event log (JSON lines). */
  private static String jsonValue(String log, String key) {
    String marker = "\"" + key + "\":\"";
    int at = log.indexOf(marker);
    assertTrue(at >= 0, "no " + key + " in the event log");
    int from = at + marker.length();
    return log.substring(from, log.indexOf('"', from));
  }

  private static Run launch(List<String> cmd, Map<String, String> env, Path log) throws Exception {
    return LauncherProcess.command(cmd).without("SPARK_CONF_DIR", "FEDSPARK_SUBMIT_ARGS").env("FEDSPARK_DRIVER_MEMORY", "1g")
        .env(env).run(log, Duration.ofMinutes(4));
  }
}
