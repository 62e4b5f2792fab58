package io.fedspark.jobs.kryo;

import java.util.List;

/**
 * The classes registered with Kryo, in a fixed order (registration ids depend on it). Add a class
 * here when it starts to travel between driver and executors.
 */
public final class RegisteredClasses {
  private RegisteredClasses() {}

  /** Every registered class; the order is part of the wire format within one job. */
  public static final List<Class<?>> ALL =
      List.of(
          float[].class,
          float[][].class,
          int[].class,
          long[].class,
          double[].class,
          byte[].class,
          Object[].class,
          java.util.ArrayList.class,
          io.fedspark.jobs.data.ExampleShard.class,
          io.fedspark.federated.aggregate.WeightedParameterSum.class,
          io.fedspark.federated.client.ClientShard.class,
          io.fedspark.federated.client.ClientUpdate.class,
          io.fedspark.federated.engine.RoundAccumulator.class,
          io.fedspark.jobs.federate.ClientScores.class,
          io.fedspark.jobs.train.StepAccumulator.class,
          io.fedspark.jobs.train.TrainBroadcast.class,
          io.fedspark.jobs.train.ConfusionAccumulator.class,
          io.fedspark.federated.aggregate.WeightedParameterSum[].class,
          String[].class);
}
