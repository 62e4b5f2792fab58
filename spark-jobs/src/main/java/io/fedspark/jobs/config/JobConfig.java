package io.fedspark.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import io.fedspark.federated.config.ConfigView;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * A resolved, key-checked job configuration: the {@link ConfigView} the command line hands the
 * options records, over Typesafe Config (defaults, the user's HOCON file, then {@code --set}).
 * Values keep their origin (file and line, or the {@code --set} that gave them), which every
 * error message names.
 */
public final class JobConfig implements ConfigView, Serializable {
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
  public Config typesafe() {
    return config;
  }

  @Override
  public Object raw(String key) {
    if (!config.hasPath(key)) {
      return null;
    }
    return config.getValue(key).unwrapped();
  }

  @Override
  public String origin(String key) {
    if (!config.hasPath(key)) {
      return null;
    }
    var o = config.getValue(key).origin();
    if (o.filename() != null) {
      return o.filename() + ":" + o.lineNumber();
    }
    // "--set federate.rounds: 1": the line of a one-line --set says nothing
    return o.description().replaceFirst(": \\d+$", "");
  }

  /** Every leaf key under {@code prefix} (e.g. {@code "spark"}) with its value as text, sorted. */
  public Map<String, String> leaves(String prefix) {
    Map<String, String> out = new TreeMap<>();
    if (!config.hasPath(prefix)) {
      return out;
    }
    for (Map.Entry<String, ConfigValue> e : config.getConfig(prefix).entrySet()) {
      Object v = e.getValue().unwrapped();
      out.put(prefix + "." + e.getKey(), String.valueOf(v));
    }
    return out;
  }
}
