package io.fedspark.federated.unlearning;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Model;
import io.fedspark.math.optim.Sgd;
import io.fedspark.math.random.Permutations;
import io.fedspark.math.random.SeedSequence;
import java.util.Objects;

/**
 * SCRUB: the student (starting as the original model) is trained to disobey the teacher (the
 * original model, fixed) on the forget set and to obey it on the retain set (Kurmanji, Triantafillou,
 * Hayes and Triantafillou, "Towards Unbounded Machine Unlearning", NeurIPS 2023). With
 * {@code d(x) = KL(p_t(x) || p_s(x))} on temperature-T softmax outputs, scaled by {@code T^2} as in
 * knowledge distillation (Hinton et al.; the authors' DistillKL), each epoch e runs
 * <pre>
 *   if e &lt; maxEpochs:  max pass over D_f:  minimise  -(1/|B|) sum_B d(x)
 *                       min pass over D_r:  minimise   (1/|B|) sum_B [alpha d(x) + gamma CE(p_s(x), y)]
 * </pre>
 * with one SGD optimizer for both passes (momentum carried over, weight decay added to the
 * gradient) and minibatches of {@code forgetBatchSize} and {@code batchSize}. The gradient of
 * {@code T^2 KL} with respect to the student's logits z is {@code T (softmax(z/T) - softmax(z_t/T))},
 * of the cross-entropy {@code softmax(z) - onehot(y)}; both are backpropagated through the student
 * ({@link Model#backpropagate}). The teacher's and the student's outputs are computed in inference
 * mode (no dropout in the output targets; the default MLPs have no dropout). At the start the
 * student equals the teacher, so the first max pass moves it by weight decay only; the reference
 * code does the same.
 *
 * <p>Randomness: epoch e of the max pass visits D_f in the order of {@code seed.derive("shuffle-forget", e)},
 * the min pass D_r in that of {@code seed.derive("shuffle", e)}; dropout masks of the backward pass
 * come from {@code seed.derive("dropout")}. Options under {@code unlearn.scrub} ({@link ScrubOptions}).
 */
public final class Scrub extends ConfiguredMethod<ScrubOptions> {

  public Scrub() {
    this(new ScrubOptions());
  }

  public Scrub(ScrubOptions options) {
    super(options);
  }

  @Override
  public String name() {
    return "SCRUB";
  }

  @Override
  public float[] unlearn(UnlearningProblem problem, SeedSequence seed) {
    Objects.requireNonNull(seed, "seed");
    TrainingOptions t = options.training();
    Model teacher = Model.fromParameters(problem.spec(), problem.originalParams());
    Model student = Model.fromParameters(problem.spec(), problem.originalParams());
    student.setTrainingSeed(seed.derive("dropout").seed());
    float[] params = student.parameters();
    float[] grad = new float[params.length];
    LabeledDataset forget = problem.forget();
    LabeledDataset retain = problem.retain();
    int retainSteps = (retain.size() + t.batchSize() - 1) / t.batchSize();
    Sgd sgd = new Sgd(t.sgdOptionsWithoutDecay(), t.schedule(retainSteps));
    for (int epoch = 0; epoch < t.epochs(); epoch++) {
      if (epoch < options.maxEpochs()) {
        pass(teacher, student, forget, options.forgetBatchSize(), true, seed.derive("shuffle-forget", epoch), sgd,
            grad, epoch);
      }
      pass(teacher, student, retain, t.batchSize(), false, seed.derive("shuffle", epoch), sgd, grad, epoch);
    }
    for (int j = 0; j < params.length; j++) {
      if (!Float.isFinite(params[j])) {
        throw new ArithmeticException(t.keyPrefix() + ": training diverged: parameter " + j + " is " + params[j]
            + " after " + t.epochs() + " epochs; lower " + t.keyPrefix() + ".learning-rate");
      }
    }
    return params.clone();
  }

  /** One pass over {@code data}: the max pass ({@code maximise}, KL only) or the min pass (KL and CE). */
  private void pass(Model teacher, Model student, LabeledDataset data, int batchSize, boolean maximise,
      SeedSequence shuffle, Sgd sgd, float[] grad, int epoch) {
    int n = data.size();
    int d = data.featureCount();
    int k = student.outputSize();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Permutations.shuffle(order, shuffle.random());
    float[] features = data.features();
    int[] labels = data.labels();
    float[] params = student.parameters();
    float temperature = options.temperature();
    float wd = options.training().weightDecay();
    for (int start = 0; start < n; start += batchSize) {
      int b = Math.min(batchSize, n - start);
      float[] bx = new float[b * d];
      int[] by = new int[b];
      for (int r = 0; r < b; r++) {
        int i = order[start + r];
        System.arraycopy(features, i * d, bx, r * d, d);
        by[r] = labels[i];
      }
      FloatMatrix x = FloatMatrix.wrap(bx, b, d);
      float[] zt = teacher.forward(x).toArray();
      float[] zs = student.forward(x).toArray();
      float[] g = new float[b * k];
      double loss = 0;
      for (int r = 0; r < b; r++) {
        double[] ps = softmax(zs, r * k, k, temperature);
        double[] pt = softmax(zt, r * k, k, temperature);
        double kl = 0;
        for (int c = 0; c < k; c++) {
          if (pt[c] > 0) {
            kl += pt[c] * (Math.log(pt[c]) - Math.log(Math.max(ps[c], Double.MIN_NORMAL)));
          }
        }
        kl *= (double) temperature * temperature;
        if (maximise) {
          loss -= kl;
          for (int c = 0; c < k; c++) {
            g[r * k + c] = (float) (-temperature * (ps[c] - pt[c]) / b);
          }
        } else {
          double[] p = softmax(zs, r * k, k, 1f);
          loss += options.klWeight() * kl - options.ceWeight() * Math.log(Math.max(p[by[r]], Double.MIN_NORMAL));
          for (int c = 0; c < k; c++) {
            double ce = p[c] - (c == by[r] ? 1 : 0);
            g[r * k + c] = (float) ((options.klWeight() * temperature * (ps[c] - pt[c]) + options.ceWeight() * ce) / b);
          }
        }
      }
      if (!Double.isFinite(loss)) {
        String prefix = options.training().keyPrefix();
        throw new ArithmeticException(prefix + ": training diverged: the " + (maximise ? "max" : "min")
            + " pass loss is " + loss + " in epoch " + epoch + "; lower " + prefix + ".learning-rate");
      }
      student.backpropagate(x, FloatMatrix.wrap(g, b, k), grad, null);
      if (wd != 0f) {
        for (int j = 0; j < grad.length; j++) {
          grad[j] += wd * params[j];
        }
      }
      sgd.step(params, grad);
    }
  }

  /** softmax(z_row / T) in double precision, max-shifted. */
  private static double[] softmax(float[] z, int offset, int k, float temperature) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      max = Math.max(max, z[offset + c] / (double) temperature);
    }
    double[] p = new double[k];
    double sum = 0;
    for (int c = 0; c < k; c++) {
      p[c] = Math.exp(z[offset + c] / (double) temperature - max);
      sum += p[c];
    }
    for (int c = 0; c < k; c++) {
      p[c] /= sum;
    }
    return p;
  }
}
