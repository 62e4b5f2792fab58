package io.fedspark.federated.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dataset cache's precedence (data.dir, $FEDSPARK_DATA, the default) and how messages name it. */
class DataDirectoryTest {
  @Test
  void theSourceNamedInMessagesFollowsThePrecedence() {
    Map<String, String> env = Map.of(DataDirectory.ENVIRONMENT_VARIABLE, "/from/env");
    assertEquals(Path.of("/configured"), DataDirectory.resolve("/configured", env::get, "/home/u"));
    assertEquals("data.dir", DataDirectory.source("/configured", env::get));
    assertEquals(Path.of("/from/env"), DataDirectory.resolve("", env::get, "/home/u"));
    assertEquals("$FEDSPARK_DATA", DataDirectory.source("", env::get));
    assertEquals(Path.of("/home/u/.cache/fedspark/datasets"), DataDirectory.resolve(" ", k -> null, "/home/u"));
    assertEquals("the default cache", DataDirectory.source(" ", k -> null));
  }
}
