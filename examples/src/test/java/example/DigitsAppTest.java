package example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.data.DatasetId;
import io.fedspark.jobs.testing.SeparateJvm;
import io.fedspark.jobs.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's example application ("Use from your Spark application") is this module's
 * {@link DigitsApp}, word for word; built against fedspark as a dependency, it runs in its own JVM
 * with a plain Spark session, trains to more than 85% test accuracy and saves a model.
 */
class DigitsAppTest {
  @Test
  void theReadmeExampleCompilesRunsAndSavesAModel(@TempDir Path dir) throws Exception {
    String source = Files.readString(Path.of("src/main/java/example/DigitsApp.java"));
    String readme = Files.readString(Path.of("..", "README.md"));
    assertTrue(readme.contains("```java\n" + source + "```"),
        "README.md shows examples/src/main/java/example/DigitsApp.java");

    Path csv = TestData.dir(DatasetId.DIGITS).resolve("digits.csv.gz");
    String out = SeparateJvm.run(DigitsApp.class, csv.toString(), dir.resolve("model").toString());
    Matcher m = Pattern.compile("test accuracy (0\\.\\d+)").matcher(out);
    assertTrue(m.find(), out);
    assertTrue(Double.parseDouble(m.group(1)) > 0.85, out);
    assertTrue(out.contains("saved mlp:64-32-10 to "), out);
    assertTrue(Files.exists(dir.resolve("model/data/parameters.fsm")));
  }
}
