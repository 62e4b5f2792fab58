/** How a run was made: provenance.json and build information. */
package io.fedspark.jobs.provenance;
