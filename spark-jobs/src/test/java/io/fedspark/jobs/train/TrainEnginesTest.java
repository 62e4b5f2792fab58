package io.fedspark.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.provenance.BuildInfo;
import org.junit.jupiter.api.Test;

/** The registry of engines in each Spark line's build: DL4J in the Spark 3.5 build, refused with its build elsewhere. */
class TrainEnginesTest {
  private static final boolean SPARK_35 = BuildInfo.sparkLine().equals("3.5");

  @Test
  void theBuildKnowsItsLine() {
    assertEquals(SPARK_35 ? "2.12" : "2.13", BuildInfo.scalaBinaryVersion());
    assertTrue(BuildInfo.sparkBuild().startsWith("Spark " + (SPARK_35 ? "3.5." : "4.")), BuildInfo.sparkBuild());
    assertTrue(scala.util.Properties.versionNumberString().startsWith(BuildInfo.scalaBinaryVersion() + "."),
        "the Scala on the classpath is the build's: " + scala.util.Properties.versionNumberString());
  }

  @Test
  void nativeIsInEveryBuild() {
    assertTrue(TrainEngines.available(TrainOptions.Engine.NATIVE));
  }

  @Test
  void dl4jIsFoundInTheSpark35BuildAndRefusedWithItsBuildElsewhere() {
    assertEquals(SPARK_35, TrainEngines.available(TrainOptions.Engine.DL4J));
    if (SPARK_35) {
      assertEquals(TrainOptions.Engine.DL4J, TrainEngines.require(TrainOptions.Engine.DL4J).engine());
    } else {
      var e = assertThrows(InvalidConfigException.class, () -> TrainEngines.require(TrainOptions.Engine.DL4J));
      assertEquals("train.engine = dl4j is available in the Spark 3.5 build only (this is the Spark 4 build: "
          + BuildInfo.sparkBuild() + "); expected native here, or use the Spark 3.5 build (the default: mvn package"
          + " without -Pspark4)", e.getMessage());
    }
  }
}
