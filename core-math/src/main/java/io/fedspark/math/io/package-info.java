/**
 * Model (de)serialisation: {@link io.fedspark.math.io.ModelFile} writes and reads a model's spec,
 * flat parameters and optional optimizer state in a compact, checksummed, versioned binary format
 * (documented in its Javadoc), returning a {@link io.fedspark.math.io.SavedModel}; a file that
 * cannot be read raises a {@link io.fedspark.math.io.ModelFileException} naming the file, the
 * offset or field, and what was expected.
 */
package io.fedspark.math.io;
