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
  }
}
