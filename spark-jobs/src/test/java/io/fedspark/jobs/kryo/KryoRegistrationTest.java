package io.fedspark.jobs.kryo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.aggregate.WeightedParameterSum;
import io.fedspark.jobs.SparkSessions;
import io.fedspark.federated.client.ClientShard;
import io.fedspark.jobs.testing.RddAssertions;
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

  /** fedspark's Kryo configuration with registration required: every class of ours must pass. */
  private static SerializerInstance kryo() {
    return new KryoSerializer(SparkSessions.applyRequired(new SparkConf()).set("spark.kryo.registrationRequired", "true"))
        .newInstance();
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
  void compressionsPartitionMemoriesTravelInStatesAndAccumulators() {
    SerializerInstance s = kryo();
    io.fedspark.federated.train.PartitionMemory m = new io.fedspark.federated.train.PartitionMemory(2,
        new float[] {0.5f, -1f}, new String[] {"velocity"}, new float[][] {{3f, 4f}}, 7);
    io.fedspark.federated.train.TrainState st = new io.fedspark.federated.train.TrainState(new float[] {1f, 2f},
        new String[0], new float[0][], 7, new io.fedspark.federated.train.PartitionMemory[] {m});
    io.fedspark.federated.train.TrainState back = roundTrip(s, st);
    assertArrayEquals(new float[] {0.5f, -1f}, back.memory(2).residual());
    assertArrayEquals(new float[] {3f, 4f}, back.memory(2).stateArrays()[0]);
    assertEquals(7, back.memory(2).step());
    io.fedspark.federated.train.StepAccumulator acc = new io.fedspark.federated.train.StepAccumulator()
        .add(new io.fedspark.federated.train.StepContribution(2, new float[] {1f, 0f}, 3, new String[0],
            new float[0][], 7, 1.5, 3, 2, m));
    io.fedspark.federated.train.StepAccumulator accBack = roundTrip(s, acc);
    assertEquals(1, accBack.kept().size());
    assertArrayEquals(new float[] {0.5f, -1f}, accBack.kept().iterator().next().residual());
    assertEquals(acc.contributionBytes(), accBack.contributionBytes());
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
    // through a shuffle (serialized by Kryo, registered), then compared as RDDs
    var shuffled = jsc.parallelize(updates, 4).repartition(2).map(u -> u.clientId() + ":" + u.numExamples() + ":"
        + u.localScore() + ":" + u.error());
    RddAssertions.assertSameElements(expected, shuffled);
  }

  /** A record no one registered. */
  record Unlisted(float[] values, String name) implements Serializable {}

  @Test
  void anUnregisteredRecordTravelsThroughItsConstructor() {
    SerializerInstance s = new KryoSerializer(SparkSessions.applyRequired(new SparkConf())).newInstance();
    Unlisted back = roundTrip(s, new Unlisted(new float[] {1.5f, -2f}, "x"));
    assertArrayEquals(new float[] {1.5f, -2f}, back.values());
    assertEquals("x", back.name());
  }

  @Test
  void sessionsReadTablesWithSparkSqlsOwnClassesUnregistered(JavaSparkContext jsc) {
    assertEquals("false", jsc.getConf().get("spark.kryo.registrationRequired"));
    assertEquals(FedsparkKryoRegistrator.class.getName(), jsc.getConf().get("spark.kryo.registrator"));
  }

  @Test
  void theDataPlanesRecordsRoundTripWithRegistrationRequired() {
    SerializerInstance s = kryo();
    var e = new io.fedspark.federated.data.Example(42L, new float[] {1f, 2f}, 1, 0.5f);
    var back = roundTrip(s, e);
    assertEquals(42L, back.key());
    assertArrayEquals(e.features(), back.features());
    assertEquals(0.5f, back.weight());
    var sums = new io.fedspark.federated.aggregate.PartialSums();
    sums.add(0.25);
    assertEquals(0.25, roundTrip(s, sums).total());
    var pair = new scala.Tuple2<>(7, e);
    assertEquals(7, roundTrip(s, pair)._1());
    var key = roundTrip(s, io.fedspark.jobs.data.OrderKey.of(3, e, 9L));
    assertEquals(io.fedspark.jobs.data.OrderKey.of(3, e, 9L), key);
  }
}
