package io.fedspark.ml;

import com.typesafe.config.ConfigUtil;
import io.fedspark.federated.config.Setting;
import io.fedspark.math.Choice;
import java.io.Serializable;
import java.util.Locale;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import scala.runtime.AbstractFunction1;

/**
 * A Spark ML {@link Param} that stands for one configuration key: its name is the key's camel case
 * ({@code federate.partition.scheme} under the prefix {@code federate.} is {@code partitionScheme}),
 * its doc names the key and what the key accepts, its default is the key's {@link Setting} default
 * (the value {@code conf/defaults.conf} holds, a test checks both), and setting a value checks it
 * through that Setting, so a bad value fails with the configuration's own message
 * ({@code "federate.rounds = 0: expected an integer >= 1"}). Integer, 64-bit, number and boolean
 * keys become {@link IntParam}, {@link LongParam}, {@link DoubleParam} and {@link BooleanParam};
 * every other key (choices, model specs, schedules, column names) a {@code Param<String>} holding
 * the text the configuration takes ({@code "fedprox"}, {@code "mlp:64-32-10"}).
 */
public final class SettingParam implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Setting<?> setting;
  private final Param<?> param;
  private final Object defaultValue;

  private SettingParam(Setting<?> setting, Param<?> param, Object defaultValue) {
    this.setting = setting;
    this.param = param;
    this.defaultValue = defaultValue;
  }

  /** The Param named {@code name} of the stage {@code parentUid} for {@code setting}. */
  static SettingParam of(String parentUid, String name, Setting<?> setting) {
    Object d = setting.defaultValue();
    String shown = text(d).isEmpty() ? "\"\"" : text(d);
    String doc = setting.key() + ": " + setting.expected() + " (default " + shown + ")";
    Check<Object> check = new Check<>(setting);
    if (d instanceof Integer) {
      return new SettingParam(setting, new IntParam(parentUid, name, doc, check), d);
    }
    if (d instanceof Long) {
      return new SettingParam(setting, new LongParam(parentUid, name, doc, check), d);
    }
    if (d instanceof Double) {
      return new SettingParam(setting, new DoubleParam(parentUid, name, doc, check), d);
    }
    if (d instanceof Boolean) {
      return new SettingParam(setting, new BooleanParam(parentUid, name, doc), d);
    }
    if (d instanceof java.util.Collection<?> || d instanceof java.util.Map<?, ?>) {
      throw new IllegalStateException(setting.key() + " holds a list or block: not a Spark ML Param");
    }
    return new SettingParam(setting, new Param<String>(parentUid, name, doc, new Check<String>(setting)), text(d));
  }

  /**
   * The camel-case Param name of {@code key} under {@code prefix}: the words between dots and
   * dashes, each after the first capitalised ({@code client.learning-rate} is {@code clientLearningRate}).
   */
  static String nameOf(String key, String prefix) {
    if (!key.startsWith(prefix)) {
      throw new IllegalArgumentException(key + " is not under " + prefix);
    }
    String[] words = key.substring(prefix.length()).split("[.-]");
    StringBuilder sb = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      sb.append(words[i].substring(0, 1).toUpperCase(Locale.ROOT)).append(words[i].substring(1));
    }
    return sb.toString();
  }

  /** The configuration key. */
  public Setting<?> setting() {
    return setting;
  }

  /** The Spark ML Param. */
  public Param<?> param() {
    return param;
  }

  /** The default in the Param's type: the Setting's default (as its configuration text for strings). */
  Object defaultValue() {
    return defaultValue;
  }

  /** {@code key=value} for the configuration loader ({@code --set}'s syntax), {@code value} in the Param's type. */
  String override(Object value) {
    String v = value instanceof String s ? ConfigUtil.quoteString(s) : String.valueOf(value);
    return setting.key() + "=" + v;
  }

  /** The configuration text of a Setting value: a choice's name, else its string form. */
  static String text(Object value) {
    return value instanceof Choice c ? c.configName() : String.valueOf(value);
  }

  /** Spark's {@code isValid}: the Setting parses the value or throws its own message. */
  private static final class Check<T> extends AbstractFunction1<T, Object> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Setting<?> setting;

    Check(Setting<?> setting) {
      this.setting = setting;
    }

    @Override
    public Object apply(T value) {
      setting.parse(value);
      return Boolean.TRUE;
    }
  }
}
