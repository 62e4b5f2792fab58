package io.fedspark.jobs.config;

import io.fedspark.federated.config.InvalidConfigException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.fedspark.jobs.data.DataSourceOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads a job configuration: the defaults shipped in the jar ({@code conf/defaults.conf}), then the
 * user's HOCON file, then {@code --set key=value} overrides, last one wins. Every key given by the
 * user must exist in the defaults and have a compatible type; an unknown key fails with the closest
 * known key suggested.
 */
public final class ConfigLoader {
  /** Classpath location of the defaults (copied from conf/defaults.conf by the build). */
  public static final String DEFAULTS_RESOURCE = "io/fedspark/conf/defaults.conf";

  private final Config defaults;

  private ConfigLoader(Config defaults) {
    this.defaults = defaults;
  }

  /** A loader over the defaults shipped in the jar. */
  public static ConfigLoader withShippedDefaults() {
    var in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE);
    if (in == null) {
      throw new IllegalStateException("defaults missing from the classpath: " + DEFAULTS_RESOURCE);
    }
    try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return new ConfigLoader(
          ConfigFactory.parseReader(r, ConfigParseOptions.defaults().setOriginDescription("defaults.conf")));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEFAULTS_RESOURCE, e);
    }
  }

  /**
   * @param file the user's config file, or null for defaults only
   * @param overrides {@code key=value} strings; the value is parsed as HOCON (numbers, booleans,
   *     quoted or unquoted strings, lists)
   */
  public JobConfig load(Path file, List<String> overrides) {
    return load(ConfigFactory.empty(), file, overrides);
  }

  /**
   * As {@link #load(Path, List)} over a run's recorded configuration instead of the bare defaults
   * ({@code --resume DIR}: {@link io.fedspark.jobs.io.RunConfiguration}).
   *
   * @param recordedJson the configuration a run was made with (compact JSON, every key)
   * @param origin where it comes from, for messages
   */
  public JobConfig loadOver(String recordedJson, String origin, Path file, List<String> overrides) {
    Config recorded;
    try {
      recorded = ConfigFactory.parseString(recordedJson,
          ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON).setOriginDescription(origin));
    } catch (ConfigException e) {
      throw new InvalidConfigException(origin + ": not a recorded configuration (" + e.getMessage() + ")");
    }
    return load(recorded, file, overrides);
  }

  private JobConfig load(Config base, Path file, List<String> overrides) {
    Config user = ConfigFactory.empty();
    if (file != null) {
      user = parseFile(file);
    }
    Config sets = ConfigFactory.empty();
    for (String o : overrides) {
      int eq = o.indexOf('=');
      if (eq <= 0) {
        throw new InvalidConfigException("--set " + o + ": expected key=value");
      }
      String key = o.substring(0, eq).trim();
      String value = o.substring(eq + 1);
      Config one;
      try {
        one =
            ConfigFactory.parseString(
                quoteKey(key) + " = " + (value.isBlank() ? "\"\"" : value),
                ConfigParseOptions.defaults()
                    .setSyntax(ConfigSyntax.CONF)
                    .setOriginDescription("--set " + key));
      } catch (ConfigException e) {
        // Not valid HOCON as written (e.g. contains ':' or '/'): take it as a plain string.
        one = ConfigFactory.parseMap(Map.of(key, value), "--set " + key);
      }
      sets = one.withFallback(sets);
    }
    Config userAll = sets.withFallback(user).withFallback(base);
    Config merged;
    Config given;
    try {
      merged = userAll.withFallback(defaults).resolve();
      given = userAll.resolve();
    } catch (ConfigException e) {
      throw new InvalidConfigException("configuration: " + oneLine(e.getMessage()));
    }
    checkKeys(given, merged);
    return new JobConfig(merged);
  }

  /**
   * The user's file: a missing file, a directory, an unreadable file, a syntax error or a missing
   * {@code include required(...)} is named with the file (and line) on one line.
   */
  private static Config parseFile(Path file) {
    if (Files.isDirectory(file)) {
      throw new InvalidConfigException("config file " + file + ": is a directory, expected a HOCON file");
    }
    if (!Files.exists(file)) {
      throw new InvalidConfigException("config file " + file + ": no such file");
    }
    if (!Files.isReadable(file)) {
      throw new InvalidConfigException("config file " + file + ": cannot be read (permission denied)");
    }
    try {
      return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      // Parse (syntax), IO (an include required(...) that is missing), BugOrBroken...
      throw new InvalidConfigException("config file " + file + ": " + oneLine(e.getMessage()));
    }
  }

  private static String oneLine(String m) {
    return m == null ? "" : m.replaceAll("\\s*\\R\\s*", " ");
  }

  private void checkKeys(Config user, Config merged) {
    Set<String> known = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : defaults.entrySet()) {
      known.add(e.getKey());
    }
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
      String key = e.getKey();
      if (SparkOptions.isPassThrough(key) && !known.contains(key)) {
        continue; // Spark validates its own settings
      }
      if (key.startsWith(DataSourceOptions.OPTIONS.key() + ".")) {
        continue; // the table reader's own options
      }
      if (!known.contains(key)) {
        String where = describe(e.getValue());
        String hint =
            KeySuggester.closest(key, known).map(k -> "; did you mean '" + k + "'?").orElse("; see conf/defaults.conf for every key");
        problems.add("unknown configuration key '" + key + "'" + where + hint);
        continue;
      }
      ConfigValue def = defaults.getValue(key);
      ConfigValue given = e.getValue();
      if (!compatible(def, given)) {
        problems.add(
            key + " = " + given.render() + describe(given) + ": expected "
                + def.valueType().name().toLowerCase() + " like the default " + def.render());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(String.join("; ", problems));
    }
  }

  private static boolean compatible(ConfigValue def, ConfigValue given) {
    return switch (def.valueType()) {
      case NUMBER -> given.valueType() == com.typesafe.config.ConfigValueType.NUMBER
          || (given.valueType() == com.typesafe.config.ConfigValueType.STRING && isNumber(given.unwrapped()));
      case BOOLEAN -> given.valueType() == com.typesafe.config.ConfigValueType.BOOLEAN
          || (given.valueType() == com.typesafe.config.ConfigValueType.STRING
              && Set.of("true", "false", "yes", "no", "on", "off").contains(String.valueOf(given.unwrapped())));
      case STRING -> given.valueType() != com.typesafe.config.ConfigValueType.OBJECT
          && given.valueType() != com.typesafe.config.ConfigValueType.LIST;
      case LIST -> given.valueType() == com.typesafe.config.ConfigValueType.LIST
          || given.valueType() == com.typesafe.config.ConfigValueType.STRING;
      default -> def.valueType() == given.valueType();
    };
  }

  private static boolean isNumber(Object o) {
    try {
      Double.parseDouble(String.valueOf(o));
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String describe(ConfigValue v) {
    var o = v.origin();
    if (o == null) {
      return "";
    }
    if (o.filename() != null) {
      return " (" + o.filename() + ":" + o.lineNumber() + ")";
    }
    return " (" + o.description() + ")";
  }

  private static String quoteKey(String key) {
    // Path expressions: quote each element so odd characters survive; dots stay separators.
    StringBuilder sb = new StringBuilder();
    for (String part : key.split("\\.", -1)) {
      if (sb.length() > 0) {
        sb.append('.');
      }
      sb.append('"').append(part.replace("\"", "\\\"")).append('"');
    }
    return sb.toString();
  }
}
