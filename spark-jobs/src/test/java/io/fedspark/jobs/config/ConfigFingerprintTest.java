package io.fedspark.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class ConfigFingerprintTest {

  private static String fingerprint(String hocon) {
    return ConfigFingerprint.of(new JobConfig(ConfigFactory.parseString(hocon)), k -> k.startsWith("a."));
  }

  @Test
  void dependsOnTheSelectedValuesOnly() {
    String base = fingerprint("a { x = 1, y = \"mlp:784-128-10\", z = [1, 2] }\nb = 7");
    // the same values on other lines, with comments and another layout: the same fingerprint (the
    // default rendering of a value carries its origin, file and line, which used to leak in)
    assertEquals(base, fingerprint("# a comment\n\n\na {\n  # x's comment\n  x = 1\n  y = \"mlp:784-128-10\"\n"
        + "  z = [1,\n 2]\n}\nb = 7"));
    assertEquals(base, fingerprint("a { x = 1, y = \"mlp:784-128-10\", z = [1, 2] }\nb = 8"), "b is not selected");
    assertNotEquals(base, fingerprint("a { x = 2, y = \"mlp:784-128-10\", z = [1, 2] }\nb = 7"));
    assertNotEquals(base, fingerprint("a { x = 1, y = \"mlp:784-128-10\", z = [2, 1] }\nb = 7"));
  }
}
