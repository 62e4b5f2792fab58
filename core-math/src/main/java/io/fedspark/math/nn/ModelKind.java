package io.fedspark.math.nn;

/**
 * The architectures a {@link ModelSpec} can name; the prefix of the spec string.
 */
public enum ModelKind {
    /** Multinomial logistic regression: one dense layer and the loss ({@code logreg:784-10}). */
    LOGREG("logreg", false),
    /**
     * Multilayer perceptron: dense + activation (+ dropout) hidden layers of any widths, then a
     * dense output layer ({@code mlp:784-200-10}).
     */
    MLP("mlp", false),
    /**
     * LeNet-5 (LeCun, Bottou, Bengio and Haffner, "Gradient-based learning applied to document
     * recognition", Proc. IEEE 86(11), 1998) in its common modern form: conv 6@5x5 with padding 2
     * (LeCun's 32x32 input geometry for 28x28 images) -> act -> maxpool 2 -> conv 16@5x5 -> act
     * -> maxpool 2 -> fc 120 -> act -> fc 84 -> act -> fc classes; ReLU and max pooling by default
     * instead of the original scaled tanh and trainable subsampling ({@code lenet5:1x28x28-10}).
     */
    LENET5("lenet5", true),
    /**
     * The small CNN of the curriculum-learning-in-FL experiments (Vahidian et al., "When do
     * curricula work in federated learning?", ICCV 2023; the PyTorch tutorial CNN): as LeNet-5 but
     * without padding, conv 6@5x5 -> act -> maxpool 2 -> conv 16@5x5 -> act -> maxpool 2 -> fc 120
     * -> act -> fc 84 -> act -> fc classes ({@code cnn-small:3x32x32-10}; 16x5x5 features for
     * CIFAR-10, 16x4x4 for 28x28 images).
     */
    CNN_SMALL("cnn-small", true);

    private final String specName;
    private final boolean convolutional;

    ModelKind(String specName, boolean convolutional) {
        this.specName = specName;
        this.convolutional = convolutional;
    }

    /** The spelling in spec strings, e.g. {@code "mlp"}. */
    public String specName() {
        return specName;
    }

    /** True for the image models, whose input is a {@code c x h x w} shape and whose dense part is fixed. */
    public boolean convolutional() {
        return convolutional;
    }
}
