/** Result writing through the Hadoop FileSystem API: run directories and atomic writes. */
package io.fedspark.jobs.io;
