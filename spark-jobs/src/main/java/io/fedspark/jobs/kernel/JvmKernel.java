package io.fedspark.jobs.kernel;

import io.fedspark.math.blas.CpuFlags;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.blas.OpenBlasCore;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one JVM of a run computes with: its OpenBLAS kernel set ({@link MathRuntime#kernel()}, e.g.
 * {@code Haswell}, or {@code java} for the pure-Java backend) and the CPU flags that decide which
 * sets it can run ({@link OpenBlasCore#cpuFlags()}).
 *
 * @param id {@value #DRIVER} or the Spark executor id
 * @param host the machine's host name
 * @param kernel the kernel set in use
 * @param cpuFlags the CPU's flags among {@link OpenBlasCore#allCpuFlags()}, sorted; null when
 *     unknown (no {@code /proc/cpuinfo})
 */
public record JvmKernel(String id, String host, String kernel, Set<String> cpuFlags) {
  /** The id of the driver. */
  public static final String DRIVER = "driver";

  public JvmKernel {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(kernel, "kernel");
    cpuFlags = cpuFlags == null ? null : java.util.Collections.unmodifiableSet(new TreeSet<>(cpuFlags));
  }

  /** This JVM, with the math backend it has configured (configures the default if none is). */
  public static JvmKernel ofThisJvm(String id) {
    Set<String> flags = CpuFlags.ofThisMachine().map(f -> {
      Set<String> relevant = new TreeSet<>(f);
      relevant.retainAll(OpenBlasCore.allCpuFlags());
      return (Set<String>) relevant;
    }).orElse(null);
    return new JvmKernel(id, localHostName(), MathRuntime.kernel(), flags);
  }

  /** "the driver" or "executor 3", for messages. */
  public String label() {
    return id.equals(DRIVER) ? "the driver" : "executor " + id;
  }

  /** Whether this is the driver's report. */
  public boolean isDriver() {
    return id.equals(DRIVER);
  }

  /** Whether this JVM's CPU is known to lack flags {@code core} needs (unknown flags: false). */
  public boolean cannotRun(OpenBlasCore core) {
    return cpuFlags != null && !core.missingFrom(cpuFlags).isEmpty();
  }

  static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown host";
    }
  }
}
