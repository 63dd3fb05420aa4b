#!/usr/bin/env bash
# Stops the influxd started by scripts/start-influxd.sh (same INFLUXD_PORT) and removes its data.
# Only the pid recorded in the pid file is signalled, and only if that process is an influxd.
set -euo pipefail

PORT="${INFLUXD_PORT:-18086}"
RUN_BASE="${TMPDIR:-/tmp}/chargemend-influxd-${PORT}"
PID_FILE="${RUN_BASE}.pid"
DIR_FILE="${RUN_BASE}.dir"

if [[ ! -f "$PID_FILE" ]]; then
  echo "no influxd started by start-influxd.sh on port ${PORT} (no ${PID_FILE})"
  exit 0
fi

pid="$(cat "$PID_FILE")"
data_dir="$(cat "$DIR_FILE" 2>/dev/null || true)"
is_influxd() { # $1 = pid: a live (not zombie) influxd process
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  [[ "$stat" == *"(influxd) "* && "${stat#*) }" != Z* ]]
}

if is_influxd "$pid"; then
  kill -TERM "$pid"
  for _ in $(seq 1 100); do
    is_influxd "$pid" || break
    sleep 0.1
  done
  if is_influxd "$pid"; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  state="stopped influxd (pid ${pid})"
else
  state="influxd (pid ${pid}) was not running"
fi

[[ -n "$data_dir" && "$data_dir" == "${TMPDIR:-/tmp}"/chargemend-influxd-data.* ]] && rm -rf "$data_dir"
rm -f "$PID_FILE" "$DIR_FILE"
echo "${state} on 127.0.0.1:${PORT}; removed ${data_dir:-no data dir}"
