# Sourced by deploy/bin/fedspark, fedspark-cluster and fedspark-submit (bash; ROOT set): the Spark
# line this build is for. fedspark builds for Spark 3.5 / Scala 2.12 (the default) or Spark 4 /
# Scala 2.13 (mvn -Pspark4); the build writes what the launchers need to know of it into
# deploy/target/launch.properties: spark.line, spark.version, scala.binary.version and jvm.options
# (the JVM options of that Spark line, for the JVMs the launchers start themselves).

LAUNCH_PROPERTIES="$ROOT/deploy/target/launch.properties"

# launch_property KEY: its value in launch.properties; nothing when the file or the key is missing.
launch_property() {
  [[ -f "$LAUNCH_PROPERTIES" ]] || return 0
  sed -n "s:^$1=::p" "$LAUNCH_PROPERTIES"
}

# spark_jars_scala DIR: the Scala binary version of the Spark jars in DIR (2.12, 2.13), read from the
# name of its spark-core_<scala>-<version>.jar; nothing when DIR holds no Spark.
spark_jars_scala() {
  local f
  for f in "$1"/spark-core_*.jar; do
    [[ -e "$f" ]] || continue
    f="${f##*/spark-core_}"
    echo "${f%%-*}"
    return 0
  done
}

# check_spark_home PROGRAM: fails (message on stderr, status 2) when SPARK_HOME's Spark is for another
# Scala than this build: a jar built for Scala 2.12 cannot run on a Spark for 2.13, nor the reverse.
check_spark_home() {
  local theirs ours
  theirs="$(spark_jars_scala "$SPARK_HOME/jars")"
  ours="$(launch_property scala.binary.version)"
  if [[ -n "$theirs" && -n "$ours" && "$theirs" != "$ours" ]]; then
    echo "$1: error: SPARK_HOME=$SPARK_HOME is a Spark for Scala $theirs, but this fedspark build is for Spark" \
      "$(launch_property spark.line) / Scala $ours; build the matching line (mvn -B -DskipTests package for Spark 3.5" \
      "/ Scala 2.12, add -Pspark4 for Spark 4 / Scala 2.13) or point SPARK_HOME at a Spark $(launch_property spark.line)" \
      "installation for Scala $ours" >&2
    return 2
  fi
}
