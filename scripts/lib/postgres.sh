# Shared by scripts/postgres and scripts/rates-example: a throwaway PostgreSQL server for tests and demos.
#
# Binaries: $ORDER_PRICING_PG_BIN, else the newest /usr/lib/postgresql/<version>/bin (Debian and Ubuntu), else
# initdb on the PATH. When none is found and this runs as root with apt-get, the postgresql package is installed.
# The server refuses to run as root: run as root, its files belong to the postgres system user and its commands run
# through runuser; run as anyone else, they are that user's.

pg_die() {
  echo "order-pricing: $*" >&2
  exit 1
}

pg_find_bin() {
  local dir
  if [ -n "${ORDER_PRICING_PG_BIN:-}" ]; then
    [ -x "$ORDER_PRICING_PG_BIN/initdb" ] && echo "$ORDER_PRICING_PG_BIN"
    return 0
  fi
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
    echo "$dir"
  elif command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  fi
  return 0
}

# Prints the directory of initdb, pg_ctl and psql; installs PostgreSQL first when it is missing (idempotent).
pg_bin() {
  local bin log
  bin="$(pg_find_bin)"
  if [ -z "$bin" ]; then
    [ -z "${ORDER_PRICING_PG_BIN:-}" ] || pg_die "ORDER_PRICING_PG_BIN=$ORDER_PRICING_PG_BIN holds no initdb"
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
      || pg_die "PostgreSQL is not installed: install the postgresql package (e.g. sudo apt-get install -y postgresql)"
    echo "order-pricing: installing PostgreSQL (apt-get install postgresql)..." >&2
    log="$(mktemp "${TMPDIR:-/tmp}/order-pricing-apt.XXXXXX")"
    # Serialized: tests starting servers at the same time must not run two installs.
    if ! (
      flock 9
      [ -n "$(pg_find_bin)" ] && exit 0
      apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
    ) 9>"${TMPDIR:-/tmp}/order-pricing-apt.lock" >"$log" 2>&1; then
      tail -20 "$log" >&2
      pg_die "apt-get install postgresql failed (log: $log)"
    fi
    rm -f "$log"
    bin="$(pg_find_bin)"
    [ -n "$bin" ] || pg_die "PostgreSQL was installed but no initdb was found under /usr/lib/postgresql"
  fi
  echo "$bin"
}

# Runs a command as the server's owner: the postgres system user when this runs as root.
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# A TCP port on 127.0.0.1 that nothing listens on now (the server start retries should another take it first).
pg_free_port() {
  local port i
  for ((i = 0; i < 50; i++)); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  pg_die "no free port found on 127.0.0.1"
}

# KEY=VALUE lines of the state dir's server.env.
pg_env() {
  local state="$1" key="$2"
  [ -f "$state/server.env" ] || return 1
  sed -n "s/^$key=//p" "$state/server.env" | head -1
}
