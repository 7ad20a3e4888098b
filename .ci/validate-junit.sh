#!/usr/bin/env bash
# Validates peerlint's JUnit XML for every corpus network against the JUnit
# schema CI systems read (.ci/junit.xsd), and peerlint.schema.json against
# the JSON Schema meta-schema with the config files of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m pip install -q --disable-pip-version-check xmlschema jsonschema pyyaml >/dev/null 2>&1
cargo build --locked --quiet
for net in corpus/*/; do
  out="$work/$(basename "$net").xml"
  ./target/debug/peerlint check "$net" --format junit -o "$out" || [ $? -eq 1 ]
done
python3 - "$work" <<'PY'
import glob, sys, xmlschema
schema = xmlschema.XMLSchema(".ci/junit.xsd")
files = sorted(glob.glob(sys.argv[1] + "/*.xml"))
for f in files:
    schema.validate(f)
    tree = schema.to_dict(f)
    cases = [c for s in tree.get("testsuite", []) for c in s.get("testcase", [])]
    for c in cases:
        assert len(c.get("failure", [])) <= 1, f"{f}: a test case with several failures"
print(f"junit: {len(files)} reports valid against .ci/junit.xsd")
PY
python3 - <<'PY'
import json, jsonschema, yaml
schema = json.load(open("peerlint.schema.json"))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
good = yaml.safe_load("""
paths: [configs]
include: ["**/*.cfg"]
exclude: ["old/**"]
rules: {overridden-setting: "off", both-listen-only: error}
ignore:
  - {rule: both-connect-only, device: "RR*", peer: 10.0.0.1, reason: being replaced}
fail-on: error
""")
v.validate(good)
for bad in ["rulez: {}", "rules: {no-such-rule: note}", "fail-on: sometimes",
            "ignore: [{rule: both-listen-only, device: R1}]"]:
    assert not v.is_valid(yaml.safe_load(bad)), bad
print("config schema: valid, accepts a full config, refuses 4 bad ones")
PY
