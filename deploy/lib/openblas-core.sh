# Sourced by deploy/bin/fedspark and deploy/bin/fedspark-submit (bash): the OpenBLAS kernel set a job
# pins with math.openblas.core, for the driver's environment.
#
# OpenBLAS reads OPENBLAS_CORETYPE once, when a JVM loads it, so a pinned set must be in the driver
# JVM's environment before that JVM starts; the executors get it from the job itself
# (spark.executorEnv.OPENBLAS_CORETYPE). The configuration is resolved by the job's own loader
# (io.fedspark.jobs.kernel.DriverEnvironment: defaults, CONFIG, includes, --set), in a small JVM
# (about 1 s) that runs only when the command line or a file on it mentions "openblas" or "include":
# otherwise nothing can pin a set, math.openblas.core being auto by default. A driver that still
# lacks the pinned set (e.g. started some other way) is refused by the job with the fix.

# fedspark_pinned_core ASSEMBLY COMMAND [ARGS...]: prints the pinned set (e.g. Haswell), or nothing.
fedspark_pinned_core() {
  local jar="$1" a mention=false
  shift
  [[ -n "$jar" && -f "$jar" ]] || return 0
  for a in "$@"; do
    if [[ "$a" == *openblas* ]] || { [[ -f "$a" && -r "$a" ]] && grep -qiE 'openblas|include' -- "$a"; }; then
      mention=true
      break
    fi
  done
  $mention || return 0
  java -Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$jar" io.fedspark.jobs.kernel.DriverEnvironment "$@" \
    2>/dev/null | sed -n 's/^OPENBLAS_CORETYPE=//p' || true
}
