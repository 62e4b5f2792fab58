package io.fedspark.jobs.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.StageInfo;

/**
 * Every Spark stage that ran, in order, with what the Spark UI's stage table shows: its name (the
 * call site, e.g. {@code collect at ShardSet.java:131}), wall time from submission to completion,
 * tasks, the tasks' summed run, CPU and GC time, input read, shuffle read and written, and bytes
 * spilled. Events arrive asynchronously on Spark's listener bus; read the stages after
 * {@code SparkContext.stop()}, which drains it.
 */
public final class StageTimeline extends SparkListener {
  /**
   * One finished stage (times in ms since the epoch, sizes in bytes).
   *
   * @param id stage id
   * @param name the call site Spark names the stage by
   * @param submitted when the stage was submitted
   * @param completed when it completed
   * @param tasks number of tasks
   * @param runMillis summed executor run time of its tasks
   * @param cpuMillis summed executor CPU time of its tasks
   * @param gcMillis summed JVM GC time during its tasks (in local mode the one JVM's collections,
   *     counted once per task that saw them)
   * @param inputBytes bytes read from the input (files)
   * @param inputRecords records read from the input
   * @param shuffleReadBytes shuffle bytes read (local and remote)
   * @param shuffleWriteBytes shuffle bytes written
   * @param spillBytes bytes spilled to disk (serialized size)
   * @param failure why it failed, or empty
   */
  public record Stage(int id, String name, long submitted, long completed, int tasks, long runMillis, long cpuMillis,
      long gcMillis, long inputBytes, long inputRecords, long shuffleReadBytes, long shuffleWriteBytes,
      long spillBytes, String failure) {
    /** Wall seconds from submission to completion. */
    public double seconds() {
      return (completed - submitted) / 1e3;
    }
  }

  private final Map<Integer, Long> submittedAt = new ConcurrentHashMap<>();
  private final List<Stage> stages = new ArrayList<>();

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted e) {
    StageInfo s = e.stageInfo();
    long t = s.submissionTime().isDefined() ? (Long) s.submissionTime().get() : System.currentTimeMillis();
    submittedAt.put(s.stageId(), t);
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted e) {
    StageInfo s = e.stageInfo();
    long submitted = s.submissionTime().isDefined() ? (Long) s.submissionTime().get()
        : submittedAt.getOrDefault(s.stageId(), System.currentTimeMillis());
    long completed = s.completionTime().isDefined() ? (Long) s.completionTime().get() : System.currentTimeMillis();
    TaskMetrics m = s.taskMetrics();
    Stage stage = m == null
        ? new Stage(s.stageId(), s.name(), submitted, completed, s.numTasks(), 0, 0, 0, 0, 0, 0, 0, 0, failure(s))
        : new Stage(s.stageId(), s.name(), submitted, completed, s.numTasks(), m.executorRunTime(),
            m.executorCpuTime() / 1_000_000, m.jvmGCTime(), m.inputMetrics().bytesRead(),
            m.inputMetrics().recordsRead(),
            m.shuffleReadMetrics().localBytesRead() + m.shuffleReadMetrics().remoteBytesRead(),
            m.shuffleWriteMetrics().bytesWritten(), m.diskBytesSpilled(), failure(s));
    synchronized (stages) {
      stages.add(stage);
    }
  }

  private static String failure(StageInfo s) {
    return s.failureReason().isDefined() ? s.failureReason().get().lines().findFirst().orElse("failed") : "";
  }

  /** The finished stages by submission time. */
  public List<Stage> stages() {
    synchronized (stages) {
      List<Stage> out = new ArrayList<>(stages);
      out.sort(Comparator.comparingLong(Stage::submitted).thenComparingInt(Stage::id));
      return out;
    }
  }
}
