package io.fedspark.federated.unlearning;

import java.util.Arrays;
import libsvm.svm;
import libsvm.svm_model;
import libsvm.svm_node;
import libsvm.svm_parameter;
import libsvm.svm_problem;

/**
 * A C-support vector classifier with the RBF kernel {@code K(x, z) = exp(-gamma ||x - z||^2)},
 * trained by LIBSVM's SMO solver (Chang and Lin, "LIBSVM: A Library for Support Vector Machines",
 * ACM TIST 2011) through its Java port, the algorithm scikit-learn's {@code SVC} wraps. The
 * settings are scikit-learn's defaults: tolerance 1e-3, shrinking on, no probability estimates
 * (so no random cross-validation: training is deterministic), equal class weights;
 * {@link MembershipInferenceAttack} uses C = 3 and gamma = 1/d ({@code gamma='auto'}), as the
 * reference attack does.
 *
 * <p>scikit-learn hands LIBSVM the classes in sorted order (0 before 1), the rows of each class
 * in their given order; LIBSVM orders classes by first appearance. {@link #fit} therefore passes
 * the negative rows first, so that the solver sees the same problem, row for row and sign for
 * sign, as {@code SVC().fit(x, y)} with y = 1 for positives: the predictions agree up to the
 * floating-point differences between the C++ and Java builds.
 */
final class RbfSvc implements BinaryClassifier {
  /** scikit-learn's default stopping tolerance ({@code tol}), LIBSVM's {@code eps}. */
  static final double TOLERANCE = 1e-3;
  /** Kernel cache of the solver in MB: speed only, never the result. */
  static final double CACHE_MB = 100;

  static {
    svm.svm_set_print_string_function(s -> { }); // LIBSVM prints its progress to stdout otherwise
  }

  private final svm_model model;
  private final int dimension;

  private RbfSvc(svm_model model, int dimension) {
    this.model = model;
    this.dimension = dimension;
  }

  /**
   * Fits the classifier.
   *
   * @param x n >= 1 rows of d >= 1 features, with both classes present
   * @param positive the class of each row
   * @param c the penalty C, > 0
   * @param gamma the kernel width, > 0
   * @throws IllegalArgumentException if the rows are ragged or LIBSVM rejects the problem
   */
  static RbfSvc fit(double[][] x, boolean[] positive, double c, double gamma) {
    int n = x.length;
    if (n == 0 || positive.length != n) {
      throw new IllegalArgumentException("RBF SVC: " + n + " rows and " + positive.length + " labels, expected the "
          + "same number, at least one");
    }
    int d = x[0].length;
    svm_problem problem = new svm_problem();
    problem.l = n;
    problem.x = new svm_node[n][];
    problem.y = new double[n];
    int at = 0;
    for (boolean cls : new boolean[] {false, true}) { // negatives first: scikit-learn's class order
      for (int i = 0; i < n; i++) {
        if (positive[i] == cls) {
          problem.x[at] = nodes(x[i], d);
          problem.y[at] = cls ? 1 : 0;
          at++;
        }
      }
    }
    svm_parameter p = new svm_parameter();
    p.svm_type = svm_parameter.C_SVC;
    p.kernel_type = svm_parameter.RBF;
    p.degree = 3;
    p.gamma = gamma;
    p.coef0 = 0;
    p.C = c;
    p.eps = TOLERANCE;
    p.cache_size = CACHE_MB;
    p.shrinking = 1;
    p.probability = 0;
    p.nr_weight = 0;
    p.weight_label = new int[0];
    p.weight = new double[0];
    p.nu = 0.5;
    p.p = 0.1;
    String error = svm.svm_check_parameter(problem, p);
    if (error != null) {
      throw new IllegalArgumentException("RBF SVC (C = " + c + ", gamma = " + gamma + "): LIBSVM rejects the problem: "
          + error);
    }
    return new RbfSvc(svm.svm_train(problem, p), d);
  }

  private static svm_node[] nodes(double[] row, int d) {
    if (row.length != d) {
      throw new IllegalArgumentException("RBF SVC: a row has " + row.length + " features, expected " + d);
    }
    svm_node[] nodes = new svm_node[d];
    for (int j = 0; j < d; j++) {
      nodes[j] = new svm_node();
      nodes[j].index = j + 1;
      nodes[j].value = row[j];
    }
    return nodes;
  }

  /** The decision value: positive means the class LIBSVM saw first, the negative class here. */
  double decisionValue(double[] row) {
    double[] value = new double[1];
    svm.svm_predict_values(model, nodes(row, dimension), value);
    return value[0];
  }

  @Override
  public boolean predictsPositive(double[] row) {
    return svm.svm_predict(model, nodes(row, dimension)) == 1;
  }

  /** The number of support vectors. */
  int supportVectors() {
    return model.l;
  }

  @Override
  public String toString() {
    return "RbfSvc(C = " + model.param.C + ", gamma = " + model.param.gamma + ", " + model.l + " support vectors, "
        + Arrays.toString(model.label) + ")";
  }
}
