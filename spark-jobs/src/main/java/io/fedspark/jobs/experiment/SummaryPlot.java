package io.fedspark.jobs.experiment;

import io.fedspark.jobs.report.ChartCanvas;
import io.fedspark.jobs.report.LinePlot;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The experiment's plot: mean global test accuracy per round over the seeds of a grid point, one
 * line per grid point, with a band of +- one sample standard deviation over the seeds (none at
 * rounds with a single evaluated run); with {@code experiment.panel-by}, one {@link LinePlot}
 * panel per value of that axis (lines: the other axes), panels side by side, two per row.
 */
final class SummaryPlot {
  private static final int COLUMNS = 2;

  private SummaryPlot() {}

  static byte[] png(ExperimentSpec spec, ExperimentSummary summary) {
    GridAxis panelBy = spec.panelBy();
    int seeds = spec.seeds().size();
    String over = "mean test accuracy over " + seeds + (seeds == 1 ? " seed" : " seeds, band ± 1 std");
    List<BufferedImage> panels = new ArrayList<>();
    if (panelBy == null) {
      panels.add(panel(spec.name() + ": " + over, summary.points(), null));
    } else {
      for (GridAxis.Value v : panelBy.values()) {
        List<ExperimentSummary.PointSummary> mine = summary.points().stream()
            .filter(p -> p.point().valueOf(panelBy.key()).text().equals(v.text())).toList();
        panels.add(panel(panelBy.label() + " = " + v.label() + ": " + over, mine, panelBy.key()));
      }
    }
    return ChartCanvas.png(panels.size() == 1 ? panels.get(0) : tile(panels));
  }

  private static BufferedImage panel(String title, List<ExperimentSummary.PointSummary> points, String excludedKey) {
    LinePlot plot = new LinePlot(title, "round", "test accuracy %");
    for (ExperimentSummary.PointSummary p : points) {
      double[] mean = new double[p.curveMean().length];
      double[] std = new double[mean.length];
      for (int i = 0; i < mean.length; i++) {
        mean[i] = 100 * p.curveMean()[i];
        std[i] = 100 * p.curveStd()[i];
      }
      plot.add(LinePlot.Series.meanStd(p.point().describeExcept(excludedKey, false), p.curveRounds(), mean, std));
    }
    return plot.toImage();
  }

  private static BufferedImage tile(List<BufferedImage> images) {
    int w = images.get(0).getWidth();
    int h = images.get(0).getHeight();
    int cols = Math.min(COLUMNS, images.size());
    int rows = (images.size() + cols - 1) / cols;
    BufferedImage all = new BufferedImage(cols * w, rows * h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = all.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, all.getWidth(), all.getHeight());
    for (int i = 0; i < images.size(); i++) {
      g.drawImage(images.get(i), (i % cols) * w, (i / cols) * h, null);
    }
    g.dispose();
    return all;
  }
}
