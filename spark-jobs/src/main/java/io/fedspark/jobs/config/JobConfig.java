package io.fedspark.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A resolved, key-checked job configuration with typed accessors. Every accessor validates the value
 * and throws {@link InvalidConfigException} naming the key, the value, the allowed range and the
 * file and line it came from.
 */
public final class JobConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  private final transient Config config;
  private final String rendered;

  JobConfig(Config config) {
    this.config = config;
    this.rendered = config.root().render(ConfigRenderOptions.concise());
  }

  /** The whole resolved configuration as compact JSON (for provenance). */
  public String toJson() {
    return rendered;
  }

  /** The underlying Typesafe config, resolved. */
  public Config raw() {
    return config;
  }

  public String string(String key) {
    try {
      return config.getString(key);
    } catch (ConfigException.WrongType e) {
      throw InvalidConfigException.of(key, valueOf(key), "a string", origin(key));
    }
  }

  public boolean bool(String key) {
    try {
      return config.getBoolean(key);
    } catch (ConfigException.WrongType e) {
      throw InvalidConfigException.of(key, valueOf(key), "true or false", origin(key));
    }
  }

  public int integer(String key, int min, int max) {
    int v;
    try {
      v = config.getInt(key);
    } catch (ConfigException.WrongType e) {
      throw InvalidConfigException.of(key, valueOf(key), range("an integer", min, max), origin(key));
    }
    if (v < min || v > max) {
      throw InvalidConfigException.of(key, v, range("an integer", min, max), origin(key));
    }
    return v;
  }

  public long longValue(String key) {
    try {
      return config.getLong(key);
    } catch (ConfigException.WrongType e) {
      throw InvalidConfigException.of(key, valueOf(key), "a 64-bit integer", origin(key));
    }
  }

  /** A finite number in [min, max]. */
  public double number(String key, double min, double max) {
    double v;
    try {
      v = config.getDouble(key);
    } catch (ConfigException.WrongType e) {
      throw InvalidConfigException.of(key, valueOf(key), range("a number", min, max), origin(key));
    }
    if (!Double.isFinite(v) || v < min || v > max) {
      throw InvalidConfigException.of(key, v, range("a number", min, max), origin(key));
    }
    return v;
  }

  /** A closed choice: the config spelling is lower case with '-' for '_' (e.g. fashion-mnist). */
  public <E extends Enum<E>> E choice(String key, Class<E> type) {
    String s = string(key);
    String normal = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(normal)) {
        return e;
      }
    }
    String allowed =
        Arrays.stream(type.getEnumConstants())
            .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .collect(Collectors.joining(" | "));
    throw InvalidConfigException.of(key, s, "one of " + allowed, origin(key));
  }

  /** Re-raises a domain parse error (e.g. a model spec) as a config error naming the key. */
  public InvalidConfigException invalid(String key, String expected) {
    return InvalidConfigException.of(key, valueOf(key), expected, origin(key));
  }

  private Object valueOf(String key) {
    ConfigValue v = config.getValue(key);
    return v.unwrapped();
  }

  private String origin(String key) {
    if (!config.hasPath(key)) {
      return null;
    }
    var o = config.getValue(key).origin();
    if (o.filename() != null) {
      return o.filename() + ":" + o.lineNumber();
    }
    return o.description();
  }

  private static String range(String kind, double min, double max) {
    boolean hasMin = min > -Double.MAX_VALUE && min != Integer.MIN_VALUE;
    boolean hasMax = max < Double.MAX_VALUE && max != Integer.MAX_VALUE;
    String lo = fmt(min);
    String hi = fmt(max);
    if (hasMin && hasMax) {
      return kind + " in [" + lo + ", " + hi + "]";
    }
    if (hasMin) {
      return kind + " >= " + lo;
    }
    if (hasMax) {
      return kind + " <= " + hi;
    }
    return kind;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
