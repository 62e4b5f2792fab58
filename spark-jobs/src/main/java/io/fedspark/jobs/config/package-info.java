/** Job configuration: HOCON defaults, user files and overrides, loaded into validated records. */
package io.fedspark.jobs.config;
