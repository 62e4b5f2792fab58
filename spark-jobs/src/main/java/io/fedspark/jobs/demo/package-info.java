/** The demo job: a classifier trained by parameter averaging on Spark with the math core. */
package io.fedspark.jobs.demo;
