# shellcheck shell=bash
# Shared helpers for ceph-rgw-start.sh / ceph-rgw-stop.sh. Sourced, not executed.
# Everything here writes to stderr only; stdout is reserved for the env lines of the start script.

# shellcheck source-path=SCRIPTDIR source=server-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/server-common.sh"
srv_init ceph-rgw CEPH_RGW /tmp/s3tester-ceph
CEPH_RGW_PORT="${CEPH_RGW_PORT:-7480}"
CEPH_MON_PORT="${CEPH_MON_PORT:-3300}"
SRV_STOP=scripts/ceph-rgw-stop.sh
SRV_CONFIGS="ceph.conf: $CEPH_RGW_DIR/ceph.conf"

# Daemons: name -> program, pid file, log file (stop order: rgw, osd, mon). Each is started with
# "-c $CEPH_RGW_DIR/ceph.conf", which tells our processes from any other.
SRV_PROG=([mon]=ceph-mon [osd]=ceph-osd [rgw]=radosgw)
SRV_PIDFILE=(
  [mon]="$CEPH_RGW_DIR/run/mon.a.pid"
  [osd]="$CEPH_RGW_DIR/run/osd.0.pid"
  [rgw]="$CEPH_RGW_DIR/run/client.rgw.a.pid"
)
SRV_ARG=([mon]="$CEPH_RGW_DIR/ceph.conf" [osd]="$CEPH_RGW_DIR/ceph.conf" [rgw]="$CEPH_RGW_DIR/ceph.conf")
declare -A CEPH_LOG=(
  [mon]="$CEPH_RGW_DIR/log/mon.a.log"
  [osd]="$CEPH_RGW_DIR/log/osd.0.log"
  [rgw]="$CEPH_RGW_DIR/log/client.rgw.a.log"
)

server_logs() { # NAME: the daemon's own log, then its stdout/stderr capture (setup steps have only that)
  printf '%s\n' "${CEPH_LOG[$1]:-}" "$CEPH_RGW_DIR/log/$1.out"
}

stop_all() {
  local rc=0
  # radosgw often spends 1-4 s in "shutting down" after "frontend done"; its state is throw-away
  # (memstore), so it gets a short grace before KILL.
  stop_daemon rgw "${CEPH_RGW_RGW_STOP_TIMEOUT:-1}" || rc=1
  stop_daemon osd "${CEPH_RGW_STOP_TIMEOUT:-10}" || rc=1
  stop_daemon mon "${CEPH_RGW_STOP_TIMEOUT:-10}" || rc=1
  return $rc
}
