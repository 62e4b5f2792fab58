package io.fedspark.jobs.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.testing.SparkTest;
import io.fedspark.math.blas.MathBackend;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.blas.OpenBlasCorePolicy;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * The probe's Spark plumbing on local[2], where the tasks run in the driver's JVM: every task
 * answers (through the job's serializer) with this JVM's block manager, executor id and kernel set.
 * The executors of a real cluster are covered by deploy's MixedKernelClusterIT.
 */
@SparkTest
class ExecutorKernelProbeTest {

  @Test
  void everyTaskAnswersWithItsExecutorsBlockManagerAndKernelSet(JavaSparkContext jsc) {
    MathRuntime.configure(MathBackend.AUTO, 1);
    List<ExecutorKernelProbe.Answer> answers = ExecutorKernelProbe.probe(jsc, MathBackend.AUTO, 1, 6);
    assertEquals(6, answers.size());
    String blockManager = SparkEnv.get().blockManager().blockManagerId().hostPort();
    for (ExecutorKernelProbe.Answer a : answers) {
      assertEquals(blockManager, a.blockManager());
      assertEquals("driver", a.executorId());
      assertEquals(MathRuntime.kernel(), a.kernel());
      JvmKernel k = a.kernelReport();
      assertEquals(JvmKernel.ofThisJvm("driver"), k, "the same report as the driver's own");
    }
    assertEquals(java.util.Set.of(), ExecutorKernelProbe.executorBlockManagers(jsc.sc(), blockManager),
        "local mode: no block manager but the driver's");
    assertEquals(null, jsc.sc().getLocalProperty("spark.job.description"), "the job description is restored");
  }

  @Test
  void localModeNeedsNoJob(JavaSparkContext jsc) {
    JvmKernel driver = JvmKernel.ofThisJvm(JvmKernel.DRIVER);
    long jobsBefore = jsc.sc().statusTracker().getJobIdsForGroup(null).length;
    KernelSurvey s = ExecutorKernelProbe.survey(jsc, new MathOptions(MathBackend.AUTO, 1, OpenBlasCorePolicy.STRICT), driver);
    assertEquals(List.of(), s.executors());
    assertEquals(List.of(driver), s.jvms());
    assertTrue(s.method().startsWith("local mode (local[2])"), s.method());
    assertEquals(jobsBefore, jsc.sc().statusTracker().getJobIdsForGroup(null).length);
  }
}
