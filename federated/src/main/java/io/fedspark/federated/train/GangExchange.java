package io.fedspark.federated.train;

/**
 * How the tasks of a gang (all data partitions running at once, e.g. a Spark barrier stage) share
 * one message per synchronisation: an all-gather, every task's message to every task.
 */
@FunctionalInterface
public interface GangExchange {
  /**
   * Sends {@code mine} and returns every task's message in task order; every task gets the same
   * array. Blocks until all tasks have called it.
   */
  byte[][] allGather(byte[] mine);
}
