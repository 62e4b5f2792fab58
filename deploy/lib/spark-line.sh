# Sourced by deploy/bin/fedspark, fedspark-cluster and fedspark-submit (bash; ROOT set): which of the
# project's two builds to run. fedspark builds for Spark 3.5 / Scala 2.12 (the default,
# mvn -B -DskipTests package, into deploy/target) or for Spark 4 / Scala 2.13 (mvn -Pspark4 ...,
# into deploy/target/spark4); FEDSPARK_SPARK_LINE (3.5, the default, or 4) picks one. Each build
# writes launch.properties: spark.line, spark.version, scala.binary.version and jvm.options (the JVM
# options of that Spark line, for the JVMs the launchers start themselves).

FEDSPARK_SPARK_LINE="${FEDSPARK_SPARK_LINE:-3.5}"
case "$FEDSPARK_SPARK_LINE" in
  3.5) BUILD_DIR="$ROOT/deploy/target"; BUILD_PROFILE=() ;;
  4) BUILD_DIR="$ROOT/deploy/target/spark4"; BUILD_PROFILE=(-Pspark4) ;;
  *) echo "fedspark: error: FEDSPARK_SPARK_LINE=$FEDSPARK_SPARK_LINE: expected 3.5 (the default build) or 4 (the -Pspark4 build)" >&2
     exit 2 ;;
esac
KIT="$BUILD_DIR/spark-kit"
LAUNCH_PROPERTIES="$BUILD_DIR/launch.properties"
# How to build this line, for messages and the launcher's first-use build.
BUILD_COMMAND="mvn -B -DskipTests${BUILD_PROFILE[*]:+ ${BUILD_PROFILE[*]}} package"

# launch_property KEY: its value in launch.properties; nothing when the file or the key is missing.
launch_property() {
  [[ -f "$LAUNCH_PROPERTIES" ]] || return 0
  sed -n "s:^$1=::p" "$LAUNCH_PROPERTIES"
}

# assembly: the path of this line's assembly jar; nothing when it is not built.
assembly() {
  local f
  for f in "$BUILD_DIR"/fedspark-assembly-*.jar; do
    if [[ -e "$f" ]]; then
      echo "$f"
      return
    fi
  done
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
      "$(launch_property spark.line) / Scala $ours (FEDSPARK_SPARK_LINE=$FEDSPARK_SPARK_LINE); point SPARK_HOME at a" \
      "Spark $(launch_property spark.line) installation for Scala $ours, or use the other build (FEDSPARK_SPARK_LINE=3.5:" \
      "Spark 3.5 / Scala 2.12; FEDSPARK_SPARK_LINE=4: Spark 4 / Scala 2.13, built with -Pspark4)" >&2
    return 2
  fi
}
