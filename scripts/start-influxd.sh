#!/usr/bin/env bash
# Starts a throwaway InfluxDB 1.x (Debian's influxd) for the telemetry tests and bench.
# Idempotent: if ours is already up, or any InfluxDB already answers on the port, it says so and exits 0.
# Listens on 127.0.0.1 only: HTTP on $INFLUXD_PORT (default 18086, never the default 8086), RPC on
# $INFLUXD_PORT+2. Data, meta and WAL live in a fresh temp dir that scripts/stop-influxd.sh removes.
set -euo pipefail

PORT="${INFLUXD_PORT:-18086}"
RPC_PORT=$((PORT + 2))
WAIT_S="${INFLUXD_WAIT_S:-30}"
RUN_BASE="${TMPDIR:-/tmp}/chargemend-influxd-${PORT}"
PID_FILE="${RUN_BASE}.pid"   # known location, read by stop-influxd.sh
DIR_FILE="${RUN_BASE}.dir"   # where this instance keeps its data
URL="http://127.0.0.1:${PORT}"

if ! command -v influxd >/dev/null 2>&1; then
  echo "influxd not found: apt-get install -y influxdb" >&2
  exit 1
fi

influx_version() { # prints the X-Influxdb-Version of whatever answers /ping, or nothing
  curl -s -o /dev/null -m 2 -D - "${URL}/ping" 2>/dev/null | tr -d '\r' | awk 'tolower($1)=="x-influxdb-version:" {print $2}' || true
}

is_influxd() { # $1 = pid: a live (not zombie) influxd process
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  [[ "$stat" == *"(influxd) "* && "${stat#*) }" != Z* ]]
}

ours_alive() {
  [[ -f "$PID_FILE" ]] && is_influxd "$(cat "$PID_FILE")"
}

wait_ready() { # $1 = pid to watch
  local deadline=$((SECONDS + WAIT_S))
  while ((SECONDS < deadline)); do
    [[ -n "$(influx_version)" ]] && return 0
    is_influxd "$1" || return 1
    sleep 0.2
  done
  return 1
}

if ours_alive; then
  pid="$(cat "$PID_FILE")"
  if wait_ready "$pid"; then
    echo "influxd already running: ${URL} (pid ${pid}, data $(cat "$DIR_FILE" 2>/dev/null))"
    exit 0
  fi
  echo "influxd (pid ${pid}) is running but ${URL}/ping does not answer; run scripts/stop-influxd.sh" >&2
  exit 1
fi

# A stale pid file from a killed instance: clean its data up before starting afresh.
if [[ -f "$PID_FILE" || -f "$DIR_FILE" ]]; then
  old_dir="$(cat "$DIR_FILE" 2>/dev/null || true)"
  [[ -n "$old_dir" && "$old_dir" == "${TMPDIR:-/tmp}"/chargemend-influxd-data.* ]] && rm -rf "$old_dir"
  rm -f "$PID_FILE" "$DIR_FILE"
fi

existing="$(influx_version)"
if [[ -n "$existing" ]]; then
  echo "InfluxDB ${existing} already answers on ${URL} (not started by this script); using it"
  exit 0
fi
if (exec 3<>"/dev/tcp/127.0.0.1/${PORT}") 2>/dev/null; then
  echo "port 127.0.0.1:${PORT} is taken by something that is not InfluxDB; set INFLUXD_PORT" >&2
  exit 1
fi

DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/chargemend-influxd-data.XXXXXX")"
CONF="${DATA_DIR}/influxd.conf"
LOG="${DATA_DIR}/influxd.log"
cat >"$CONF" <<EOF
reporting-disabled = true
bind-address = "127.0.0.1:${RPC_PORT}"

[meta]
  dir = "${DATA_DIR}/meta"

[data]
  dir = "${DATA_DIR}/data"
  wal-dir = "${DATA_DIR}/wal"
  query-log-enabled = false

[monitor]
  store-enabled = false

[http]
  enabled = true
  bind-address = "127.0.0.1:${PORT}"
  auth-enabled = false
  log-enabled = false
  pprof-enabled = false

[logging]
  level = "warn"
  suppress-logo = true
EOF

echo "$DATA_DIR" >"$DIR_FILE"
# setsid: the server outlives this script and the shell that ran it.
setsid influxd run -config "$CONF" -pidfile "$PID_FILE" >"$LOG" 2>&1 </dev/null &
launcher=$!

deadline=$((SECONDS + 5))
while [[ ! -s "$PID_FILE" ]] && ((SECONDS < deadline)); do
  kill -0 "$launcher" 2>/dev/null || break
  sleep 0.1
done
pid="$(cat "$PID_FILE" 2>/dev/null || echo "$launcher")"
echo "$pid" >"$PID_FILE"

if ! wait_ready "$pid"; then
  echo "influxd did not answer ${URL}/ping within ${WAIT_S}s; last log lines:" >&2
  tail -n 20 "$LOG" >&2 || true
  kill "$pid" 2>/dev/null || true
  exit 1
fi
echo "started influxd $(influx_version) on ${URL} (pid ${pid}, data ${DATA_DIR}, pid file ${PID_FILE})"
