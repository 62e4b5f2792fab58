package io.fedspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.jobs.testing.SparkTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

@SparkTest
class TaskProgressTest {

  @Test
  void printsTheGroupsFinishedTasksAndReturnsTheWorksResult(JavaSparkContext jsc) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    List<Integer> items = IntStream.range(0, 12).boxed().toList();
    List<Integer> squares = TaskProgress.run(jsc, "progress-test", "test", "[test] grid", out, Duration.ZERO, () -> {
      // a job of another group while the listener is registered: its 6 tasks must not be counted
      jsc.setJobGroup("other", "other", false);
      jsc.parallelize(items, 6).map(i -> {
        Thread.sleep(50);
        return i;
      }).count();
      jsc.setJobGroup("progress-test", "test", false);
      List<Integer> result = jsc.parallelize(items, 12).map(i -> {
        Thread.sleep(20);
        return i * i;
      }).collect();
      // deliver every task-end event while the listener is still registered (test only: Spark-internal)
      try {
        jsc.sc().listenerBus().waitUntilEmpty();
      } catch (java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException(e);
      }
      return result;
    });
    assertEquals(IntStream.range(0, 12).map(i -> i * i).boxed().toList(), squares);

    String text = bytes.toString(StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("\\[test\\] grid: (\\d+)/(\\d+) tasks, \\d+ s, ETA \\d+m\\d\\ds").matcher(text);
    int lines = 0;
    int last = 0;
    while (m.find()) {
      lines++;
      assertEquals(12, Integer.parseInt(m.group(2)), text);
      int done = Integer.parseInt(m.group(1));
      assertTrue(done > last && done < 12, text);
      last = done;
    }
    // a zero interval prints a line per finished task of the group but the last
    assertEquals(11, lines, text);
    assertEquals(text.lines().count(), lines, "only progress lines: " + text);
  }
}
