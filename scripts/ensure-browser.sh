#!/usr/bin/env bash
# Before the browser tests: make sure a Chromium is there. Uses Debian's chromium
# (installed with apt-get when we may), or Playwright's own browser where one exists.
set -euo pipefail
for p in /usr/bin/chromium /usr/bin/chromium-browser; do [ -x "$p" ] && exit 0; done
if ls "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium-* >/dev/null 2>&1; then exit 0; fi
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "Chromium is needed for the browser tests: apt-get install chromium (as root)." >&2; exit 1
    fi
  fi
  echo "Installing Debian's chromium for the browser tests…" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  exit 0
fi
echo "No Chromium found: install Debian's chromium, or run 'npx playwright install chromium'." >&2
exit 1
