package io.fedspark.jobs.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.kryo.Nd4jSerializer;

/**
 * Registers every class of fedspark that crosses the wire (KryoRegistrationTest serializes them
 * with registration required, so a class missing here fails the tests instead of silently writing
 * full class names into every record; jobs do not require registration, since Spark SQL's readers
 * send classes of their own). Records get a
 * {@link RecordSerializer}; DL4J's classes the serializers
 * named in {@link RegisteredClasses}.
 */
public final class FedsparkKryoRegistrator implements KryoRegistrator {
  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void registerClasses(Kryo kryo) {
    // Kryo's field serializer cannot write a record (Java 17 gives no field offsets of records), so
    // every record, registered or not, is written through its canonical constructor.
    kryo.addDefaultSerializer(Record.class, (k, type) -> new RecordSerializer(type));
    for (Class<?> c : RegisteredClasses.ALL) {
      if (c.isRecord()) {
        kryo.register(c, new RecordSerializer(c));
      } else {
        kryo.register(c);
      }
    }
    // Block replication to a second executor (StorageLevel ..._2) sends the RDD's ClassTag along:
    // scala.reflect.ManifestFactory$ObjectManifest. Unregistered, replication fails with only a WARN.
    kryo.register(scala.reflect.ClassTag$.MODULE$.AnyRef().getClass());
    // A staged table's Hadoop configuration travels in the broadcasts that describe it: Java
    // serialization, as Spark writes it.
    kryo.register(org.apache.spark.util.SerializableConfiguration.class, new JavaSerializer());
    registerDl4j(kryo);
  }

  /**
   * DL4J's classes, each with its serializer (see {@link RegisteredClasses}). Not through ND4J's own
   * {@code org.nd4j.kryo.Nd4jRegistrator}: that one initialises the ND4J native backend in every JVM
   * that creates a Kryo instance (also for jobs that never touch DL4J) and registers serializers for
   * JDK-internal collection classes we do not send. Class literals only load classes; nothing is
   * initialised here.
   */
  private static void registerDl4j(Kryo kryo) {
    kryo.register(RegisteredClasses.ND4J_ARRAY, new Nd4jSerializer());
    for (Class<?> c : RegisteredClasses.DL4J_FIELD_SERIALIZED) {
      kryo.register(c);
    }
    for (Class<?> c : RegisteredClasses.DL4J_JAVA_SERIALIZED) {
      kryo.register(c, new JavaSerializer());
    }
  }
}
