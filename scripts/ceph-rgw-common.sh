# shellcheck shell=bash
# Shared helpers for ceph-rgw-start.sh / ceph-rgw-stop.sh. Sourced, not executed.
# Everything here writes to stderr only; stdout is reserved for the env lines of the start script.

CEPH_RGW_DIR="${CEPH_RGW_DIR:-/tmp/s3tester-ceph}"
# Normalise (no trailing slash) so that the "-c $DIR/ceph.conf" match on cmdlines is exact.
CEPH_RGW_DIR="${CEPH_RGW_DIR%/}"
CEPH_RGW_PORT="${CEPH_RGW_PORT:-7480}"
CEPH_MON_PORT="${CEPH_MON_PORT:-3300}"

# shellcheck source-path=SCRIPTDIR source=server-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/server-common.sh"
SRV_TAG=ceph-rgw
SRV_DIR=$CEPH_RGW_DIR
SRV_LOCK="${CEPH_RGW_DIR}.lock"
SRV_MARKER=".s3tester-ceph-rgw"

# Daemons: name -> program, pid file, log file (stop order: rgw, osd, mon). Each is started with
# "-c $CEPH_RGW_DIR/ceph.conf", which tells our processes from any other.
SRV_PROG=([mon]=ceph-mon [osd]=ceph-osd [rgw]=radosgw)
SRV_PIDFILE=(
  [mon]="$CEPH_RGW_DIR/run/mon.a.pid"
  [osd]="$CEPH_RGW_DIR/run/osd.0.pid"
  [rgw]="$CEPH_RGW_DIR/run/client.rgw.a.pid"
)
SRV_ARG=([mon]="$CEPH_RGW_DIR/ceph.conf" [osd]="$CEPH_RGW_DIR/ceph.conf" [rgw]="$CEPH_RGW_DIR/ceph.conf")
# shellcheck disable=SC2034 # used by ceph-rgw-start.sh
declare -A CEPH_LOG=(
  [mon]="$CEPH_RGW_DIR/log/mon.a.log"
  [osd]="$CEPH_RGW_DIR/log/osd.0.log"
  [rgw]="$CEPH_RGW_DIR/log/client.rgw.a.log"
)

stop_all() {
  local rc=0
  # radosgw often spends 1-4 s in "shutting down" after "frontend done"; its state is throw-away
  # (memstore), so it gets a short grace before KILL.
  stop_daemon rgw "${CEPH_RGW_RGW_STOP_TIMEOUT:-1}" || rc=1
  stop_daemon osd "${CEPH_RGW_STOP_TIMEOUT:-10}" || rc=1
  stop_daemon mon "${CEPH_RGW_STOP_TIMEOUT:-10}" || rc=1
  return $rc
}
