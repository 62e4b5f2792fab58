/**
 * Writes core-math models ({@code io.fedspark.math.nn.ModelSpec} plus the flat parameter array)
 * in formats other systems load: ONNX ({@link io.fedspark.export.OnnxExport}). The ONNX protobuf
 * classes ({@code io.fedspark.export.proto.Onnx}) are generated at build time from the ONNX schema
 * in {@code src/main/proto/onnx.proto}. Depends on core-math only; no Spark.
 */
package io.fedspark.export;
