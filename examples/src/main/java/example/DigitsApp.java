package example;

import io.fedspark.ml.NeuralNetClassificationModel;
import io.fedspark.ml.NeuralNetClassifier;
import java.util.stream.IntStream;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A Spark application that trains a fedspark network: DigitsApp DIGITS_CSV MODEL_DIR. */
public final class DigitsApp {
  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().appName("digits").master("local[2]").getOrCreate();
    // 64 pixel columns (0..16) and the digit: the UCI digits, as scikit-learn ships them
    Dataset<Row> csv = spark.read().option("inferSchema", "true").csv(args[0]);
    String[] pixels = IntStream.range(0, 64).mapToObj(i -> "_c" + i).toArray(String[]::new);
    Dataset<Row> digits = new VectorAssembler().setInputCols(pixels).setOutputCol("features").transform(csv)
        .withColumnRenamed("_c64", "label");
    Dataset<Row>[] split = digits.randomSplit(new double[] {0.8, 0.2}, 42);

    NeuralNetClassificationModel model = new NeuralNetClassifier().setModel("mlp:64-32-10")
        .setFeatureScale(1.0 / 16).setEpochs(5).setOptimizerLearningRate(0.1).fit(split[0]);
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(model.transform(split[1]));
    System.out.printf("test accuracy %.3f%n", accuracy);

    model.write().overwrite().save(args[1]);
    System.out.println("saved " + NeuralNetClassificationModel.load(args[1]).spec() + " to " + args[1]);
    spark.stop();
  }
}
