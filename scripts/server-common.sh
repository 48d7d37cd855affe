# shellcheck shell=bash
# Helpers shared by the scripts that start and stop a throw-away S3 server on loopback
# (ceph-rgw-*.sh, swift-s3api-*.sh). Sourced, not executed, by their *-common.sh, which call srv_init (SRV_TAG,
# SRV_ENV, SRV_DIR, SRV_LOCK, SRV_MARKER) and set:
#   SRV_STOP     the stop command a failed start names for cleaning up
#   SRV_CONFIGS  where the configs are, for the end of dump_logs
#   SRV_PROG[n]  program of daemon n (the basename of argv[0], or of argv[1] under a python3 interpreter)
#   SRV_PIDFILE[n]  its pid file
#   SRV_ARG[n]   an argument that only our instance of daemon n has on its command line (its config file
#                in SRV_DIR): with SRV_PROG it tells our process from a reused PID or another instance.
# and define stop_all (every daemon, in stop order) and server_logs NAME (daemon NAME's log files, one a line).
# Everything here writes to stderr only; stdout is reserved for the env lines of the start scripts.

declare -A SRV_PROG=() SRV_PIDFILE=() SRV_ARG=()

# srv_init TAG PREFIX DEFAULT_DIR: the settings every server script derives from its env prefix (CEPH_RGW,
# SWIFT_S3): ${PREFIX}_DIR (default DEFAULT_DIR; no trailing slash, so that the config-file match on cmdlines is
# exact), SRV_DIR, the lock file next to it, the marker file ".s3tester-TAG" and the log tag.
srv_init() {
  local dir_var=$2_DIR dir
  dir=${!dir_var:-$3}
  dir=${dir%/}
  printf -v "$dir_var" '%s' "$dir"
  SRV_TAG=$1 SRV_ENV=$2 SRV_DIR=$dir SRV_LOCK=$dir.lock SRV_MARKER=.s3tester-$1
}

_t0=${EPOCHREALTIME/[.,]/}
elapsed() { local us=$(( ${EPOCHREALTIME/[.,]/} - _t0 )); printf '%d.%02d' $((us / 1000000)) $((us % 1000000 / 10000)); }
log() { printf '[%s %6ss] %s\n' "$SRV_TAG" "$(elapsed)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

now_us() { echo "${EPOCHREALTIME/[.,]/}"; }
deadline() { echo $(($(now_us) + $1 * 1000000)); } # deadline SECONDS
past() { (($(now_us) > $1)); }                      # past DEADLINE

# http_code URL [curl args...]: prints the HTTP status (000 if no answer).
http_code() {
  local url=$1
  shift
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 --noproxy '*' "$@" "$url" 2>/dev/null || true
}

port_in_use() { # port
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# proc_alive PID: a live process, not a zombie.
proc_alive() {
  local stat state
  [[ $1 =~ ^[1-9][0-9]*$ ]] || return 1
  { IFS= read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  state=${stat##*) } # fields after "(comm) "
  state=${state%% *}
  [[ $state != [ZXx] ]]
}

# proc_is_ours PID NAME: true if PID is a live process running SRV_PROG[NAME] with SRV_ARG[NAME] among its
# arguments. Guards against PID reuse and against another instance of the same server (another data dir).
proc_is_ours() {
  local pid=$1 prog=${SRV_PROG[$2]} arg=${SRV_ARG[$2]} a first=1
  local -a argv=()
  proc_alive "$pid" || return 1
  { mapfile -d '' -t argv <"/proc/$pid/cmdline"; } 2>/dev/null || return 1
  ((${#argv[@]} > 1)) || return 1
  # python3 /usr/bin/swift-proxy-server ...: the program is the script, argv[1]
  if [[ ${argv[0]##*/} == python3* ]]; then argv=("${argv[@]:1}"); fi
  [[ ${argv[0]##*/} == "$prog" ]] || return 1
  for a in "${argv[@]}"; do
    if ((first)); then first=0; continue; fi
    [[ $a == "$arg" ]] && return 0
  done
  return 1
}

# daemon_pid NAME: prints the PID from NAME's pid file if that process is ours and alive.
daemon_pid() {
  local name=$1 pid=""
  { IFS= read -r pid <"${SRV_PIDFILE[$name]}"; } 2>/dev/null || [[ -n $pid ]] || return 1
  pid=${pid//[^0-9]/}
  proc_is_ours "$pid" "$name" || return 1
  echo "$pid"
}

# daemon_pids_all NAME: PID from the pid file plus any other live process of NAME with our argument
# (fallback when a pid file is missing, e.g. a daemon that died half-way through start).
daemon_pids_all() {
  local name=$1 p seen=""
  if p=$(daemon_pid "$name"); then echo "$p"; seen=" $p "; fi
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    [[ $seen == *" $p "* ]] && continue
    proc_is_ours "$p" "$name" && echo "$p"
  done
  return 0
}

any_alive() { # PIDs...
  local p
  for p in "$@"; do proc_alive "$p" && return 0; done
  return 1
}

# stop_daemon NAME TIMEOUT: TERM, wait up to TIMEOUT s, then KILL and wait up to 5 s more.
stop_daemon() {
  local name=$1 timeout=$2 prog=${SRV_PROG[$1]} pids p i
  mapfile -t pids < <(daemon_pids_all "$name")
  if ((${#pids[@]} == 0)); then
    rm -f "${SRV_PIDFILE[$name]}"
    return 0
  fi
  log "stopping $name ($prog pid ${pids[*]})"
  for p in "${pids[@]}"; do if proc_is_ours "$p" "$name"; then kill -TERM "$p" 2>/dev/null || true; fi; done
  for ((i = 0; i < timeout * 20; i++)); do any_alive "${pids[@]}" || break; sleep 0.05; done
  if any_alive "${pids[@]}"; then
    log "$name still shutting down after ${timeout}s, sending KILL"
    for p in "${pids[@]}"; do if proc_is_ours "$p" "$name"; then kill -KILL "$p" 2>/dev/null || true; fi; done
    for ((i = 0; i < 100; i++)); do any_alive "${pids[@]}" || break; sleep 0.05; done
    if any_alive "${pids[@]}"; then log "ERROR: $name (pid ${pids[*]}) still alive after KILL"; return 1; fi
  fi
  rm -f "${SRV_PIDFILE[$name]}"
  return 0
}

# wipe_dir: remove the data dir, but only if it is ours (marker) or empty.
wipe_dir() {
  local d=$SRV_DIR
  [[ -e $d ]] || return 0
  case $d in "" | / | /tmp | /root | /home | /var | /usr | /etc) log "refusing to wipe '$d'"; return 1 ;; esac
  if [[ -f $d/$SRV_MARKER ]] || [[ -d $d && -z $(ls -A "$d") ]]; then
    rm -rf -- "$d"
  else
    log "ERROR: $d exists but was not created by these scripts (no $SRV_MARKER); not touching it"
    return 1
  fi
}

# take_lock: one start/stop at a time per data dir (fd 9; close it in daemons with 9>&-), waiting at most
# ${SRV_ENV}_LOCK_TIMEOUT seconds (300).
take_lock() {
  local knob=${SRV_ENV}_LOCK_TIMEOUT
  local timeout=${!knob:-300}
  mkdir -p "$(dirname "$SRV_LOCK")"
  exec 9>>"$SRV_LOCK"
  if ! flock -w "$timeout" 9; then
    log "ERROR: could not get lock $SRV_LOCK within $timeout s (another start/stop running?)"
    exit 1
  fi
}

# apt_install PKG...: Debian's packages, as root: apt-get update, install --no-install-recommends, and on
# failure one more update and one retry. Exits 1 with a message when it cannot.
apt_install() {
  if [[ $(id -u) -ne 0 ]]; then
    log "ERROR: not root; install them yourself: sudo apt-get install --no-install-recommends $*"
    exit 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    log "ERROR: apt-get not found; install $* by other means"
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  local apt_opts=(-y -q --no-install-recommends -o DPkg::Lock::Timeout=300)
  apt-get -q -o DPkg::Lock::Timeout=300 update >&2 || log "warning: apt-get update failed"
  if ! apt-get install "${apt_opts[@]}" "$@" >&2; then
    log "apt-get install failed; running apt-get update and retrying once"
    apt-get -q -o DPkg::Lock::Timeout=300 update >&2 || true
    apt-get install "${apt_opts[@]}" "$@" >&2 || {
      log "ERROR: could not install $* with apt-get"
      exit 1
    }
  fi
}

# ---------------------------------------------------------------------------------------------
# start scripts

# check_settings VAR...: each VAR holds a whole number, and the data dir is an absolute path.
check_settings() {
  local v
  for v in "$@"; do [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a number (got '${!v}')"; done
  [[ $SRV_DIR == /* ]] || die "${SRV_ENV}_DIR must be an absolute path (got '$SRV_DIR')"
}

# check_ports_free VAR...: the port each VAR (a knob) holds is free on 127.0.0.1.
check_ports_free() {
  local v
  for v in "$@"; do
    if port_in_use "${!v}"; then die "127.0.0.1:${!v} is already in use by something else (set $v)"; fi
  done
}

# all_running NAME...: every daemon named runs (ours, alive); logs each one that does not.
all_running() {
  local n rc=0
  for n in "$@"; do daemon_pid "$n" >/dev/null || { rc=1; log "$n is not running"; }; done
  return $rc
}

# wipe_stale: a data dir whose server is not (or not wholly) running: stop what is left of it and wipe it.
wipe_stale() {
  [[ -e $SRV_DIR ]] || return 0
  log "stale/partial dir $SRV_DIR: stopping leftovers and wiping it"
  stop_all || die "could not stop the old daemons"
  wipe_dir || exit 1
}

# dump_logs NAME...: the tail of each daemon's logs (the first daemon named that has logs, the one that failed,
# gets more lines) and where all the logs are.
dump_logs() {
  local n f lines=40 shown=0
  for n in "$@"; do
    while IFS= read -r f; do
      [[ -s $f ]] || continue
      echo "----- tail -n $lines $f -----" >&2
      tail -n "$lines" "$f" >&2 || true
      shown=1
    done < <(server_logs "$n")
    ((shown)) && lines=10
  done
  echo "----- logs: $SRV_DIR/log/ ($SRV_CONFIGS) -----" >&2
}

fail() { # fail "message" daemon...
  local msg=$1
  shift
  log "ERROR: $msg"
  dump_logs "$@"
  log "leaving $SRV_DIR as is for inspection; run $SRV_STOP to clean up"
  exit 1
}

# s3_env_lines PREFIX: a started server's S3 settings as env lines, each name PREFIX-ed (S3_ENDPOINT=...), from
# ENDPOINT, S3_REGION, MAIN_AK, MAIN_SK, ALT_AK and ALT_SK.
s3_env_lines() {
  printf '%s\n' "$1ENDPOINT=$ENDPOINT" "$1REGION=$S3_REGION" "$1ACCESS_KEY_ID=$MAIN_AK" "$1SECRET_ACCESS_KEY=$MAIN_SK" \
    "$1ALT_ACCESS_KEY_ID=$ALT_AK" "$1ALT_SECRET_ACCESS_KEY=$ALT_SK"
}

# publish_env: a start script's last step: its env_lines into $SRV_DIR/env (whole or not at all), then on stdout.
publish_env() {
  env_lines >"$SRV_DIR/env.tmp" && mv "$SRV_DIR/env.tmp" "$SRV_DIR/env"
  log "ready in $(elapsed)s: $ENDPOINT (data dir $SRV_DIR, logs $SRV_DIR/log; stop with $SRV_STOP)"
  cat "$SRV_DIR/env"
}

# ---------------------------------------------------------------------------------------------
# stop scripts

# stop_server WIPE KEEP_NOTE: a stop script's body: every daemon of the data dir stopped, then the dir wiped
# (WIPE=1) or kept for inspection, its env removed (KEEP_NOTE says how to have it wiped). Exits 0 if nothing
# was running, 1 if a daemon could not be stopped.
stop_server() {
  local wipe=$1 keep_note=$2 rc=0
  [[ $SRV_DIR == /* ]] || die "${SRV_ENV}_DIR must be an absolute path"
  if [[ ! -e $SRV_DIR ]]; then
    log "nothing to stop ($SRV_DIR does not exist)"
    exit 0
  fi
  take_lock
  stop_all || rc=1
  if ((rc != 0)); then
    log "ERROR: some daemons could not be stopped; $SRV_DIR left in place (logs in $SRV_DIR/log)"
  elif ((wipe)); then
    wipe_dir || rc=1
    ((rc == 0)) && log "stopped and removed $SRV_DIR"
  else
    rm -f "$SRV_DIR/env" # not running any more: the next start must not take the dir for a live one
    log "stopped; $SRV_DIR kept (logs in $SRV_DIR/log; $keep_note)"
  fi
  exit $rc
}
