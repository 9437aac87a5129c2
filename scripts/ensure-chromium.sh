#!/bin/sh
# Makes sure Debian's `chromium` is installed at /usr/bin/chromium for the docs site's browser
# tests (apps/docs). Playwright's own browser download is never used: this machine and CI reach
# only the npm registry and Debian's apt, so the browser comes from apt.
#
#   exit 0  chromium is there (already, or installed now)
#   exit 1  chromium is missing and CI=true (the browser tests are required in CI)
#   exit 2  chromium is missing outside CI and cannot be installed here: the caller skips the
#           browser tests, loudly
set -eu

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "[ensure-chromium] $CHROMIUM is missing; installing Debian's chromium package with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  # Serialise with any other apt user on the machine (a parallel test run, a second session).
  if command -v flock >/dev/null 2>&1; then
    flock /tmp/isobind-apt.lock sh -c 'test -x /usr/bin/chromium || { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium; }' >&2
  else
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends chromium >&2
  fi
  if [ -x "$CHROMIUM" ]; then
    echo "[ensure-chromium] installed: $("$CHROMIUM" --version 2>/dev/null || echo chromium)" >&2
    exit 0
  fi
  echo "[ensure-chromium] apt-get finished but $CHROMIUM still does not exist" >&2
fi

if [ "${CI:-}" = "true" ]; then
  echo "[ensure-chromium] ERROR: $CHROMIUM is missing and could not be installed (needs root and apt-get)." >&2
  echo "[ensure-chromium] The docs browser tests are required in CI. Install it with: apt-get update && apt-get install -y chromium" >&2
  exit 1
fi

cat >&2 <<MSG
################################################################################
#  [ensure-chromium] $CHROMIUM is missing: the docs BROWSER TESTS ARE SKIPPED.   #
#  Install Debian's chromium to run them:                                      #
#      sudo apt-get update && sudo apt-get install -y chromium                 #
################################################################################
MSG
exit 2
