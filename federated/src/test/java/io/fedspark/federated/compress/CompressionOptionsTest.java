package io.fedspark.federated.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.federated.train.DataParallelOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The keys under train.compression: defaults, bad values refused naming key, value and expectation,
 * and both training modes (local-sgd, sync-gradient) taking every method.
 */
class CompressionOptionsTest {
  private static String refusal(Map<String, Object> keys) {
    return assertThrows(InvalidConfigException.class, () -> DataParallelOptions.from(ConfigView.of(keys))).getMessage();
  }

  @Test
  void defaultsToNone() {
    CompressionOptions o = CompressionOptions.from(ConfigView.of(Map.of()));
    assertEquals(CompressionMethod.NONE, o.method());
    assertEquals("none", o.describe());
    assertEquals(null, UpdateCompressor.of(o));
  }

  @Test
  void readsTheMethodAndItsParameter() {
    CompressionOptions o = CompressionOptions.from(ConfigView.of(Map.of("train.compression.method", "top-k",
        "train.compression.top-k.fraction", 0.05)));
    assertEquals("top-k(fraction=0.05)", o.describe());
    assertEquals("top-k(fraction=0.05)", UpdateCompressor.of(o).toString());
  }

  @Test
  void badValuesNameKeyValueAndExpectation() {
    assertEquals("train.compression.top-k.fraction = 0: expected a finite number in (0, 1]",
        refusal(Map.of("train.compression.top-k.fraction", 0)));
    assertEquals("train.compression.top-k.fraction = 1.5: expected a finite number in (0, 1]",
        refusal(Map.of("train.compression.top-k.fraction", 1.5)));
    assertEquals("train.compression.threshold.tau = 0: expected a finite number > 0",
        refusal(Map.of("train.compression.threshold.tau", 0)));
    String unknown = refusal(Map.of("train.compression.method", "gzip"));
    assertEquals(true, unknown.startsWith("train.compression.method = 'gzip'") || unknown.startsWith("train.compression.method = gzip"), unknown);
    assertEquals(true, unknown.contains("none | top-k | threshold"), unknown);
  }

  @Test
  void bothTrainingModesTakeCompression() {
    for (String mode : new String[] {"local-sgd", "sync-gradient"}) {
      for (String method : new String[] {"top-k", "threshold"}) {
        DataParallelOptions o = DataParallelOptions.from(ConfigView.of(Map.of("train.compression.method", method,
            "train.mode", mode, "train.batch-size", 64)));
        assertEquals(mode, o.mode().configName());
        assertEquals(method, o.compression().method().configName());
      }
    }
  }
}
