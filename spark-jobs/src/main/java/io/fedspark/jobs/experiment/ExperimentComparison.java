package io.fedspark.jobs.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.federated.stats.PairedDifference;
import io.fedspark.federated.stats.ReportedEffect;
import io.fedspark.federated.stats.Verdict;
import io.fedspark.jobs.report.PairedFindings;
import io.fedspark.math.Choice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The paper's comparisons of an experiment ({@code experiment.compare}): on one grid axis, each
 * treatment value against a control value, paired by seed within every combination of the other
 * axes, with the paired difference's 95% Student-t interval ({@link PairedDifference}) and a
 * verdict against the effect the paper reports ({@link Verdict}):
 *
 * <pre>
 * compare {
 *   axis = "federate.curriculum.data-ordering"     # a grid axis (key or label)
 *   control = random                               # one of its values (as written)
 *   findings { curriculum = increase, anti-curriculum = decrease }   # value = what the paper reports
 *   margin = 1.0                                   # equivalence margin of no-difference, display units
 * }
 * </pre>
 *
 * Seed s of the treatment and of the control share the partition, initialisation and every other
 * random choice but the compared one, so {@code d_s = treatment_s - control_s} removes the
 * seed-to-seed spread. A seed where either run failed is left out; fewer than 2 pairs give no
 * interval. Differences are in the metric's display units (accuracy points).
 *
 * @param axis the compared axis
 * @param control the control value's text
 * @param findings treatment value text -> the paper's reported effect, in the order written
 * @param margin the equivalence margin for {@code no-difference}, or NaN if none is needed
 */
public record ExperimentComparison(GridAxis axis, String control, Map<String, ReportedEffect> findings, double margin) {

  /** Keys of the {@code compare} block. */
  public static final List<String> KEYS = List.of("axis", "control", "findings", "margin");

  public ExperimentComparison {
    Objects.requireNonNull(axis, "axis");
    Objects.requireNonNull(control, "control");
    findings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(findings));
  }

  /**
   * Reads {@code prefix + "compare"} of an experiment block, or returns null if it is absent.
   *
   * @throws InvalidConfigException naming the key and value of anything wrong
   */
  static ExperimentComparison parse(String prefix, Config e, ExperimentGrid grid) {
    if (!e.hasPath("compare")) {
      return null;
    }
    String at = prefix + "compare";
    if (e.getValue("compare").valueType() != ConfigValueType.OBJECT) {
      throw InvalidConfigException.of(at, e.getValue("compare").unwrapped(), "an object { axis, control, findings, margin }", null);
    }
    Config c = e.getConfig("compare");
    for (String k : c.root().keySet()) {
      if (!KEYS.contains(k)) {
        throw new InvalidConfigException(at + "." + k + ": unknown key; expected one of " + String.join(", ", KEYS));
      }
    }
    for (String k : List.of("axis", "control", "findings")) {
      if (!c.hasPath(k)) {
        throw new InvalidConfigException(at + "." + k + ": missing; expected " + at + " { axis = KEY, control = VALUE, findings { VALUE ="
            + " increase|decrease|no-difference } }");
      }
    }
    String axisName = c.getValue("axis").unwrapped().toString();
    GridAxis axis = grid.axis(axisName);
    if (axis == null) {
      throw InvalidConfigException.of(at + ".axis", axisName, "a grid axis (key or label): "
          + String.join(", ", grid.axes().stream().map(GridAxis::label).toList()), null);
    }
    String control = c.getValue("control").unwrapped().toString();
    requireValue(at + ".control", axis, control);
    if (c.getValue("findings").valueType() != ConfigValueType.OBJECT) {
      throw InvalidConfigException.of(at + ".findings", c.getValue("findings").unwrapped(),
          "an object { VALUE = increase|decrease|no-difference }", null);
    }
    Map<String, ReportedEffect> findings = findings(at, c, axis, control);
    double margin = margin(at, c);
    if (findings.containsValue(ReportedEffect.NO_DIFFERENCE) && Double.isNaN(margin)) {
      throw new InvalidConfigException(at + ".margin: missing; a no-difference finding needs an equivalence margin in the"
          + " metric's display units (e.g. margin = 1.0 accuracy point)");
    }
    return new ExperimentComparison(axis, control, findings, margin);
  }

  /** The {@code findings} of a comparison, in axis order (whatever the file's); the control is not one. */
  private static Map<String, ReportedEffect> findings(String at, Config c, GridAxis axis, String control) {
    Map<String, ReportedEffect> findings = new LinkedHashMap<>();
    for (GridAxis.Value v : axis.values()) {
      ConfigValue r = c.getObject("findings").get(v.text());
      if (r != null) {
        findings.put(v.text(), effect(at + ".findings." + v.text(), r));
      }
    }
    for (String k : c.getObject("findings").keySet()) {
      requireValue(at + ".findings." + k, axis, k);
      if (k.equals(control)) {
        throw new InvalidConfigException(at + ".findings." + k + ": the control " + control + " cannot be compared with itself");
      }
    }
    if (findings.isEmpty()) {
      throw new InvalidConfigException(at + ".findings: expected at least one VALUE = increase|decrease|no-difference");
    }
    return findings;
  }

  /** The equivalence {@code margin}, or NaN when none is set. */
  private static double margin(String at, Config c) {
    if (!c.hasPath("margin")) {
      return Double.NaN;
    }
    double margin;
    try {
      margin = c.getDouble("margin");
    } catch (RuntimeException ex) {
      throw InvalidConfigException.of(at + ".margin", c.getValue("margin").unwrapped(), "a number > 0", null);
    }
    if (!(margin > 0) || Double.isInfinite(margin)) {
      throw InvalidConfigException.of(at + ".margin", margin, "a finite number > 0", null);
    }
    return margin;
  }

  private static void requireValue(String at, GridAxis axis, String text) {
    if (axis.values().stream().noneMatch(v -> v.text().equals(text))) {
      throw InvalidConfigException.of(at, text, "a value of the axis " + axis.label() + ": "
          + String.join(", ", axis.values().stream().map(GridAxis.Value::text).toList()), null);
    }
  }

  private static ReportedEffect effect(String at, ConfigValue v) {
    String s = String.valueOf(v.unwrapped());
    try {
      return Choice.parse(ReportedEffect.class, s, at);
    } catch (IllegalArgumentException ex) {
      throw InvalidConfigException.of(at, s, "one of " + Choice.allowed(ReportedEffect.class), null);
    }
  }

  /**
   * The findings for the outcomes so far: for every combination of the other axes (in grid order)
   * and every treatment (in axis order), the pairs of successful runs with the same seed; the context
   * is the other axes' values, e.g. "partition=IID" ("(all)" for a one-axis grid).
   */
  public List<PairedFindings.Finding> evaluate(ExperimentSpec spec, List<GridPoint> points, List<RunOutcome> outcomes) {
    double scale = spec.metric().displayScale();
    String controlLabel = value(control).label();
    Map<String, List<GridPoint>> contexts = new LinkedHashMap<>();
    for (GridPoint p : points) {
      contexts.computeIfAbsent(p.describeExcept(axis.key(), true), k -> new ArrayList<>()).add(p);
    }
    List<PairedFindings.Finding> out = new ArrayList<>();
    for (var ctx : contexts.entrySet()) {
      GridPoint c = pointWith(ctx.getValue(), control);
      for (var f : findings.entrySet()) {
        GridPoint t = pointWith(ctx.getValue(), f.getKey());
        List<Double> tv = new ArrayList<>();
        List<Double> cv = new ArrayList<>();
        for (long seed : spec.seeds()) {
          RunOutcome to = outcome(outcomes, t, seed);
          RunOutcome co = outcome(outcomes, c, seed);
          if (to != null && co != null) {
            tv.add(scale * to.metric());
            cv.add(scale * co.metric());
          }
        }
        String context = ctx.getKey().equals("(base)") ? "(all)" : ctx.getKey();
        out.add(PairedFindings.of(context, value(f.getKey()).label() + " - " + controlLabel, f.getValue(),
            tv.stream().mapToDouble(Double::doubleValue).toArray(), cv.stream().mapToDouble(Double::doubleValue).toArray(),
            margin));
      }
    }
    return out;
  }

  private GridAxis.Value value(String text) {
    return axis.values().stream().filter(v -> v.text().equals(text)).findFirst().orElseThrow();
  }

  private GridPoint pointWith(List<GridPoint> context, String text) {
    return context.stream().filter(p -> p.valueOf(axis.key()).text().equals(text)).findFirst().orElseThrow();
  }

  private static RunOutcome outcome(List<RunOutcome> outcomes, GridPoint p, long seed) {
    return outcomes.stream().filter(o -> o.succeeded() && o.run().point().index() == p.index() && o.run().seed() == seed).findFirst()
        .orElse(null);
  }

  /** The markdown section of the outcomes so far ({@link #evaluate}, then {@link #markdown}). */
  public String section(ExperimentSpec spec, List<GridPoint> points, List<RunOutcome> outcomes) {
    return markdown(evaluate(spec, points, outcomes), spec.metric());
  }

  /**
   * The markdown section: a table (context, comparison, the differences per seed, mean [95% CI],
   * p, the paper's effect, verdict), then one sentence per finding.
   */
  public String markdown(List<PairedFindings.Finding> found, ExperimentMetric metric) {
    StringBuilder sb = new StringBuilder();
    sb.append("## Paired comparisons\n\n");
    sb.append(metric.title()).append(", treatment - control with the same seed, in ")
        .append(metric.displayScale() == 100 ? "points" : "the metric's units")
        .append("; mean and Student-t 95% confidence interval over the seeds; verdict against the paper's reported effect (reproduced:"
            + " the interval lies on the reported side of 0; not reproduced: on the other side; inconclusive: it contains 0")
        .append(Double.isNaN(margin) ? "" : String.format(Locale.ROOT, "; no difference: within ±%s", trim(margin)))
        .append(").\n\n");
    return sb.append(PairedFindings.markdown(found, "context", "per seed")).toString();
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.format(Locale.ROOT, "%.1f", v) : Double.toString(v);
  }
}
