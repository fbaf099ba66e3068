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
      -Dmdep.outputFile=target/bench/classpath.txt -DincludeScope=compile >"$root/target/bench/build.log" 2>&1) || {
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
# prints its directory.
ensure_input() {
  local root="$1" format="$2" count="$3" seed="$4" gen_format=parquet
  [ "$format" = jsonl ] && gen_format=json
  ensure_generated "$root" "$format-$count-seed$seed" "$count" "$gen_format" "$seed" 1
}

# data/generate [OPTIONS] COUNT DIR GEN_FORMAT SEED FILES into target/bench-data/NAME, once: prints the directory.
# Made in a temporary directory and renamed, so a half-made input is never reused.
#   ensure_generated ROOT NAME COUNT GEN_FORMAT SEED FILES [data/generate options...]
ensure_generated() {
  local root="$1" name="$2" count="$3" gen_format="$4" seed="$5" files="$6"; shift 6
  local dir="$root/target/bench-data/$name"
  if [ ! -f "$dir/_SUCCESS" ]; then
    echo "bench: generating $count orders as $gen_format in $files file(s) (seed $seed) into $dir" >&2
    rm -rf "$dir" "$dir.tmp"
    mkdir -p "$(dirname "$dir")"
    "$root/data/generate" "$@" "$count" "$dir.tmp" "$gen_format" "$seed" "$files" >"$dir.log" 2>&1 || {
      tail -20 "$dir.log" >&2
      echo "bench: data/generate failed; its log is $dir.log" >&2
      exit 1
    }
    mv "$dir.tmp" "$dir"
  fi
  echo "$dir"
}

# The input shapes of issue 9. shape_spec SHAPE sets SHAPE_FORMAT (as the bench ways name it), SHAPE_ORDERS,
# SHAPE_TARGET (the job's wall time over the Spark copy's), SHAPE_LABEL and SHAPE_MADE_BY; ensure_shape ROOT SHAPE
# then makes its input once (after bench_java_command) and sets SHAPE_DIR.
all_shapes="small-files,big-jsonl,big-csv,duckdb-parquet,few-big"
shape_spec() {
  SHAPE_TARGET=1.3
  case "$1" in
    small-files) SHAPE_FORMAT=parquet SHAPE_ORDERS=1000000 SHAPE_LABEL="1,000 Parquet files × 1,000 orders"
      SHAPE_MADE_BY='`data/generate 1000000 DIR parquet 7 1000`' ;;
    big-jsonl) SHAPE_FORMAT=jsonl SHAPE_ORDERS=5000000 SHAPE_LABEL="one JSON Lines file, 5,000,000 orders"
      SHAPE_MADE_BY='`data/generate 5000000 DIR json 42 1`' ;;
    big-csv) SHAPE_FORMAT=csv SHAPE_ORDERS=5000000 SHAPE_LABEL="one CSV file, 5,000,000 orders"
      SHAPE_MADE_BY='`data/generate 5000000 DIR csv 42 1`' ;;
    duckdb-parquet) SHAPE_FORMAT=parquet SHAPE_ORDERS=10000000
      SHAPE_LABEL="one Parquet file written by DuckDB, 10,000,000 orders, 122,880-row row groups, DECIMAL(12,2)/DECIMAL(4,2)"
      SHAPE_MADE_BY='the few-big orders written again by DuckDB: `BENCH orderpricing.bench.DuckDbWrittenInput FEW_BIG_DIR DIR` (`COPY (SELECT id, total::DECIMAL(12,2), discount::DECIMAL(4,2) … ORDER BY id) TO … (FORMAT parquet, ROW_GROUP_SIZE 122880)`)' ;;
    few-big) SHAPE_FORMAT=parquet SHAPE_ORDERS=10000000 SHAPE_TARGET=1.25
      SHAPE_LABEL="one generated Parquet file, 10,000,000 orders, 8 MB row groups"
      SHAPE_MADE_BY='`data/generate 10000000 DIR parquet 42 1` (the 10,000,000-order Parquet input of the sizes)' ;;
    *) echo "bench: unknown shape '$1': one of $all_shapes" >&2; return 1 ;;
  esac
}

ensure_shape() {
  local root="$1" shape="$2"
  shape_spec "$shape"
  case "$shape" in
    small-files) SHAPE_DIR="$(ensure_generated "$root" parquet-1000000-seed7-1000files 1000000 parquet 7 1000)" ;;
    big-jsonl) SHAPE_DIR="$(ensure_generated "$root" jsonl-5000000-seed42 5000000 json 42 1)" ;;
    big-csv) SHAPE_DIR="$(ensure_generated "$root" csv-5000000-seed42 5000000 csv 42 1)" ;;
    few-big) SHAPE_DIR="$(ensure_input "$root" parquet 10000000 42)" ;;
    duckdb-parquet)
      local few
      few="$(ensure_input "$root" parquet 10000000 42)"
      SHAPE_DIR="$root/target/bench-data/duckdb-parquet-10000000-seed42"
      if [ ! -f "$SHAPE_DIR/_SUCCESS" ]; then
        echo "bench: writing the 10,000,000 generated orders again with DuckDB into $SHAPE_DIR" >&2
        rm -rf "$SHAPE_DIR" "$SHAPE_DIR.tmp"
        "${BENCH_JAVA[@]}" orderpricing.bench.DuckDbWrittenInput "$few" "$SHAPE_DIR.tmp" >"$SHAPE_DIR.log" 2>&1 || {
          tail -20 "$SHAPE_DIR.log" >&2
          echo "bench: DuckDbWrittenInput failed; its log is $SHAPE_DIR.log" >&2
          exit 1
        }
        mv "$SHAPE_DIR.tmp" "$SHAPE_DIR"
      fi ;;
  esac
}

# The inputs of the customer rates sitting (issue 11), made once (after bench_java_command): sets RATES_ORDERS_DIR,
# COUNT orders over CUSTOMERS customers in one Parquet file (data/generate --customers), and RATES_TABLE_DIR, every
# customer's rate as one Parquet file (parquet/) and one CSV file with a header (csv/), made by
# orderpricing.bench.RatesInput.  ensure_rates_inputs ROOT COUNT CUSTOMERS SEED
ensure_rates_inputs() {
  local root="$1" count="$2" customers="$3" seed="$4"
  RATES_ORDERS_DIR="$(ensure_generated "$root" "parquet-$count-seed$seed-customers$customers" "$count" parquet "$seed" 1 \
    --customers "$customers")"
  RATES_TABLE_DIR="$root/target/bench-data/rates-$customers-seed$seed"
  if [ ! -f "$RATES_TABLE_DIR/_SUCCESS" ]; then
    echo "bench: writing the rates of $customers customers (seed $seed) into $RATES_TABLE_DIR" >&2
    rm -rf "$RATES_TABLE_DIR" "$RATES_TABLE_DIR.tmp"
    "${BENCH_JAVA[@]}" orderpricing.bench.RatesInput "$customers" "$seed" "$RATES_TABLE_DIR.tmp" >"$RATES_TABLE_DIR.log" 2>&1 || {
      tail -20 "$RATES_TABLE_DIR.log" >&2
      echo "bench: RatesInput failed; its log is $RATES_TABLE_DIR.log" >&2
      exit 1
    }
    mv "$RATES_TABLE_DIR.tmp" "$RATES_TABLE_DIR"
  fi
}

# The inputs of the Delta sitting's appends, made once: DAYS × COUNT orders in DAYS Parquet files (data/generate), so
# each day's file holds its own ids. Sets APPEND_FILES to the files, in name order (the days' order).
#   ensure_append_inputs ROOT DAYS COUNT SEED
ensure_append_inputs() {
  local root="$1" days="$2" count="$3" seed="$4" dir
  dir="$(ensure_generated "$root" "parquet-$(( days * count ))-seed$seed-${days}files" "$(( days * count ))" parquet "$seed" "$days")"
  mapfile -t APPEND_FILES < <(find "$dir" -maxdepth 1 -type f -name '*.parquet' ! -name '_*' ! -name '.*' | sort)
  if [ "${#APPEND_FILES[@]}" != "$days" ]; then
    echo "bench: $dir holds ${#APPEND_FILES[@]} Parquet files, not one for each of $days days" >&2
    exit 1
  fi
}

# A throwaway PostgreSQL server (scripts/postgres, state in $ORDER_PRICING_POSTGRES_DIR) holding the rates of
# RATES_TABLE_DIR in the table customer_rates: sets RATES_URL, RATES_PROPERTIES and RATES_PG_VERSION. The caller
# stops it (scripts/postgres stop).  start_rates_postgres ROOT
start_rates_postgres() {
  local root="$1" pg="$1/scripts/postgres" csv
  "$pg" start >&2
  csv="$(find "$RATES_TABLE_DIR/csv" -name 'part-*.csv' | head -1)"
  "$pg" psql -c "SET client_min_messages = warning" -c "DROP TABLE IF EXISTS customer_rates" \
    -c "CREATE TABLE customer_rates (customer_id text PRIMARY KEY, rate numeric(3, 2))" \
    -c "ALTER TABLE customer_rates OWNER TO pricing" >&2
  "$pg" psql -c "\\copy customer_rates FROM STDIN WITH (FORMAT csv, HEADER true)" <"$csv" >&2
  "$pg" psql -c "ANALYZE customer_rates" >&2
  RATES_URL="$("$pg" url)"
  RATES_PROPERTIES="$("$pg" properties)"
  RATES_PG_VERSION="$("$pg" psql -tA -c "SHOW server_version")"
  echo "bench: PostgreSQL $RATES_PG_VERSION at $RATES_URL holds $("$pg" psql -tA -c "SELECT count(*) FROM customer_rates") customer rates" >&2
}

# The data files of an input directory (not _SUCCESS, not hidden): "FILES BYTES".
input_files_and_bytes() {
  find "$1" -maxdepth 1 -type f ! -name '_*' ! -name '.*' -printf '%s\n' | awk '{ n++; b += $1 } END { printf "%d %d", n, b }'
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
  printf 'bench: %-14s %10s  run %s  %-14s %7s s  %6s MiB  %6s s CPU%s\n' "$input" "$orders" "$run" "$way" "$wall" "$(( rss / 1024 ))" "$cpu" "$note" >&2
}
