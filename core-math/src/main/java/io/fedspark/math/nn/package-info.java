/**
 * Feed-forward classifiers (multinomial logistic regression and ReLU multilayer perceptrons)
 * whose parameters live in one contiguous {@code float[]}; layers are views (offsets) into it,
 * so aggregation, averaging, serialisation and broadcast all work on that one array.
 *
 * <p>Training primitives compute a weighted mean cross-entropy and its gradient by
 * backpropagation (Rumelhart, Hinton and Williams, "Learning representations by back-propagating
 * errors", Nature 323, 1986), with the softmax and the cross-entropy fused for numerical
 * stability.
 */
package io.fedspark.math.nn;
