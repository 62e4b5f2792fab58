package io.fedspark.jobs.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.kernel.KernelCheck.Outcome;
import io.fedspark.jobs.kernel.KernelCheck.Verdict;
import io.fedspark.math.blas.OpenBlasCore;
import io.fedspark.math.blas.OpenBlasCorePolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The decision of {@code math.openblas.core} for every combination of same / different kernel sets
 * and auto / strict / pinned, worked out by hand; no Spark, no OpenBLAS.
 */
class KernelCheckTest {
  /** A CPU that runs every set (AVX-512 with BF16). */
  private static final Set<String> COOPERLAKE_CPU = Set.of("avx", "avx2", "fma", "avx512f", "avx512vl", "avx512_bf16");
  /** An AVX2 CPU without AVX-512. */
  private static final Set<String> HASWELL_CPU = Set.of("avx", "avx2", "fma");
  private static final OpenBlasCorePolicy HASWELL = OpenBlasCorePolicy.pin(OpenBlasCore.HASWELL);

  private static JvmKernel driver(String kernel) {
    return new JvmKernel(JvmKernel.DRIVER, "d", kernel, COOPERLAKE_CPU);
  }

  private static JvmKernel executor(String id, String host, String kernel) {
    return new JvmKernel(id, host, kernel, COOPERLAKE_CPU);
  }

  private static KernelSurvey survey(JvmKernel driver, JvmKernel... executors) {
    return new KernelSurvey(driver, List.of(executors), List.of(), "test");
  }

  private static final KernelSurvey SAME = survey(driver("Haswell"), executor("0", "a", "Haswell"), executor("1", "b", "Haswell"));
  private static final KernelSurvey DIFFERENT =
      survey(driver("Cooperlake"), executor("0", "a", "Haswell"), executor("1", "b", "SkylakeX"));

  @Test
  void autoGoesOnWhenTheSetsAgreeAndWarnsWithSetsHostsAndThePinWhenTheyDiffer() {
    Verdict same = KernelCheck.of(OpenBlasCorePolicy.AUTO, SAME);
    assertEquals(new Verdict(Outcome.AGREE, "every JVM runs Haswell (math.openblas.core = auto; 3 JVMs)"), same);
    Verdict different = KernelCheck.of(OpenBlasCorePolicy.AUTO, DIFFERENT);
    assertEquals(Outcome.WARN, different.outcome());
    assertEquals("the JVMs of this run use different OpenBLAS kernel sets, so its results depend on which executor runs"
        + " which task and are not reproducible: Cooperlake: the driver (d); Haswell: executor 0 (a); SkylakeX:"
        + " executor 1 (b). Pin one kernel set every node supports: --set math.openblas.core=Cooperlake, or refuse such"
        + " runs with math.openblas.core = strict (docs/deploy.md, \"Mixed hardware\")", different.message());
  }

  @Test
  void strictGoesOnWhenTheSetsAgreeAndRefusesWhenTheyDiffer() {
    assertEquals(Outcome.AGREE, KernelCheck.of(OpenBlasCorePolicy.STRICT, SAME).outcome());
    Verdict v = KernelCheck.of(OpenBlasCorePolicy.STRICT, DIFFERENT);
    assertEquals(Outcome.REFUSE, v.outcome());
    assertTrue(v.message().startsWith("math.openblas.core = strict, but the JVMs of this run use different OpenBLAS kernel"
        + " sets, so its results would depend on which executor runs which task: Cooperlake: the driver (d);"), v.message());
    assertTrue(v.message().contains("Haswell: executor 0 (a); SkylakeX: executor 1 (b)"), v.message());
    assertTrue(v.message().endsWith("Pin one kernel set every node supports: --set math.openblas.core=Cooperlake"),
        v.message());
    InvalidConfigException e = assertThrows(InvalidConfigException.class, v::enforce);
    assertEquals(v.message(), e.getMessage());
  }

  @Test
  void aPinnedSetGoesOnWhenEveryJvmRunsItAndIsRefusedNamingTheOthers() {
    assertEquals(new Verdict(Outcome.AGREE, "every JVM runs Haswell (pinned; 3 JVMs)"), KernelCheck.of(HASWELL, SAME));
    Verdict v = KernelCheck.of(HASWELL, survey(driver("Haswell"), executor("0", "a", "Haswell"), executor("1", "b", "SkylakeX")));
    assertEquals(Outcome.REFUSE, v.outcome());
    assertEquals("math.openblas.core = Haswell, but executor 1 (b) runs SkylakeX: spark.executorEnv.OPENBLAS_CORETYPE did"
        + " not take effect there (the Spark session was started before this job, as a sweep or an experiment does, or a"
        + " setting of the cluster replaced it)", v.message());
    // different sets under a pin: refused whatever the sets agree on among themselves
    assertEquals(Outcome.REFUSE, KernelCheck.of(OpenBlasCorePolicy.pin(OpenBlasCore.SKYLAKEX), SAME).outcome());
  }

  @Test
  void aPinnedSetTheDriverDidNotLoadIsRefusedWithTheFix() {
    assertEquals(Outcome.AGREE, KernelCheck.ofDriver(HASWELL, driver("Haswell"), "haswell").outcome());
    assertEquals(Outcome.AGREE, KernelCheck.ofDriver(OpenBlasCorePolicy.AUTO, driver("Zen"), null).outcome());
    assertEquals(Outcome.AGREE, KernelCheck.ofDriver(OpenBlasCorePolicy.STRICT, driver("java"), null).outcome());
    Verdict unset = KernelCheck.ofDriver(HASWELL, driver("Cooperlake"), null);
    assertEquals(new Verdict(Outcome.REFUSE, "math.openblas.core = Haswell, but the driver's OpenBLAS loaded the Cooperlake"
        + " kernels (OPENBLAS_CORETYPE is not set in its environment). OpenBLAS reads OPENBLAS_CORETYPE only when it loads,"
        + " so the driver must start with it: run through deploy/bin/fedspark or deploy/bin/fedspark-submit, which export"
        + " it from math.openblas.core, or export OPENBLAS_CORETYPE=Haswell before starting the driver"), unset);
    Verdict other = KernelCheck.ofDriver(HASWELL, driver("SkylakeX"), "SkylakeX");
    assertTrue(other.message().contains("loaded the SkylakeX kernels (OPENBLAS_CORETYPE is 'SkylakeX' in its environment)"),
        other.message());
    Verdict java = KernelCheck.ofDriver(HASWELL, driver("java"), "Haswell");
    assertEquals(Outcome.REFUSE, java.outcome());
    assertTrue(java.message().contains("the driver computes with the pure-Java backend"), java.message());
  }

  @Test
  void aPinnedSetACpuCannotRunIsRefusedBeforeItsFirstProduct() {
    JvmKernel oldDriver = new JvmKernel(JvmKernel.DRIVER, "d", "SkylakeX", HASWELL_CPU);
    Verdict driver = KernelCheck.ofDriver(OpenBlasCorePolicy.pin(OpenBlasCore.SKYLAKEX), oldDriver, "SkylakeX");
    assertEquals(new Verdict(Outcome.REFUSE, "math.openblas.core = SkylakeX, but the CPU of the driver (d) lacks avx512f,"
        + " avx512vl, which the SkylakeX kernels need (OpenBLAS would stop the JVM with SIGILL at its first product): pin a"
        + " kernel set every node supports, e.g. math.openblas.core = Haswell"), driver);
    KernelSurvey run = survey(driver("Cooperlake"), executor("0", "a", "Cooperlake"),
        new JvmKernel("1", "old", "Cooperlake", HASWELL_CPU));
    Verdict v = KernelCheck.of(OpenBlasCorePolicy.pin(OpenBlasCore.COOPERLAKE), run);
    assertEquals(Outcome.REFUSE, v.outcome());
    assertTrue(v.message().startsWith("math.openblas.core = Cooperlake, but the CPU of executor 1 (old) lacks avx512_bf16,"
        + " avx512f, avx512vl, which the Cooperlake kernels need"), v.message());
    assertTrue(v.message().endsWith("e.g. math.openblas.core = Haswell"), v.message());
    // flags unknown: not refused on that ground
    assertEquals(Outcome.AGREE, KernelCheck.of(OpenBlasCorePolicy.pin(OpenBlasCore.COOPERLAKE),
        survey(driver("Cooperlake"), new JvmKernel("0", "x", "Cooperlake", null))).outcome());
  }

  @Test
  void theSuggestedPinIsTheNewestSetSeenThatEveryCpuRuns() {
    List<JvmKernel> mixed = List.of(new JvmKernel(JvmKernel.DRIVER, "d", "Cooperlake", COOPERLAKE_CPU),
        new JvmKernel("0", "a", "SkylakeX", COOPERLAKE_CPU), new JvmKernel("1", "b", "Haswell", HASWELL_CPU));
    assertEquals(Optional.of(OpenBlasCore.HASWELL), KernelCheck.suggestion(mixed));
    assertEquals(Optional.of(OpenBlasCore.COOPERLAKE), KernelCheck.suggestion(mixed.subList(0, 2)));
    // nothing seen runs everywhere ('java' is no set): the newest fallback every CPU runs
    assertEquals(Optional.of(OpenBlasCore.SANDYBRIDGE), KernelCheck.suggestion(List.of(
        new JvmKernel(JvmKernel.DRIVER, "d", "java", Set.of("avx")), new JvmKernel("0", "a", "java", Set.of("avx", "fma")))));
    Verdict v = KernelCheck.of(OpenBlasCorePolicy.AUTO, new KernelSurvey(mixed.get(0), mixed.subList(1, 3), List.of(), "t"));
    assertTrue(v.message().contains("--set math.openblas.core=Haswell"), v.message());
  }

  @Test
  void aJavaJvmAmongNativeOnesIsADifferentSetWithItsCause() {
    Verdict v = KernelCheck.of(OpenBlasCorePolicy.AUTO, survey(driver("Haswell"), executor("0", "a", "java")));
    assertEquals(Outcome.WARN, v.outcome());
    assertTrue(v.message().contains("Haswell: the driver (d); java: executor 0 (a) ('java': OpenBLAS did not load there;"
        + " math.backend = native makes that an error)"), v.message());
    assertTrue(KernelCheck.of(HASWELL, survey(driver("Haswell"), executor("0", "a", "java"))).message()
        .endsWith("; 'java' is a JVM where OpenBLAS did not load"));
    assertEquals(Outcome.AGREE, KernelCheck.of(OpenBlasCorePolicy.STRICT, survey(driver("java"), executor("0", "a", "java")))
        .outcome(), "all pure Java: the same arithmetic everywhere");
  }

  @Test
  void unreachedExecutorsTurnAgreementIntoAWarningAndAreAddedToTheRest() {
    KernelSurvey partly = new KernelSurvey(driver("Haswell"), List.of(executor("0", "a", "Haswell")),
        List.of("10.0.0.7:40001"), "test");
    Verdict v = KernelCheck.of(OpenBlasCorePolicy.STRICT, partly);
    assertEquals(new Verdict(Outcome.WARN, "every JVM runs Haswell (math.openblas.core = strict; 2 JVMs); but 1 registered"
        + " executor(s) ran no probe task, so their kernel sets are unknown: 10.0.0.7:40001"), v);
    KernelSurvey differing = new KernelSurvey(driver("Haswell"), List.of(executor("0", "a", "Zen")), List.of("h:1"), "t");
    Verdict refused = KernelCheck.of(OpenBlasCorePolicy.STRICT, differing);
    assertEquals(Outcome.REFUSE, refused.outcome());
    assertTrue(refused.message().endsWith(". Also, 1 registered executor(s) ran no probe task, so their kernel sets are"
        + " unknown: h:1"), refused.message());
  }

  @Test
  void oneJvmIsOneJvm() {
    assertEquals("every JVM runs Zen (math.openblas.core = strict; 1 JVM)",
        KernelCheck.of(OpenBlasCorePolicy.STRICT, survey(driver("Zen"))).message());
  }

  @Test
  void manyJvmsOfOneSetAreCounted() {
    JvmKernel[] executors = new JvmKernel[7];
    for (int i = 0; i < executors.length; i++) {
      executors[i] = executor(Integer.toString(i), "h" + i, i == 6 ? "Zen" : "Haswell");
    }
    Verdict v = KernelCheck.of(OpenBlasCorePolicy.AUTO, survey(driver("Haswell"), executors));
    assertTrue(v.message().contains("Haswell: the driver (d), executor 0 (h0), executor 1 (h1), executor 2 (h2) and 3 more;"
        + " Zen: executor 6 (h6)"), v.message());
  }

  @Test
  void aWarningIsOneLineOnStderrAndAnAgreementPrintsNothing() {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Verdict warn = KernelCheck.of(OpenBlasCorePolicy.AUTO, DIFFERENT);
      assertSame(warn, warn.enforce());
      KernelCheck.of(OpenBlasCorePolicy.AUTO, SAME).enforce();
    } finally {
      System.setErr(err);
    }
    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("fedspark: warning: the JVMs of this run use different OpenBLAS kernel sets"), lines.get(0));
  }
}
