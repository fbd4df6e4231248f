#!/usr/bin/env bash
# Installs Azurite 3.37.0 (npm) into tests/Reactor.Persistence.AzureBlob.Tests/.azurite (git-ignored), where the
# test fixture looks for node_modules/.bin/azurite-blob. Installs Debian's nodejs and npm when node is missing.
# Idempotent and quick when Azurite is already there. Debian 12; uses sudo when not root.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
prefix="$here/.azurite"
version="3.37.0"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    else
        sudo "$@"
    fi
}

apt_packages=()
command -v node >/dev/null 2>&1 || apt_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || apt_packages+=(npm)
if [ "${#apt_packages[@]}" -gt 0 ]; then
    echo "install-azurite.sh: installing ${apt_packages[*]} with apt-get"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_packages[@]}"
fi

manifest="$prefix/node_modules/azurite/package.json"
if [ ! -f "$manifest" ] || ! grep -q "\"version\": \"$version\"" "$manifest" || [ ! -x "$prefix/node_modules/.bin/azurite-blob" ]; then
    echo "install-azurite.sh: installing azurite $version into $prefix"
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-audit --no-fund --no-package-lock --loglevel=error "azurite@$version"
fi

test -x "$prefix/node_modules/.bin/azurite-blob"
echo "install-azurite.sh: azurite $version is installed"
