#!/usr/bin/env bash
# Stop the Ceph RGW started by ceph-rgw-start.sh: radosgw -> ceph-osd -> ceph-mon.
# Only PIDs from the pid files in $CEPH_RGW_DIR/run (or processes started with "-c $CEPH_RGW_DIR/ceph.conf")
# are signalled, after checking /proc/PID/cmdline (PID reuse) and treating zombies as dead.
# TERM, wait up to CEPH_RGW_STOP_TIMEOUT (10 s) per daemon, then KILL.
# Removes $CEPH_RGW_DIR afterwards unless CEPH_RGW_KEEP=1. Exits 0 if nothing was running.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=ceph-rgw-common.sh
. "$SCRIPT_DIR/ceph-rgw-common.sh"

[[ $CEPH_RGW_DIR == /* ]] || { log "ERROR: CEPH_RGW_DIR must be an absolute path"; exit 1; }

if [[ ! -e $CEPH_RGW_DIR ]]; then
  log "nothing to stop ($CEPH_RGW_DIR does not exist)"
  exit 0
fi

take_lock "${CEPH_RGW_LOCK_TIMEOUT:-300}"
rc=0
stop_all || rc=1
if ((rc == 0)); then
  if [[ ${CEPH_RGW_KEEP:-0} == 1 ]]; then
    log "stopped; keeping $CEPH_RGW_DIR (CEPH_RGW_KEEP=1)"
  else
    wipe_dir || rc=1
    ((rc == 0)) && log "stopped and removed $CEPH_RGW_DIR"
  fi
else
  log "ERROR: some daemons could not be stopped; $CEPH_RGW_DIR left in place (logs in $CEPH_RGW_DIR/log)"
fi
exit $rc
