//! peerlint as a CI gate: the config file, rule selection, fail levels,
//! baselines, CI formats and the pre-commit hook mode.

use std::path::PathBuf;
use std::process::Output;

mod common;
use common::{rules, run};

/// A copy of `corpus/<net>` in a fresh folder.
fn network(net: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(net);
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    std::fs::remove_file(dir.path().join("expected.yaml")).unwrap();
    dir
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn config_file_sets_levels_and_ignores() {
    let dir = network("carrier");
    let all = rules(&run(dir.path(), &["check", "--format", "json"]));
    assert!(all.iter().any(|r| r == "overridden-setting"));
    std::fs::write(
        dir.path().join("peerlint.yaml"),
        "rules:\n  overridden-setting: off\n  invalid-group-name: note\nignore:\n  - rule: both-connect-only\n    device: 'RR*'\n    reason: the RR is being replaced\n",
    )
    .unwrap();
    let o = run(dir.path(), &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let found = rules(&o);
    assert!(!found.iter().any(|r| r == "overridden-setting"));
    assert_eq!(
        found.iter().filter(|r| *r == "both-connect-only").count(),
        1,
        "only CE2-PE2 is left"
    );
    let name = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "invalid-group-name")
        .unwrap();
    assert_eq!(name["severity"], "note");
    assert_eq!(v["summary"]["suppressed"]["ignored"], 1);
    // The config file is found from a subfolder too.
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let o = run(&sub, &["check", "..", "--format", "json"]);
    assert!(!rules(&o).iter().any(|r| r == "overridden-setting"));
}

#[test]
fn config_paths_and_excludes() {
    let dir = tempfile::tempdir().unwrap();
    let net = network("lab");
    let configs = dir.path().join("configs");
    std::fs::create_dir(&configs).unwrap();
    for e in std::fs::read_dir(net.path()).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), configs.join(e.file_name())).unwrap();
    }
    std::fs::write(
        dir.path().join(".peerlint.yaml"),
        "paths: [configs]\nexclude: ['**/R9.txt', '**/R10.cfg']\n",
    )
    .unwrap();
    let o = run(dir.path(), &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["devices"], 4);
    assert!(!rules(&o).iter().any(|r| r == "overridden-setting"));
}

#[test]
fn a_bad_config_file_points_at_its_line() {
    let dir = network("healthy");
    std::fs::write(
        dir.path().join("peerlint.yaml"),
        "rules:\n  both-listen-onyl: off\n",
    )
    .unwrap();
    let o = run(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("peerlint.yaml:2:3"), "{}", err(&o));
    assert!(
        err(&o).contains("unknown rule `both-listen-onyl`"),
        "{}",
        err(&o)
    );
    std::fs::write(dir.path().join("peerlint.yaml"), "fail_on: error\n").unwrap();
    let o = run(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("unknown field `fail_on`"), "{}", err(&o));
}

#[test]
fn select_ignore_and_fail_levels() {
    let dir = network("carrier");
    let o = run(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--select",
            "both-listen-only,overridden-setting",
        ],
    );
    let mut found = rules(&o);
    found.sort();
    assert_eq!(found, ["both-listen-only", "overridden-setting"]);
    let o = run(
        dir.path(),
        &["check", "--format", "json", "--ignore", "both-listen-only"],
    );
    assert!(!rules(&o).iter().any(|r| r == "both-listen-only"));
    // Only a warning left: fails by default, not with --fail-on error.
    let o = run(dir.path(), &["check", "--select", "overridden-setting"]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(
        dir.path(),
        &[
            "check",
            "--select",
            "overridden-setting",
            "--fail-on",
            "error",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    // Notes never fail unless asked.
    let o = run(dir.path(), &["check", "--select", "unknown-remote"]);
    assert_eq!(o.status.code(), Some(0));
    let o = run(
        dir.path(),
        &["check", "--select", "unknown-remote", "--fail-on", "note"],
    );
    assert_eq!(o.status.code(), Some(1));
    let o = run(dir.path(), &["check", "--fail-on", "never"]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn baseline_suppresses_old_findings_and_new_ones_fail() {
    let dir = network("carrier");
    let o = run(dir.path(), &["check", "--write-baseline", "baseline.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let o = run(dir.path(), &["check", "--baseline", "baseline.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(
        out(&o).contains("9 suppressed by the baseline"),
        "{}",
        out(&o)
    );
    // Lines inserted above every finding do not move the fingerprints.
    for f in ["PE1.cfg", "PE2.cfg", "CE1.cfg", "CE2.cfg", "RR1.cfg"] {
        let p = dir.path().join(f);
        let text = std::fs::read(&p).unwrap();
        let mut new = b"!Last configuration was updated by a test\r\n#\r\n".to_vec();
        new.extend(text);
        std::fs::write(&p, new).unwrap();
    }
    let o = run(dir.path(), &["check", "--baseline", "baseline.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    // A new defect fails the run.
    let ce3 = dir.path().join("CE3.cfg");
    let text = std::fs::read_to_string(&ce3).unwrap();
    std::fs::write(
        &ce3,
        text.replace(
            " peer 172.16.9.1 as-number 64500 \r\n",
            " peer 172.16.9.1 as-number 64500 \r\n peer 172.16.9.1 listen-only\r\n",
        ),
    )
    .unwrap();
    let o = run(
        dir.path(),
        &["check", "--baseline", "baseline.json", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(rules(&o), ["both-listen-only"]);
}

#[test]
fn sarif_fingerprints_survive_inserted_lines() {
    let dir = network("lab");
    let prints = |o: &Output| {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let results = v["runs"][0]["results"].as_array().unwrap().clone();
        let fps: Vec<String> = results
            .iter()
            .map(|r| r["partialFingerprints"].to_string())
            .collect();
        let lines: Vec<u64> = results
            .iter()
            .map(|r| {
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap()
            })
            .collect();
        (fps, lines)
    };
    let (before, lines_before) = prints(&run(dir.path(), &["check", "--format", "sarif"]));
    for f in ["PE-X.cfg", "R8.cfg"] {
        let p = dir.path().join(f);
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, format!("#\n#\n#\n{text}")).unwrap();
    }
    let (after, lines_after) = prints(&run(dir.path(), &["check", "--format", "sarif"]));
    assert_eq!(before, after);
    assert_ne!(lines_before, lines_after);
}

#[test]
fn ci_formats() {
    let dir = network("carrier");
    let o = run(dir.path(), &["check", "--format", "github"]);
    assert_eq!(o.status.code(), Some(1));
    let text = out(&o);
    assert!(
        text.lines()
            .any(|l| l.starts_with("::error file=CE1.cfg,line=20,col=2,")
                && l.contains("title=peerlint both-listen-only::")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("::warning file=PE2.cfg,line=56,"))
    );
    assert!(text.lines().any(|l| l.starts_with("::notice ")));
    assert_eq!(text.lines().count(), 9);

    let o = run(dir.path(), &["check", "--output-format", "gitlab"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let issues = v.as_array().unwrap();
    assert_eq!(issues.len(), 9);
    let fps: std::collections::BTreeSet<_> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fps.len(), 9, "unique fingerprints");
    assert!(
        issues
            .iter()
            .all(|i| i["location"]["lines"]["begin"].as_u64().unwrap() >= 1)
    );

    let o = run(dir.path(), &["check", "--format", "junit"]);
    let xml = out(&o);
    assert!(xml.starts_with("<?xml"));
    // One test case per finding (9), and one for each device without any
    // (CE3, CE4); errors and warnings fail, the 2 notes pass.
    assert_eq!(xml.matches("<testcase ").count(), 11, "{xml}");
    assert_eq!(xml.matches("<failure ").count(), 7, "{xml}");
    assert_eq!(xml.matches("<system-out>[note]").count(), 2, "{xml}");
    assert!(
        xml.contains("<testsuites name=\"peerlint\" tests=\"11\" failures=\"7\""),
        "{xml}"
    );
    assert!(xml.contains("<testsuite name=\"PE2\" tests=\"4\" failures=\"3\""));
    // No test case has more than one failure.
    for case in xml.split("<testcase ").skip(1) {
        let case = case.split("</testcase>").next().unwrap();
        assert!(case.matches("<failure ").count() <= 1, "{case}");
    }
}

#[test]
fn statistics_and_quiet() {
    let dir = network("carrier");
    let o = run(dir.path(), &["check", "--statistics"]);
    let text = out(&o);
    assert!(
        text.contains("     2  both-connect-only        [error]"),
        "{text}"
    );
    assert!(text.contains("peerlint: 5 errors"));
    let o = run(dir.path(), &["check", "--quiet", "--color", "never"]);
    assert!(!out(&o).contains("peerlint: "));
    assert!(out(&o).contains("[both-listen-only]"));
}

#[test]
fn hook_reports_only_what_touches_the_changed_files() {
    let dir = network("carrier");
    let o = run(dir.path(), &["hook", "CE1.cfg", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(rules(&o), ["both-listen-only"]);
    // PE1 is related to the CE1 session and primary for the RR session.
    let o = run(dir.path(), &["hook", "PE1.cfg", "--format", "json"]);
    let mut r = rules(&o);
    r.sort();
    assert_eq!(r, ["both-connect-only", "both-listen-only"]);
    let o = run(dir.path(), &["hook", "CE3.cfg"]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn completions() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let o = run(dir.path(), &["completions", shell]);
        assert_eq!(o.status.code(), Some(0));
        assert!(out(&o).contains("peerlint"));
    }
}
