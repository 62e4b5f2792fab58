/**
 * Shared test base for Spark tests: a JUnit 5 extension giving one local[2] SparkSession per test
 * class, configured exactly like the jobs (Kryo with registration required). Published in the
 * spark-jobs test-jar for other modules.
 */
package io.fedspark.jobs.testing;
