package io.fedspark.math.nn;

import java.io.Serializable;

/**
 * The shape of one example's activations, {@code channels x height x width}, stored as one
 * row of {@code channels * height * width} floats in NCHW order: element {@code (c, y, x)} is at
 * {@code (c * height + y) * width + x}. A plain feature vector of {@code n} values is
 * {@code n x 1 x 1} ({@link #flat(int)}); an MNIST image is {@code 1 x 28 x 28}.
 *
 * @param channels number of channels (feature maps), at least 1
 * @param height rows of each channel, at least 1
 * @param width columns of each channel, at least 1
 */
public record Shape(int channels, int height, int width) implements Serializable {

    public Shape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("shape " + channels + "x" + height + "x" + width
                    + " has a dimension below 1");
        }
        if ((long) channels * height * width > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + channels + "x" + height + "x" + width
                    + " has more elements than a Java array can hold");
        }
    }

    /** A feature vector of {@code n} values, {@code n x 1 x 1}. */
    public static Shape flat(int n) {
        return new Shape(n, 1, 1);
    }

    /** Floats per example, {@code channels * height * width}. */
    public int size() {
        return channels * height * width;
    }

    /** True for a plain vector ({@code height == width == 1}). */
    public boolean isFlat() {
        return height == 1 && width == 1;
    }

    /** Always {@code "CxHxW"}, e.g. {@code "16x1x1"}: for messages about image layers. */
    public String dimensions() {
        return channels + "x" + height + "x" + width;
    }

    /** {@code "1x28x28"}, or {@code "784"} for a flat shape (the spelling in model specs). */
    @Override
    public String toString() {
        return isFlat() ? Integer.toString(channels) : channels + "x" + height + "x" + width;
    }
}
