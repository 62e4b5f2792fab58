package io.fedspark.jobs.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every configurable command takes. */
final class CommonOptions {
  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "override one configuration key (repeatable; last one wins; values are HOCON)")
  List<String> sets = new ArrayList<>();

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master (local[N], spark://host:7077, yarn, k8s://...); a spark-submit option the launcher"
          + " passes on; here it sets spark.master")
  String master;

  @Option(names = {"-v", "--verbose"}, description = "print stack traces of errors")
  boolean verbose;

  /** The {@code --set}s, with {@code --master} as {@code spark.master} last. */
  List<String> overrides() {
    List<String> all = new ArrayList<>(sets);
    if (master != null) {
      all.add("spark.master=\"" + master + "\"");
    }
    return all;
  }
}
