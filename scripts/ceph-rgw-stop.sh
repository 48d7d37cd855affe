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

wipe=1
if [[ ${CEPH_RGW_KEEP:-0} == 1 ]]; then wipe=0; fi
stop_server "$wipe" "without CEPH_RGW_KEEP=1 the stop removes it"
