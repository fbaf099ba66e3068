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
      -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=compile >"$root/target/build.log" 2>&1) || {
    tail -40 "$root/target/build.log" >&2
    echo "order-pricing: build failed; the whole log is in $root/target/build.log" >&2
    exit 1
  }
  rm -f "$root"/target/*.jsa # class-data archives of the old jar
  touch "$stamp"
}

# The job's own jar (not target/classes: the JVM's class-data sharing archives classes from jars only) and its
# dependencies.
runtime_classpath() {
  local root="$1"
  echo "$root/target/order-pricing-1.0.0-SNAPSHOT.jar:$(cat "$root/target/classpath.txt")"
}

# JVM options for class-data sharing: the first run records the classes it loads into an archive, later runs map
# them from it instead of loading and verifying thousands of Spark classes again (a second or two of every start).
class_data_sharing() {
  local archive="$1/target/$2.jsa"
  if [ -f "$archive" ]; then
    echo "-XX:SharedArchiveFile=$archive -Xlog:cds=off -Xlog:cds+dynamic=off"
  else
    echo "-XX:ArchiveClassesAtExit=$archive -Xlog:cds=off -Xlog:cds+dynamic=off"
  fi
}
