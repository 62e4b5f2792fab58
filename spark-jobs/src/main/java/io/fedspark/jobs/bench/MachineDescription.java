package io.fedspark.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a benchmark ran on, so that its numbers are read in context: CPU model (from
 * {@code /proc/cpuinfo}), cores the JVM sees, Java, operating system, and the native BLAS with the
 * kernel set OpenBLAS chose (e.g. {@code "native OpenBLAS 0.3.31 (javacpp 1.5.13, core Haswell), 1 thread"},
 * the text {@code MathRuntime.description()} reports for the native backend).
 */
public record MachineDescription(String cpuModel, int cores, String java, String os, String nativeBlas) {

  /** Describes this machine; {@code nativeBlas} is the loaded backend's description. */
  public static MachineDescription detect(String nativeBlas) {
    return new MachineDescription(cpuModel(Path.of("/proc/cpuinfo")), Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
            + System.getProperty("java.vm.name") + ")",
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        nativeBlas);
  }

  /** The 1-minute load average from {@code /proc/loadavg}, NaN if unreadable. */
  public static double loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return Double.parseDouble(f[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  static String cpuModel(Path cpuinfo) {
    try {
      return cpuModel(Files.readAllLines(cpuinfo));
    } catch (IOException | RuntimeException e) {
      return "unknown (" + cpuinfo + " not readable)";
    }
  }

  /** The first {@code model name} value of cpuinfo lines (x86), else {@code "unknown"}. */
  static String cpuModel(List<String> cpuinfoLines) {
    for (String line : cpuinfoLines) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equals("model name")) {
        return line.substring(colon + 1).trim();
      }
    }
    return "unknown";
  }

  @Override
  public String toString() {
    return cpuModel + ", " + cores + " cores; java " + java + "; " + os + "; " + nativeBlas;
  }
}
