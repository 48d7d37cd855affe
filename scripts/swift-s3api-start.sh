#!/usr/bin/env bash
# Start a throw-away OpenStack Swift 2.30 with its S3 API (the s3api middleware) on 127.0.0.1 for s3tester.
#   memcached + swift-account/-container/-object-server (one device, rings of one replica) + swift-proxy-server
#   (tempauth + s3api), every server with `workers = 0` (one process each), everything under $SWIFT_S3_DIR.
# stdout: ONLY the env lines (SWIFT_S3_ENDPOINT=... etc.); all progress and diagnostics go to stderr. They do
# not clash with ceph-rgw-start.sh's S3_* lines, so both can be loaded together:
#   set -a; eval "$(scripts/swift-s3api-start.sh)"; set +a
# Idempotent: if the servers in $SWIFT_S3_DIR are running and healthy it only prints the env lines again;
# if the dir is stale (a daemon died), it stops what is left, wipes the dir and starts fresh.
#
# The two users (tempauth; the S3 access key is "account:user", the secret is the password), both admins of the
# same Swift account "test":
#   main = test:tester    alt = test:tester2
# Why: with `s3_acl = true`, s3api keeps S3 ACLs itself and makes each tempauth user its own S3 principal (owner
# id "test:tester"), and it checks every bucket and object access against those ACLs only. So alt meets main's
# buckets as another AWS account would: AccessDenied on Get/Head/Put/DeleteObject, ListObjects, GetBucketAcl and
# DeleteBucket; access once main grants it by ACL (grant headers or canned ACLs); BucketAlreadyExists (409) when
# it creates a bucket name main has; ListBuckets shows only its own buckets (`check_bucket_owner = true`).
# The alternatives, tried: a NON-admin user of the same account cannot create any bucket (s3api asks for Swift
# account ownership: AccessDenied), so half the cross-user checks could not be set up; a user of ANOTHER account
# lives in another bucket namespace: main's buckets are NoSuchBucket to it whatever the ACLs say, and it can
# create a bucket of the same name, so no S3 permission rule can be checked with it.
# Swift 2.30's s3api has no bucket policies (Put/GetBucketPolicy: 501 NotImplemented) and no anonymous access
# (an unsigned request is taken for a Swift API request): cross-user access goes through ACLs only.
# See scripts/README.md for the knobs.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=swift-s3api-common.sh
. "$SCRIPT_DIR/swift-s3api-common.sh"

D=$SWIFT_S3_DIR
STEP_TIMEOUT=${SWIFT_S3_STEP_TIMEOUT:-60}     # seconds, per step
S3_REGION=${SWIFT_S3_REGION:-us-east-1}
MAIN_AK=test:tester
ALT_AK=test:tester2
MAIN_SK=${SWIFT_S3_SECRET_ACCESS_KEY:-testing}
ALT_SK=${SWIFT_S3_ALT_SECRET_ACCESS_KEY:-testing2}
ENDPOINT="http://127.0.0.1:$SWIFT_S3_PORT"
RING_PART_POWER=6 # 64 partitions: plenty for one device
RUN_USER=$(id -un)
# Debian's python3, which runs Swift (its scripts' #! line), not whichever python3 comes first on PATH
PY=/usr/bin/python3

PORTS=(SWIFT_S3_PORT SWIFT_S3_OBJECT_PORT SWIFT_S3_CONTAINER_PORT SWIFT_S3_ACCOUNT_PORT SWIFT_S3_MEMCACHED_PORT)
check_settings "${PORTS[@]}" STEP_TIMEOUT
# tempauth splits "user_test_tester = <password> .admin" on whitespace
[[ $MAIN_SK =~ ^[A-Za-z0-9._~+/=-]+$ ]] || die "SWIFT_S3_SECRET_ACCESS_KEY may only hold letters, digits and ._~+/=-"
[[ $ALT_SK =~ ^[A-Za-z0-9._~+/=-]+$ ]] || die "SWIFT_S3_ALT_SECRET_ACCESS_KEY may only hold letters, digits and ._~+/=-"
[[ $S3_REGION =~ ^[a-z0-9-]+$ ]] || die "SWIFT_S3_REGION must be a region name like us-east-1 (got '$S3_REGION')"

# signed_codes ENDPOINT REGION MAIN_SECRET ALT_SECRET: HTTP status of a SigV4-signed ListBuckets for main and
# for alt ("200 200"; 000 = no answer). Python's standard library signs it: curl --aws-sigv4 cannot, as
# tempauth's access keys hold a colon and curl's --user splits the key from the secret at the first one.
signed_codes() {
  AK1=$MAIN_AK SK1=$3 AK2=$ALT_AK SK2=$4 "$PY" - "$1" "$2" <<'PY'
import datetime, hashlib, hmac, os, sys, urllib.error, urllib.request
endpoint, region = sys.argv[1], sys.argv[2]
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
def code(ak, sk):
    now = datetime.datetime.now(datetime.timezone.utc)
    amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    payload = hashlib.sha256(b"").hexdigest()
    host = endpoint.split("://", 1)[1]
    signed = "host;x-amz-content-sha256;x-amz-date"
    canonical = "\n".join(["GET", "/", "", "host:" + host, "x-amz-content-sha256:" + payload,
                           "x-amz-date:" + amz_date, "", signed, payload])
    scope = "/".join([day, region, "s3", "aws4_request"])
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + sk).encode()
    for part in (day, region, "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    request = urllib.request.Request(endpoint + "/", headers={
        "Authorization": "AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s" % (ak, scope, signed, signature),
        "x-amz-date": amz_date, "x-amz-content-sha256": payload})
    try:
        return opener.open(request, timeout=5).status
    except urllib.error.HTTPError as e:
        return e.code
    except Exception:
        return "000"
print(code(os.environ["AK1"], os.environ["SK1"]), code(os.environ["AK2"], os.environ["SK2"]))
PY
}

env_lines() {
  s3_env_lines SWIFT_S3_
  echo "SWIFT_S3_DIR=$D"
}

ensure_packages() {
  local need=()
  command -v swift-proxy-server >/dev/null 2>&1 || need+=(swift-proxy)
  command -v swift-account-server >/dev/null 2>&1 || need+=(swift-account)
  command -v swift-container-server >/dev/null 2>&1 || need+=(swift-container)
  command -v swift-object-server >/dev/null 2>&1 || need+=(swift-object)
  command -v memcached >/dev/null 2>&1 || need+=(memcached)
  [[ -x $PY ]] || need+=(python3)
  command -v curl >/dev/null 2>&1 || need+=(curl)
  command -v flock >/dev/null 2>&1 || need+=(util-linux)
  ((${#need[@]} == 0)) && return 0
  log "not installed yet; installing with apt-get (Debian): ${need[*]}"
  apt_install "${need[@]}"
  log "packages installed"
  command -v swift-proxy-server >/dev/null 2>&1 || die "swift-proxy-server still not found after install"
}

# Swift reads the hash path prefix/suffix and the storage policies from /etc/swift/swift.conf, whatever
# swift_dir says; the package installs one (policy 0 only, which is the one ring we build).
check_swift_conf() {
  local f=/etc/swift/swift.conf
  [[ -r $f ]] || die "$f is missing (it comes with the swift package: apt-get install --reinstall swift)"
  grep -Eq '^[[:space:]]*swift_hash_path_(suffix|prefix)[[:space:]]*=[[:space:]]*[^[:space:]]' "$f" ||
    die "$f sets neither swift_hash_path_suffix nor swift_hash_path_prefix"
  if grep -Eq '^\[storage-policy:[1-9]' "$f"; then
    die "$f declares storage policies other than 0; these scripts build a ring for policy 0 only"
  fi
}

write_configs() {
  local e=$D/etc common
  common="bind_ip = 127.0.0.1
workers = 0
user = $RUN_USER
swift_dir = $e
devices = $D/srv
mount_check = false
disable_fallocate = true
log_level = INFO"
  local name port
  for name in account container object; do
    port=SWIFT_S3_${name^^}_PORT
    cat >"$e/$name-server.conf" <<EOF
# generated by s3tester scripts/swift-s3api-start.sh
[DEFAULT]
$common
bind_port = ${!port}
log_name = $name-server

[pipeline:main]
pipeline = healthcheck $name-server

[app:$name-server]
use = egg:swift#$name
$([[ $name == container ]] && echo "allow_versions = true")

[filter:healthcheck]
use = egg:swift#healthcheck
EOF
  done
  # Pipeline: Swift 2.30's sample with s3api just before tempauth (as its docs require), slo after s3api (for
  # multipart uploads) and versioned_writes with object versioning (for S3 versioning); Swift-only
  # middlewares (bulk, tempurl, ratelimit, container_sync, quotas) left out.
  cat >"$e/proxy-server.conf" <<EOF
# generated by s3tester scripts/swift-s3api-start.sh
[DEFAULT]
$common
bind_port = $SWIFT_S3_PORT
log_name = proxy-server

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo versioned_writes symlink proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:s3api]
use = egg:swift#s3api
# the region of SigV4 signatures and of GetBucketLocation
location = $S3_REGION
# S3 ACLs kept by s3api (per user, not per Swift account): the S3 permission model, as far as Swift has one
s3_acl = true
# ListBuckets lists only the caller's own buckets, as S3 does (needs s3_acl)
check_bucket_owner = true
# containers made through the Swift API (no S3 owner) stay invisible to S3 users, the S3-compatible choice
allow_no_owner = false
dns_compliant_bucket_names = true
# S3's limits: 10000 parts (the default is 1000), parts of at least 5 MiB but the last
max_upload_part_num = 10000
min_segment_size = 5242880

[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = $MAIN_SK .admin
user_test_tester2 = $ALT_SK .admin

[filter:slo]
use = egg:swift#slo
max_manifest_segments = 10000

[filter:versioned_writes]
use = egg:swift#versioned_writes
allow_versioned_writes = true
allow_object_versioning = true

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$SWIFT_S3_MEMCACHED_PORT
EOF
  # the middlewares used with their defaults: [filter:NAME] using egg:swift#NAME (- written _)
  local filter
  for filter in catch_errors gatekeeper healthcheck proxy-logging listing_formats copy dlo symlink; do
    printf '\n[filter:%s]\nuse = egg:swift#%s\n' "$filter" "${filter//-/_}" >>"$e/proxy-server.conf"
  done
}

# Rings of one device (one replica) for account, container and object (policy 0), in one Python process
# through Swift's RingBuilder (swift-ring-builder would take 9 runs of ~0.4 s each).
build_rings() {
  timeout "$STEP_TIMEOUT" "$PY" - "$D/etc" "$RING_PART_POWER" "$SWIFT_S3_ACCOUNT_PORT" "$SWIFT_S3_CONTAINER_PORT" "$SWIFT_S3_OBJECT_PORT" <<'PY'
import sys
from swift.common.ring import RingBuilder
etc, part_power = sys.argv[1], int(sys.argv[2])
for name, port in zip(("account", "container", "object"), map(int, sys.argv[3:6])):
    builder = RingBuilder(part_power, 1, 1)
    builder.add_dev({"id": 0, "region": 1, "zone": 1, "ip": "127.0.0.1", "port": port,
                     "replication_ip": "127.0.0.1", "replication_port": port, "device": "d1", "weight": 1.0})
    builder.rebalance()
    builder.save("%s/%s.builder" % (etc, name))
    builder.get_ring().save("%s/%s.ring.gz" % (etc, name))
PY
}

# start_daemon NAME CMD...: in its own session, stdio to its log, the lock's fd closed; records the PID.
start_daemon() {
  local name=$1
  shift
  setsid "$@" </dev/null >"$D/log/$name.log" 2>&1 9>&- &
  echo "$!" >"${SRV_PIDFILE[$name]}"
}

# all_alive_or_fail WHAT: every daemon started so far still runs, or fail naming the one that died.
all_alive_or_fail() {
  local n
  for n in "${SWIFT_DAEMONS[@]}"; do
    [[ -f ${SRV_PIDFILE[$n]} ]] || continue
    daemon_pid "$n" >/dev/null || fail "${SRV_PROG[$n]} exited while waiting for $1" "$n"
  done
}

# ---------------------------------------------------------------------------------------------
take_lock

# 1. Already running and healthy? -> just print the env again.
if [[ -f $D/env ]]; then
  healthy=1
  all_running "${SWIFT_DAEMONS[@]}" || healthy=0
  if ((healthy)); then
    # check with (and print) the settings the servers were started with
    run_endpoint=$(sed -n 's/^SWIFT_S3_ENDPOINT=//p' "$D/env")
    codes=$(signed_codes "$run_endpoint" "$(sed -n 's/^SWIFT_S3_REGION=//p' "$D/env")" \
      "$(sed -n 's/^SWIFT_S3_SECRET_ACCESS_KEY=//p' "$D/env")" "$(sed -n 's/^SWIFT_S3_ALT_SECRET_ACCESS_KEY=//p' "$D/env")")
    if [[ $codes == "200 200" ]]; then
      log "already running and healthy in $D ($run_endpoint)"
      [[ $run_endpoint == "$ENDPOINT" ]] ||
        log "note: the running servers use $run_endpoint, not $ENDPOINT (stop them to change it)"
      cat "$D/env"
      exit 0
    fi
    log "signed ListBuckets for main and alt give HTTP $codes"
  fi
fi

# 2. Stale or partial? -> stop whatever is left and wipe.
wipe_stale
ensure_packages
check_swift_conf
check_ports_free "${PORTS[@]}"

# 3. Fresh servers.
mkdir -p "$D"/{etc,run,log,srv/d1}
touch "$D/$SRV_MARKER"
write_configs

MEMCACHED_ARGS=(-l 127.0.0.1 -p "$SWIFT_S3_MEMCACHED_PORT" -U 0 -m 64 -t 1 -P "${SRV_ARG[memcached]}")
[[ $(id -u) -eq 0 ]] && MEMCACHED_ARGS+=(-u root) # memcached refuses to run as root without -u
log "starting memcached (127.0.0.1:$SWIFT_S3_MEMCACHED_PORT) and the account, container and object servers"
start_daemon memcached memcached "${MEMCACHED_ARGS[@]}"
# -v: log to stderr (the log file) as well as to syslog
for n in account container object; do start_daemon "$n" "swift-$n-server" "${SRV_ARG[$n]}" -v; done

# Only the proxy reads the rings: build them while the backends start, then start the proxy.
log "building rings (1 device, 1 replica) in $D/etc"
rc=0
build_rings >"$D/log/rings.log" 2>&1 || rc=$?
((rc != 124)) || fail "building the rings timed out after ${STEP_TIMEOUT}s" rings
((rc == 0)) || fail "building the rings failed (exit $rc)" rings
log "starting the proxy"
start_daemon proxy swift-proxy-server "${SRV_ARG[proxy]}" -v
# Each recorded PID runs its program once the fork has exec'd (a moment under load).
for n in "${SWIFT_DAEMONS[@]}"; do
  dl=$(deadline 5)
  until daemon_pid "$n" >/dev/null; do
    proc_alive "$(<"${SRV_PIDFILE[$n]}")" || fail "${SRV_PROG[$n]} exited right after start" "$n"
    past "$dl" && fail "pid $(<"${SRV_PIDFILE[$n]}") does not run ${SRV_PROG[$n]} 5 s after its start" "$n"
    sleep 0.05
  done
done

# Each backend answers GET /healthcheck once it listens and has loaded its app.
dl=$(deadline "$STEP_TIMEOUT")
pending=(account container object)
while ((${#pending[@]})); do
  left=()
  for n in "${pending[@]}"; do
    port=SWIFT_S3_${n^^}_PORT
    [[ $(http_code "http://127.0.0.1:${!port}/healthcheck") == 200 ]] || left+=("$n")
  done
  pending=("${left[@]}")
  ((${#pending[@]})) || break
  all_alive_or_fail "the backends"
  past "$dl" && fail "not answering /healthcheck after ${STEP_TIMEOUT}s: ${pending[*]}" "${pending[@]}"
  sleep 0.1
done
port_in_use "$SWIFT_S3_MEMCACHED_PORT" || fail "memcached not listening on $SWIFT_S3_MEMCACHED_PORT" memcached
log "account, container and object servers answer"

dl=$(deadline "$STEP_TIMEOUT")
until [[ $(http_code "$ENDPOINT/healthcheck") == 200 ]]; do
  all_alive_or_fail "the proxy"
  past "$dl" && fail "swift-proxy-server not answering $ENDPOINT/healthcheck after ${STEP_TIMEOUT}s" proxy
  sleep 0.1
done
log "proxy answers ($ENDPOINT)"

# Both users must be able to make a signed S3 request (ListBuckets).
dl=$(deadline "$STEP_TIMEOUT")
while :; do
  codes=$(signed_codes "$ENDPOINT" "$S3_REGION" "$MAIN_SK" "$ALT_SK")
  [[ $codes == "200 200" ]] && break
  all_alive_or_fail "the users"
  past "$dl" && fail "signed ListBuckets (main, alt) give HTTP $codes after ${STEP_TIMEOUT}s" proxy
  sleep 0.1
done
log "users $MAIN_AK and $ALT_AK verified"

publish_env
