package io.fedspark.federated.data;

import java.io.IOException;
import java.io.InputStream;

/**
 * A directory holding one dataset's files, in whatever storage: the local file system ({@link
 * LocalDatasetLoader}) or, in the Spark module, a Hadoop file system. {@link DatasetLoader} needs
 * only these three operations, so every storage uses the same readers.
 */
public interface DatasetDirectory {

  /**
   * Tells whether a file exists.
   *
   * @param fileName a plain file name, no separators
   * @return whether the directory holds a regular file of that name
   * @throws IOException if the storage cannot be asked
   */
  boolean exists(String fileName) throws IOException;

  /**
   * Opens a file for reading; the caller closes the stream.
   *
   * @param fileName a plain file name
   * @return the file's bytes
   * @throws IOException if the file cannot be opened
   */
  InputStream open(String fileName) throws IOException;

  /**
   * Names a file for messages.
   *
   * @param fileName a plain file name, or "" for the directory itself
   * @return a full path or URI, e.g. {@code /data/mnist/train-images-idx3-ubyte}
   */
  String describe(String fileName);
}
