#!/usr/bin/env bash
# Reactor's one test command: installs what the tests need on a fresh Debian 12 machine, builds, runs every
# test project, and prints the totals as "N passed, N failed, N skipped". Exits non-zero on any failure.
# Services the tests use (dev broker, Azurite, clusters) are started by the tests' own fixtures on loopback ports.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
results="$root/TestResults"
configuration="${CONFIGURATION:-Release}"

step() { printf '\n== %s\n' "$*"; }

step "Installing test dependencies"
bash tests/Reactor.DevBroker.Tests/Conformance/install.sh || { echo "test.sh: installing test dependencies failed"; echo "0 passed, 1 failed"; exit 1; }
bash tests/Reactor.Persistence.AzureBlob.Tests/install-azurite.sh || { echo "test.sh: installing Azurite failed"; echo "0 passed, 1 failed"; exit 1; }
bash tests/Reactor.Host.Tests/install-chromium.sh || { echo "test.sh: installing chromium failed"; echo "0 passed, 1 failed"; exit 1; }
bash tests/Reactor.Cluster.Tests/install-redis.sh || { echo "test.sh: installing redis-server failed"; echo "0 passed, 1 failed"; exit 1; }

step "Building Reactor.sln ($configuration)"
if ! dotnet build Reactor.sln -c "$configuration" -nologo -clp:ErrorsOnly; then
    echo "test.sh: the build failed"
    echo "0 passed, 1 failed"
    exit 1
fi

step "Running tests"
rm -rf "$results"
# One test project at a time: CI has 2 cores, and the cluster and broker tests need them.
dotnet test Reactor.sln -c "$configuration" --no-build -m:1 -nologo \
    --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" \
    -- RunConfiguration.TestSessionTimeout=1500000
status=$?

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    files=$((files + 1))
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    get() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
    total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); a=$(get aborted)
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
    skipped=$((skipped + ${total:-0} - ${executed:-0}))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    echo "test.sh: dotnet test exited with $status without a failed test in its results (a crashed or aborted test host)"
    failed=1
fi
if [ "$files" -eq 0 ]; then
    echo "test.sh: no test results were written"
    failed=$((failed + 1))
fi

if [ "$failed" -gt 0 ]; then
    # CI shows only the end of the output: name each failed test and the start of its message here.
    step "Failed tests"
    bash "$root/.ci/failed-tests.sh" "$results" || true
fi

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
