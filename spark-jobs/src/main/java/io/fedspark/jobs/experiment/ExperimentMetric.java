package io.fedspark.jobs.experiment;

import io.fedspark.math.Choice;
import io.fedspark.federated.engine.RoundMetrics;
import io.fedspark.federated.engine.SimulationState;
import java.util.List;
import java.util.Locale;

/**
 * The number an experiment reports per run and summarises per grid point ({@code
 * experiment.metric}).
 */
public enum ExperimentMetric implements Choice {
  /**
   * Global-model accuracy on the test set after the last round (the federate job always evaluates
   * after the last round), as a fraction in [0, 1]; reported in percent.
   */
  FINAL_TEST_ACCURACY("final test accuracy (%)");

  private final String title;

  ExperimentMetric(String title) {
    this.title = title;
  }


  /** Column name in results.csv, e.g. {@code final_test_accuracy}. */
  public String csvColumn() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Heading in tables, with the unit. */
  public String title() {
    return title;
  }

  /** Factor from the stored value to the displayed one (100 for fractions shown in percent). */
  public double displayScale() {
    return 100;
  }

  /**
   * The metric of a finished run.
   *
   * @throws IllegalArgumentException if the run has no rounds or its last round was not evaluated
   */
  public double of(SimulationState state) {
    List<RoundMetrics> h = state.history();
    if (h.isEmpty()) {
      throw new IllegalArgumentException(configName() + ": the run has no completed rounds");
    }
    double v = h.get(h.size() - 1).testAccuracy();
    if (Double.isNaN(v)) {
      throw new IllegalArgumentException(configName() + ": the last round (" + h.get(h.size() - 1).round()
          + ") was not evaluated on the test set");
    }
    return v;
  }
}
