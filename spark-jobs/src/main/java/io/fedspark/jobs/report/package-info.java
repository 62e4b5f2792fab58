/**
 * Human-readable run outputs: PNG line plots (with seed-spread bands) and grouped bar charts (with
 * error bars), rendered headless by JFreeChart, and Parquet metrics tables.
 */
package io.fedspark.jobs.report;
