/** Kryo registration of fedspark's classes (jobs run with registration required). */
package io.fedspark.jobs.kryo;
