/**
 * Feed-forward networks whose parameters live in one contiguous {@code float[]}: layers
 * ({@link io.fedspark.math.nn.Layer}: dense, 2-D convolution by im2col + GEMM, max pooling,
 * flatten, ReLU/tanh/sigmoid, seeded dropout) are views (offsets) into it, so aggregation,
 * averaging, serialisation and broadcast all work on that one array. Ready-made architectures
 * (logistic regression, MLP, LeNet-5, the small CNN of the curriculum-learning experiments) are
 * named by a {@link io.fedspark.math.nn.ModelSpec}, e.g. {@code mlp:784-200-10} or
 * {@code lenet5:1x28x28-10}.
 *
 * <p>Training primitives compute a weighted mean loss (fused, numerically stable softmax
 * cross-entropy, or mean squared error) with its gradient by backpropagation (Rumelhart, Hinton
 * and Williams, "Learning representations by back-propagating errors", Nature 323, 1986), the
 * gradient with respect to the inputs, per-example losses and predictions in the same pass, and
 * per-example gradient norms.
 */
package io.fedspark.math.nn;
