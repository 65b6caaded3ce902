#!/usr/bin/env bash
# Installs Chromium for the browser test (test/browser.test.ts), when missing (Debian/Ubuntu).
# playwright-core drives it through /usr/bin/chromium and never downloads a browser itself.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
if [ ! -x /usr/bin/chromium ]; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends chromium
fi
/usr/bin/chromium --version
