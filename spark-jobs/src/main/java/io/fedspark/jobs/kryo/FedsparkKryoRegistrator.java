package io.fedspark.jobs.kryo;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers every class of fedspark that crosses the wire. Jobs run with
 * {@code spark.kryo.registrationRequired=true}, so a class missing here fails the job (and the
 * tests) instead of silently writing full class names into every record. Records get a
 * {@link RecordSerializer}.
 */
public final class FedsparkKryoRegistrator implements KryoRegistrator {
  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void registerClasses(Kryo kryo) {
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
  }
}
