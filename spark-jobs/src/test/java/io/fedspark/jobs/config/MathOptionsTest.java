package io.fedspark.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.math.blas.MathBackend;
import io.fedspark.math.blas.OpenBlasCore;
import io.fedspark.math.blas.OpenBlasCorePolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code math.openblas.core} as the configuration reads it. */
class MathOptionsTest {
  private static MathOptions load(String... sets) {
    return MathOptions.from(ConfigLoader.withShippedDefaults().load(null, List.of(sets)));
  }

  @Test
  void theDefaultIsAutoAndASetIsReadInAnyCase() {
    assertEquals(OpenBlasCorePolicy.AUTO, load().openblasCore());
    assertEquals(OpenBlasCorePolicy.STRICT, load("math.openblas.core=strict").openblasCore());
    assertEquals(OpenBlasCorePolicy.pin(OpenBlasCore.COOPERLAKE), load("math.openblas.core=cooperlake").openblasCore());
  }

  @Test
  void anUnknownSetOrAnAliasIsOneLineWithTheAllowedValues() {
    InvalidConfigException typo = assertThrows(InvalidConfigException.class, () -> load("math.openblas.core=Haswel"));
    assertEquals("math.openblas.core = 'Haswel' (--set math.openblas.core): expected one of auto | strict | Prescott | Core2 | Nehalem"
        + " | Barcelona | Sandybridge | Bulldozer | Piledriver | Haswell | Steamroller | Excavator | Zen | SkylakeX"
        + " | Cooperlake ('Haswel' is not an OpenBLAS x86_64 kernel set)", typo.getMessage());
    InvalidConfigException alias = assertThrows(InvalidConfigException.class, () -> load("math.openblas.core=Atom"));
    assertEquals(true, alias.getMessage().endsWith("('Atom' is an alias: OpenBLAS runs the Nehalem kernels for it on x86_64"
        + " and reports Nehalem; use Nehalem)"), alias.getMessage());
  }

  @Test
  void aPinWithThePureJavaBackendIsRefused() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> load("math.backend=java", "math.openblas.core=Haswell"));
    assertEquals("math.openblas.core = Haswell: expected auto or strict with math.backend = java, which never loads"
        + " OpenBLAS (pin a kernel set with native or auto)", e.getMessage());
    assertEquals(MathBackend.JAVA, load("math.backend=java", "math.openblas.core=strict").backend());
  }
}
