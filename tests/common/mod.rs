//! Helpers the integration tests share: running the binary and reading its
//! JSON output.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// A run's standard output read as JSON; a run that printed none fails
/// with what it printed.
pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

/// The folders under `tests/<under>` that hold a file named `marker`,
/// sorted: the cases of a data-driven test.
pub fn cases(under: &str, marker: &str) -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(under);
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join(marker).exists())
        .collect();
    cases.sort();
    cases
}

/// The lines of an `expected.txt`, without blank lines and `#` comments.
pub fn expected_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

/// Runs peerlint in `dir`.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_peerlint"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// Runs `peerlint fix NET --script SCRIPTS` (and `extra`) in `dir`; the run
/// must succeed.
pub fn write_scripts(dir: &Path, net: &str, scripts: &str, extra: &[&str]) {
    let o = run(dir, &[&["fix", net, "--script", scripts], extra].concat());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The rule ids of a `--format json` run, in output order.
pub fn rules(o: &Output) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

/// Analyses networks given as (file name, text) in process.
pub fn analyze(files: &[(&str, &str)]) -> peerlint::Analysis {
    peerlint::analyze_texts(
        files
            .iter()
            .map(|(n, t)| (std::path::PathBuf::from(n), t.to_string()))
            .collect(),
    )
}

/// The rule ids of an analysis's findings, in order.
pub fn rules_of(a: &peerlint::Analysis) -> Vec<&'static str> {
    a.findings.iter().map(|f| f.rule).collect()
}

/// The first finding of a rule; the test fails without one.
pub fn finding<'a>(a: &'a peerlint::Analysis, rule: &str) -> &'a peerlint::rules::Finding {
    a.findings
        .iter()
        .find(|f| f.rule == rule)
        .unwrap_or_else(|| panic!("no {rule} finding in {:?}", a.findings))
}
