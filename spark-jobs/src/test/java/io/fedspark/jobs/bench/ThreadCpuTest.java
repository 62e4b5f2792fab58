package io.fedspark.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The benchmarks' CPU attribution by thread name, on the names both Spark lines give their threads. */
class ThreadCpuTest {
  @Test
  void taskThreadsAreSparkTasksWhetherRunningOrIdle() {
    // Spark 3.5 and 4 while a task runs; Spark 4 renames the thread between tasks
    assertEquals("spark tasks", ThreadCpu.group("Executor task launch worker for task 0.0 in stage 1.0 (TID 1)"));
    assertEquals("spark tasks", ThreadCpu.group("Executor task launch worker-0"));
    assertEquals("spark tasks", ThreadCpu.group("Executor task idle worker-3"));
    assertEquals("driver main thread", ThreadCpu.group("main"));
    assertEquals(ThreadCpu.OTHER, ThreadCpu.group("mainly"));
    assertEquals(ThreadCpu.OTHER, ThreadCpu.group(null));
    assertEquals(1, ThreadCpu.groupOrder().stream().filter("spark tasks"::equals).count(), "one report column");
  }
}
