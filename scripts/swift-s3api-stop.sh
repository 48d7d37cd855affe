#!/usr/bin/env bash
# Stop the Swift s3api started by swift-s3api-start.sh: proxy -> object -> container -> account -> memcached.
# Only PIDs from the pid files in $SWIFT_S3_DIR/run (or processes started with this dir's config file) are
# signalled, after checking /proc/PID/cmdline (PID reuse, another instance) and treating zombies as dead.
# TERM, wait up to SWIFT_S3_STOP_TIMEOUT (10 s) per daemon, then KILL.
#   --wipe   also delete $SWIFT_S3_DIR (data, configs, logs); without it the dir stays for inspection and
#            the next start wipes it.
# Exits 0 if nothing was running.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=swift-s3api-common.sh
. "$SCRIPT_DIR/swift-s3api-common.sh"

wipe=0
for a in "$@"; do
  case $a in
    --wipe) wipe=1 ;;
    -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 0 ;;
    *) log "ERROR: unknown argument '$a' (usage: $0 [--wipe])"; exit 2 ;;
  esac
done
stop_server "$wipe" "--wipe deletes it"
