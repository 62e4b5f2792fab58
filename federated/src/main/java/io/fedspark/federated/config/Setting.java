package io.fedspark.federated.config;

import io.fedspark.math.Choice;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One configuration key, declared once in the options record that owns it: its full key, its
 * default, its type and its allowed values. {@link #read} parses and checks a value from a
 * {@link ConfigView} (a missing key reads as the default); {@link #check} validates a value built
 * in code (the records' compact constructors call it), so both paths give the same message:
 * {@code "federate.rounds = 2.5 (my.conf:4): expected an integer >= 1"}.
 *
 * <p>Numbers are numbers: an integer setting rejects {@code 2.5} instead of truncating it, a
 * 64-bit setting rejects a value beyond {@code Long.MAX_VALUE} instead of clamping it, and a
 * number given as a quoted string is accepted only if it parses whole.
 *
 * @param <T> the value's type (Integer, Long, Double, Boolean, String, an enum, or a List)
 */
public final class Setting<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final T defaultValue;
  private final String expected;
  private final Parser<T> parser;
  private final Check<T> valid;

  /** Converts a raw value to T, or returns null when it has the wrong type. */
  @FunctionalInterface
  public interface Parser<T> extends Serializable {
    T parse(Object raw);
  }

  /** A serialisable predicate (settings travel inside Spark closures). */
  @FunctionalInterface
  public interface Check<T> extends Serializable, Predicate<T> {}

  private Setting(String key, T defaultValue, String expected, Parser<T> parser, Check<T> valid) {
    this(key, defaultValue, expected, parser, valid, true);
  }

  private Setting(String key, T defaultValue, String expected, Parser<T> parser, Check<T> valid, boolean checkDefault) {
    this.key = Objects.requireNonNull(key, "key");
    this.expected = expected;
    this.parser = parser;
    this.valid = valid;
    this.defaultValue = defaultValue;
    if (checkDefault && defaultValue != null && !valid.test(defaultValue)) {
      throw new IllegalStateException("the default of " + key + " (" + defaultValue + ") is not " + expected);
    }
  }

  /** The full key, e.g. {@code federate.partition.clients}. */
  public String key() {
    return key;
  }

  /** The default: the value {@code conf/defaults.conf} must hold for this key. */
  public T defaultValue() {
    return defaultValue;
  }

  /** What a valid value is, for messages and help ("an integer >= 1"). */
  public String expected() {
    return expected;
  }

  /** The value of this setting in {@code view} (the default when absent), parsed and checked. */
  public T read(ConfigView view) {
    Object raw = view.raw(key);
    if (raw == null) {
      return defaultValue;
    }
    T value;
    try {
      value = parser.parse(raw);
    } catch (IllegalArgumentException e) {
      throw InvalidConfigException.of(key, raw, expected + " (" + e.getMessage() + ")", view.origin(key));
    }
    if (value == null || !valid.test(value)) {
      throw InvalidConfigException.of(key, raw, expected, view.origin(key));
    }
    return value;
  }

  /** Parses a value the way {@link #read} does (for Params given as text). */
  public T parse(Object raw) {
    return read(ConfigView.of(java.util.Map.of(key, raw)));
  }

  /** {@code value} if valid, else an {@link InvalidConfigException} naming this key. */
  public T check(T value) {
    if (value == null || !valid.test(value)) {
      throw InvalidConfigException.of(key, value, expected, null);
    }
    return value;
  }

  /** The same setting under another key and default (a block reused under several prefixes). */
  public Setting<T> at(String newKey, T newDefault) {
    return new Setting<>(newKey, newDefault, expected, parser, valid);
  }

  /** This setting with another default. */
  public Setting<T> withDefault(T newDefault) {
    return at(key, newDefault);
  }

  /**
   * This setting with a further condition, described by {@code expectedInstead}. The condition may
   * depend on other settings' values (e.g. a model's output size on a dimension key), so the
   * default is not required to meet it.
   */
  public Setting<T> where(Check<T> condition, String expectedInstead) {
    Check<T> both = v -> valid.test(v) && condition.test(v);
    return new Setting<>(key, defaultValue, expectedInstead, parser, both, false);
  }

  /** The key, so that a setting reads as its key in messages ("lower " + LEARNING_RATE). */
  @Override
  public String toString() {
    return key;
  }

  /** "key (expected, default value)", for help. */
  public String describe() {
    return key + " (" + expected + ", default " + defaultValue + ")";
  }

  // ---------------------------------------------------------------- factories

  /** An integer (no fraction, no overflow) within {@code bounds}. */
  public static Setting<Integer> integer(String key, int defaultValue, Bounds bounds) {
    return new Setting<>(key, defaultValue, bounds.describe("an integer"), Setting::toInt, v -> bounds.contains(v));
  }

  /** An integer {@code >= min}. */
  public static Setting<Integer> integer(String key, int defaultValue, int min) {
    return integer(key, defaultValue, Bounds.atLeast(min));
  }

  /** Any 64-bit integer (no fraction, nothing beyond the long range). */
  public static Setting<Long> longInteger(String key, long defaultValue) {
    return new Setting<>(key, defaultValue, "a 64-bit integer", Setting::toLong, v -> true);
  }

  /** A finite number within {@code bounds}. */
  public static Setting<Double> number(String key, double defaultValue, Bounds bounds) {
    return new Setting<>(key, defaultValue, bounds.describe("a finite number"), Setting::toDouble,
        v -> Double.isFinite(v) && bounds.contains(v));
  }

  /** true or false (also yes/no, on/off). */
  public static Setting<Boolean> bool(String key, boolean defaultValue) {
    return new Setting<>(key, defaultValue, "true or false", Setting::toBoolean, v -> true);
  }

  /** Any string (numbers and booleans are taken as their text). */
  public static Setting<String> string(String key, String defaultValue) {
    return new Setting<>(key, defaultValue, "a string", Setting::toText, v -> true);
  }

  /** One of an enum's constants, by {@link Choice#configName()}. */
  public static <E extends Enum<E> & Choice> Setting<E> choice(String key, Class<E> type, E defaultValue) {
    return new Setting<>(key, defaultValue, "one of " + Choice.allowed(type), raw -> parseChoice(type, raw), v -> true);
  }

  /** A value parsed from text by a domain parser, whose IllegalArgumentException explains a refusal. */
  public static <V> Setting<V> parsed(String key, V defaultValue, String expected, Function<String, V> parse) {
    Parser<V> p = raw -> {
      String s = toText(raw);
      return s == null ? null : parse.apply(s);
    };
    return new Setting<>(key, defaultValue, expected, p, v -> true);
  }

  /** A list of integers, each within {@code bounds}. */
  public static Setting<List<Integer>> integers(String key, List<Integer> defaultValue, Bounds bounds) {
    return list(key, defaultValue, "a list of " + plural(bounds.describe("an integer")), Setting::toInt,
        v -> bounds.contains(v));
  }

  /** A list of 64-bit integers. */
  public static Setting<List<Long>> longs(String key, List<Long> defaultValue) {
    return list(key, defaultValue, "a list of 64-bit integers", Setting::toLong, v -> true);
  }

  /** A list of finite numbers, each within {@code bounds}. */
  public static Setting<List<Double>> numbers(String key, List<Double> defaultValue, Bounds bounds) {
    return list(key, defaultValue, "a list of " + plural(bounds.describe("a finite number")), Setting::toDouble,
        v -> Double.isFinite(v) && bounds.contains(v));
  }

  /** A list of strings; a single string is a list of one. */
  public static Setting<List<String>> strings(String key, List<String> defaultValue) {
    Setting<List<String>> list = list(key, defaultValue, "a string or a list of strings", Setting::toText, v -> true);
    Parser<List<String>> either = raw -> raw instanceof String one ? List.of(one) : list.parser.parse(raw);
    return new Setting<>(key, list.defaultValue, list.expected, either, list.valid);
  }

  /**
   * A block of free-form string options ({@code key { a = 1, b = "x" }}), values as text; the
   * configuration loader lets any key under it through (they are another system's, e.g. a Spark
   * data source's options).
   */
  public static Setting<java.util.Map<String, String>> stringMap(String key, java.util.Map<String, String> defaultValue) {
    Parser<java.util.Map<String, String>> p = raw -> {
      if (!(raw instanceof java.util.Map<?, ?> m)) {
        return null;
      }
      java.util.Map<String, String> out = new java.util.TreeMap<>();
      return flatten("", m, out) ? java.util.Collections.unmodifiableMap(out) : null;
    };
    return new Setting<>(key, defaultValue == null ? null : java.util.Map.copyOf(defaultValue),
        "a block of options whose values are strings, numbers or booleans", p, v -> true);
  }

  /** Nested blocks as dotted keys ({@code a { b = 1 }} is {@code a.b = 1}); false on a value that is no text. */
  private static boolean flatten(String prefix, java.util.Map<?, ?> m, java.util.Map<String, String> out) {
    for (var e : m.entrySet()) {
      String k = prefix + e.getKey();
      if (e.getValue() instanceof java.util.Map<?, ?> inner) {
        if (!flatten(k + ".", inner, out)) {
          return false;
        }
        continue;
      }
      String v = toText(e.getValue());
      if (v == null) {
        return false;
      }
      out.put(k, v);
    }
    return true;
  }

  /** A list of values each parsed from text by a domain parser (its IllegalArgumentException explains a refusal). */
  public static <E> Setting<List<E>> parsedList(String key, List<E> defaultValue, String expected,
      Function<String, E> parse) {
    return list(key, defaultValue, expected, raw -> {
      String s = toText(raw);
      return s == null ? null : parse.apply(s);
    }, v -> true);
  }

  /** A list of an enum's constants. */
  public static <E extends Enum<E> & Choice> Setting<List<E>> choices(String key, Class<E> type, List<E> defaultValue) {
    return list(key, defaultValue, "a list of " + Choice.allowed(type), raw -> parseChoice(type, raw), v -> true);
  }

  /** This list setting, also requiring a non-empty list without repeats. */
  public static <E> Setting<List<E>> distinctNonEmpty(Setting<List<E>> s) {
    return s.where(v -> !v.isEmpty() && new LinkedHashSet<>(v).size() == v.size(),
        "a non-empty " + s.expected().replaceFirst("^a ", "") + " without repeats");
  }

  private static <E> Setting<List<E>> list(String key, List<E> defaultValue, String expected, Parser<E> element,
      Check<E> valid) {
    Parser<List<E>> p = raw -> {
      if (!(raw instanceof List<?> l)) {
        return null;
      }
      List<E> out = new ArrayList<>(l.size());
      for (Object o : l) {
        E e = element.parse(o);
        if (e == null) {
          return null;
        }
        out.add(e);
      }
      return List.copyOf(out);
    };
    return new Setting<>(key, defaultValue == null ? null : List.copyOf(defaultValue), expected, p,
        v -> v.stream().allMatch(valid));
  }

  private static String plural(String s) {
    return s.replaceFirst("^an? ", "").replaceFirst("^integer", "integers").replaceFirst("^finite number", "finite numbers");
  }

  // ---------------------------------------------------------------- strict conversions

  private static BigDecimal decimal(Object raw) {
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
      return BigDecimal.valueOf(((Number) raw).longValue());
    }
    if (raw instanceof Double || raw instanceof Float) {
      double d = ((Number) raw).doubleValue();
      return Double.isFinite(d) ? new BigDecimal(d) : null;
    }
    if (raw instanceof BigDecimal b) {
      return b;
    }
    if (raw instanceof String s) {
      try {
        return new BigDecimal(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  static Integer toInt(Object raw) {
    Long l = toLong(raw);
    return l == null || l < Integer.MIN_VALUE || l > Integer.MAX_VALUE ? null : (int) (long) l;
  }

  static Long toLong(Object raw) {
    BigDecimal d = decimal(raw);
    if (d == null) {
      return null;
    }
    try {
      return d.stripTrailingZeros().toBigIntegerExact().longValueExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  static Double toDouble(Object raw) {
    if (raw instanceof Number n) {
      return n.doubleValue();
    }
    if (raw instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static final Set<String> TRUE = Set.of("true", "yes", "on");
  private static final Set<String> FALSE = Set.of("false", "no", "off");

  static Boolean toBoolean(Object raw) {
    if (raw instanceof Boolean b) {
      return b;
    }
    if (raw instanceof String s) {
      String t = s.trim().toLowerCase(java.util.Locale.ROOT);
      return TRUE.contains(t) ? Boolean.TRUE : FALSE.contains(t) ? Boolean.FALSE : null;
    }
    return null;
  }

  static String toText(Object raw) {
    if (raw instanceof String s) {
      return s;
    }
    if (raw instanceof Number || raw instanceof Boolean) {
      return String.valueOf(raw);
    }
    return null;
  }

  private static <E extends Enum<E> & Choice> E parseChoice(Class<E> type, Object raw) {
    String s = toText(raw);
    if (s == null) {
      return null;
    }
    String t = s.trim().toLowerCase(java.util.Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (e.configName().equals(t)) {
        return e;
      }
    }
    return null;
  }
}
