package io.fedspark.jobs.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.util.List;
import org.nd4j.kryo.Nd4jSerializer;

/**
 * What DL4J's Spark engine ({@code train.engine = dl4j}, Spark 3.5 build only) sends through Spark's
 * serializer, found by running it with registration required: the minibatches (persisted
 * serialized, shuffled by DL4J's repartitioning), the broadcast network and the workers' aggregated
 * results; registered by {@link FedsparkKryoRegistrator} after {@link RegisteredClasses#ALL}, in this
 * order. Not through ND4J's own {@code org.nd4j.kryo.Nd4jRegistrator}: that one initialises the
 * ND4J native backend in every JVM that creates a Kryo instance (also for jobs that never touch
 * DL4J) and registers serializers for JDK-internal collection classes we do not send. Class
 * literals only load classes; nothing is initialised here. Public only for the service loader.
 */
public final class Dl4jKryoClasses implements KryoExtension {
  /** ND4J's CPU array, written by nd4j-kryo's {@code Nd4jSerializer} (ND4J's binary format). */
  public static final Class<?> ND4J_ARRAY = org.nd4j.linalg.cpu.nativecpu.NDArray.class;

  /** DL4J's minibatch: Kryo's field serializer (features and labels are {@link #ND4J_ARRAY}s, names ArrayLists). */
  public static final List<Class<?>> DL4J_FIELD_SERIALIZED = List.of(org.nd4j.linalg.dataset.DataSet.class);

  /**
   * DL4J's control objects, written with Java serialization: the broadcast network (configuration,
   * parameters, updater state) and the aggregated worker results. Their object graphs are DL4J
   * configuration internals; they travel once per averaging round, so the cost does not matter.
   */
  public static final List<Class<?>> DL4J_JAVA_SERIALIZED =
      List.of(
          org.deeplearning4j.spark.api.worker.NetBroadcastTuple.class,
          org.deeplearning4j.spark.impl.paramavg.aggregator.ParameterAveragingAggregationTuple.class);

  /** For the service loader. */
  public Dl4jKryoClasses() {}

  @Override
  public void register(Kryo kryo) {
    kryo.register(ND4J_ARRAY, new Nd4jSerializer());
    for (Class<?> c : DL4J_FIELD_SERIALIZED) {
      kryo.register(c);
    }
    for (Class<?> c : DL4J_JAVA_SERIALIZED) {
      kryo.register(c, new JavaSerializer());
    }
  }
}
