/** Datasets on Spark: reading through Hadoop file systems and stacking examples into shards. */
package io.fedspark.jobs.data;
