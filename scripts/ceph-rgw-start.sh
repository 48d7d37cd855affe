#!/usr/bin/env bash
# Start a throw-away single-node Ceph RADOS Gateway (S3) on 127.0.0.1 for s3tester.
#   1 mon (no mgr) + 1 memstore OSD (data in RAM) + radosgw (beast), all under $CEPH_RGW_DIR.
# stdout: ONLY the env lines (S3_ENDPOINT=... etc.); all progress and diagnostics go to stderr.
#   eval "$(scripts/ceph-rgw-start.sh | sed 's/^/export /')"
# Idempotent: if the cluster in $CEPH_RGW_DIR is running and healthy it only prints the env lines again;
# if it is stale (a daemon died), it stops what is left, wipes the dir and starts fresh.
# See scripts/README.md for the knobs.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=ceph-rgw-common.sh
. "$SCRIPT_DIR/ceph-rgw-common.sh"

D=$CEPH_RGW_DIR
RGW_PORT=$CEPH_RGW_PORT
MON_PORT=$CEPH_MON_PORT
STEP_TIMEOUT=${CEPH_RGW_STEP_TIMEOUT:-60}      # seconds, per step
RGW_TIMEOUT=${CEPH_RGW_RGW_TIMEOUT:-120}       # seconds until radosgw answers HTTP
S3_REGION=${S3_REGION:-us-east-1}
MAIN_AK=${S3_ACCESS_KEY_ID:-S3TESTERMAINKEY00001}
MAIN_SK=${S3_SECRET_ACCESS_KEY:-s3tester-main-secret-0000000000000000001}
ALT_AK=${S3_ALT_ACCESS_KEY_ID:-S3TESTERALTKEY000002}
ALT_SK=${S3_ALT_SECRET_ACCESS_KEY:-s3tester-alt-secret-00000000000000000002}
ENDPOINT="http://127.0.0.1:$RGW_PORT"
RGW_POOLS=(.rgw.root default.rgw.control default.rgw.meta default.rgw.log
  default.rgw.buckets.index default.rgw.buckets.data default.rgw.buckets.non-ec)

die() {
  log "ERROR: $*"
  exit 1
}

for v in RGW_PORT MON_PORT STEP_TIMEOUT RGW_TIMEOUT; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a number (got '${!v}')"
done
[[ $D == /* ]] || die "CEPH_RGW_DIR must be an absolute path (got '$D')"

# dump_logs NAME...: tail of each daemon's log (+ stdout/stderr capture) and where the logs are.
dump_logs() {
  local n f lines=40
  for n in "$@"; do # the first daemon named is the one that failed: more lines for it
    for f in "${CEPH_LOG[$n]:-}" "$D/log/$n.out"; do
      [[ -s $f ]] || continue
      echo "----- tail -n $lines $f -----" >&2
      tail -n "$lines" "$f" >&2 || true
    done
    lines=10
  done
  echo "----- logs: $D/log/ (ceph.conf: $D/ceph.conf) -----" >&2
}

fail() { # fail "message" daemon...
  local msg=$1
  shift
  log "ERROR: $msg"
  dump_logs "$@"
  log "leaving $D as is for inspection; run scripts/ceph-rgw-stop.sh to clean up"
  exit 1
}

# signed ListBuckets; curl 7.88 does not add x-amz-content-sha256 itself and RGW needs it.
signed_code() { # AK SK
  http_code "$ENDPOINT/" --aws-sigv4 "aws:amz:$S3_REGION:s3" --user "$1:$2" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD"
}

env_lines() {
  cat <<EOF
S3_ENDPOINT=$ENDPOINT
S3_REGION=$S3_REGION
S3_ACCESS_KEY_ID=$MAIN_AK
S3_SECRET_ACCESS_KEY=$MAIN_SK
S3_ALT_ACCESS_KEY_ID=$ALT_AK
S3_ALT_SECRET_ACCESS_KEY=$ALT_SK
EOF
}

# ceph-base pulls in sudo as "automatically installed"; a later 'apt-get autoremove --purge' would then try to
# remove sudo and fail in its prerm ("no root password has been set"). Mark it manual (cheap check first).
mark_sudo_manual() {
  [[ $(id -u) -eq 0 ]] && command -v apt-mark >/dev/null 2>&1 || return 0
  local st=/var/lib/apt/extended_states
  [[ -r $st ]] || return 0
  if awk '/^Package: /{p=$2} /^Auto-Installed: 1/ && p=="sudo"{f=1} END{exit !f}' "$st"; then
    log "apt-mark manual sudo (pulled in by ceph-base; avoids a failing 'apt-get autoremove --purge' later)"
    apt-mark manual sudo >/dev/null 2>&1 || true
  fi
}

ensure_packages() {
  local need=()
  command -v radosgw >/dev/null 2>&1 || need+=(radosgw)
  command -v ceph-mon >/dev/null 2>&1 || need+=(ceph-mon)
  command -v ceph-osd >/dev/null 2>&1 || need+=(ceph-osd)
  command -v curl >/dev/null 2>&1 || need+=(curl)
  command -v flock >/dev/null 2>&1 || need+=(util-linux)
  if ((${#need[@]} == 0)); then
    mark_sudo_manual
    return 0
  fi
  # install the full trio if any of it is missing (ceph-common / ceph-authtool / monmaptool come with them)
  if [[ " ${need[*]} " == *" radosgw "* || " ${need[*]} " == *" ceph-mon "* || " ${need[*]} " == *" ceph-osd "* ]]; then
    need+=(radosgw ceph-mon ceph-osd)
  fi
  mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
  log "not installed yet; installing with apt-get (Debian): ${need[*]}"
  apt_install "${need[@]}"
  mark_sudo_manual
  log "packages installed"
  command -v radosgw >/dev/null 2>&1 || die "radosgw still not found after install"
}

# ---------------------------------------------------------------------------------------------
take_lock "${CEPH_RGW_LOCK_TIMEOUT:-300}"

# 1. Already running and healthy? -> just print the env again.
if [[ -f $D/env ]]; then
  healthy=1
  for n in mon osd rgw; do daemon_pid "$n" >/dev/null || { healthy=0; log "$n is not running"; }; done
  if ((healthy)); then
    code=$(http_code "$ENDPOINT/")
    [[ $code == 000 ]] && { healthy=0; log "radosgw does not answer on $ENDPOINT"; }
  fi
  if ((healthy)); then
    # check with (and print) the keys the cluster was created with; they cannot change under a running cluster
    run_ak=$(sed -n 's/^S3_ACCESS_KEY_ID=//p' "$D/env")
    run_sk=$(sed -n 's/^S3_SECRET_ACCESS_KEY=//p' "$D/env")
    code=$(signed_code "$run_ak" "$run_sk")
    if [[ $code == 200 ]]; then
      log "already running and healthy in $D ($ENDPOINT)"
      [[ $run_ak == "$MAIN_AK" ]] || log "note: running cluster uses main access key $run_ak, not $MAIN_AK (stop it to change keys)"
      cat "$D/env"
      exit 0
    fi
    log "radosgw answers but a signed ListBuckets for the main user gives HTTP $code"
  fi
fi

# 2. Stale or partial? -> stop whatever is left and wipe.
if [[ -e $D ]]; then
  log "stale/partial cluster dir $D: stopping leftovers and wiping it"
  stop_all || die "could not stop the old daemons"
  wipe_dir || exit 1
fi

ensure_packages

if port_in_use "$RGW_PORT"; then die "127.0.0.1:$RGW_PORT is already in use by something else (set CEPH_RGW_PORT)"; fi
if port_in_use "$MON_PORT"; then die "127.0.0.1:$MON_PORT is already in use by something else (set CEPH_MON_PORT)"; fi

# 3. Fresh cluster.
mkdir -p "$D"/{run,log,mon,osd/ceph-0,crash,rgw}
touch "$D/$SRV_MARKER"
FSID=$(cat /proc/sys/kernel/random/uuid)
OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
CONF=$D/ceph.conf

cat >"$CONF" <<EOF
# generated by s3tester scripts/ceph-rgw-start.sh
[global]
fsid = $FSID
mon host = v2:127.0.0.1:$MON_PORT
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind ipv6 = false
ms bind msgr1 = false
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
keyring = $D/keyring
run dir = $D/run
log file = $D/log/\$name.log
crash dir = $D/crash
mon cluster log file = $D/log/\$cluster.log
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
osd crush chooseleaf type = 0
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon warn on pool no redundancy = false
mon warn on insecure global id reclaim = false
mon warn on insecure global id reclaim allowed = false
mon data avail warn = 1
mon data avail crit = 1

[client]
# ceph / radosgw-admin runs: no admin socket (parallel runs would collide on client.admin.asok)
admin socket =

[mon]
admin socket = $D/run/\$cluster-\$name.asok
mon data = $D/mon/\$cluster-\$id
pid file = $D/run/\$name.pid
paxos propose interval = 0.05
paxos min wait = 0.01

[osd]
admin socket = $D/run/\$cluster-\$name.asok
osd data = $D/osd/\$cluster-\$id
pid file = $D/run/\$name.pid
osd objectstore = memstore
memstore device bytes = ${CEPH_MEMSTORE_BYTES:-12G}
osd fast shutdown = true

[client.rgw.a]
admin socket = $D/run/\$cluster-\$name.asok
pid file = $D/run/\$name.pid
rgw data = $D/rgw
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw thread pool size = 64
rgw gc obj min wait = 60
rgw gc processor period = 60
rgw crypt require ssl = false
EOF

log "generating keyring and monmap in $D"
K=$D/keyring
{
  ceph-authtool "$K" --create-keyring --gen-key -n mon. --cap mon 'allow *'
  ceph-authtool "$K" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *'
  ceph-authtool "$K" --gen-key -n osd.0 --cap mon 'allow profile osd' --cap mgr 'allow profile osd' --cap osd 'allow *'
  ceph-authtool "$K" --gen-key -n client.rgw.a --cap mon 'allow rw' --cap osd 'allow rwx' --cap mgr 'allow rw'
  monmaptool --create --addv a "[v2:127.0.0.1:$MON_PORT]" --fsid "$FSID" "$D/monmap"
} >"$D/log/setup.out" 2>&1 || fail "keyring/monmap generation failed" setup

# Daemons fork; the parent returns after the child finished its init. fd 9 (the lock) is not inherited.
log "mon: mkfs + start (127.0.0.1:$MON_PORT)"
timeout "$STEP_TIMEOUT" ceph-mon -c "$CONF" --mkfs -i a --monmap "$D/monmap" --keyring "$K" >"$D/log/mon.out" 2>&1 9>&- ||
  fail "ceph-mon --mkfs failed" mon
timeout "$STEP_TIMEOUT" ceph-mon -c "$CONF" -i a >>"$D/log/mon.out" 2>&1 9>&- ||
  fail "ceph-mon did not start" mon

# wait for the mon: pid file + alive + port open
dl=$(deadline "$STEP_TIMEOUT") grace=$(deadline 2)
while ! { daemon_pid mon >/dev/null && port_in_use "$MON_PORT"; }; do
  if past "$grace" && ! daemon_pid mon >/dev/null; then fail "ceph-mon exited" mon; fi
  past "$dl" && fail "ceph-mon not listening on $MON_PORT after ${STEP_TIMEOUT}s" mon
  sleep 0.05
done
log "mon up (pid $(daemon_pid mon))"

# Register osd.0 and create the RGW pools in ONE ceph CLI process (each ceph call costs ~0.3 s).
# Pre-creating the pools saves ~2 s each on the first CreateBucket / PutObject / multipart upload.
{
  echo "osd new $OSD_UUID 0"
  for p in "${RGW_POOLS[@]}"; do
    echo "osd pool create $p 8 8"
    echo "osd pool application enable $p rgw"
  done
  echo "osd pool ls"
} >"$D/setup.cmds"
timeout "$STEP_TIMEOUT" ceph -c "$CONF" --connect-timeout "$STEP_TIMEOUT" <"$D/setup.cmds" >"$D/log/ceph-setup.out" 2>&1 ||
  fail "ceph CLI (osd new + pool create) failed or timed out after ${STEP_TIMEOUT}s (see $D/log/ceph-setup.out)" mon ceph-setup
for p in "${RGW_POOLS[@]}"; do
  grep -qx -- "$p" "$D/log/ceph-setup.out" || fail "pool $p was not created (see $D/log/ceph-setup.out)" mon ceph-setup
done
log "osd.0 registered, ${#RGW_POOLS[@]} rgw pools created"

log "osd.0: mkfs + start (memstore)"
timeout "$STEP_TIMEOUT" ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$OSD_UUID" >"$D/log/osd.out" 2>&1 9>&- ||
  fail "ceph-osd --mkfs failed" osd mon
timeout "$STEP_TIMEOUT" ceph-osd -c "$CONF" -i 0 >>"$D/log/osd.out" 2>&1 9>&- ||
  fail "ceph-osd did not start" osd mon
daemon_pid osd >/dev/null || fail "ceph-osd exited right after start" osd mon
log "osd started (pid $(daemon_pid osd))"

# radosgw can start right away: it blocks on RADOS until the OSD is up and the PGs are active.
log "radosgw: start ($ENDPOINT)"
timeout "$RGW_TIMEOUT" radosgw -c "$CONF" -n client.rgw.a >"$D/log/rgw.out" 2>&1 9>&- ||
  fail "radosgw did not start" rgw osd mon
dl=$(deadline "$RGW_TIMEOUT") grace=$(deadline 2)
while :; do
  code=$(http_code "$ENDPOINT/")
  [[ $code != 000 ]] && break
  daemon_pid mon >/dev/null || fail "ceph-mon died while waiting for radosgw" mon
  daemon_pid osd >/dev/null || fail "ceph-osd died while waiting for radosgw" osd mon
  if past "$grace" && ! daemon_pid rgw >/dev/null; then fail "radosgw exited before answering HTTP" rgw osd mon; fi
  past "$dl" && fail "radosgw not answering on $ENDPOINT after ${RGW_TIMEOUT}s" rgw osd mon
  sleep 0.1
done
log "radosgw answers HTTP $code (pid $(daemon_pid rgw))"

# Users (two radosgw-admin processes in parallel).
create_user() { # uid display AK SK
  timeout "$STEP_TIMEOUT" radosgw-admin -c "$CONF" -n client.admin user create --uid="$1" --display-name="$2" \
    --access-key="$3" --secret-key="$4" >"$D/log/user-$1.out" 2>&1 9>&-
}
create_user tester "s3tester main user" "$MAIN_AK" "$MAIN_SK" &
pid_main=$!
create_user tester-alt "s3tester alt user" "$ALT_AK" "$ALT_SK" &
pid_alt=$!
wait "$pid_main" || fail "radosgw-admin user create tester failed (see $D/log/user-tester.out)" user-tester rgw
wait "$pid_alt" || fail "radosgw-admin user create tester-alt failed (see $D/log/user-tester-alt.out)" user-tester-alt rgw

# Both users must be able to sign a request (ListBuckets).
dl=$(deadline "$STEP_TIMEOUT")
while :; do
  c1=$(signed_code "$MAIN_AK" "$MAIN_SK")
  c2=$(signed_code "$ALT_AK" "$ALT_SK")
  [[ $c1 == 200 && $c2 == 200 ]] && break
  daemon_pid rgw >/dev/null || fail "radosgw died" rgw osd mon
  past "$dl" && fail "signed ListBuckets: main HTTP $c1, alt HTTP $c2 after ${STEP_TIMEOUT}s" rgw
  sleep 0.1
done
log "users tester / tester-alt created and verified"

env_lines >"$D/env.tmp" && mv "$D/env.tmp" "$D/env"
log "ready in $(elapsed)s: $ENDPOINT (data dir $D, logs $D/log; stop with scripts/ceph-rgw-stop.sh)"
cat "$D/env"
