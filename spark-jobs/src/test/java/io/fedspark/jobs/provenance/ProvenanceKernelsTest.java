package io.fedspark.jobs.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.kernel.JvmKernel;
import io.fedspark.jobs.kernel.KernelCheck;
import io.fedspark.jobs.kernel.KernelSurvey;
import io.fedspark.math.blas.OpenBlasCorePolicy;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** provenance.json names the kernel set of the driver and of every executor, and the verdict. */
class ProvenanceKernelsTest {
  @Test
  void everyJvmsKernelSetAndTheVerdictAreRecorded() throws Exception {
    KernelSurvey survey = new KernelSurvey(new JvmKernel("driver", "d", "Cooperlake", Set.of("avx2", "avx")),
        List.of(new JvmKernel("0", "a", "Haswell", null), new JvmKernel("1", "b", "SkylakeX", Set.of())),
        List.of("b:4242"), "2 probe job(s)");
    KernelCheck.Checked checked = new KernelCheck.Checked(OpenBlasCorePolicy.AUTO, survey,
        KernelCheck.of(OpenBlasCorePolicy.AUTO, survey));
    Provenance p = new Provenance("federate", List.of(), ConfigLoader.withShippedDefaults().load(null, List.of()), 7)
        .openblasKernels(checked);
    JsonNode k = new ObjectMapper().readTree(p.toJson()).path("environment").path("openblasKernels");
    assertEquals("auto", k.path("setting").asText());
    assertEquals("WARN", k.path("outcome").asText());
    assertTrue(k.path("verdict").asText().startsWith("the JVMs of this run use different OpenBLAS kernel sets"),
        k.toPrettyString());
    assertEquals("Cooperlake", k.path("driver").path("kernel").asText());
    assertEquals("d", k.path("driver").path("host").asText());
    assertEquals("[\"avx\",\"avx2\"]", k.path("driver").path("cpuFlags").toString());
    assertEquals(2, k.path("executors").size());
    assertEquals("0", k.path("executors").get(0).path("id").asText());
    assertEquals("Haswell", k.path("executors").get(0).path("kernel").asText());
    assertTrue(k.path("executors").get(0).path("cpuFlags").isNull(), "unknown flags are null");
    assertEquals("SkylakeX", k.path("executors").get(1).path("kernel").asText());
    assertEquals("b:4242", k.path("unreached").get(0).asText());
    assertEquals("2 probe job(s)", k.path("method").asText());
  }

  @Test
  void aRunWithoutACheckHasNoEntry() throws Exception {
    Provenance p = new Provenance("x", List.of(), ConfigLoader.withShippedDefaults().load(null, List.of()), 1);
    assertFalse(new ObjectMapper().readTree(p.toJson()).path("environment").has("openblasKernels"));
  }
}
