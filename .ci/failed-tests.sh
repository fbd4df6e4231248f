#!/usr/bin/env bash
# Prints each failed test in the .trx files of a results directory, with the first lines of its error message.
set -uo pipefail
results="$1"
for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    python3 - "$trx" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
root = ET.parse(sys.argv[1]).getroot()
for result in root.iterfind(".//t:UnitTestResult", ns):
    if result.get("outcome") not in ("Failed", "Error", "Timeout", "Aborted"):
        continue
    print(f"FAILED {result.get('testName')} ({result.get('duration')})")
    message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=ns)
    stack = result.findtext("t:Output/t:ErrorInfo/t:StackTrace", default="", namespaces=ns)
    for line in (message.strip().splitlines()[:12] + stack.strip().splitlines()[:6]):
        print("    " + line)
PY
done
