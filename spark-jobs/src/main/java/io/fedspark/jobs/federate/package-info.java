/** The federated simulation on Spark: the Spark backend of the engine and the federate job. */
package io.fedspark.jobs.federate;
