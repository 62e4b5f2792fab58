package io.fedspark.export;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.Sgd;
import io.fedspark.math.optim.SgdOptions;
import io.fedspark.math.random.SeedSequence;
import java.util.SplittableRandom;

/**
 * Models trained for a few hundred seeded SGD steps (Nesterov momentum 0.9) on MNIST, so that
 * their probabilities are confident and far from uniform, as a served model's are. Same spec,
 * steps and seed give the same parameters.
 */
final class BrieflyTrained {
  private BrieflyTrained() {}

  static Model on(LabeledDataset train, ModelSpec spec, int steps, int batch, float learningRate, long seed) {
    Model model = Model.create(spec, seed);
    Sgd sgd = new Sgd(SgdOptions.plain(learningRate).withMomentum(0.9f, true));
    SplittableRandom batches = SeedSequence.root(seed).derive("export-test/batches").random();
    int d = train.featureCount();
    float[] features = train.features();
    float[] x = new float[batch * d];
    int[] y = new int[batch];
    float[] grad = new float[model.parameterCount()];
    for (int step = 0; step < steps; step++) {
      for (int i = 0; i < batch; i++) {
        int row = batches.nextInt(train.size());
        System.arraycopy(features, row * d, x, i * d, d);
        y[i] = train.label(row);
      }
      model.lossAndGradient(FloatMatrix.wrap(x, batch, d), y, null, grad);
      sgd.step(model.parameters(), grad);
    }
    return model;
  }
}
