package io.fedspark.ml;

import io.fedspark.federated.config.Setting;
import io.fedspark.jobs.config.ConfigSchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The Params of a stage that stand for configuration keys ({@link SettingParam}), by Param name:
 * every key of {@link ConfigSchema} under a job's prefix that applies to a fit (so a new
 * {@code federate.*} key is a Param of {@code FederatedClassifier} without further code), plus the
 * stage's named keys ({@code seed} is {@code run.seed}, ...). Turns the stage's values into the
 * {@code key=value} overrides the configuration loader takes, so that an estimator's fit reads the
 * same validated options records as the command line.
 */
final class SettingParams implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, SettingParam> byName = new LinkedHashMap<>();

  /**
   * @param prefix e.g. {@code "federate."}
   * @param applies which keys under the prefix become Params
   * @param named further Params by name (a column, the seed), in order
   */
  SettingParams(String parentUid, String prefix, Predicate<String> applies, Map<String, Setting<?>> named) {
    named.forEach((name, setting) -> add(SettingParam.of(parentUid, name, setting)));
    for (Setting<?> s : ConfigSchema.settings().values()) {
      if (s.key().startsWith(prefix) && applies.test(s.key())) {
        add(SettingParam.of(parentUid, SettingParam.nameOf(s.key(), prefix), s));
      }
    }
  }

  private void add(SettingParam p) {
    if (byName.put(p.param().name(), p) != null) {
      throw new IllegalStateException("two configuration keys give the Param name " + p.param().name());
    }
  }

  /** Every such Param, in order. */
  List<Param<?>> params() {
    List<Param<?>> out = new ArrayList<>();
    byName.values().forEach(p -> out.add(p.param()));
    return out;
  }

  /** The Param named {@code name}. */
  SettingParam byName(String name) {
    SettingParam p = byName.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no Param named " + name);
    }
    return p;
  }

  /** The Param of configuration key {@code key}, or null. */
  SettingParam byKey(String key) {
    for (SettingParam p : byName.values()) {
      if (p.setting().key().equals(key)) {
        return p;
      }
    }
    return null;
  }

  /** Gives every Param of {@code owner} its Setting's default. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  void setDefaults(Params owner) {
    for (SettingParam p : byName.values()) {
      owner.setDefault((Param) p.param(), p.defaultValue());
    }
  }

  /** {@code key=value} for every Param: its value in {@code owner}, set or default. */
  List<String> overrides(Params owner) {
    List<String> out = new ArrayList<>();
    for (SettingParam p : byName.values()) {
      out.add(p.override(owner.getOrDefault(p.param())));
    }
    return out;
  }
}
