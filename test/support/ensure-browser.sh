#!/usr/bin/env bash
# The wall's browser test drives Debian's Chromium (never a downloaded browser). On a fresh machine
# where we are root with apt, install it and a CJK font once; elsewhere say what is missing.
set -u
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi 'cjk'; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian chromium and fonts-noto-cjk for the wall's browser test…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null && exit 0
  echo "warning: could not install chromium; the wall's browser test will fail" >&2
else
  echo "warning: /usr/bin/chromium missing: run 'apt-get install -y chromium fonts-noto-cjk' for the wall's browser test" >&2
fi
exit 0
