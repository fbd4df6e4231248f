#!/usr/bin/env bash
# Installs the independent Kafka clients the DevBroker conformance tests drive:
#   kcat (Debian, librdkafka 2.0.2), kafka-python 2.0.2 (Debian python3-kafka, for /usr/bin/python3)
#   and kafkajs 2.2.4 (npm, into Conformance/clients/node_modules; Debian's nodejs and npm if node is missing).
# Idempotent and quick when everything is already there. Debian 12; uses sudo when not root.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
clients="$here/clients"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    else
        sudo "$@"
    fi
}

apt_packages=()
command -v kcat >/dev/null 2>&1 || apt_packages+=(kcat)
/usr/bin/python3 -c 'import kafka' >/dev/null 2>&1 || apt_packages+=(python3-kafka)
command -v node >/dev/null 2>&1 || apt_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || apt_packages+=(npm)

if [ "${#apt_packages[@]}" -gt 0 ]; then
    echo "install.sh: installing ${apt_packages[*]} with apt-get"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_packages[@]}"
fi

if [ ! -f "$clients/node_modules/kafkajs/package.json" ] \
    || ! grep -q '"version": "2.2.4"' "$clients/node_modules/kafkajs/package.json"; then
    echo "install.sh: installing kafkajs 2.2.4 into $clients/node_modules"
    (cd "$clients" && npm install --no-audit --no-fund --no-package-lock --loglevel=error)
fi

command -v kcat >/dev/null
/usr/bin/python3 -c 'import kafka' >/dev/null
test -f "$clients/node_modules/kafkajs/package.json"
echo "install.sh: kcat, kafka-python and kafkajs are installed"
