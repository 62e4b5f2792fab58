package io.fedspark.export;

/**
 * A model (or one of its layers) that an exporter cannot write in the target format. The message
 * is one line naming the model, the layer (when one is at fault) and why, e.g.
 * {@code "model mlp:784-128-32:loss=mse: layer 2 (dense 128->32 @100480) cannot be exported to
 * ONNX: ..."}. It is an {@link IllegalArgumentException}: the input, not the program, is at fault.
 */
public final class UnsupportedModelException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    UnsupportedModelException(String message) {
        super(message);
    }
}
