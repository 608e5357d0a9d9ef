#!/usr/bin/env bash
# Starts (or stops) the loopback servers the integration suites run against, each on a port of its own:
#   valkey 8.0.1 on $VT_VALKEY_PORT (default 17001), redis 7.0.15 on $VT_REDIS_PORT (default 17002).
# `start` writes .tmp/servers.env with VT_VALKEY_URL and VT_REDIS_URL for the tests to read.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state="$root/.tmp/servers"
valkey_port=${VT_VALKEY_PORT:-17001}
redis_port=${VT_REDIS_PORT:-17002}

fail() { printf '[servers] FAILED: %s\n' "$*" >&2; exit 1; }

start_one() { # name binary cli port
  local name=$1 bin=$2 cli=$3 port=$4 dir="$state/$1"
  command -v "$bin" >/dev/null 2>&1 || fail "$bin is not installed; run scripts/install-servers.sh"
  mkdir -p "$dir"
  if "$cli" -h 127.0.0.1 -p "$port" PING >/dev/null 2>&1; then
    fail "something already answers on 127.0.0.1:$port; stop it or set VT_${name^^}_PORT"
  fi
  "$bin" --bind 127.0.0.1 --port "$port" --daemonize yes --pidfile "$dir/server.pid" \
    --dir "$dir" --logfile "$dir/server.log" --save '' --appendonly no \
    --enable-debug-command local --enable-module-command local ${VT_EXTRA_SERVER_ARGS:-} \
    || fail "$bin did not start; see $dir/server.log"
  for _ in $(seq 1 100); do
    if "$cli" -h 127.0.0.1 -p "$port" PING >/dev/null 2>&1; then
      printf '[servers] %s up on 127.0.0.1:%s (%s)\n' "$name" "$port" "$("$bin" --version | awk '{print $3}')" >&2
      return 0
    fi
    sleep 0.1
  done
  fail "$name did not answer PING on 127.0.0.1:$port within 10 s; see $dir/server.log"
}

stop_one() { # name cli port
  local name=$1 cli=$2 port=$3 pidfile="$state/$1/server.pid"
  [ -f "$pidfile" ] || return 0
  local pid; pid=$(cat "$pidfile")
  "$cli" -h 127.0.0.1 -p "$port" SHUTDOWN NOSAVE >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  printf '[servers] %s stopped\n' "$name" >&2
}

case "${1:-}" in
  start)
    start_one valkey valkey-server valkey-cli "$valkey_port"
    start_one redis /usr/bin/redis-server redis-cli "$redis_port"
    {
      echo "VT_VALKEY_URL=redis://127.0.0.1:$valkey_port"
      echo "VT_REDIS_URL=redis://127.0.0.1:$redis_port"
    } > "$root/.tmp/servers.env"
    ;;
  stop)
    stop_one valkey valkey-cli "$valkey_port"
    stop_one redis redis-cli "$redis_port"
    rm -f "$root/.tmp/servers.env"
    ;;
  *) echo "usage: scripts/servers.sh start|stop" >&2; exit 2 ;;
esac
