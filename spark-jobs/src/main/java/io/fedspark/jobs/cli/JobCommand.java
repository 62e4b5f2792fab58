package io.fedspark.jobs.cli;

import com.typesafe.config.ConfigRenderOptions;
import io.fedspark.jobs.Job;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.JobKind;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.federate.DemoJob;
import io.fedspark.jobs.io.RunConfiguration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
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
 * {@code --set}s; with {@code --resume DIR}, the run's recorded configuration in place of the
 * defaults), validates it, and runs the job.
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
    JobConfig cfg = resume != null ? resumedConfiguration()
        : kind == JobKind.DEMO ? DemoJob.configure(config, common.overrides())
        : ConfigLoader.withShippedDefaults().load(config, common.overrides());
    kind.validate(cfg);
    kind.job().run(new JobContext(kind.configName(), arguments, cfg, resume));
    return 0;
  }

  /**
   * The configuration of {@code --resume DIR}: the one the run recorded
   * ({@link RunConfiguration}), with this command's file and {@code --set}s on top; refused, naming
   * the keys, if they change a setting of the result. A run that recorded none (made by an older
   * version) takes this command's configuration, and its checkpoint's fingerprint decides.
   */
  private JobConfig resumedConfiguration() {
    ConfigLoader loader = ConfigLoader.withShippedDefaults();
    Optional<String> recorded = RunConfiguration.read(resume, new Configuration());
    if (recorded.isEmpty()) {
      return loader.load(config, common.overrides());
    }
    String origin = resume + "/" + RunConfiguration.FILE;
    JobConfig run = loader.loadOver(recorded.get(), origin, null, List.of());
    JobConfig given = loader.loadOver(recorded.get(), origin, config, common.overrides());
    List<String> changed = changedSettings(run, given, kind.job());
    if (!changed.isEmpty()) {
      throw new UserInputException("--resume " + resume + ": this command changes " + changed.size()
          + (changed.size() == 1 ? " setting" : " settings") + " the run was made with: " + String.join(", ", changed)
          + "; resume with --resume " + resume + " alone (the run's configuration is recorded) or start a new run");
    }
    return given;
  }

  /** "key (run: a, given: b)" for each key of the result whose value differs, sorted. */
  static List<String> changedSettings(JobConfig run, JobConfig given, Job job) {
    Map<String, String> a = values(run, job);
    Map<String, String> b = values(given, job);
    Set<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    List<String> out = new ArrayList<>();
    for (String k : keys) {
      if (!Objects.equals(a.get(k), b.get(k))) {
        out.add(k + " (run: " + a.getOrDefault(k, "unset") + ", given: " + b.getOrDefault(k, "unset") + ")");
      }
    }
    return out;
  }

  private static Map<String, String> values(JobConfig cfg, Job job) {
    Map<String, String> out = new TreeMap<>();
    for (var e : cfg.typesafe().entrySet()) {
      if (job.determinesTheResult(e.getKey())) {
        out.put(e.getKey(), e.getValue().render(ConfigRenderOptions.concise()));
      }
    }
    return out;
  }
}
