package io.fedspark.jobs.testing;

import io.fedspark.jobs.SparkSessions;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One SparkSession per test class (local[2] unless {@link SparkMaster} says otherwise), started
 * before the first test and stopped after the last, with fedspark's required settings (Kryo,
 * registration required, our registrator). Test methods and constructors receive the session or
 * its {@link JavaSparkContext} as parameters.
 */
public final class SparkSessionExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SparkSessionExtension.class);
  private static final String KEY = "session";

  @Override
  public void beforeAll(ExtensionContext context) {
    SparkMaster m = context.getRequiredTestClass().getAnnotation(SparkMaster.class);
    String master = m == null ? "local[2]" : m.value();
    SparkConf conf =
        SparkSessions.applyRequired(new SparkConf())
            .setMaster(master)
            .setAppName(context.getRequiredTestClass().getSimpleName())
            .set("spark.ui.enabled", "false")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1")
            .set("spark.sql.shuffle.partitions", "4")
            .set("spark.task.maxFailures", "4");
    SparkSession session = SparkSession.builder().config(conf).getOrCreate();
    context.getStore(NS).put(KEY, session);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    SparkSession s = context.getStore(NS).remove(KEY, SparkSession.class);
    if (s != null) {
      s.stop();
    }
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  @Override
  public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
    Class<?> t = pc.getParameter().getType();
    return t == SparkSession.class || t == JavaSparkContext.class;
  }

  @Override
  public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
    SparkSession s = ec.getStore(NS).get(KEY, SparkSession.class);
    if (s == null) {
      s = ec.getParent().map(p -> p.getStore(NS).get(KEY, SparkSession.class)).orElseThrow();
    }
    return pc.getParameter().getType() == SparkSession.class
        ? s
        : JavaSparkContext.fromSparkContext(s.sparkContext());
  }
}
