/** Datasets on Spark: reading them through Hadoop file systems (any of file://, hdfs://, s3a://). */
package io.fedspark.jobs.data;
