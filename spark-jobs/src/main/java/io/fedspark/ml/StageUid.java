package io.fedspark.ml;

import org.apache.spark.ml.util.Identifiable$;

/**
 * The uid of a Spark ML stage written in Java. Spark's stages create their inherited Params
 * ({@code featuresCol}, ...) in their Scala constructors, which ask for {@code uid()} before a Java
 * subclass has assigned any field; Scala stages avoid this by taking the uid as a constructor val.
 * A Java stage therefore hands its uid over through {@link #next} (evaluated as the argument of its
 * own {@code this(...)} call, so before the superclass constructor runs) and answers
 * {@code uid()} with {@link #take} on the first call.
 */
final class StageUid {
  private static final ThreadLocal<String> NEXT = new ThreadLocal<>();

  private StageUid() {}

  /** Remembers {@code uid} (null: a new random one) for the stage this thread is about to construct. */
  static Pending next(String uid) {
    NEXT.set(uid);
    return Pending.INSTANCE;
  }

  /** The uid handed over by {@link #next}, or a new {@code prefix_<random>} one. */
  static String take(String prefix) {
    String uid = NEXT.get();
    NEXT.remove();
    return uid != null ? uid : Identifiable$.MODULE$.randomUID(prefix);
  }

  /** The marker argument of the private constructor that receives a pending uid. */
  enum Pending {
    INSTANCE
  }
}
