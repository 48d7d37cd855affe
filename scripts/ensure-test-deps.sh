#!/usr/bin/env bash
# Installs the Debian packages the test suite drives, when they are missing: chromium (the HTML
# report is checked in a real headless browser) and libxml2-utils (xmllint validates JUnit output
# against its XSD), time (peak-RSS measurements of the large-object tests) and tmux (the live
# progress display is tested on a real pseudo-terminal). Ceph RGW is installed by ceph-rgw-start.sh, which the integration tests call.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
[ -x /usr/bin/time ] || missing+=(time)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "The tests need ${missing[*]} (Debian packages); install them, or run as root on Debian so this script can." >&2
  exit 1
fi
echo "installing ${missing[*]} for the tests..." >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
