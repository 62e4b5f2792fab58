/**
 * Interoperation with DL4J 1.0.0-M2, the baseline engine: a core {@code ModelSpec} as an equivalent
 * DL4J {@code MultiLayerConfiguration}, parameters copied both ways between the core's flat array
 * and DL4J's flattened parameters, the core's SGD as a DL4J updater, ND4J's thread settings, and a
 * core model written as a DL4J {@code ModelSerializer} zip ({@link io.fedspark.jobs.dl4j.Dl4jExport}).
 * Lives in spark-jobs because core-math may import nothing but the JDK and JavaCPP.
 */
package io.fedspark.jobs.dl4j;
