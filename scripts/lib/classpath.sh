# Shared by the scripts: builds the project when its sources changed, and gives the classpath to run it,
# Spark included (the application jar leaves Spark out; spark-submit supplies it on a cluster).

# Builds target/*.jar and target/classpath.txt when missing or older than pom.xml, src/ or conf/.
ensure_built() {
  local root="$1" stamp="$1/target/.built"
  if [ -f "$stamp" ] && [ -z "$(find "$root/pom.xml" "$root/src/main" "$root/conf" -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  echo "order-pricing: building (first run, or sources changed)..." >&2
  mkdir -p "$root/target"
  (cd "$root" && mvn -B -DskipTests package dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt -DincludeScope=compile >"$root/target/build.log" 2>&1) || {
    tail -40 "$root/target/build.log" >&2
    echo "order-pricing: build failed; the whole log is in $root/target/build.log" >&2
    exit 1
  }
  touch "$stamp"
  record_class_data "$root" >&2 # for the new jar, now, so no user command ever records it
}

# The job's own jar (not target/classes: the JVM's class-data sharing archives classes from jars only) and its
# dependencies.
runtime_classpath() {
  local root="$1"
  echo "$root/target/order-pricing-1.0.0-SNAPSHOT.jar:$(cat "$root/target/classpath.txt")"
}

# Class-data sharing: an archive of the classes a pricing run loads (thousands of Spark's), which later JVMs map
# instead of loading and verifying them again (a second or two of every start). It is recorded from a representative
# pricing run made for the purpose, never from a user's command: a --help or a usage error would archive only the
# command line's classes and make every later run slower than none. A stamp beside it names the JDK and the jars it
# was recorded against; another JDK or another jar means a new archive, recorded before the run that notices it.
# Scripts whose JVMs have the job's classpath (scripts/price, data/generate) map it; scripts/submit runs SparkSubmit
# on another classpath, where it cannot apply.

job_archive() { echo "$1/target/price.jsa"; }

# What the archive depends on, as one checksum: the java on the PATH (its real path and the files of its own
# archive) and every entry of the runtime classpath (name, size, mtime: what the JVM itself checks).
class_data_identity() {
  local root="$1" java home
  java="$(command -v java)" || return 1
  java="$(readlink -f "$java")"
  home="${java%/bin/java}"
  {
    echo "$java"
    stat -L -c '%n %s %Y' "$home/lib/modules" "$home/lib/server/libjvm.so" "$home/lib/server/classes.jsa" 2>&1
    runtime_classpath "$root" | tr ':' '\n' | xargs -d '\n' stat -L -c '%n %s %Y' 2>&1
    true # a missing file changes the checksum; it is not an error here
  } | cksum | cut -d' ' -f1
}

# Records the archive from the 4 sample orders as JSON, Parquet and CSV on local[*], appended to a Delta table that a
# run before it created: both readers' classes, the driver-side text parsing, the Parquet writer, and Delta's classes
# for reading a table's log and committing to it (without them a table run starts 1.4 s slower). The archive and its
# stamp are replaced only by a run that succeeded; a failed recording leaves a stamp saying so, and runs go on without
# an archive (until the next build or another JDK) rather than trying again each time. Progress goes to stdout.
record_class_data() {
  local root="$1" archive stamp id work rc=0
  archive="$(job_archive "$root")"
  stamp="$archive.stamp"
  id="$(class_data_identity "$root")" || return 0
  echo "order-pricing: recording the class-data sharing archive from a pricing run of the sample orders..."
  rm -f "$stamp" "$archive"
  work="$(mktemp -d "$root/target/.class-data.XXXXXX")"
  printf 'id,total,discount\nORD-001,100.00,0.1\nORD-002,200.00,0.2\nORD-003,50.00,0.05\nORD-004,150.00,\n' >"$work/orders.csv"
  local java=(java @"$root/conf/jvm-options" -XX:TieredStopAtLevel=1 -Dorderpricing.conf="$root/conf"
    -Dlog4j2.configurationFile="$root/conf/log4j2.properties" -cp "$(runtime_classpath "$root")")
  local run=(orderpricing.cli.PriceCommand --master 'local[*]' --output "$work/prices" --output-format delta --append)
  { "${java[@]}" "${run[@]}" --input "$work/orders.csv" --run-id create &&
    "${java[@]}" -XX:ArchiveClassesAtExit="$work/price.jsa" "${run[@]}" --run-id record \
      --input "$root/data/orders.json" --input "$root/data/orders.parquet" --input "$work/orders.csv"
  } >"$root/target/class-data.log" 2>&1 || rc=$?
  if [ "$rc" = 0 ] && [ -d "$work/prices/_delta_log" ] && [ -s "$work/price.jsa" ] && mv "$work/price.jsa" "$archive"; then
    echo "recorded $id" >"$stamp"
  else
    echo "failed $id" >"$stamp"
    echo "order-pricing: warning: could not record the class-data sharing archive (exit $rc); runs start without one. Log: $root/target/class-data.log"
  fi
  rm -rf "$work"
}

# JVM options that map the job's archive: nothing when it could not be recorded. An archive that is missing, or
# whose stamp names another JDK or other jars, is recorded anew first (progress on stderr).
class_data_sharing() {
  local root="$1" archive id
  archive="$(job_archive "$root")"
  id="$(class_data_identity "$root")" || return 0
  case "$(cat "$archive.stamp" 2>/dev/null)" in
    "recorded $id") ;;
    "failed $id") return 0 ;;
    *) record_class_data "$root" >&2 ;;
  esac
  if [ "$(cat "$archive.stamp" 2>/dev/null)" = "recorded $id" ] && [ -f "$archive" ]; then
    echo "-XX:SharedArchiveFile=$archive -Xlog:cds=off -Xlog:cds+dynamic=off"
  fi
}

# JIT options by input size: a run over small local inputs (a few MB) is over before C2's compiles pay back the
# CPU they take from the job on a small machine, so it compiles with C1 only (measured: 4.2 s -> 3.0 s for the
# 4 sample orders on 2 cores). Larger, remote or unknown inputs keep the JVM's default tiered compilation.
jit_for_inputs() {
  local total=0 expect_path=0 arg path size
  for arg in "$@"; do
    path=""
    if [ "$expect_path" = 1 ]; then path="$arg"; expect_path=0
    elif [ "$arg" = "--input" ]; then expect_path=1; continue
    elif [ "${arg#--input=}" != "$arg" ]; then path="${arg#--input=}"
    else continue
    fi
    [ -e "$path" ] || return 0
    size=$(du -sbL "$path" 2>/dev/null | cut -f1) || return 0
    total=$((total + size))
  done
  if [ "$total" -gt 0 ] && [ "$total" -lt $((16 << 20)) ]; then echo "-XX:TieredStopAtLevel=1"; fi
}
