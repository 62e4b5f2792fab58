package io.fedspark.jobs;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;

/**
 * Console progress of long Spark work: runs it as one job group and, while it runs, prints the
 * group's finished tasks at most every {@code interval}, e.g.
 * {@code [unlearn] worst-case client search: 24/60 tasks, 50 s, ETA 1m15s}. The ETA assumes the
 * remaining tasks take as long as the finished ones. Nothing is printed for work that ends within
 * one interval. A Spark listener counts the successful task ends of the group's submitted stages
 * (the total grows as a multi-stage job submits its later stages); failed attempts are not counted.
 * Events arrive asynchronously, so the last few tasks may end after the work has returned and the
 * listener is gone: the job's own summary line reports the end.
 */
public final class TaskProgress extends SparkListener {
  /** How often progress is printed by default. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);

  private final String group;
  private final String label;
  private final PrintStream out;
  private final long intervalNanos;
  private final long start = System.nanoTime();
  private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
  private int total;
  private int done;
  private long lastPrint = start;
  private int printed;

  private TaskProgress(String group, String label, PrintStream out, Duration interval) {
    this.group = group;
    this.label = label;
    this.out = out;
    this.intervalNanos = interval.toNanos();
  }

  /**
   * Runs {@code work} as job group {@code group} (described as {@code description} in the Spark UI),
   * printing progress lines that start with {@code label} to standard output.
   */
  public static <T> T run(JavaSparkContext jsc, String group, String description, String label, Supplier<T> work) {
    return run(jsc, group, description, label, System.out, DEFAULT_INTERVAL, work);
  }

  /** As {@link #run(JavaSparkContext, String, String, String, Supplier)}, to {@code out} every {@code interval}. */
  public static <T> T run(JavaSparkContext jsc, String group, String description, String label, PrintStream out,
      Duration interval, Supplier<T> work) {
    Objects.requireNonNull(work, "work");
    TaskProgress progress = new TaskProgress(Objects.requireNonNull(group, "group"), Objects.requireNonNull(label,
        "label"), Objects.requireNonNull(out, "out"), Objects.requireNonNull(interval, "interval"));
    jsc.setJobGroup(group, description, false);
    jsc.sc().addSparkListener(progress);
    try {
      return work.get();
    } finally {
      jsc.sc().removeSparkListener(progress);
      jsc.clearJobGroup();
    }
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
    // stages, not jobs: a job's stages whose shuffle output already exists are skipped, never
    // submitted, and must not count
    if (submitted.properties() == null || !group.equals(submitted.properties().getProperty("spark.jobGroup.id"))) {
      return;
    }
    StageInfo stage = submitted.stageInfo();
    if (stages.add(stage.stageId())) {
      synchronized (this) {
        total += stage.numTasks();
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    if (!stages.contains(taskEnd.stageId()) || !taskEnd.taskInfo().successful()) {
      return;
    }
    long now = System.nanoTime();
    synchronized (this) {
      done++;
      if (done < total && now - lastPrint >= intervalNanos) {
        lastPrint = now;
        printed++;
        double elapsed = (now - start) / 1e9;
        long eta = Math.round(elapsed / done * (total - done));
        out.printf(Locale.ROOT, "%s: %d/%d tasks, %.0f s, ETA %dm%02ds%n", label, done, total, elapsed, eta / 60,
            eta % 60);
      }
    }
  }

  /** Progress lines printed so far (for tests). */
  synchronized int printed() {
    return printed;
  }
}
