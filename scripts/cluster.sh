#!/usr/bin/env bash
# Starts (or stops) the loopback Valkey Cluster the cluster suites run against: three primaries and one replica
# of the first, each on a port of its own from $VT_CLUSTER_PORTS (default "17011 17012 17013 17014"; the last
# port is the replica). `start` writes .tmp/cluster.env with VT_CLUSTER_URL (the first primary) and
# VT_CLUSTER_NODES (every node, comma-separated) for the tests to read. `stop` shuts every node down and removes
# its directory (nodes.conf included), so the next start creates a fresh cluster.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state="$root/.tmp/cluster"
read -r -a ports <<< "${VT_CLUSTER_PORTS:-17011 17012 17013 17014}"

say() { printf '[cluster] %s\n' "$*" >&2; }
fail() { printf '[cluster] FAILED: %s\n' "$*" >&2; exit 1; }
cli() { local port=$1; shift; valkey-cli -h 127.0.0.1 -p "$port" "$@"; }

start_node() { # port
  local port=$1 dir="$state/$1"
  if cli "$port" PING >/dev/null 2>&1; then
    fail "something already answers on 127.0.0.1:$port; stop it or set VT_CLUSTER_PORTS"
  fi
  rm -rf "$dir" && mkdir -p "$dir"
  # A node timeout of 15 s (the default) keeps a loaded test machine from starting failovers nobody asked for.
  valkey-server --bind 127.0.0.1 --port "$port" --daemonize yes --pidfile "$dir/server.pid" \
    --dir "$dir" --logfile "$dir/server.log" --save '' --appendonly no \
    --cluster-enabled yes --cluster-config-file "$dir/nodes.conf" --cluster-node-timeout 15000 \
    --enable-debug-command local || fail "valkey-server did not start on $port; see $dir/server.log"
}

wait_for() { # what command...: retries for up to 20 s
  local what=$1; shift
  for _ in $(seq 1 200); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  fail "$what"
}

cluster_ok() { # every node says the cluster is ok and knows all nodes
  local port
  for port in "${ports[@]}"; do
    cli "$port" CLUSTER INFO | grep -q 'cluster_state:ok' || return 1
    [ "$(cli "$port" CLUSTER NODES | grep -c .)" -eq "${#ports[@]}" ] || return 1
  done
  [ "$(cli "${ports[-1]}" ROLE | head -n 1)" = slave ] || return 1
  cli "${ports[-1]}" INFO replication | grep -q 'master_link_status:up'
}

stop_node() { # port
  local port=$1 dir="$state/$1"
  local pidfile="$dir/server.pid"
  if [ -f "$pidfile" ]; then
    local pid; pid=$(cat "$pidfile")
    cli "$port" SHUTDOWN NOSAVE >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start)
    command -v valkey-server >/dev/null 2>&1 || fail "valkey-server is not installed; run scripts/install-servers.sh"
    [ "${#ports[@]}" -ge 4 ] || fail "VT_CLUSTER_PORTS needs four ports (three primaries, one replica)"
    primaries=("${ports[@]:0:3}")
    for port in "${ports[@]}"; do start_node "$port"; done
    for port in "${ports[@]}"; do wait_for "node $port did not answer PING" cli "$port" PING; done
    addresses=()
    for port in "${primaries[@]}"; do addresses+=("127.0.0.1:$port"); done
    valkey-cli --cluster create "${addresses[@]}" --cluster-replicas 0 --cluster-yes >"$state/create.log" 2>&1 \
      || fail "valkey-cli --cluster create failed; see $state/create.log"
    first_id=$(cli "${primaries[0]}" CLUSTER MYID)
    wait_for "the primaries did not agree on the slots" valkey-cli --cluster check "127.0.0.1:${primaries[0]}"
    valkey-cli --cluster add-node "127.0.0.1:${ports[3]}" "127.0.0.1:${primaries[0]}" \
      --cluster-slave --cluster-master-id "$first_id" >>"$state/create.log" 2>&1 \
      || fail "adding the replica failed; see $state/create.log"
    wait_for "the cluster did not become ok with its replica within 20 s" cluster_ok
    nodes=()
    for port in "${ports[@]}"; do nodes+=("redis://127.0.0.1:$port"); done
    {
      echo "VT_CLUSTER_URL=redis://127.0.0.1:${primaries[0]}"
      echo "VT_CLUSTER_NODES=$(IFS=,; echo "${nodes[*]}")"
    } > "$root/.tmp/cluster.env"
    say "up: primaries ${primaries[*]}, replica ${ports[3]} of ${primaries[0]} (valkey $(valkey-server --version | awk '{print $3}' | sed 's/^v=//'))"
    ;;
  stop)
    for port in "${ports[@]}"; do stop_node "$port"; done
    rm -f "$root/.tmp/cluster.env"
    rmdir "$state" 2>/dev/null || true
    say "stopped"
    ;;
  *) echo "usage: scripts/cluster.sh start|stop" >&2; exit 2 ;;
esac
