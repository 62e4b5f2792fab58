package io.fedspark.jobs.cli;

import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.JobKind;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.federate.DemoJob;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The subcommand of one {@link JobKind}: {@code fedspark <job> [CONFIG] [--set KEY=VALUE ...]
 * [--resume DIR] [--master URL] [--verbose]}. Loads the configuration (defaults, the file, the
 * {@code --set}s), validates it, and runs the job.
 */
@Command(mixinStandardHelpOptions = true, sortOptions = false,
    footer = "%nEvery key and its default: conf/defaults.conf (or 'fedspark config').")
final class JobCommand implements Callable<Integer> {
  private final JobKind kind;
  private final List<String> arguments;

  @Parameters(arity = "0..1", paramLabel = "CONFIG", description = "a HOCON file of keys to override")
  Path config;

  @Option(names = "--resume", paramLabel = "DIR", description = "continue the run in DIR from its last checkpoint")
  String resume;

  @Mixin
  CommonOptions common;

  JobCommand(JobKind kind, List<String> arguments) {
    this.kind = kind;
    this.arguments = List.copyOf(arguments);
  }

  @Override
  public Integer call() {
    JobConfig cfg = kind == JobKind.DEMO ? DemoJob.configure(config, common.overrides())
        : ConfigLoader.withShippedDefaults().load(config, common.overrides());
    kind.validate(cfg);
    kind.job().run(new JobContext(kind.configName(), arguments, cfg, resume));
    return 0;
  }
}
