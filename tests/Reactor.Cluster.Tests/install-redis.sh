#!/usr/bin/env bash
# Installs Debian's redis-server, which the multi-process cluster test starts on a free loopback port (membership and
# reminders of three Reactor hosts). Idempotent and quick when it is already there. Debian 12; uses sudo when not root.
set -euo pipefail

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    else
        sudo "$@"
    fi
}

if ! command -v redis-server >/dev/null 2>&1; then
    echo "install-redis.sh: installing redis-server with apt-get"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server
    # The package starts a system-wide instance on port 6379; the tests start their own on free ports.
    as_root service redis-server stop >/dev/null 2>&1 || true
fi

redis-server --version
