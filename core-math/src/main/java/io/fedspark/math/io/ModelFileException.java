package io.fedspark.math.io;

import java.io.IOException;

/**
 * A model file that cannot be read: not a model file, a format version this build does not
 * read, truncated, corrupt (checksum mismatch) or inconsistent (the parameter count does not
 * match the spec). The message names the file, the offset or field, and what was expected.
 */
public final class ModelFileException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message names the file, the problem and what was expected */
    public ModelFileException(String message) {
        super(message);
    }

    /** @param message names the file, the problem and what was expected; @param cause the underlying error */
    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
