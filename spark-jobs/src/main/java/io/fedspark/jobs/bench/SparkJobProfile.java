package io.fedspark.jobs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.executor.TaskMetrics;

/**
 * Where the time of a group of Spark jobs went, from Spark's own listener events: per job group
 * ({@code SparkContext.setJobGroup}), the jobs' wall time (submission to completion, as the
 * scheduler saw it), their stages and tasks, and the tasks' time split into deserialisation, run,
 * result serialisation and the rest (scheduler delay: launch, queueing, result transfer). Events
 * arrive asynchronously on Spark's listener bus; {@link #awaitJobs} waits until a group's jobs are
 * all in.
 */
public final class SparkJobProfile extends SparkListener {
  private static final String GROUP = "spark.jobGroup.id";

  /** Totals of one job group. Times in milliseconds. */
  public static final class Totals {
    final List<Double> jobMillis = new ArrayList<>();
    int stages;
    int tasks;
    double taskMillis;
    double runMillis;
    double deserializeMillis;
    double resultSerializeMillis;
    double gcMillis;
    long shuffleBytesWritten;

    /** Number of finished jobs. */
    public synchronized int jobs() {
      return jobMillis.size();
    }

    /** Median job wall time in ms, NaN without jobs. */
    public synchronized double medianJobMillis() {
      return Sample.median(jobMillis.stream().mapToDouble(Double::doubleValue).toArray());
    }

    synchronized double perJob(double total) {
      return jobMillis.isEmpty() ? Double.NaN : total / jobMillis.size();
    }

    /** Per-job means: stages, tasks, and task time split (ms), as named supporting numbers. */
    public synchronized Map<String, Double> perJobMeans() {
      Map<String, Double> m = new java.util.LinkedHashMap<>();
      m.put("stages", perJob(stages));
      m.put("tasks", perJob(tasks));
      m.put("taskMillis", perJob(taskMillis));
      m.put("taskRunMillis", perJob(runMillis));
      m.put("taskDeserializeMillis", perJob(deserializeMillis));
      m.put("taskResultSerializeMillis", perJob(resultSerializeMillis));
      m.put("taskSchedulerDelayMillis", perJob(taskMillis - runMillis - deserializeMillis - resultSerializeMillis));
      m.put("taskGcMillis", perJob(gcMillis));
      m.put("shuffleKiBWritten", perJob(shuffleBytesWritten / 1024.0));
      return m;
    }
  }

  private final Map<String, Totals> groups = new ConcurrentHashMap<>();
  private final Map<Integer, String> stageGroup = new ConcurrentHashMap<>();
  private final Map<Integer, String> jobGroup = new ConcurrentHashMap<>();
  private final Map<Integer, Long> jobStart = new ConcurrentHashMap<>();

  /** The totals of a job group (empty if it ran no job). */
  public Totals group(String name) {
    return groups.computeIfAbsent(name, k -> new Totals());
  }

  /** Waits up to {@code timeoutMillis} until {@code group} has {@code jobs} finished jobs. */
  public boolean awaitJobs(String group, int jobs, long timeoutMillis) throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMillis;
    while (group(group).jobs() < jobs) {
      if (System.currentTimeMillis() > end) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  @Override
  public void onJobStart(SparkListenerJobStart e) {
    String g = e.properties() == null ? null : e.properties().getProperty(GROUP);
    if (g != null) {
      jobGroup.put(e.jobId(), g);
      jobStart.put(e.jobId(), e.time());
    }
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd e) {
    String g = jobGroup.remove(e.jobId());
    Long t0 = jobStart.remove(e.jobId());
    if (g != null && t0 != null) {
      Totals t = group(g);
      synchronized (t) {
        t.jobMillis.add((double) (e.time() - t0));
      }
    }
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted e) {
    String g = e.properties() == null ? null : e.properties().getProperty(GROUP);
    if (g != null) {
      stageGroup.put(e.stageInfo().stageId(), g);
      Totals t = group(g);
      synchronized (t) {
        t.stages++;
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd e) {
    String g = stageGroup.get(e.stageId());
    TaskInfo info = e.taskInfo();
    TaskMetrics m = e.taskMetrics();
    if (g == null || info == null) {
      return;
    }
    Totals t = group(g);
    synchronized (t) {
      t.tasks++;
      t.taskMillis += info.duration();
      if (m != null) {
        t.runMillis += m.executorRunTime();
        t.deserializeMillis += m.executorDeserializeTime();
        t.resultSerializeMillis += m.resultSerializationTime();
        t.gcMillis += m.jvmGCTime();
        t.shuffleBytesWritten += m.shuffleWriteMetrics().bytesWritten();
      }
    }
  }
}
