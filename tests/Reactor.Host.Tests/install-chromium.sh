#!/usr/bin/env bash
# Installs Debian's chromium, which the dashboard's browser test drives headless through Playwright (ExecutablePath
# /usr/bin/chromium; Playwright's own browser download is not used). Idempotent. Debian 12; uses sudo when not root.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    else
        sudo "$@"
    fi
}

echo "install-chromium.sh: installing chromium with apt-get"
as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
