package io.fedspark.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.config.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code conf/defaults.conf} against the options records: every key in the file is declared by a
 * record, every declared key is in the file, and every default in the file is the record's default
 * (parsed by the record's own setting, so {@code 1e-3} and {@code 0.001} are the same value).
 */
class ConfigSchemaTest {
  private static final JobConfig DEFAULTS = ConfigLoader.withShippedDefaults().load(null, List.of());

  @Test
  void everyKeyInDefaultsConfHasARecord() {
    Map<String, Setting<?>> schema = ConfigSchema.settings();
    List<String> orphans = new ArrayList<>();
    for (var e : DEFAULTS.typesafe().entrySet()) {
      if (!schema.containsKey(e.getKey())) {
        orphans.add(e.getKey());
      }
    }
    assertEquals(List.of(), orphans, "keys in conf/defaults.conf that no options record declares");
  }

  @Test
  void everyRecordKeyIsInDefaultsConfWithTheSameDefault() {
    List<String> problems = new ArrayList<>();
    for (Setting<?> s : ConfigSchema.settings().values()) {
      if (DEFAULTS.raw(s.key()) == null) {
        problems.add(s.key() + ": missing from conf/defaults.conf");
        continue;
      }
      Object fromFile;
      try {
        fromFile = s.read(DEFAULTS);
      } catch (IllegalArgumentException e) {
        problems.add(s.key() + ": " + e.getMessage());
        continue;
      }
      if (!fromFile.equals(s.defaultValue())) {
        problems.add(s.key() + ": conf/defaults.conf has " + fromFile + ", the record " + s.defaultValue());
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void theSchemaCoversEveryJob() {
    var prefixes = new TreeSet<String>();
    ConfigSchema.settings().keySet().forEach(k -> prefixes.add(k.substring(0, k.indexOf('.'))));
    assertEquals(new TreeSet<>(List.of("checkpoint", "data", "distill", "eval", "federate", "math", "run", "spark",
        "train", "unlearn")), prefixes);
    assertTrue(ConfigSchema.settings().size() > 150, "about 200 keys: " + ConfigSchema.settings().size());
  }
}
