# Sourced by deploy/bin/fedspark and deploy/bin/fedspark-submit (bash): fedspark's Spark settings on
# top of the site's configuration, never instead of it.
#
# spark-submit itself keeps reading the site's properties file (SPARK_CONF_DIR/spark-defaults.conf,
# else SPARK_HOME/conf/spark-defaults.conf, or a --properties-file given by the user); fedspark adds
# the settings of its own conf/spark-defaults.conf as --conf arguments, which Spark applies over that
# file:
# - spark.driver.extraJavaOptions, spark.executor.extraJavaOptions: the site's value, then ours (the
#   Java 17 module options, the GC-locker and G1 region options): both sets reach the JVMs, and on a
#   repeated -XX or -D option ours, coming last, wins;
# - spark.serializer, spark.kryo.registrationRequired, spark.kryo.registrator: ours, always. The jobs
#   set these three in code too (io.fedspark.jobs.SparkSessions): Kryo with fedspark's registrator
#   (its records need their serializer), registration not required (Spark SQL's readers send
#   classes of their own);
# - any other key of ours (spark.driver.memory, spark.ui.showConsoleProgress): only where the site
#   does not set it.
# Every other site key (event logs, spark.yarn.jars, security, ...) stays as the site has it.
# Only the values of keys we touch are read here, by a reader of the java.util.Properties format
# (comments, "key value", "key=value", "key: value", continuation lines, backslash escapes except
# \uXXXX), with Spark's trimming of values.

FEDSPARK_FORCED_SPARK_KEYS=(spark.serializer spark.kryo.registrationRequired spark.kryo.registrator)
FEDSPARK_JOINED_SPARK_KEYS=(spark.driver.extraJavaOptions spark.executor.extraJavaOptions)

# props_read FILE: every entry of a properties file as "key<TAB>value" lines, in file order (a key
# may repeat: the last one wins, as in java.util.Properties).
props_read() {
  awk '
    function unescape(s,   out, i, n, c) {
      out = ""; n = length(s)
      for (i = 1; i <= n; i++) {
        c = substr(s, i, 1)
        if (c == "\\" && i < n) {
          i++; c = substr(s, i, 1)
          if (c == "t") c = "\t"; else if (c == "n") c = "\n"; else if (c == "r") c = "\r"; else if (c == "f") c = "\f"
        }
        out = out c
      }
      return out
    }
    {
      line = $0
      sub(/\r$/, "", line)
      sub(/^[ \t\f]+/, "", line)
      if (!cont) {
        if (line == "" || line ~ /^[#!]/) next
        logical = line
      } else {
        logical = logical line
      }
      # An odd number of trailing backslashes continues the line.
      if (match(logical, /\\+$/) && RLENGTH % 2 == 1) {
        logical = substr(logical, 1, length(logical) - 1)
        cont = 1
        next
      }
      cont = 0
      n = length(logical)
      for (i = 1; i <= n; i++) {
        c = substr(logical, i, 1)
        if (c == "\\") { i++; continue }
        if (c == "=" || c == ":" || c == " " || c == "\t" || c == "\f") break
      }
      key = unescape(substr(logical, 1, i - 1))
      rest = substr(logical, i)
      sub(/^[ \t\f]+/, "", rest)
      if (rest ~ /^[=:]/) { rest = substr(rest, 2); sub(/^[ \t\f]+/, "", rest) }
      value = unescape(rest)
      sub(/[ \t\f\r\n]+$/, "", value)
      print key "\t" value
    }
  ' "$1"
}

# site_properties_file CONF_DIR ARGS...: the properties file spark-submit will read: the value of a
# --properties-file among ARGS (the user's FEDSPARK_SUBMIT_ARGS), else CONF_DIR/spark-defaults.conf
# when it exists; prints nothing when there is none.
site_properties_file() {
  local dir="$1" file=""
  shift
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --properties-file) file="${2:-}"; shift ;;
      --properties-file=*) file="${1#--properties-file=}" ;;
    esac
    shift
  done
  if [[ -n "$file" ]]; then
    echo "$file"
  elif [[ -n "$dir" && -f "$dir/spark-defaults.conf" ]]; then
    echo "$dir/spark-defaults.conf"
  fi
}

# fedspark_spark_conf OURS SITE DRIVER_EXTRA EXECUTOR_EXTRA: sets SPARK_CONF_ARGS to the --conf
# arguments that put OURS (conf/spark-defaults.conf) on top of SITE (a properties file, or "" for
# none), as described at the top. DRIVER_EXTRA and EXECUTOR_EXTRA are JVM options appended after
# ours (e.g. a JavaCPP cache directory, the local cluster's secret file).
fedspark_spark_conf() {
  local ours="$1" site="$2" driver_extra="$3" executor_extra="$4"
  [[ -f "$ours" ]] || { echo "fedspark: error: $ours is missing (fedspark's Spark settings)" >&2; return 2; }
  [[ -z "$site" || -f "$site" ]] || { echo "fedspark: error: Spark properties file $site does not exist" >&2; return 2; }
  if [[ -n "$site" && "$(readlink -f "$site")" == "$(readlink -f "$ours")" ]]; then
    site=""
  fi
  local -A our=() theirs=()
  local -a keys=()
  local key value extra
  while IFS=$'\t' read -r key value; do
    [[ -v "our[$key]" ]] || keys+=("$key")
    our["$key"]="$value"
  done < <(props_read "$ours")
  if [[ -n "$site" ]]; then
    while IFS=$'\t' read -r key value; do theirs["$key"]="$value"; done < <(props_read "$site")
  fi
  SPARK_CONF_ARGS=()
  for key in "${FEDSPARK_JOINED_SPARK_KEYS[@]}"; do
    [[ -v "our[$key]" ]] || { echo "fedspark: error: $ours does not set $key" >&2; return 2; }
  done
  for key in "${keys[@]}"; do
    value="${our[$key]}"
    if [[ " ${FEDSPARK_JOINED_SPARK_KEYS[*]} " == *" $key "* ]]; then
      extra="$executor_extra"
      [[ "$key" == spark.driver.* ]] && extra="$driver_extra"
      value="${theirs[$key]:+${theirs[$key]} }$value${extra:+ $extra}"
    elif [[ " ${FEDSPARK_FORCED_SPARK_KEYS[*]} " != *" $key "* && -v "theirs[$key]" ]]; then
      continue
    fi
    SPARK_CONF_ARGS+=(--conf "$key=$value")
  done
}
