/** fedspark's Spark side: job entry points and the session every job shares. */
package io.fedspark.jobs;
