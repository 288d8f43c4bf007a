#!/bin/sh
# Run by `npm test` (and `npm run test:e2e`) before the tests: the browser tests need Debian's Chromium
# (/usr/bin/chromium, or the one CHROMIUM_PATH names) and a CJK font (WenQuanYi Micro Hei) for the Chinese UI's
# screenshots. What is missing is installed with apt-get when this runs as root (a fresh CI machine or container);
# otherwise it says what to install and stops, before any test runs.
set -eu
need=""
if [ -n "${CHROMIUM_PATH:-}" ]; then
  if [ ! -x "$CHROMIUM_PATH" ]; then
    echo "npm test: CHROMIUM_PATH is $CHROMIUM_PATH, which is not an executable file; unset it to use /usr/bin/chromium." >&2
    exit 1
  fi
elif [ ! -x /usr/bin/chromium ]; then
  need="chromium"
fi
if ! fc-list 2>/dev/null | grep -qi 'WenQuanYi Micro Hei'; then
  need="${need:+$need }fonts-wqy-microhei"
fi
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "npm test: installing $need for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086 # the package names are words
  apt-get install -y -qq --no-install-recommends $need >/dev/null
  exit 0
fi
echo "npm test: the browser tests need $need, which is not installed. Install it with
  sudo apt-get install -y --no-install-recommends $need
(Debian or Ubuntu; or point CHROMIUM_PATH at a Chromium) and run npm test again." >&2
exit 1
