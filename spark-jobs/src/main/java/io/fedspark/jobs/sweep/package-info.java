/**
 * {@code fedspark sweep}: scheduled benchmark sweeps on top of the experiment runner's grid (jobs x
 * grid points x seeds), run in parallel on the current Spark master, resumable by run hash, with an
 * append-safe result store (one immutable row file per run; CSV and Parquet tables), comparison
 * against a baseline sweep with regression flags, and a Markdown / HTML report. Docs: {@code
 * docs/sweeps.md}.
 */
package io.fedspark.jobs.sweep;
