package io.fedspark.jobs.kernel;

import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.blas.OpenBlasCore;
import io.fedspark.math.blas.OpenBlasCorePolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run does about its JVMs' OpenBLAS kernel sets under {@code math.openblas.core}
 * ({@link OpenBlasCorePolicy}): go on, warn, or refuse to run (a configuration error, exit 2).
 *
 * <ul>
 *   <li>{@code auto}: go on when every JVM runs the same set, else warn, naming the sets and hosts
 *       and the pin to use;
 *   <li>{@code strict}: the same, but refuse instead of warning;
 *   <li>a set, e.g. {@code Haswell}: refuse unless every JVM runs it. The driver is checked alone
 *       first ({@link #ofDriver}), before Spark starts: OpenBLAS reads {@code OPENBLAS_CORETYPE}
 *       when it loads, so only the driver's launcher can set it. Also refused: a JVM whose CPU
 *       lacks the set's instructions ({@link OpenBlasCore#cpuFlags()}; OpenBLAS would die with
 *       SIGILL), and a pure-Java JVM (no OpenBLAS to pin).
 * </ul>
 *
 * Registered executors that ran no probe task add a warning: their sets are unknown.
 */
public final class KernelCheck {
  private static final Logger LOG = LoggerFactory.getLogger(KernelCheck.class);
  private static final String KEY = MathOptions.OPENBLAS_CORE.key();
  private static final String ENV = OpenBlasCore.ENVIRONMENT_VARIABLE;
  /** JVMs named per kernel set in a message; the rest are counted. */
  private static final int NAMED_PER_SET = 4;
  /** Pins proposed when no set seen runs everywhere, newest first. */
  private static final List<OpenBlasCore> FALLBACK_PINS = List.of(OpenBlasCore.COOPERLAKE, OpenBlasCore.SKYLAKEX,
      OpenBlasCore.HASWELL, OpenBlasCore.SANDYBRIDGE, OpenBlasCore.PRESCOTT);

  private KernelCheck() {}

  /** Go on, warn, or refuse. */
  public enum Outcome { AGREE, WARN, REFUSE }

  /**
   * The decision and its one-line explanation.
   *
   * @param outcome what to do
   * @param message for the log (AGREE), the warning (WARN) or the error (REFUSE)
   */
  public record Verdict(Outcome outcome, String message) {
    public Verdict {
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(message, "message");
    }

    /**
     * Acts on it: logs an agreement, prints a warning as {@code fedspark: warning: ...} on stderr,
     * throws a refusal as an {@link InvalidConfigException} (printed as one line, exit 2).
     *
     * @return this
     */
    public Verdict enforce() {
      switch (outcome) {
        case AGREE -> LOG.info("OpenBLAS kernels: {}", message);
        case WARN -> System.err.println("fedspark: warning: " + message);
        case REFUSE -> throw new InvalidConfigException(message);
        default -> throw new AssertionError(outcome);
      }
      return this;
    }
  }

  /**
   * This JVM as the driver, once its math backend is configured; refuses a pinned set it does not
   * run (before any Spark work).
   */
  public static JvmKernel driver(OpenBlasCorePolicy policy) {
    JvmKernel driver = JvmKernel.ofThisJvm(JvmKernel.DRIVER);
    ofDriver(policy, driver, System.getenv(ENV)).enforce();
    return driver;
  }

  /** Surveys the executors ({@link ExecutorKernelProbe}) and enforces {@link #of} on the run. */
  public static Checked executors(JavaSparkContext jsc, MathOptions math, JvmKernel driver) {
    KernelSurvey survey = ExecutorKernelProbe.survey(jsc, math, driver);
    return new Checked(math.openblasCore(), survey, of(math.openblasCore(), survey).enforce());
  }

  /**
   * A run's kernel sets and what was decided, for provenance.
   *
   * @param policy the setting
   * @param survey the JVMs' sets
   * @param verdict the decision
   */
  public record Checked(OpenBlasCorePolicy policy, KernelSurvey survey, Verdict verdict) {}

  /**
   * The driver alone.
   *
   * @param environmentValue the driver's {@code OPENBLAS_CORETYPE}, null if unset
   */
  public static Verdict ofDriver(OpenBlasCorePolicy policy, JvmKernel driver, String environmentValue) {
    Optional<OpenBlasCore> pinned = policy.pinnedCore();
    if (pinned.isEmpty()) {
      return new Verdict(Outcome.AGREE, "the driver runs " + driver.kernel() + " (" + KEY + " = " + policy + ")");
    }
    OpenBlasCore core = pinned.get();
    if (driver.kernel().equals(MathRuntime.JAVA_KERNEL)) {
      return refuse(core, "the driver computes with the pure-Java backend (OpenBLAS did not load; the log says why), so"
          + " there is no kernel set to pin: set math.backend = native to make that an error, or " + KEY + " = auto");
    }
    if (driver.cannotRun(core)) {
      return refuse(core, cannotRun(List.of(driver), core) + ": pin a kernel set every node supports"
          + suggestionFor(List.of(driver)));
    }
    if (!driver.kernel().equals(core.openblasName())) {
      String env = environmentValue == null ? ENV + " is not set" : ENV + " is '" + environmentValue + "'";
      return refuse(core, "the driver's OpenBLAS loaded the " + driver.kernel() + " kernels (" + env + " in its"
          + " environment). OpenBLAS reads " + ENV + " only when it loads, so the driver must start with it: run"
          + " through deploy/bin/fedspark or deploy/bin/fedspark-submit, which export it from " + KEY + ", or export "
          + ENV + "=" + core.openblasName() + " before starting the driver");
    }
    return new Verdict(Outcome.AGREE, "the driver runs " + core + " (pinned)");
  }

  /** The whole run: the driver and the executors that answered. */
  public static Verdict of(OpenBlasCorePolicy policy, KernelSurvey survey) {
    Verdict v = policy.pinnedCore().map(core -> pinned(core, survey)).orElseGet(() -> unpinned(policy, survey));
    if (survey.unreached().isEmpty()) {
      return v;
    }
    String unknown = survey.unreached().size() + " registered executor(s) ran no probe task, so their kernel sets are"
        + " unknown: " + String.join(", ", survey.unreached());
    return v.outcome() == Outcome.AGREE ? new Verdict(Outcome.WARN, v.message() + "; but " + unknown)
        : new Verdict(v.outcome(), v.message() + ". Also, " + unknown);
  }

  private static Verdict pinned(OpenBlasCore core, KernelSurvey survey) {
    List<JvmKernel> incapable = survey.jvms().stream().filter(j -> j.cannotRun(core)).toList();
    if (!incapable.isEmpty()) {
      return refuse(core, cannotRun(incapable, core) + ": pin a kernel set every node supports" + suggestionFor(survey.jvms()));
    }
    List<JvmKernel> other = survey.jvms().stream().filter(j -> !j.kernel().equals(core.openblasName())).toList();
    if (!other.isEmpty()) {
      boolean java = other.stream().anyMatch(j -> j.kernel().equals(MathRuntime.JAVA_KERNEL));
      return refuse(core, other.stream().map(j -> j.label() + " (" + j.host() + ") runs " + j.kernel())
          .collect(Collectors.joining(", ")) + ": spark.executorEnv." + ENV + " did not take effect there (the Spark"
          + " session was started before this job, as a sweep or an experiment does, or a setting of the cluster"
          + " replaced it)" + (java ? "; 'java' is a JVM where OpenBLAS did not load" : ""));
    }
    return new Verdict(Outcome.AGREE, "every JVM runs " + core + " (pinned; " + jvms(survey) + ")");
  }

  private static Verdict unpinned(OpenBlasCorePolicy policy, KernelSurvey survey) {
    Map<String, List<JvmKernel>> sets = survey.byKernel();
    if (sets.size() == 1) {
      return new Verdict(Outcome.AGREE, "every JVM runs " + sets.keySet().iterator().next() + " (" + KEY + " = " + policy
          + "; " + jvms(survey) + ")");
    }
    boolean strict = policy.mode() == OpenBlasCorePolicy.Mode.STRICT;
    String listing = "the JVMs of this run use different OpenBLAS kernel sets, so its results "
        + (strict ? "would depend on which executor runs which task" : "depend on which executor runs which task and are"
            + " not reproducible") + ": " + listing(sets)
        + (sets.containsKey(MathRuntime.JAVA_KERNEL) ? " ('java': OpenBLAS did not load there; math.backend = native"
            + " makes that an error)" : "");
    String pin = pinAdvice(survey);
    if (strict) {
      return new Verdict(Outcome.REFUSE, KEY + " = strict, but " + listing + ". " + pin);
    }
    return new Verdict(Outcome.WARN, listing + ". " + pin + ", or refuse such runs with " + KEY
        + " = strict (docs/deploy.md, \"Mixed hardware\")");
  }

  private static String jvms(KernelSurvey survey) {
    int n = survey.jvms().size();
    return n + (n == 1 ? " JVM" : " JVMs");
  }

  /** "Cooperlake: the driver (h); Haswell: executor 0 (h), executor 2 (h)". */
  private static String listing(Map<String, List<JvmKernel>> sets) {
    List<String> parts = new ArrayList<>();
    sets.forEach((kernel, jvms) -> {
      String named = jvms.stream().limit(NAMED_PER_SET).map(j -> j.label() + " (" + j.host() + ")")
          .collect(Collectors.joining(", "));
      int more = jvms.size() - NAMED_PER_SET;
      parts.add(kernel + ": " + named + (more > 0 ? " and " + more + " more" : ""));
    });
    return String.join("; ", parts);
  }

  private static String pinAdvice(KernelSurvey survey) {
    Optional<OpenBlasCore> pin = suggestion(survey.jvms());
    return pin.map(c -> "Pin one kernel set every node supports: --set " + KEY + "=" + c)
        .orElse("Pin one kernel set every node supports with " + KEY + " (one of " + OpenBlasCore.allowed() + ")");
  }

  private static String suggestionFor(List<JvmKernel> jvms) {
    return suggestion(jvms).map(c -> ", e.g. " + KEY + " = " + c).orElse("");
  }

  /**
   * The newest set seen that every JVM's CPU can run (as far as their flags are known), else the
   * newest of {@link #FALLBACK_PINS} that they all can.
   */
  static Optional<OpenBlasCore> suggestion(List<JvmKernel> jvms) {
    List<OpenBlasCore> candidates = new ArrayList<>(jvms.stream().map(j -> OpenBlasCore.reportedAs(j.kernel()))
        .flatMap(Optional::stream).distinct().sorted(Comparator.reverseOrder()).toList());
    candidates.addAll(FALLBACK_PINS);
    return candidates.stream().filter(c -> jvms.stream().noneMatch(j -> j.cannotRun(c))).findFirst();
  }

  /** "the CPU of executor 1 (host) lacks avx512f, avx512vl, which the SkylakeX kernels need (...)". */
  private static String cannotRun(List<JvmKernel> jvms, OpenBlasCore core) {
    return jvms.stream().map(j -> "the CPU of " + j.label() + " (" + j.host() + ") lacks "
        + String.join(", ", core.missingFrom(j.cpuFlags()))).collect(Collectors.joining("; "))
        + ", which the " + core + " kernels need (OpenBLAS would stop the JVM with SIGILL at its first product)";
  }

  private static Verdict refuse(OpenBlasCore core, String why) {
    return new Verdict(Outcome.REFUSE, KEY + " = " + core + ", but " + why);
  }
}
