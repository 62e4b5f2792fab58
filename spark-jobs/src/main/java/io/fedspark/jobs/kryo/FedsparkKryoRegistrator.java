package io.fedspark.jobs.kryo;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers every class of fedspark that crosses the wire. Jobs run with
 * {@code spark.kryo.registrationRequired=true}, so a class missing here fails the job (and the
 * tests) instead of silently writing full class names into every record.
 */
public final class FedsparkKryoRegistrator implements KryoRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    for (Class<?> c : RegisteredClasses.ALL) {
      kryo.register(c);
    }
  }
}
