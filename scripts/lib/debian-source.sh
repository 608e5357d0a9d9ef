# Sourced by install-servers.sh and server-roots.sh: where this machine gets Debian packages from.
# Nothing here names a mirror host; everything is read from the machine's own apt configuration.

# Prints "URI|Signed-By" of the first Debian (non-security) source that serves the bookworm suite, from
# deb822 files (*.sources) first, then the one-line sources.list format ("deb [opts] URI bookworm main").
# $1: a *.sources file to ignore (one this project wrote itself).
derive_debian_source() {
  local ignore=${1:-} f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    [ "$f" = "$ignore" ] && continue
    awk '
      function flush() {
        if (uris != "" && suites ~ /(^| )bookworm( |$)/ && uris !~ /security/) { print uris "|" signed; found = 1; exit }
        uris = ""; suites = ""; signed = ""
      }
      /^[[:space:]]*$/ { flush(); next }
      /^URIs:/ { sub(/^URIs:[[:space:]]*/, ""); split($0, u, /[[:space:]]+/); uris = u[1] }
      /^Suites:/ { sub(/^Suites:[[:space:]]*/, ""); suites = $0 }
      /^Signed-By:/ { sub(/^Signed-By:[[:space:]]*/, ""); signed = $0 }
      END { if (!found) flush() }
    ' "$f"
  done | head -n 1
  if [ -f /etc/apt/sources.list ]; then
    awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { if ($(i+1) == "bookworm" && $i !~ /security/) { print $i "|"; exit } } }' /etc/apt/sources.list
  fi
}
