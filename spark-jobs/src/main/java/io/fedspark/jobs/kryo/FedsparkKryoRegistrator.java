package io.fedspark.jobs.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers every class of fedspark that crosses the wire (KryoRegistrationTest serializes them
 * with registration required, so a class missing here fails the tests instead of silently writing
 * full class names into every record; jobs do not require registration, since Spark SQL's readers
 * send classes of their own). Records get a
 * {@link RecordSerializer}; the classes of parts only some builds contain (DL4J's) are registered
 * by their {@link KryoExtension}s, after ours.
 */
public final class FedsparkKryoRegistrator implements KryoRegistrator {
  /** The extensions of this build, in class-name order (the registration order is part of the wire format). */
  private static final List<KryoExtension> EXTENSIONS = ServiceLoader.load(KryoExtension.class,
      KryoExtension.class.getClassLoader()).stream().map(ServiceLoader.Provider::get)
      .sorted(Comparator.comparing(e -> e.getClass().getName())).toList();

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
    for (KryoExtension e : EXTENSIONS) {
      e.register(kryo);
    }
  }
}
