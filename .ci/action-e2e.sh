#!/usr/bin/env bash
# Runs action.yml's steps the way the GitHub runner runs a composite action
# (bash --noprofile --norc -eo pipefail, GITHUB_OUTPUT, GITHUB_PATH,
# RUNNER_TEMP, the `if:` of each step, steps after a failed one skipped), with
# pip served the wheel in WHEEL_DIR instead of PyPI and no cargo or rustc on
# PATH. `uses:` steps (the SARIF upload) are recorded, not run. Each scenario
# checks the outcome, the outputs and the SARIF.
#
#   bash .ci/action-e2e.sh [WHEEL_DIR]    (.ci/wheel.sh passes the wheel it tested;
#                                          without it, maturin builds one)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ $# -ge 1 ]; then
  wheels=$(cd "$1" && pwd)
else
  python3 -m venv "$work/tools"
  "$work/tools/bin/python" -m pip install -q --disable-pip-version-check 'maturin>=1.5,<2'
  CARGO_TARGET_DIR="$root/target/wheel" "$work/tools/bin/maturin" build --release --locked --out "$work/wheels"
  wheels="$work/wheels"
fi
ls "$wheels"/peerlint-*.whl >/dev/null

python3 -m venv "$work/py"
"$work/py/bin/python" -m pip install -q --disable-pip-version-check pyyaml
"$work/py/bin/python" - "$root" "$wheels" "$work" <<'PY'
import json, os, re, shutil, subprocess, sys
import yaml

root, wheels, work = sys.argv[1:]
action = yaml.safe_load(open(os.path.join(root, "action.yml"), encoding="utf-8"))
steps = action["runs"]["steps"]
version = re.search(r'^version = "(.*)"$', open(os.path.join(root, "Cargo.toml")).read(), re.M).group(1)

# No cargo or rustc: the action installs a wheel, it builds nothing.
path = [d for d in os.environ["PATH"].split(os.pathsep)
        if d and not any(os.path.exists(os.path.join(d, t)) for t in ("cargo", "rustc"))]
base_env = {k: v for k, v in os.environ.items()
            if not k.startswith(("CARGO", "RUSTUP", "PIP_", "GITHUB_", "RUNNER_", "VIRTUAL_ENV"))}
base_env.update(PATH=os.pathsep.join(path), PIP_NO_INDEX="1", PIP_FIND_LINKS=wheels,
                PIP_DISABLE_PIP_VERSION_CHECK="1", RUNNER_OS="Linux", GITHUB_ACTION_PATH=root,
                NO_COLOR="1")

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def value(ref, inputs, outputs):
    m = re.fullmatch(r"inputs\.([A-Za-z0-9_-]+)", ref)
    if m:
        return inputs[m.group(1)]
    m = re.fullmatch(r"steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)", ref)
    if m:
        return outputs.get(m.group(1), {}).get(m.group(2), "")
    m = re.fullmatch(r"'([^']*)'", ref)
    if m:
        return m.group(1)
    raise SystemExit(f"action e2e: no support for the expression {ref!r}")


def substitute(text, inputs, outputs):
    return EXPR.sub(lambda m: value(m.group(1), inputs, outputs), str(text))


def condition(text, inputs, outputs):
    """`a == 'b' && c == 'd'`: the only form action.yml uses (== ignores case, as on GitHub)."""
    for part in str(text).split("&&"):
        lhs, op, rhs = re.fullmatch(r"\s*(\S+)\s*(==|!=)\s*(\S+)\s*", part).groups()
        equal = value(lhs, inputs, outputs).lower() == value(rhs, inputs, outputs).lower()
        if equal != (op == "=="):
            return False
    return True


def run_action(name, given, files=()):
    """Runs the steps; returns (success, outputs of the action, uses steps run, log)."""
    unknown = set(given) - set(action["inputs"])
    assert not unknown, f"{name}: no such inputs {unknown}"
    inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    inputs.update(given)
    here = os.path.join(work, name)
    workspace = os.path.join(here, "workspace")
    shutil.copytree(os.path.join(root, "corpus"), os.path.join(workspace, "corpus"))
    for dst, src in files:
        shutil.copytree(os.path.join(root, src), os.path.join(workspace, dst))
    temp = os.path.join(here, "runner-temp")
    os.makedirs(temp)
    github_path = os.path.join(here, "github_path")
    open(github_path, "w").close()
    outputs, used, log, ok = {}, [], [], True
    for i, step in enumerate(steps, 1):
        if not ok:
            break  # no step of action.yml runs after a failure
        if "if" in step and not condition(step["if"], inputs, outputs):
            log.append(f"-- step {i}: skipped")
            continue
        if "uses" in step:
            used.append((step["uses"], {k: substitute(v, inputs, outputs) for k, v in (step.get("with") or {}).items()}))
            log.append(f"-- step {i}: uses {step['uses']} (recorded)")
            continue
        assert step["shell"] == "bash", step["shell"]
        script = os.path.join(here, f"step{i}.sh")
        open(script, "w", encoding="utf-8").write(step["run"])
        out_file = os.path.join(here, f"step{i}.output")
        open(out_file, "w").close()
        env = dict(base_env, RUNNER_TEMP=temp, GITHUB_WORKSPACE=workspace, GITHUB_OUTPUT=out_file, GITHUB_PATH=github_path)
        added = [l for l in open(github_path).read().splitlines() if l]
        env["PATH"] = os.pathsep.join(list(reversed(added)) + [env["PATH"]])
        env.update({k: substitute(v, inputs, outputs) for k, v in (step.get("env") or {}).items()})
        p = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=workspace,
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        log.append(f"-- step {i} ({step.get('name')}): exit {p.returncode}\n{p.stdout}")
        if step.get("id"):
            outputs[step["id"]] = dict(l.split("=", 1) for l in open(out_file).read().splitlines() if "=" in l)
        ok = p.returncode == 0
    result = {k: substitute(v["value"], inputs, outputs) for k, v in action.get("outputs", {}).items()}
    return ok, result, used, "\n".join(log), workspace, github_path


failures = []


def scenario(name, given, success, exit_code=None, uploaded=None, sarif_has=None, sarif_only=None, files=(), says=None):
    ok, out, used, log, workspace, github_path = run_action(name, given, files)
    problems = []
    if ok != success:
        problems.append(f"the action {'passed' if ok else 'failed'}")
    if exit_code is not None and out.get("exit-code") != str(exit_code):
        problems.append(f"exit-code is {out.get('exit-code')!r}, not {exit_code}")
    uploads = [w for u, w in used if u.startswith("github/codeql-action/upload-sarif@")]
    if uploaded is not None and bool(uploads) != uploaded:
        problems.append("the SARIF was uploaded" if uploads else "the SARIF was not uploaded")
    if uploads and not os.path.isfile(os.path.join(workspace, uploads[0]["sarif_file"])):
        problems.append(f"the upload names {uploads[0]['sarif_file']}, which does not exist")
    if sarif_has is not None or sarif_only is not None:
        sarif = os.path.join(workspace, out.get("sarif-file", ""))
        try:
            rules = {r["ruleId"] for run in json.load(open(sarif))["runs"] for r in run["results"]}
        except (OSError, ValueError, KeyError) as e:
            rules = set()
            problems.append(f"no SARIF at {sarif} ({e})")
        if sarif_has is not None and not sarif_has <= rules:
            problems.append(f"the SARIF's rules {sorted(rules)} lack {sorted(sarif_has - rules)}")
        if sarif_only is not None and rules != sarif_only:
            problems.append(f"the SARIF's rules are {sorted(rules)}, not {sorted(sarif_only)}")
    if ok:
        added = [l for l in open(github_path).read().splitlines() if l]
        if not added or not os.path.exists(os.path.join(added[-1], "peerlint")):
            problems.append("peerlint was not put on GITHUB_PATH for the next steps")
    if says and says not in log:
        problems.append(f"the log does not say {says!r}")
    if problems:
        failures.append(name)
        print(f"action e2e: {name}: " + "; ".join(problems) + "\n" + log)
    else:
        print(f"action e2e: {name}: {'passed' if ok else 'failed'} as it should (exit-code {out.get('exit-code') or '-'}, "
              f"{'uploaded' if uploads else 'no upload'})")


scenario("defects", {"paths": "corpus/"}, success=False, exit_code=1, uploaded=True,
         sarif_has={"both-listen-only"}, says="peerlint " + version)
scenario("healthy-latest", {"paths": "corpus/healthy", "version": "latest"}, success=True, exit_code=0, uploaded=True)
scenario("lines-args-never", {"paths": "corpus/carrier\n  a lab/  \n\n", "args": "--select both-listen-only",
                              "fail-on": "never", "sarif-file": "never.sarif", "upload-sarif": "false"},
         success=True, exit_code=0, uploaded=False, sarif_only={"both-listen-only"},
         files=[("a lab", "corpus/lab")])
scenario("fail-on-error", {"paths": "corpus/healthy corpus/lab", "version": f"v{version}", "fail-on": "error",
                           "upload-sarif": "False"}, success=False, exit_code=1, uploaded=False)
scenario("missing-path", {"paths": "corpus/lab nope/", "version": version, "upload-sarif": "false"},
         success=False, exit_code=2, uploaded=False)
scenario("bad-upload-input", {"upload-sarif": "yes"}, success=False, says="upload-sarif must be true or false")
scenario("unknown-version", {"version": "9.9.9"}, success=False, says="pip could not install peerlint==9.9.9")

if failures:
    sys.exit(f"action e2e: {len(failures)} scenarios went wrong: {', '.join(failures)}")
print("action e2e: every scenario behaved as the README says")
PY
