package io.fedspark.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs an exported file in ONNX Runtime (one intra-op thread, so results do not depend on the
 * machine's load): feeds {@code features} in chunks (exercising the symbolic batch dimension with
 * two different N) and collects both outputs.
 */
final class OnnxRuntimeScorer implements AutoCloseable {
  /** Row-major {@code n x classes} outputs of one scoring pass. */
  record Outputs(float[] logits, float[] probabilities) {}

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;

  OnnxRuntimeScorer(byte[] model) throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      session = env.createSession(model, options);
    }
  }

  OrtSession session() {
    return session;
  }

  Outputs score(float[] features, int rows, int width, int classes, int chunkRows) throws OrtException {
    float[] logits = new float[rows * classes];
    float[] probabilities = new float[rows * classes];
    for (int start = 0; start < rows; start += chunkRows) {
      int n = Math.min(chunkRows, rows - start);
      float[] chunk = Arrays.copyOfRange(features, start * width, (start + n) * width);
      try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(chunk), new long[] {n, width});
          OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
        copy(result, OnnxExport.LOGITS, logits, start * classes, n * classes);
        copy(result, OnnxExport.PROBABILITIES, probabilities, start * classes, n * classes);
      }
    }
    return new Outputs(logits, probabilities);
  }

  private static void copy(OrtSession.Result result, String name, float[] into, int offset, int count) {
    OnnxValue value = result.get(name).orElseThrow(() -> new AssertionError("no output '" + name + "'"));
    FloatBuffer data = ((OnnxTensor) value).getFloatBuffer();
    if (data.remaining() != count) {
      throw new AssertionError("output '" + name + "' has " + data.remaining() + " floats, expected " + count);
    }
    data.get(into, offset, count);
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
