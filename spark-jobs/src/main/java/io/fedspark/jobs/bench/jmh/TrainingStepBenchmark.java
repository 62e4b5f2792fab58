package io.fedspark.jobs.bench.jmh;

import io.fedspark.jobs.bench.TrainingRows;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.JavaBlas;
import io.fedspark.math.blas.OpenBlas;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.Sgd;
import io.fedspark.math.optim.SgdOptions;
import java.util.Arrays;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One plain-SGD training step of a dense model per call, on the next of the prebuilt minibatches
 * of {@link #batch} rows (cycling through {@link #rows} training rows), by one of three
 * {@link Engine}s that start from the same parameters (the core's initialisation with seed 42,
 * copied into DL4J): the core's {@code Model.lossAndGradient} +
 * {@code Sgd.step} on native OpenBLAS or on pure Java, or DL4J 1.0.0-M2
 * {@code MultiLayerNetwork.fit(DataSet)} with the equivalent {@code Sgd} updater ({@link Dl4jBaseline},
 * Spark 3.5 build only). Everything runs on one thread: OpenBLAS with 1 thread, ND4J limited to 1
 * (which needs {@code OMP_NUM_THREADS=1} in the environment for its element-wise pool). A rate in
 * examples/s is JMH's calls/s times {@link #batch}.
 */
@State(Scope.Thread)
public class TrainingStepBenchmark {
  /** What trains. */
  public enum Engine {
    CORE_NATIVE("core native"),
    DL4J("DL4J 1.0.0-M2"),
    CORE_JAVA("core java");

    private final String label;

    Engine(String label) {
      this.label = label;
    }

    /** How the report names it. */
    public String label() {
      return label;
    }

    /** The engines this build can run: DL4J only where the build has {@link Dl4jBaseline}. */
    public static Engine[] inThisBuild() {
      boolean dl4j = Dl4jBaseline.inThisBuild().isPresent();
      return Arrays.stream(values()).filter(e -> e != DL4J || dl4j).toArray(Engine[]::new);
    }
  }

  /** Where the training rows come from. */
  public enum Data {
    /** The first MNIST training rows if MNIST is in the data cache and fits the model, else random rows. */
    MNIST_IF_CACHED,
    /** Random rows (throughput does not depend on the values). */
    RANDOM
  }

  @Param
  public Engine engine;

  @Param({"10"})
  public int batch;

  /** A dense model spec, e.g. {@code mlp:784-200-10}. */
  @Param({"mlp:784-200-10"})
  public String model;

  @Param({"2560"})
  public int rows;

  @Param({"MNIST_IF_CACHED"})
  public Data data;

  @Param({"0.01"})
  public float learningRate;

  private Runnable step;

  @Setup(Level.Trial)
  public void setUp() {
    ModelSpec spec = ModelSpec.parse(model);
    TrainingRows training = data == Data.RANDOM
        ? TrainingRows.random(rows, spec.inputSize(), spec.outputSize(), 1)
        : TrainingRows.mnistOrRandom(rows, spec.inputSize(), spec.outputSize(), 1);
    ForkFacts.put("data", training.description());
    if (batch < 1 || batch > training.x().nrow()) {
      throw new IllegalArgumentException("training step benchmark: batch " + batch + " is not in [1, rows = "
          + training.x().nrow() + "]");
    }
    float[] initial = Model.create(spec, 42, JavaBlas.instance()).parameters();
    SgdOptions sgd = SgdOptions.plain(learningRate);
    step = switch (engine) {
      case CORE_NATIVE -> {
        OpenBlas blas = OpenBlas.load(1);
        ForkFacts.put("nativeBlas", blas.description());
        yield core(Model.fromParameters(spec, initial, blas), sgd, training);
      }
      case CORE_JAVA -> core(Model.fromParameters(spec, initial, JavaBlas.instance()), sgd, training);
      case DL4J -> {
        Dl4jBaseline dl4j = Dl4jBaseline.inThisBuild().orElseThrow(() -> new IllegalArgumentException(
            "training step benchmark: engine DL4J is in the Spark 3.5 build only; expected CORE_NATIVE or CORE_JAVA"));
        ForkFacts.put("nd4jThreads", dl4j.limitThreads(1));
        yield dl4j.step(spec, sgd, initial, training, batch);
      }
    };
  }

  /** One core SGD step per call on the next batch (row views, cycling). */
  private Runnable core(Model m, SgdOptions sgd, TrainingRows training) {
    int batches = training.x().nrow() / batch;
    FloatMatrix[] xs = new FloatMatrix[batches];
    int[][] ys = new int[batches][];
    for (int i = 0; i < batches; i++) {
      xs[i] = training.x().rows(i * batch, batch);
      ys[i] = Arrays.copyOfRange(training.labels(), i * batch, (i + 1) * batch);
    }
    Sgd optimizer = new Sgd(sgd);
    float[] grad = new float[m.parameterCount()];
    int[] next = {0};
    return () -> {
      int i = next[0]++ % batches;
      m.lossAndGradient(xs[i], ys[i], null, grad);
      optimizer.step(m.parameters(), grad);
    };
  }

  /** One training step; the parameters it updates outlive the call, so the work cannot be dropped. */
  @Benchmark
  public void step(CpuCounters cpu) {
    step.run();
    cpu.calls++;
  }
}
