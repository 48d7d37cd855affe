# shellcheck shell=bash
# Shared helpers for ceph-rgw-start.sh / ceph-rgw-stop.sh. Sourced, not executed.
# Everything here writes to stderr only; stdout is reserved for the env lines of the start script.

CEPH_RGW_DIR="${CEPH_RGW_DIR:-/tmp/s3tester-ceph}"
# Normalise (no trailing slash) so that the "-c $DIR/ceph.conf" match on cmdlines is exact.
CEPH_RGW_DIR="${CEPH_RGW_DIR%/}"
CEPH_RGW_PORT="${CEPH_RGW_PORT:-7480}"
CEPH_MON_PORT="${CEPH_MON_PORT:-3300}"
CEPH_RGW_LOCK="${CEPH_RGW_DIR}.lock"
# Marker file: the scripts only ever wipe a directory that contains it (or is empty).
CEPH_RGW_MARKER=".s3tester-ceph-rgw"

# Daemons: name -> program, pid file, log file (stop order: rgw, osd, mon).
declare -A CEPH_PROG=([mon]=ceph-mon [osd]=ceph-osd [rgw]=radosgw)
declare -A CEPH_PIDFILE=(
  [mon]="$CEPH_RGW_DIR/run/mon.a.pid"
  [osd]="$CEPH_RGW_DIR/run/osd.0.pid"
  [rgw]="$CEPH_RGW_DIR/run/client.rgw.a.pid"
)
# shellcheck disable=SC2034 # used by ceph-rgw-start.sh
declare -A CEPH_LOG=(
  [mon]="$CEPH_RGW_DIR/log/mon.a.log"
  [osd]="$CEPH_RGW_DIR/log/osd.0.log"
  [rgw]="$CEPH_RGW_DIR/log/client.rgw.a.log"
)

_t0=${EPOCHREALTIME/[.,]/}
elapsed() { local us=$(( ${EPOCHREALTIME/[.,]/} - _t0 )); printf '%d.%02d' $((us / 1000000)) $((us % 1000000 / 10000)); }
log() { printf '[ceph-rgw %6ss] %s\n' "$(elapsed)" "$*" >&2; }

# proc_is_ours PID PROG: true if PID is a live (not zombie) process running PROG with our ceph.conf.
# Guards against PID reuse: the cmdline must name the program and "-c <our dir>/ceph.conf".
proc_is_ours() {
  local pid=$1 prog=$2 stat state a
  local -a argv=()
  [[ $pid =~ ^[1-9][0-9]*$ ]] || return 1
  { IFS= read -r stat <"/proc/$pid/stat"; } 2>/dev/null || return 1
  state=${stat##*) }      # fields after "(comm) "
  state=${state%% *}
  [[ $state == [ZXx] ]] && return 1
  { mapfile -d '' -t argv <"/proc/$pid/cmdline"; } 2>/dev/null || return 1
  ((${#argv[@]} > 1)) || return 1
  [[ ${argv[0]##*/} == "$prog" ]] || return 1
  for a in "${argv[@]:1}"; do [[ $a == "$CEPH_RGW_DIR/ceph.conf" ]] && return 0; done
  return 1
}

# daemon_pid NAME: prints the PID from NAME's pid file if that process is ours and alive.
daemon_pid() {
  local name=$1 pid
  { IFS= read -r pid <"${CEPH_PIDFILE[$name]}"; } 2>/dev/null || [[ -n ${pid:-} ]] || return 1
  pid=${pid//[^0-9]/}
  proc_is_ours "$pid" "${CEPH_PROG[$name]}" || return 1
  echo "$pid"
}

# daemon_pids_all NAME: PID from the pid file plus any other live process of PROG started with our
# ceph.conf (fallback when a pid file is missing, e.g. a daemon that died half-way through start).
daemon_pids_all() {
  local name=$1 prog=${CEPH_PROG[$1]} p seen=""
  if p=$(daemon_pid "$name"); then echo "$p"; seen=" $p "; fi
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    [[ $seen == *" $p "* ]] && continue
    proc_is_ours "$p" "$prog" && echo "$p"
  done
  return 0
}

any_alive() { # PIDs...
  local p
  for p in "$@"; do [[ -d /proc/$p ]] || continue
    local s=""; { IFS= read -r s <"/proc/$p/stat"; } 2>/dev/null || continue; s=${s##*) }; s=${s%% *}
    [[ $s == [ZXx] ]] || return 0
  done
  return 1
}

# stop_daemon NAME TIMEOUT: TERM, wait up to TIMEOUT s, then KILL and wait up to 5 s more.
stop_daemon() {
  local name=$1 timeout=$2 prog=${CEPH_PROG[$1]} pids p i
  mapfile -t pids < <(daemon_pids_all "$name")
  if ((${#pids[@]} == 0)); then return 0; fi
  log "stopping $name ($prog pid ${pids[*]})"
  for p in "${pids[@]}"; do if proc_is_ours "$p" "$prog"; then kill -TERM "$p" 2>/dev/null || true; fi; done
  for ((i = 0; i < timeout * 20; i++)); do any_alive "${pids[@]}" || break; sleep 0.05; done
  if any_alive "${pids[@]}"; then
    log "$name still shutting down after ${timeout}s, sending KILL"
    for p in "${pids[@]}"; do if proc_is_ours "$p" "$prog"; then kill -KILL "$p" 2>/dev/null || true; fi; done
    for ((i = 0; i < 100; i++)); do any_alive "${pids[@]}" || break; sleep 0.05; done
    if any_alive "${pids[@]}"; then log "ERROR: $name (pid ${pids[*]}) still alive after KILL"; return 1; fi
  fi
  rm -f "${CEPH_PIDFILE[$name]}"
  return 0
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

# wipe_dir: remove the data dir, but only if it is ours (marker) or empty.
wipe_dir() {
  local d=$CEPH_RGW_DIR
  [[ -e $d ]] || return 0
  case $d in ""|/|/tmp|/root|/home|/var|/usr|/etc) log "refusing to wipe '$d'"; return 1 ;; esac
  if [[ -f $d/$CEPH_RGW_MARKER ]] || [[ -d $d && -z $(ls -A "$d") ]]; then
    rm -rf -- "$d"
  else
    log "ERROR: $d exists but was not created by these scripts (no $CEPH_RGW_MARKER); not touching it"
    return 1
  fi
}

take_lock() {
  mkdir -p "$(dirname "$CEPH_RGW_LOCK")"
  exec 9>>"$CEPH_RGW_LOCK"
  if ! flock -w "${CEPH_RGW_LOCK_TIMEOUT:-300}" 9; then
    log "ERROR: could not get lock $CEPH_RGW_LOCK (another start/stop running?)"
    exit 1
  fi
}
