/** Human-readable run outputs: PNG line plots and markdown tables. */
package io.fedspark.jobs.report;
