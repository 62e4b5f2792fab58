package io.fedspark.jobs.distill;

import io.fedspark.federated.distillation.DistilledSet;
import io.fedspark.jobs.io.RunDirectory;
import io.fedspark.jobs.report.LinePlot;
import java.util.List;
import java.util.Locale;

/**
 * The files of {@code fedspark distill} (all written atomically through the run directory):
 * <pre>
 *   runs/m&lt;m&gt;-seed&lt;s&gt;/inputs.idx          X_s as an IDX3 unsigned-byte image file (quantised, {@link IdxImageFile})
 *   runs/m&lt;m&gt;-seed&lt;s&gt;/inputs.npy          X_s exactly, m x d float32 ({@link NpyMatrix})
 *   runs/m&lt;m&gt;-seed&lt;s&gt;/targets.npy         Y_s, m x r float32
 *   runs/m&lt;m&gt;-seed&lt;s&gt;/images.png          the m images in a grid ({@link ImageGrid})
 *   runs/m&lt;m&gt;-seed&lt;s&gt;/initial-indices.csv  the source examples that initialised X_s, row by row
 *   loss.csv                               m, seed, step, outer loss of every run
 *   loss.png                               the outer loss curves (moving average over 1/50 of the run)
 * </pre>
 */
final class DistillOutputs {
  private DistillOutputs() {}

  static void write(RunDirectory dir, List<DistillResult> runs, int height, int width) {
    for (DistillResult r : runs) {
      DistilledSet s = r.set();
      String d = "runs/" + r.cell().directory() + "/";
      dir.files().write(dir.resolve(d + "inputs.idx"),
          out -> IdxImageFile.write(s.inputs(), s.size(), height, width, out));
      dir.files().write(dir.resolve(d + "inputs.npy"), out -> NpyMatrix.write(s.inputMatrix(), out));
      dir.files().write(dir.resolve(d + "targets.npy"), out -> NpyMatrix.write(s.targetMatrix(), out));
      byte[] png = ImageGrid.png(s.inputs(), s.size(), height, width, 10, 3);
      dir.files().write(dir.resolve(d + "images.png"), out -> out.write(png));
      StringBuilder idx = new StringBuilder("row,source_index,label\n");
      for (int i = 0; i < s.size(); i++) {
        int g = s.initialIndices()[i];
        idx.append(i).append(',').append(g).append(',').append(r.initialLabels()[i]).append('\n');
      }
      dir.writeString(d + "initial-indices.csv", idx.toString());
    }
  }

  static void writeLossCurves(RunDirectory dir, List<DistillResult> runs) {
    StringBuilder csv = new StringBuilder("m,seed,step,loss\n");
    LinePlot plot = new LinePlot("KRR-ST outer loss (moving average)", "outer step", "mean((K_rs A^-1 Y_s - y_r)^2)");
    for (DistillResult r : runs) {
      double[] curve = r.set().lossCurve();
      for (int t = 0; t < curve.length; t++) {
        csv.append(r.cell().m()).append(',').append(r.cell().seed()).append(',').append(t + 1).append(',')
            .append(curve[t]).append('\n');
      }
      int w = Math.max(1, curve.length / 50);
      int points = curve.length - w + 1;
      double[] x = new double[points];
      double[] y = new double[points];
      double sum = 0;
      for (int t = 0; t < curve.length; t++) {
        sum += curve[t];
        if (t >= w) {
          sum -= curve[t - w];
        }
        if (t >= w - 1) {
          x[t - w + 1] = t + 1;
          y[t - w + 1] = sum / w;
        }
      }
      plot.add(new LinePlot.Series(String.format(Locale.ROOT, "m=%d seed=%d", r.cell().m(), r.cell().seed()), x, y));
    }
    dir.writeString("loss.csv", csv.toString());
    byte[] png = plot.toPng();
    dir.files().write(dir.resolve("loss.png"), out -> out.write(png));
  }
}
