package io.fedspark.jobs.sweep;

import io.fedspark.jobs.cli.UserInputException;
import io.fedspark.jobs.io.HadoopFiles;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code fedspark sweep ...}:
 *
 * <pre>
 * fedspark sweep SWEEP.conf [--set key=value ...]                       run (or resume) a sweep
 * fedspark sweep compare [SWEEP.conf | --store PATH] --baseline ID|latest [ID]
 * </pre>
 *
 * Exit codes: run: 0 if every run succeeded, 1 if any failed; compare: 0 if no tracked metric
 * regressed beyond its tolerance (or, with {@code --baseline latest}, there is no earlier sweep of
 * the name yet), {@value #REGRESSION} if any did (so a scheduler can alert); 2 for
 * bad input (configuration, arguments, unknown sweep id) in both.
 */
public final class SweepCommand {
  /** Exit code of {@code compare} when a regression is flagged. */
  public static final int REGRESSION = 3;

  private SweepCommand() {}

  /**
   * {@code fedspark sweep FILE}: runs (or resumes) the sweep; exit 1 if a run failed.
   *
   * @param sets --set arguments
   * @param raw the whole command line, for provenance
   */
  public static int run(Path config, List<String> sets, List<String> raw, PrintStream out) {
    SweepSpec spec = SweepSpec.load(config, sets);
    SweepRunner.Result r = SweepRunner.run(spec, raw, out, (command, ctx) -> command.job().run(ctx).runDir().toString());
    return r.failed() == 0 ? 0 : 1;
  }

  /**
   * {@code fedspark sweep compare}: prints the comparison; exit 3 on a regression beyond tolerance.
   *
   * @param config the sweep file naming the store and the sweep name, or null with {@code store}
   * @param current the sweep compared (null: the latest)
   */
  public static int compare(Path config, List<String> sets, String store, String baseline, String current,
      PrintStream out) {
    String name = null;
    if (config != null) {
      SweepSpec spec = SweepSpec.load(config, sets);
      name = spec.name();
      store = store == null ? spec.store() : store;
    }
    if (store == null) {
      throw new UserInputException("sweep compare: name the result store: a SWEEP.conf (its sweep.store) or --store PATH");
    }
    ResultStore rs = new ResultStore(new HadoopFiles(new org.apache.hadoop.conf.Configuration()), store);
    SweepComparison c = compare(rs, name, current, baseline);
    if (c == null) {
      out.println("[sweep] compare: the first sweep of its name in " + rs.root() + ": nothing to compare with yet");
      return 0;
    }
    out.println("# Sweep " + c.current().id() + " compared with " + c.baseline().id());
    out.println();
    out.print(c.markdown());
    out.println();
    List<SweepComparison.Cell> reg = c.regressions();
    if (reg.isEmpty()) {
      out.println("[sweep] compare: no regression beyond tolerance");
      return 0;
    }
    for (SweepComparison.Cell cell : reg) {
      out.printf(java.util.Locale.ROOT, "[sweep] REGRESSION %s %s: %s -> %s (%s, tolerance %s, %s is better)%n", cell.config(),
          cell.metric().name(), SweepComparison.number(cell.baseline().mean()), SweepComparison.number(cell.current().mean()),
          SweepComparison.signed(cell.difference()), cell.metric().toleranceText(), cell.metric().direction().configName());
    }
    return REGRESSION;
  }

  /**
   * Resolves the sweeps and compares them.
   *
   * @param name the sweep name to look in (null: any)
   * @param currentId the sweep compared (null: the latest of {@code name})
   * @param baselineId an id, or {@code latest}: the latest sweep of the same name started before the current one
   * @return null if {@code latest} finds no earlier sweep of the name
   */
  public static SweepComparison compare(ResultStore store, String name, String currentId, String baselineId) {
    List<SweepMeta> all = store.sweeps();
    SweepMeta current;
    if (currentId != null) {
      current = store.meta(currentId);
      if (current == null) {
        throw new UserInputException("sweep compare: no sweep " + currentId + " in " + store.root() + known(all));
      }
    } else {
      current = all.stream().filter(m -> name == null || m.name().equals(name)).reduce((a, b) -> b)
          .orElseThrow(() -> new UserInputException("sweep compare: no sweep" + (name == null ? "" : " named " + name) + " in " + store.root()));
    }
    SweepMeta base;
    if (baselineId.equals("latest")) {
      SweepMeta cur = current;
      base = all.stream().filter(m -> m.name().equals(cur.name()) && !m.id().equals(cur.id()) && m.started().compareTo(cur.started()) <= 0)
          .reduce((a, b) -> b).orElse(null);
      if (base == null) {
        return null; // the first sweep of its name: nothing to compare with (not an error for a nightly job)
      }
    } else {
      base = store.meta(baselineId);
      if (base == null) {
        throw new UserInputException("sweep compare: no baseline sweep " + baselineId + " in " + store.root() + known(all));
      }
    }
    return SweepComparison.of(current, store.rows(current.id()), base, store.rows(base.id()));
  }

  private static String known(List<SweepMeta> all) {
    return all.isEmpty() ? " (the store has no sweeps)" : " (it has: " + String.join(", ", all.stream().map(SweepMeta::id).toList()) + ")";
  }

}
