package io.fedspark.jobs.train;

import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.provenance.BuildInfo;
import java.util.EnumMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The training engines of this build: {@code native} always, the others ({@link TrainEngine}) when
 * this build contains them. Asking for an engine the build lacks is a configuration error that says
 * which build has it, e.g. "train.engine = dl4j is available in the Spark 3.5 build only (this is
 * the Spark 4 build: Spark 4.2.0 / Scala 2.13); expected native here, ...".
 */
public final class TrainEngines {
  /** The Spark line whose build contains each optional engine (DL4J's Spark engine: Spark 3 / Scala 2.12 only). */
  private static final Map<TrainOptions.Engine, String> LINES = Map.of(TrainOptions.Engine.DL4J, "3.5");
  private static final Map<TrainOptions.Engine, TrainEngine> FOUND = find();

  private TrainEngines() {}

  /** Whether this build can train with {@code engine}. */
  public static boolean available(TrainOptions.Engine engine) {
    return engine == TrainOptions.Engine.NATIVE || FOUND.containsKey(engine);
  }

  /**
   * The optional engine {@code engine} of this build.
   *
   * @throws InvalidConfigException when this build does not contain it, naming the build that does
   */
  static TrainEngine require(TrainOptions.Engine engine) {
    TrainEngine e = FOUND.get(engine);
    if (e == null) {
      String line = LINES.getOrDefault(engine, "?");
      throw new InvalidConfigException(TrainOptions.ENGINE.key() + " = " + engine.configName() + " is available in the"
          + " Spark " + line + " build only (this is the Spark " + BuildInfo.sparkLine() + " build: " + BuildInfo.sparkBuild()
          + "); expected " + TrainOptions.Engine.NATIVE.configName() + " here, or use the Spark " + line + " build"
          + " (the default: mvn package without -Pspark4)");
    }
    return e;
  }

  private static Map<TrainOptions.Engine, TrainEngine> find() {
    Map<TrainOptions.Engine, TrainEngine> engines = new EnumMap<>(TrainOptions.Engine.class);
    for (TrainEngine e : ServiceLoader.load(TrainEngine.class, TrainEngine.class.getClassLoader())) {
      engines.put(e.engine(), e);
    }
    return engines;
  }
}
