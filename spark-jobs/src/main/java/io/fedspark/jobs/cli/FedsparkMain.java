package io.fedspark.jobs.cli;

import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.federated.data.DatasetFetchException;
import io.fedspark.federated.data.DatasetFormatException;
import io.fedspark.jobs.JobKind;
import io.fedspark.jobs.provenance.BuildInfo;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The entry point behind {@code deploy/bin/fedspark} and {@code spark-submit --class}: a picocli
 * command line with one subcommand per {@link JobKind}, the saved models' commands (predict,
 * export) and the tools (experiment, sweep, bench, data, config, version, completion). Errors are
 * printed for people, one line, no stack trace unless
 * {@code --verbose}; the exit code is 2 for bad input (arguments, configuration, data), 1 for
 * anything else.
 */
@Command(name = "fedspark", mixinStandardHelpOptions = true, versionProvider = FedsparkMain.Version.class,
    description = "Data-parallel training and simulated federated learning on Apache Spark.",
    footer = {"", "Every configuration key and its default: conf/defaults.conf, or 'fedspark config'.",
        "Run 'fedspark COMMAND --help' for a command's options."},
    subcommands = CommandLine.HelpCommand.class)
public final class FedsparkMain {
  private FedsparkMain() {}

  public static void main(String[] args) {
    Interruption.install(System.err);
    int code = run(args, Interruption.gated(System.out), System.err);
    Interruption.finish();
    // always exit explicitly: a library's non-daemon thread (such as the java.util.Timer of Spark's
    // BarrierTaskContext object, which fedspark's barrier tasks take care not to start) must not keep
    // the JVM alive after the command
    System.exit(code);
  }

  /** Runs one command; returns the process exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    boolean verbose = List.of(args).contains("--verbose") || List.of(args).contains("-v");
    // Commands print to System.out; set it first, as picocli's execution strategy captures it.
    PrintStream stdout = System.out;
    System.setOut(out);
    CommandLine cl = commandLine(List.of(args));
    PrintWriter outWriter = new PrintWriter(out, true);
    PrintWriter errWriter = new PrintWriter(err, true);
    cl.setOut(outWriter);
    cl.setErr(errWriter);
    cl.setParameterExceptionHandler((e, a) -> {
      String suggestions = "";
      if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
        suggestions = "; did you mean: " + String.join(", ", u.getSuggestions());
      }
      err.println("fedspark: error: " + FailureMessage.oneLine(e.getMessage()) + suggestions + " (see 'fedspark "
          + commandPath(e.getCommandLine()) + "--help')");
      return 2;
    });
    cl.setExecutionExceptionHandler((e, c, r) -> report(e, verbose, err));
    try {
      return cl.execute(args);
    } catch (Throwable e) { // an Error (FSError, OutOfMemoryError) passes picocli's handler
      return report(e, verbose, err);
    } finally {
      outWriter.flush();
      errWriter.flush();
      System.setOut(stdout);
    }
  }

  /** The whole command tree (subcommands are built from {@link JobKind}). */
  static CommandLine commandLine(List<String> arguments) {
    CommandLine root = new CommandLine(new FedsparkMain());
    for (JobKind kind : JobKind.values()) {
      CommandLine sub = new CommandLine(new JobCommand(kind, arguments));
      CommandSpec spec = sub.getCommandSpec();
      spec.usageMessage().description(kind.summary());
      if (!kind.resumable()) {
        spec.remove(spec.findOption("--resume"));
      }
      root.addSubcommand(kind.configName(), sub);
    }
    root.addSubcommand(new PredictCommand(arguments));
    root.addSubcommand(new ExportCommand());
    root.addSubcommand(new ExperimentCommand(arguments));
    root.addSubcommand(new SweepCommand(arguments));
    root.addSubcommand(new BenchCommand());
    root.addSubcommand(new DataCommand());
    root.addSubcommand(new ConfigCommand());
    root.addSubcommand(new VersionCommand());
    root.addSubcommand("completion", new CommandLine(new Completion()));
    return root;
  }

  private static String commandPath(CommandLine c) {
    StringBuilder sb = new StringBuilder();
    for (CommandLine p = c; p != null && p.getParent() != null; p = p.getParent()) {
      sb.insert(0, p.getCommandName() + " ");
    }
    return sb.toString();
  }

  /**
   * The failure as one line for the user ({@link FailureMessage}); exit 2 if the cause is theirs to
   * fix, else 1. After an interruption (Ctrl-C) the one line is already printed: the failures of
   * the stopping session are not reported again.
   */
  static int report(Throwable e, boolean verbose, PrintStream err) {
    Throwable user = userError(e);
    if (Interruption.happened()) {
      if (verbose) {
        e.printStackTrace(err);
      }
      return user != null ? 2 : 1;
    }
    err.println("fedspark: error: " + FailureMessage.of(e, user));
    if (verbose) {
      e.printStackTrace(err);
    }
    return user != null ? 2 : 1;
  }

  /** The first cause that is the user's to fix (bad configuration, arguments or data), or null. */
  static Throwable userError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InvalidConfigException
          || t instanceof UserInputException
          || t instanceof io.fedspark.federated.engine.DivergenceException
          || t instanceof DatasetFormatException
          || t instanceof DatasetFetchException
          || t instanceof io.fedspark.jobs.data.BadDataException
          || t instanceof io.fedspark.ml.ModelDirectoryException
          || t instanceof FileNotFoundException) {
        return t;
      }
    }
    return null;
  }

  /** {@code fedspark --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"fedspark " + BuildInfo.version() + " (git " + BuildInfo.gitCommit() + ")"};
    }
  }

  /** {@code fedspark completion}: a bash/zsh completion script for the whole command tree. */
  @Command(name = "completion", mixinStandardHelpOptions = true,
      description = "print a bash/zsh completion script: source <(deploy/bin/fedspark completion)")
  static final class Completion implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      System.out.print(AutoComplete.bash("fedspark", spec.root().commandLine()));
      return 0;
    }
  }
}
