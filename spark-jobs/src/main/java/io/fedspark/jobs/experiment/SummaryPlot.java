package io.fedspark.jobs.experiment;

import io.fedspark.jobs.report.ChartCanvas;
import io.fedspark.jobs.report.LinePlot;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The experiment's plot: mean global test accuracy per round (over the seeds of a grid point), one
 * line per grid point; with {@code experiment.panel-by}, one {@link LinePlot} panel per value of
 * that axis (lines: the other axes), panels side by side, two per row.
 */
final class SummaryPlot {
  private static final int COLUMNS = 2;

  private SummaryPlot() {}

  static byte[] png(ExperimentSpec spec, ExperimentSummary summary) {
    GridAxis panelBy = spec.panelBy();
    String over = "mean test accuracy over " + spec.seeds().size() + (spec.seeds().size() == 1 ? " seed" : " seeds");
    List<byte[]> panels = new ArrayList<>();
    if (panelBy == null) {
      panels.add(panel(spec.name() + ": " + over, summary.points(), null));
    } else {
      for (GridAxis.Value v : panelBy.values()) {
        List<ExperimentSummary.PointSummary> mine = summary.points().stream()
            .filter(p -> p.point().valueOf(panelBy.key()).text().equals(v.text())).toList();
        panels.add(panel(panelBy.label() + " = " + v.label() + ": " + over, mine, panelBy.key()));
      }
    }
    return panels.size() == 1 ? panels.get(0) : tile(panels);
  }

  private static byte[] panel(String title, List<ExperimentSummary.PointSummary> points, String excludedKey) {
    LinePlot plot = new LinePlot(title, "round", "test accuracy %");
    for (ExperimentSummary.PointSummary p : points) {
      double[] y = new double[p.curveMean().length];
      for (int i = 0; i < y.length; i++) {
        y[i] = 100 * p.curveMean()[i];
      }
      plot.add(new LinePlot.Series(p.point().describeExcept(excludedKey, false), p.curveRounds(), y));
    }
    return plot.toPng();
  }

  private static byte[] tile(List<byte[]> pngs) {
    try {
      List<BufferedImage> images = new ArrayList<>();
      for (byte[] b : pngs) {
        images.add(ImageIO.read(new ByteArrayInputStream(b)));
      }
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
      return ChartCanvas.png(all);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compose the summary plot: " + e.getMessage(), e);
    }
  }
}
