package io.fedspark.jobs.dl4j;

/**
 * Where one parametric layer's parameters live in the core's flat array and in DL4J's flattened
 * parameter vector, and how the two layouts map onto each other. Both hold the same
 * {@code size()} numbers; only their order differs.
 *
 * <ul>
 *   <li>Dense (DL4J {@code DenseLayer}/{@code OutputLayer}, {@code DefaultParamInitializer}): core
 *       {@code W} (in x out, row-major) then {@code b}; DL4J {@code W} as an in x out matrix in
 *       <em>column-major</em> ('f') order, then {@code b}. So core {@code W[i][j]} at
 *       {@code i*out + j} is DL4J's {@code j*in + i}: a transpose of the flat block.</li>
 *   <li>Convolution (DL4J {@code ConvolutionLayer}, {@code ConvolutionParamInitializer}): core
 *       {@code W[o][c][ky][kx]} row-major then {@code b}; DL4J <em>{@code b} first</em>, then
 *       {@code W} as {@code [o][c][ky][kx]} in row-major ('c') order: the same weight order, the two
 *       blocks swapped.</li>
 * </ul>
 *
 * @param kind the layout
 * @param coreOffset index of the layer's first parameter in the core array
 * @param dl4jOffset index of the layer's first parameter in DL4J's flattened vector
 * @param rows dense: inputs; convolution: filters
 * @param cols dense: outputs; convolution: {@code inChannels * k * k}
 * @param biases number of biases (dense: outputs; convolution: filters)
 */
record ParameterBlock(Kind kind, int coreOffset, int dl4jOffset, int rows, int cols, int biases) {

  /** How a layer's parameters are ordered on the DL4J side. */
  enum Kind {
    /** W column-major, then b. */
    DENSE,
    /** b, then W row-major. */
    CONVOLUTION
  }

  /** Number of parameters of the layer. */
  int size() {
    return rows * cols + biases;
  }

  /** Copies this layer's parameters from the core layout into the DL4J layout. */
  void toDl4j(float[] core, float[] dl4j) {
    int w = rows * cols;
    switch (kind) {
      case DENSE -> {
        for (int i = 0; i < rows; i++) {
          for (int j = 0; j < cols; j++) {
            dl4j[dl4jOffset + j * rows + i] = core[coreOffset + i * cols + j];
          }
        }
        System.arraycopy(core, coreOffset + w, dl4j, dl4jOffset + w, biases);
      }
      case CONVOLUTION -> {
        System.arraycopy(core, coreOffset + w, dl4j, dl4jOffset, biases);
        System.arraycopy(core, coreOffset, dl4j, dl4jOffset + biases, w);
      }
      default -> throw new AssertionError(kind);
    }
  }

  /** Copies this layer's parameters from the DL4J layout into the core layout. */
  void toCore(float[] dl4j, float[] core) {
    int w = rows * cols;
    switch (kind) {
      case DENSE -> {
        for (int i = 0; i < rows; i++) {
          for (int j = 0; j < cols; j++) {
            core[coreOffset + i * cols + j] = dl4j[dl4jOffset + j * rows + i];
          }
        }
        System.arraycopy(dl4j, dl4jOffset + w, core, coreOffset + w, biases);
      }
      case CONVOLUTION -> {
        System.arraycopy(dl4j, dl4jOffset, core, coreOffset + w, biases);
        System.arraycopy(dl4j, dl4jOffset + biases, core, coreOffset, w);
      }
      default -> throw new AssertionError(kind);
    }
  }
}
