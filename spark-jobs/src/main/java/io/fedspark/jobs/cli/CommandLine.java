package io.fedspark.jobs.cli;

import io.fedspark.federated.config.InvalidConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parsed arguments of {@code fedspark COMMAND [ARGS...] [CONFIG] [--set key=value ...] [--verbose]}.
 * {@code --master} is consumed by the launcher (it is a spark-submit option); if it reaches the
 * main class it is applied as {@code spark.master}.
 */
public record CommandLine(
    String command,
    List<String> positional,
    Path configFile,
    List<String> overrides,
    boolean verbose,
    String resume,
    List<String> raw) {

  public static CommandLine parse(String[] args) {
    List<String> raw = List.of(args);
    String command = null;
    List<String> positional = new ArrayList<>();
    List<String> overrides = new ArrayList<>();
    boolean verbose = false;
    String resume = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--set" -> {
          if (i + 1 >= args.length) {
            throw new InvalidConfigException("--set needs key=value");
          }
          overrides.add(args[++i]);
        }
        case "--master" -> {
          if (i + 1 >= args.length) {
            throw new InvalidConfigException("--master needs a URL such as local[2] or spark://host:7077");
          }
          overrides.add("spark.master=\"" + args[++i] + "\"");
        }
        case "--verbose", "-v" -> verbose = true;
        case "--resume" -> {
          if (i + 1 >= args.length) {
            throw new InvalidConfigException("--resume needs the run directory to continue");
          }
          resume = args[++i];
        }
        case "--help", "-h" -> positional.add(0, "help");
        default -> {
          if (a.startsWith("--set=")) {
            overrides.add(a.substring("--set=".length()));
          } else if (a.startsWith("--") && "sweep".equals(command)) {
            positional.add(a); // sweep compare's own options (--baseline, --store)
          } else if (a.startsWith("--")) {
            throw new InvalidConfigException("unknown option " + a + " (options: --set key=value, --master URL, --resume DIR, --verbose)");
          } else if (command == null) {
            command = a;
          } else {
            positional.add(a);
          }
        }
      }
    }
    if (command == null || positional.contains("help")) {
      command = command == null ? "help" : command;
    }
    Path config = null;
    List<String> rest = new ArrayList<>();
    for (String p : positional) {
      if (config == null && (p.endsWith(".conf") || p.endsWith(".json") || p.endsWith(".properties"))) {
        config = Path.of(p);
      } else {
        rest.add(p);
      }
    }
    return new CommandLine(command, List.copyOf(rest), config, List.copyOf(overrides), verbose, resume, raw);
  }
}
