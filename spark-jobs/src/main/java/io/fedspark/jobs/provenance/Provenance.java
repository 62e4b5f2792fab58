package io.fedspark.jobs.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.io.RunDirectory;
import io.fedspark.jobs.kernel.JvmKernel;
import io.fedspark.jobs.kernel.KernelCheck;
import io.fedspark.math.blas.MathRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a run was made, written as {@code provenance.json} beside its results (after Tribuo's
 * provenance): the resolved configuration, root seed, git commit, Java / Spark / OpenBLAS versions,
 * the math backend actually used, the OpenBLAS kernel set of the driver and of every executor
 * ({@code environment.openblasKernels}), dataset checksums, start and end time. A run can be repeated
 * from this file alone: {@code fedspark COMMAND provenance-config.conf}.
 */
public final class Provenance {
  /** File name inside the run directory. */
  public static final String FILE = "provenance.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String command;
  private final List<String> arguments;
  private final JobConfig config;
  private final long seed;
  private final Instant start = Instant.now();
  private final Map<String, String> datasetChecksums = new LinkedHashMap<>();
  private final Map<String, Object> results = new LinkedHashMap<>();
  private String sparkVersion = "none";
  private String sparkMaster = "none";
  private String dataNote = "";
  private KernelCheck.Checked kernels;

  public Provenance(String command, List<String> arguments, JobConfig config, long seed) {
    this.command = command;
    this.arguments = List.copyOf(arguments);
    this.config = config;
    this.seed = seed;
  }

  public Provenance spark(String version, String master) {
    this.sparkVersion = version;
    this.sparkMaster = master;
    return this;
  }

  /** The OpenBLAS kernel sets of the run's JVMs and what {@code math.openblas.core} made of them. */
  public Provenance openblasKernels(KernelCheck.Checked checked) {
    this.kernels = checked;
    return this;
  }

  /** Records the sha256 of one input file, keyed by its path. */
  public Provenance dataset(String path, String sha256) {
    datasetChecksums.put(path, sha256);
    return this;
  }

  /** A note about the data (e.g. how a split or partition was made), after any earlier one. */
  public Provenance dataNote(String note) {
    this.dataNote = dataNote.isEmpty() ? note : dataNote + "; " + note;
    return this;
  }

  /** A headline result (final accuracy, ...). */
  public Provenance result(String name, Object value) {
    results.put(name, value);
    return this;
  }

  /** The JSON document, with the end time taken now. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("fedspark", BuildInfo.version());
    root.put("command", command);
    root.putPOJO("arguments", arguments);
    root.put("seed", seed);
    root.put("gitCommit", BuildInfo.gitCommit());
    root.put("start", start.toString());
    root.put("end", Instant.now().toString());
    ObjectNode env = root.putObject("environment");
    writeEnvironment(env, sparkVersion, sparkMaster);
    if (kernels != null) {
      writeKernels(env.putObject("openblasKernels"));
    }
    ObjectNode data = root.putObject("data");
    datasetChecksums.forEach(data::put);
    if (!dataNote.isEmpty()) {
      root.put("dataNote", dataNote);
    }
    root.putPOJO("results", results);
    try {
      JsonNode cfg = JSON.readTree(config.toJson());
      root.set("config", cfg);
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The machine and software a run ran on, the {@code environment} object of every provenance
   * file (a run's and an experiment's): Java, OS, host, cores, Spark (runtime and build line),
   * Scala, the master, the math backend and the OpenBLAS artifact.
   */
  public static void writeEnvironment(ObjectNode env, String sparkVersion, String sparkMaster) {
    env.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
    env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    env.put("host", hostName());
    env.put("cores", Runtime.getRuntime().availableProcessors());
    env.put("spark", sparkVersion);
    env.put("sparkBuild", BuildInfo.sparkBuild());
    env.put("scala", scala.util.Properties.versionNumberString());
    env.put("sparkMaster", sparkMaster);
    env.put("mathBackend", MathRuntime.description());
    env.put("openblasArtifact", BuildInfo.openblasVersion());
  }

  /** Writes {@value #FILE} atomically into the run directory. */
  public void writeTo(RunDirectory dir) {
    dir.writeString(FILE, toJson() + "\n");
  }

  /**
   * {"setting": "auto", "outcome": "WARN", "verdict": "...", "driver": {...}, "executors": [{"id":
   * "0", "host": ..., "kernel": "Haswell", "cpuFlags": [...]}], "unreached": [...], "method": "..."}.
   */
  private void writeKernels(ObjectNode node) {
    node.put("setting", kernels.policy().toString());
    node.put("outcome", kernels.verdict().outcome().name());
    node.put("verdict", kernels.verdict().message());
    writeJvm(node.putObject("driver"), kernels.survey().driver());
    var executors = node.putArray("executors");
    kernels.survey().executors().forEach(e -> writeJvm(executors.addObject(), e));
    var unreached = node.putArray("unreached");
    kernels.survey().unreached().forEach(unreached::add);
    node.put("method", kernels.survey().method());
  }

  private static void writeJvm(ObjectNode node, JvmKernel j) {
    node.put("id", j.id());
    node.put("host", j.host());
    node.put("kernel", j.kernel());
    if (j.cpuFlags() == null) {
      node.putNull("cpuFlags");
    } else {
      var flags = node.putArray("cpuFlags");
      j.cpuFlags().forEach(flags::add);
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
