package io.fedspark.ml;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.ml.param.Param;

/**
 * The Params of a Java stage: Spark ML lists a stage's Params by reflection over its public
 * methods that return one ({@code Params.params}), which misses Params made from configuration
 * keys at run time ({@link SettingParams}); a stage overrides {@code params()} with this union,
 * sorted by name as Spark's list is (names are unique).
 */
final class ParamList {
  private ParamList() {}

  /** {@code inherited} and {@code own} by name (own wins), without nulls, sorted by name. */
  static Param<?>[] with(Param<?>[] inherited, Param<?>... own) {
    Map<String, Param<?>> byName = new TreeMap<>();
    Arrays.stream(inherited).filter(Objects::nonNull).forEach(p -> byName.put(p.name(), p));
    Arrays.stream(own).filter(Objects::nonNull).forEach(p -> byName.put(p.name(), p));
    return byName.values().stream().sorted(Comparator.comparing(Param::name)).toArray(Param<?>[]::new);
  }
}
