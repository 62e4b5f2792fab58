package io.fedspark.jobs.kryo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.aggregate.WeightedParameterSum;
import io.fedspark.jobs.SparkSessions;
import io.fedspark.federated.client.ClientShard;
import io.fedspark.jobs.testing.SparkTest;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

@SparkTest
class KryoRegistrationTest {

  /** Deliberately not registered. */
  static final class NotRegistered implements Serializable {
    private static final long serialVersionUID = 1L;
    int value = 3;
  }

  private static SerializerInstance kryo() {
    return new KryoSerializer(SparkSessions.applyRequired(new SparkConf())).newInstance();
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(SerializerInstance s, T value) {
    var tag = ClassTag$.MODULE$.<T>apply((Class<T>) Object.class);
    return s.deserialize(s.serialize(value, tag), tag);
  }

  @Test
  void registeredClassesRoundTrip() {
    SerializerInstance s = kryo();
    ClientShard shard = new ClientShard(3, 2, 2, 2, new float[] {1, 2, 3, 4}, new int[] {0, 1});
    ClientShard back = roundTrip(s, shard);
    assertEquals(3, back.clientId());
    assertArrayEquals(shard.features(), back.features());
    assertArrayEquals(shard.labels(), back.labels());

    WeightedParameterSum sum = WeightedParameterSum.zeros(2).add(new float[] {1f, 2f}, 3);
    WeightedParameterSum sumBack = roundTrip(s, sum);
    assertArrayEquals(sum.mean(), sumBack.mean(), 0f);
    assertEquals(3.0, sumBack.totalWeight());
  }

  @Test
  void anUnregisteredClassFailsInsteadOfSilentlySlowingDown() {
    var e = assertThrows(IllegalArgumentException.class, () -> roundTrip(kryo(), new NotRegistered()));
    assertTrue(e.getMessage().contains("Class is not registered"), e.getMessage());
  }

  @Test
  void clientUpdatesSurviveAShuffleThroughKryoUnchanged(JavaSparkContext jsc) {
    List<io.fedspark.federated.client.ClientUpdate> updates = new java.util.ArrayList<>();
    for (int k = 0; k < 12; k++) {
      updates.add(new io.fedspark.federated.client.ClientUpdate(k, new float[] {k, -k}, 10 + k, 0.5, 3, Double.NaN,
          0.25 * k, 7, k % 5 == 0 ? "failed " + k : null));
    }
    var expected = jsc.parallelize(updates, 3).map(u -> u.clientId() + ":" + u.numExamples() + ":" + u.localScore()
        + ":" + u.error());
    // through a shuffle (records serialized by Kryo with RecordSerializer), then compared as RDDs
    var shuffled = jsc.parallelize(updates, 4).repartition(2).map(u -> u.clientId() + ":" + u.numExamples() + ":"
        + u.localScore() + ":" + u.error());
    com.holdenkarau.spark.testing.JavaRDDComparisons.assertRDDEquals(expected, shuffled);
  }

  @Test
  void sessionsRunWithRegistrationRequired(JavaSparkContext jsc) {
    assertEquals("true", jsc.getConf().get("spark.kryo.registrationRequired"));
    var e = assertThrows(SparkException.class,
        () -> jsc.parallelize(List.of(1, 2, 3, 4), 2).map(i -> new NotRegistered()).collect());
    assertTrue(e.getMessage().contains("not registered"), e.getMessage());
    // and our own classes travel fine
    List<ClientShard> back = jsc.parallelize(List.of(1, 2), 2)
        .map(i -> new ClientShard(i, 1, 1, 1, new float[] {i}, new int[] {0})).collect();
    assertEquals(2, back.size());
  }
}
