package io.fedspark.jobs.unlearn;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.unlearning.SgdTrainer;
import io.fedspark.federated.unlearning.TrainingOptions;
import io.fedspark.federated.unlearning.UnlearningMetrics;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.data.StagedTable;
import io.fedspark.math.blas.MathBackend;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.random.SeedSequence;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The model the audit unlearns from: trained from scratch on the whole training split by the
 * original recipe ({@code unlearn.original.*}), centrally as in the paper, in one Spark task that
 * reads the staged split on its executor; with its accuracy on the training and test splits.
 */
public record OriginalModel(float[] parameters, double trainAccuracy, double testAccuracy) implements Serializable {
  static OriginalModel train(JavaSparkContext jsc, ModelSpec spec, StagedTable data, TrainingOptions recipe,
      SeedSequence seed, MathOptions math) {
    String model = spec.toString();
    String backend = math.backend().name();
    int threads = math.blasThreads();
    jsc.setJobGroup("unlearn-original", "fedspark unlearn: the original model", false);
    try {
      return jsc.parallelize(List.of(0), 1).map(i -> {
        MathRuntime.configure(MathBackend.valueOf(backend), threads);
        ModelSpec s = ModelSpec.parse(model);
        LabeledDataset train = data.train();
        float[] p = SgdTrainer.trainFromScratch(s, train, recipe, seed);
        Model m = Model.fromParameters(s, p);
        return new OriginalModel(p, UnlearningMetrics.accuracy(m, train), UnlearningMetrics.accuracy(m, data.test()));
      }).collect().get(0);
    } finally {
      jsc.clearJobGroup();
    }
  }
}
