/**
 * The command line's error contract under hostile input, table-driven: {@link
 * io.fedspark.jobs.cli.hostile.HostileInputTest} runs every case of the tables ({@link
 * io.fedspark.jobs.cli.hostile.ConfigurationCases}, {@link io.fedspark.jobs.cli.hostile.DataCases},
 * {@link io.fedspark.jobs.cli.hostile.CommandLineCases}, {@link
 * io.fedspark.jobs.cli.hostile.FileSystemCases}, {@link io.fedspark.jobs.cli.hostile.ResumeCases})
 * in-process on one shared local session, over the fixtures of {@link
 * io.fedspark.jobs.cli.hostile.HostileFixtures}, and {@link io.fedspark.jobs.cli.hostile.ErrorContract}
 * checks each outcome.
 */
package io.fedspark.jobs.cli.hostile;
