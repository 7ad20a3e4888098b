//! The binary as users run it: exit codes, formats, output files, errors
//! that name the path.

use std::path::PathBuf;
use std::process::{Command, Output};

fn peerlint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_peerlint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .output()
        .expect("peerlint runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn findings_exit_1_and_a_healthy_network_exits_0() {
    let o = peerlint(&["check", "corpus/"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("[both-listen-only]") && out.contains("corpus/carrier/PE1.cfg:56:3"));
    let o = peerlint(&["check", "corpus/carrier"]);
    let out = stdout(&o);
    assert!(
        out.trim_end().ends_with(
            "5 errors, 2 warnings, 2 notes in 7 devices (6 sessions of 13 peers configured)"
        ),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'), "no colour when piped");

    let o = peerlint(&["check", "corpus/healthy"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn a_missing_path_exits_2_and_the_rest_is_still_checked() {
    let o = peerlint(&["check", "no/such/folder", "corpus/lab"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no/such/folder: no such file or folder"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("[both-connect-only]"));

    let empty = tempfile::tempdir().unwrap();
    let o = peerlint(&["check", empty.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no configuration files"));
}

#[test]
fn bad_arguments_exit_2() {
    assert_eq!(
        peerlint(&["check", "corpus", "--select", "no-such-rule"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        peerlint(&["check", "corpus", "--format", "xml"])
            .status
            .code(),
        Some(2)
    );
    let o = peerlint(&["explain", "no-such-rule"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-rule"));
}

#[test]
fn rules_and_explain() {
    let o = peerlint(&["rules"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains("both-listen-only")
            && out.contains("overridden-setting         warning  safe")
    );
    assert!(
        out.contains("undefined-group            error    unsafe"),
        "{out}"
    );
    assert!(
        out.contains("both-listen-only           error    script"),
        "{out}"
    );
    let o = peerlint(&["rules", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let of = |id: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(of("overridden-setting")["fixable"], "safe");
    assert_eq!(of("unknown-remote")["fixable"], serde_json::Value::Null);
    assert_eq!(of("session-down-unexplained")["needs_state"], true);
    assert_eq!(
        list.as_array().unwrap().len(),
        peerlint::rules::REGISTRY.len()
    );
    let o = peerlint(&["explain", "both-connect-only"]);
    assert!(stdout(&o).contains("Why it matters") && stdout(&o).contains("RR.cfg"));
}

#[test]
fn sarif_is_well_formed_and_written_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file: PathBuf = dir.path().join("out.sarif");
    let o = peerlint(&[
        "check",
        "corpus/carrier",
        "corpus/lab",
        "--format",
        "sarif",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), peerlint::rules::REGISTRY.len());
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 12);
    for r in results {
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], r["ruleId"]);
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(
            loc["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .starts_with("corpus/")
        );
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(loc["region"]["startColumn"].as_u64().unwrap() >= 1);
        assert!(r["partialFingerprints"].as_object().unwrap().len() == 1);
        if r["ruleId"].as_str().unwrap().starts_with("both-") {
            let rel = r["relatedLocations"].as_array().unwrap();
            assert_eq!(rel.len(), 1);
            let a = loc["artifactLocation"]["uri"].as_str().unwrap();
            let b = rel[0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap();
            assert_ne!(a, b, "the two ends of a session are in two files");
        }
    }
    // A file edit repairs an overridden line: SARIF carries it as a fix.
    let overridden: Vec<&serde_json::Value> = results
        .iter()
        .filter(|r| r["ruleId"] == "overridden-setting")
        .collect();
    assert_eq!(overridden.len(), 2);
    for r in overridden {
        let region = &r["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"];
        let line = &r["locations"][0]["physicalLocation"]["region"]["startLine"];
        assert_eq!(&region["startLine"], line);
        assert_eq!(region["endLine"].as_u64(), line.as_u64().map(|l| l + 1));
    }
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn json_is_deterministic_and_complete() {
    let a = peerlint(&["check", "corpus/carrier", "--format", "json"]);
    let b = peerlint(&["check", "corpus/carrier", "--format", "json"]);
    assert_eq!(a.stdout, b.stdout);
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v["summary"]["errors"], 5);
    assert_eq!(v["summary"]["warnings"], 2);
    assert_eq!(v["summary"]["notes"], 2);
    let f = &v["findings"][0];
    for key in [
        "rule",
        "severity",
        "message",
        "primary",
        "related",
        "fix",
        "fingerprint",
    ] {
        assert!(!f[key].is_null(), "{key} missing");
    }
    assert_eq!(f["primary"]["path"], "corpus/carrier/CE1.cfg");
    assert_eq!(f["primary"]["line"], 20);
}

#[test]
fn colour_only_when_asked() {
    let o = peerlint(&["check", "corpus/lab", "--color", "always"]);
    assert!(stdout(&o).contains('\u{1b}'));
}

#[test]
fn only_the_rules_that_can_report_run() {
    // Each rule that runs is timed under its id; a rule left out by
    // --select, --ignore or an `off` level is never run.
    let timed = |extra: &[&str], dir: &std::path::Path| -> Vec<String> {
        let o = Command::new(env!("CARGO_BIN_EXE_peerlint"))
            .args([&["check", "--format", "json", "-o", "/dev/null"], extra].concat())
            .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/carrier"))
            .current_dir(dir)
            .env("PEERLINT_TIMINGS", "1")
            .output()
            .unwrap();
        let err = stderr(&o);
        peerlint::rules::ids()
            .filter(|id| err.contains(&format!("timing: {id}:")))
            .map(str::to_string)
            .collect()
    };
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    assert_eq!(
        timed(&["--no-config"], &here).len(),
        peerlint::rules::REGISTRY.len()
    );
    assert_eq!(
        timed(
            &[
                "--no-config",
                "--select",
                "both-listen-only,duplicate-address"
            ],
            &here
        ),
        ["both-listen-only", "duplicate-address"]
    );
    let ran = timed(&["--no-config", "--ignore", "unknown-remote"], &here);
    assert!(
        !ran.contains(&"unknown-remote".to_string())
            && ran.len() == peerlint::rules::REGISTRY.len() - 1
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("peerlint.yaml"),
        "rules:\n  duplicate-device: off\n",
    )
    .unwrap();
    let ran = timed(&[], dir.path());
    assert!(!ran.contains(&"duplicate-device".to_string()), "{ran:?}");
    assert_eq!(ran.len(), peerlint::rules::REGISTRY.len() - 1);
}
