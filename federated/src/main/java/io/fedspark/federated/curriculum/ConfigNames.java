package io.fedspark.federated.curriculum;

import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * Reads the configuration spelling of a closed choice (an enum constant's config name) back to
 * the constant, with an error that names the key, the value and the accepted spellings.
 */
public final class ConfigNames {
  private ConfigNames() {}

  public static <E extends Enum<E>> E parse(E[] values, Function<E, String> name, String text, String key) {
    if (text != null) {
      String t = text.trim().toLowerCase(Locale.ROOT);
      for (E e : values) {
        if (name.apply(e).equals(t)) {
          return e;
        }
      }
    }
    StringJoiner accepted = new StringJoiner(", ");
    for (E e : values) {
      accepted.add(name.apply(e));
    }
    throw new IllegalArgumentException(key + " is '" + text + "', expected one of " + accepted);
  }
}
