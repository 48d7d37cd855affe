# shellcheck shell=bash
# Shared settings for swift-s3api-start.sh / swift-s3api-stop.sh. Sourced, not executed.
# Everything here writes to stderr only; stdout is reserved for the env lines of the start script.

# shellcheck source-path=SCRIPTDIR source=server-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/server-common.sh"
srv_init swift-s3api SWIFT_S3 /tmp/s3tester-swift
SWIFT_S3_PORT="${SWIFT_S3_PORT:-8080}"
SWIFT_S3_OBJECT_PORT="${SWIFT_S3_OBJECT_PORT:-6200}"
SWIFT_S3_CONTAINER_PORT="${SWIFT_S3_CONTAINER_PORT:-6201}"
SWIFT_S3_ACCOUNT_PORT="${SWIFT_S3_ACCOUNT_PORT:-6202}"
SWIFT_S3_MEMCACHED_PORT="${SWIFT_S3_MEMCACHED_PORT:-11311}"
SRV_STOP="scripts/swift-s3api-stop.sh --wipe"
SRV_CONFIGS="configs: $SWIFT_S3_DIR/etc/"

# Daemons in start order (stop order is the reverse). The Swift servers are Python scripts run in the
# foreground with `workers = 0` (one process each, no forking); the start script records their PIDs.
# Each one's config file (memcached: its pid file) in the data dir tells our processes from any other.
SWIFT_DAEMONS=(memcached account container object proxy)
SRV_PROG=([memcached]=memcached [account]=swift-account-server [container]=swift-container-server
  [object]=swift-object-server [proxy]=swift-proxy-server)
SRV_PIDFILE=()
SRV_ARG=()
for _n in "${SWIFT_DAEMONS[@]}"; do
  SRV_PIDFILE[$_n]="$SWIFT_S3_DIR/run/$_n.pid"
  SRV_ARG[$_n]="$SWIFT_S3_DIR/etc/$_n-server.conf"
done
SRV_ARG[memcached]="$SWIFT_S3_DIR/run/memcached.pid" # memcached -P <pid file>: it has no config file
unset _n

server_logs() { echo "$SWIFT_S3_DIR/log/$1.log"; } # NAME: each daemon (and the ring build) logs to one file

stop_all() {
  local rc=0 i
  for ((i = ${#SWIFT_DAEMONS[@]} - 1; i >= 0; i--)); do
    stop_daemon "${SWIFT_DAEMONS[i]}" "${SWIFT_S3_STOP_TIMEOUT:-10}" || rc=1
  done
  return $rc
}
