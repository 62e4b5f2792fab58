package io.fedspark.jobs.cli;

import io.fedspark.federated.config.Setting;
import io.fedspark.jobs.config.ConfigSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code fedspark config [PREFIX]}: every configuration key with its default and allowed values. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "list every configuration key (or those under PREFIX) with its default and what it accepts")
final class ConfigCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "PREFIX", description = "e.g. federate.strategy")
  String prefix = "";

  @Override
  public Integer call() {
    for (Setting<?> s : ConfigSchema.settings().values()) {
      if (s.key().startsWith(prefix)) {
        System.out.println(s.key() + " = " + s.defaultValue() + "    (" + s.expected() + ")");
      }
    }
    return 0;
  }
}
