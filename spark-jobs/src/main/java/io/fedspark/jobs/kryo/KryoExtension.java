package io.fedspark.jobs.kryo;

import com.esotericsoftware.kryo.Kryo;

/**
 * Kryo registrations of a part that only some builds contain (the DL4J engine: Spark 3.5 build
 * only). {@link FedsparkKryoRegistrator} runs every extension listed in
 * {@code META-INF/services/io.fedspark.jobs.kryo.KryoExtension}, in the order of their class names
 * and after {@link RegisteredClasses#ALL}, so registration ids are the same in every JVM of a job.
 */
public interface KryoExtension {
  /** Registers this part's classes, each with its serializer. Must only load classes, not initialise native code. */
  void register(Kryo kryo);
}
