#!/usr/bin/env bash
# Starts (or stops) the five loopback servers the integration suites run against, each on a port of its own:
#
#   name      server                      port variable      default  URL variable (in .tmp/servers.env)
#   valkey    Valkey 8.0.1 (host)         VT_VALKEY_PORT     17001    VT_VALKEY_URL
#   redis     Redis 7.0.15 (host)         VT_REDIS_PORT      17002    VT_REDIS_URL
#   valkey81  Valkey 8.1.x (trixie root)  VT_VALKEY81_PORT   17003    VT_VALKEY81_URL
#   redis80   Redis 8.0.x (trixie root)   VT_REDIS80_PORT    17004    VT_REDIS80_URL
#   valkey91  Valkey 9.1.x (sid root)     VT_VALKEY91_PORT   17005    VT_VALKEY91_URL
#
# The host servers come from scripts/install-servers.sh, the others run with `chroot` from the roots
# scripts/server-roots.sh builds under .tmp/roots. `start` writes every URL to .tmp/servers.env; `stop` stops
# every server this checkout started (the pid file and port `start` recorded), whatever state `start` reached.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state="$root/.tmp/servers"
roots="$root/.tmp/roots"

fail() { printf '[servers] FAILED: %s\n' "$*" >&2; exit 1; }

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

# name|suite (empty: the host)|binary|port variable|default port|URL variable
servers=(
  "valkey||valkey-server|VT_VALKEY_PORT|17001|VT_VALKEY_URL"
  "redis||/usr/bin/redis-server|VT_REDIS_PORT|17002|VT_REDIS_URL"
  "valkey81|trixie|valkey-server|VT_VALKEY81_PORT|17003|VT_VALKEY81_URL"
  "redis80|trixie|redis-server|VT_REDIS80_PORT|17004|VT_REDIS80_URL"
  "valkey91|sid|valkey-server|VT_VALKEY91_PORT|17005|VT_VALKEY91_URL"
)

# Every server speaks RESP, so the host's valkey-cli pings them all.
ping() { valkey-cli -h 127.0.0.1 -p "$1" PING 2>/dev/null | grep -q PONG; }

# The directory a server keeps its pid file and log in, as the host sees it and as the server sees it.
host_dir() { # name suite port
  if [ -n "$2" ]; then echo "$roots/$2/var/lib/valkey-track/$1-$3"; else echo "$state/$1"; fi
}
server_dir() { # name suite port
  if [ -n "$2" ]; then echo "/var/lib/valkey-track/$1-$3"; else echo "$state/$1"; fi
}

start_one() { # name suite binary port
  local name=$1 suite=$2 bin=$3 port=$4 run=()
  if [ -n "$suite" ]; then
    [ -f "$roots/$suite/.valkey-track-root" ] || fail "no $suite root in $roots; run scripts/server-roots.sh"
    run=("${sudo_cmd[@]}" chroot "$roots/$suite")
  else
    command -v "$bin" >/dev/null 2>&1 || fail "$bin is not installed; run scripts/install-servers.sh"
  fi
  local dir inside
  dir=$(host_dir "$name" "$suite" "$port")
  inside=$(server_dir "$name" "$suite" "$port")
  ping "$port" && fail "something already answers on 127.0.0.1:$port; stop it or set the port variable of $name"
  mkdir -p "$dir"
  # What stop needs, recorded now: it must stop exactly this server, whatever the environment says then.
  printf '%s\n%s\n' "$dir" "$port" > "$state/$name.started"
  "${run[@]}" "$bin" --bind 127.0.0.1 --port "$port" --daemonize yes --pidfile "$inside/server.pid" \
    --dir "$inside" --logfile "$inside/server.log" --save '' --appendonly no \
    --enable-debug-command local --enable-module-command local ${VT_EXTRA_SERVER_ARGS:-} \
    || fail "$name did not start; see $dir/server.log"
  for _ in $(seq 1 100); do
    if ping "$port"; then
      printf '[servers] %s up on 127.0.0.1:%s (%s)\n' "$name" "$port" \
        "$("${run[@]}" "$bin" --version | sed -n 's/.* v=\([^ ]*\).*/\1/p')" >&2
      return 0
    fi
    sleep 0.1
  done
  fail "$name did not answer PING on 127.0.0.1:$port within 10 s; see $dir/server.log"
}

stop_one() { # name
  local name=$1 started="$state/$1.started"
  [ -f "$started" ] || return 0
  local dir port pid
  { read -r dir; read -r port; } < "$started"
  if [ -f "$dir/server.pid" ]; then
    pid=$(cat "$dir/server.pid")
    valkey-cli -h 127.0.0.1 -p "$port" SHUTDOWN NOSAVE >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/server.pid"
    printf '[servers] %s stopped\n' "$name" >&2
  fi
  rm -f "$started"
}

case "${1:-}" in
  start)
    mkdir -p "$state"
    env_file="$root/.tmp/servers.env"
    : > "$env_file.partial"
    for spec in "${servers[@]}"; do
      IFS='|' read -r name suite bin port_var default url_var <<<"$spec"
      port=${!port_var:-$default}
      start_one "$name" "$suite" "$bin" "$port"
      echo "$url_var=redis://127.0.0.1:$port" >> "$env_file.partial"
    done
    mv "$env_file.partial" "$env_file"
    ;;
  stop)
    status=0
    for spec in "${servers[@]}"; do
      stop_one "${spec%%|*}" || status=1
    done
    rm -f "$root/.tmp/servers.env"
    exit $status
    ;;
  *) echo "usage: scripts/servers.sh start|stop" >&2; exit 2 ;;
esac
