//! Files that are not VRP devices: a configuration repository's license,
//! makefile and notes, and other vendors' configurations, are left out,
//! so that the network is checked as if they were not there.

mod common;

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies the files under `from` that `keep` accepts to a new folder.
fn copy_tree(from: &Path, keep: &dyn Fn(&Path) -> bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        if e.file_type().is_file() && keep(rel) {
            let to = dir.path().join(rel);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(e.path(), to).unwrap();
        }
    }
    dir
}

/// The findings of a JSON run as (rule, path, line) rows.
fn findings(dir: &Path) -> Vec<(String, String, u64)> {
    let o = common::run(dir, &["check", ".", "--format", "json", "--no-config"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["primary"]["path"].as_str().unwrap().to_string(),
                f["primary"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_repository_gives_the_findings_of_its_configurations_alone() {
    let repo = root().join("corpus/repo");
    let whole = copy_tree(&repo, &|p| p.file_name().unwrap() != "expected.yaml");
    let configs = copy_tree(&repo, &|p| {
        p.extension().is_some_and(|x| x == "cfg") && !p.to_string_lossy().contains("cisco")
    });
    // The Cisco router is read: its session with the Huawei PE is judged
    // (healthy), and the notes, makefiles and licenses around it are not.
    assert!(findings(whole.path()).is_empty());
    // Without the Cisco file, its Huawei neighbour is an unknown remote,
    // not half-open.
    assert_eq!(
        findings(configs.path()),
        [(
            "unknown-remote".to_string(),
            "core/EDGE-PE.cfg".to_string(),
            18
        )]
    );
    let o = common::run(whole.path(), &["check", ".", "--no-config"]);
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("cisco-ce.cfg: skipped"), "{err}");
    let json = common::run(
        whole.path(),
        &["check", ".", "--no-config", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["summary"]["devices"], 3);
    assert!(!err.contains("LICENSE"), "quiet without --verbose: {err}");
    let o = common::run(whole.path(), &["check", ".", "--no-config", "--verbose"]);
    let err = String::from_utf8_lossy(&o.stderr);
    for name in [
        "LICENSE",
        "docs/LICENSE",
        "Makefile",
        "README",
        "CODEOWNERS",
        "docs/changes.txt",
    ] {
        assert!(err.contains(&format!("{name}: skipped")), "{name}: {err}");
    }
}

#[test]
fn two_licenses_are_not_two_devices() {
    // Before, each LICENSE was a device named LICENSE: a duplicate-device
    // warning that failed CI.
    let dir = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("LICENSE.txt"), "MIT License\n").unwrap();
    }
    std::fs::copy(
        root().join("corpus/healthy/edge1.cfg"),
        dir.path().join("edge1.cfg"),
    )
    .unwrap();
    let o = common::run(
        dir.path(),
        &["check", ".", "--no-config", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["devices"], 1, "{v}");
    assert_eq!(v["skipped"].as_array().unwrap().len(), 2, "{v}");
}

#[test]
fn the_hook_leaves_out_the_names_the_walker_leaves_out() {
    let hooks = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    let exclude = hooks
        .lines()
        .find_map(|l| l.trim().strip_prefix("exclude: "))
        .expect("the hook has an exclude pattern");
    let start = exclude.find("|/)(").unwrap() + 4;
    let end = start + exclude[start..].find(')').unwrap();
    let names: Vec<&str> = exclude[start..end].split('|').collect();
    assert_eq!(names, peerlint::source::NOT_CONFIGURATION_NAMES);
}
