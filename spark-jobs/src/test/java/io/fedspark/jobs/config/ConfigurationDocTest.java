package io.fedspark.jobs.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.strategy.StrategyKind;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md, which conf/defaults.conf points users to, lists every server strategy
 * with every key of its block.
 */
class ConfigurationDocTest {
  @Test
  void everyStrategyAndItsKeysAreDocumented() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
    for (StrategyKind k : StrategyKind.values()) {
      assertTrue(doc.contains("| `" + k.configName() + "` |"), "a row for " + k.configName());
    }
    String prefix = "federate.strategy.";
    for (String key : ConfigSchema.settings().keySet()) {
      if (key.startsWith(prefix) && !key.equals(StrategyKind.KIND.key())) {
        String leaf = key.substring(key.lastIndexOf('.') + 1);
        assertTrue(doc.contains("`" + leaf + " = "), "key " + key + " in docs/configuration.md");
      }
    }
  }
}
