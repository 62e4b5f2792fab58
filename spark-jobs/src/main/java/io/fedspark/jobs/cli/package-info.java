/** The command line behind deploy/bin/fedspark and spark-submit --class. */
package io.fedspark.jobs.cli;
