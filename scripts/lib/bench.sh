# Shared by scripts/bench: builds the bench tooling (mvn -Pbench, under target/bench/ so it never touches the
# target/classes that scripts/price runs from), gives its classpath, makes the cached inputs, times one run.
# Source scripts/lib/classpath.sh first.

# Builds target/bench/classes and target/bench/classpath.txt when missing or older than pom.xml, src/ or conf/.
ensure_bench_built() {
  local root="$1" stamp="$1/target/bench/.built"
  if [ -f "$stamp" ] && [ -f "$root/target/bench/classpath.txt" ] && \
     [ -z "$(find "$root/pom.xml" "$root/src/main" "$root/src/bench" "$root/conf" -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  echo "bench: building the bench tooling (mvn -Pbench)..." >&2
  mkdir -p "$root/target/bench"
  (cd "$root" && mvn -B -Pbench -Dmaven.test.skip=true package dependency:build-classpath \
      -Dmdep.outputFile=target/bench/classpath.txt -Dmdep.includeScope=compile >"$root/target/bench/build.log" 2>&1) || {
    tail -40 "$root/target/bench/build.log" >&2
    echo "bench: build failed; the whole log is in $root/target/bench/build.log" >&2
    exit 1
  }
  touch "$stamp"
}

bench_classpath() {
  local root="$1"
  echo "$root/target/bench/classes:$(cat "$root/target/bench/classpath.txt")"
}

# Sets the array BENCH_JAVA to the command that starts a bench main class in a JVM started the way scripts/price
# starts the job (conf/jvm-options, conf/ and its log4j2 settings; BENCH_JAVA_OPTS adds options):
#   bench_java_command ROOT; "${BENCH_JAVA[@]}" orderpricing.bench.SomeMain ARGS...
bench_java_command() {
  local root="$1" extra=()
  # shellcheck disable=SC2206
  [ -n "${BENCH_JAVA_OPTS:-}" ] && extra=(${BENCH_JAVA_OPTS})
  BENCH_JAVA=(java @"$root/conf/jvm-options" "${extra[@]}"
    -Dorderpricing.conf="$root/conf"
    -Dlog4j2.configurationFile="$root/conf/log4j2.properties"
    -cp "$(bench_classpath "$root")")
}

# The generated input for FORMAT (parquet|jsonl), COUNT orders and SEED, made once with data/generate and cached:
# prints its directory. Made in a temporary directory and renamed, so a half-made input is never reused.
ensure_input() {
  local root="$1" format="$2" count="$3" seed="$4"
  local dir="$root/target/bench-data/$format-$count-seed$seed"
  if [ ! -f "$dir/_SUCCESS" ]; then
    local gen_format=parquet
    [ "$format" = jsonl ] && gen_format=json
    echo "bench: generating $count orders as $format (seed $seed) into $dir" >&2
    rm -rf "$dir" "$dir.tmp"
    mkdir -p "$(dirname "$dir")"
    "$root/data/generate" "$count" "$dir.tmp" "$gen_format" "$seed" >"$dir.log" 2>&1 || {
      tail -20 "$dir.log" >&2
      echo "bench: data/generate failed; its log is $dir.log" >&2
      exit 1
    }
    mv "$dir.tmp" "$dir"
  fi
  echo "$dir"
}

# How many cores are busy right now, over 2 seconds (from /proc/stat): other work on the machine, when no run is going.
busy_cores_now() {
  local before after
  before="$(head -1 /proc/stat)"; sleep 2; after="$(head -1 /proc/stat)"
  # cpu user nice system idle iowait irq softirq steal: the busy share of the ticks between the two readings.
  printf '%s\n%s\n' "$before" "$after" | awk -v cores="$(nproc)" '
    { idle[NR] = $5 + $6; all[NR] = 0; for (i = 2; i <= 9; i++) all[NR] += $i }
    END { t = all[2] - all[1]; printf "%.2f", (t > 0 ? cores * (1 - (idle[2] - idle[1]) / t) : 0) }'
}

# Positive order counts: 1000, 1_000, 1k, 100k, 1m, 10m, 1e6, 10^6.
parse_count() {
  local s="${1//_/}" n
  s="${s,,}"
  if ! [[ "$s" =~ ^[0-9]{1,12}(k|m|e[0-9]{1,2}|\^[0-9]{1,2})?$ ]]; then
    echo "bench: not an order count: '$1'" >&2
    return 1
  fi
  case "$s" in
    *k) n=$(( 10#${s%k} * 1000 )) ;;
    *m) n=$(( 10#${s%m} * 1000000 )) ;;
    *e*) n=$(( 10#${s%%e*} * 10 ** 10#${s#*e} )) ;;
    *^*) n=$(( 10#${s%%^*} ** 10#${s#*^} )) ;;
    *) n=$(( 10#$s )) ;;
  esac
  if [ "$n" -le 0 ]; then
    echo "bench: not a positive order count: '$1'" >&2
    return 1
  fi
  echo "$n"
}

# Times one run of a command with GNU time and appends a line to the raw results:
# time_run RAW LOG INPUT ORDERS WAY RUN COMMAND...  (RAW lines: input orders way run wall_s peak_rss_kb exit cpu_s)
# cpu_s is user + system CPU seconds of the whole process tree: above wall_s, the run kept more than one core busy.
# Sets TIME_RUN_RC to the exit code; 200 means scripts/price rebuilt the project first, so the time is not counted.
time_run() {
  local raw="$1" log="$2" input="$3" orders="$4" way="$5" run="$6"; shift 6
  local tf="$log.time" rc=0
  /usr/bin/time -f '%e %M %U %S' -o "$tf" "$@" >"$log" 2>&1 </dev/null || rc=$?
  local last wall rss user sys cpu
  last="$(tail -n 1 "$tf" 2>/dev/null || true)"
  read -r wall rss user sys <<<"$last" || true
  [[ "$wall" =~ ^[0-9.]+$ ]] || wall=NaN
  [[ "$rss" =~ ^[0-9]+$ ]] || rss=0
  if [[ "$user" =~ ^[0-9.]+$ ]] && [[ "$sys" =~ ^[0-9.]+$ ]]; then cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }'); else cpu=NaN; fi
  # scripts/price rebuilds the project when its sources changed since the last build, and records a new class-data
  # archive when the JDK or a jar changed: that run timed Maven or the recording too.
  if grep -q '^order-pricing: \(building\|recording\)' "$log"; then rc=200; fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$input" "$orders" "$way" "$run" "$wall" "$rss" "$rc" "$cpu" >>"$raw"
  TIME_RUN_RC="$rc"
  local note=""
  [ "$rc" = 200 ] && note=" (not counted: the project was rebuilt or its class-data archive recorded during the run)"
  [ "$rc" != 0 ] && [ "$rc" != 200 ] && note=" (FAILED, exit $rc: see $log)"
  printf 'bench: %-7s %12s  run %s  %-11s %7s s  %6s MiB  %6s s CPU%s\n' "$input" "$orders" "$run" "$way" "$wall" "$(( rss / 1024 ))" "$cpu" "$note" >&2
}
