//! The bundled networks under `corpus/` give exactly the findings their
//! `expected.yaml` lists, alone and all together; the real-world networks
//! under `../shared/corpus-wild/` (when present) run without a panic, name
//! every device, and show no both-*-only result (none is configured there).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Deserialize)]
struct Expected {
    findings: Vec<ExpectedFinding>,
    /// `file:line` of the notices the network gives (a discarded change,
    /// a refused command); none when absent.
    #[serde(default)]
    notices: Vec<String>,
}

#[derive(Deserialize, PartialEq, Eq, PartialOrd, Ord, Debug, Clone)]
struct ExpectedFinding {
    rule: String,
    at: String,
    related: Vec<String>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn networks() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.yaml").is_file())
        .collect();
    v.sort();
    v
}

/// The findings of an analysis as `file:line` rows relative to `base`.
fn actual(analysis: &peerlint::Analysis, base: &Path) -> BTreeSet<ExpectedFinding> {
    let rel = |span| {
        let loc = peerlint::report::locate(&analysis.sources, span);
        let file = &analysis.sources.get(span.file).path;
        let file = file
            .strip_prefix(base)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        format!("{file}:{}", loc.line)
    };
    analysis
        .findings
        .iter()
        .map(|f| ExpectedFinding {
            rule: f.rule.to_string(),
            at: rel(f.primary.span),
            related: f.related.iter().map(|l| rel(l.span)).collect(),
        })
        .collect()
}

fn read_expected(net: &Path) -> Expected {
    let text = std::fs::read_to_string(net.join("expected.yaml")).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

/// The notices of an analysis as `file:line` rows relative to `base`.
fn notices(analysis: &peerlint::Analysis, base: &Path) -> BTreeSet<String> {
    analysis
        .notices
        .iter()
        .map(|n| {
            let loc = peerlint::report::locate(&analysis.sources, n.span);
            let file = &analysis.sources.get(n.span.file).path;
            let file = file
                .strip_prefix(base)
                .unwrap_or(file)
                .to_string_lossy()
                .replace('\\', "/");
            format!("{file}:{}", loc.line)
        })
        .collect()
}

fn expected(net: &Path, prefix: &str) -> BTreeSet<ExpectedFinding> {
    read_expected(net)
        .findings
        .into_iter()
        .map(|f| ExpectedFinding {
            rule: f.rule,
            at: format!("{prefix}{}", f.at),
            related: f.related.iter().map(|r| format!("{prefix}{r}")).collect(),
        })
        .collect()
}

#[test]
fn each_network_gives_its_expected_findings() {
    let nets = networks();
    assert!(nets.len() >= 4, "corpus networks missing: {nets:?}");
    for net in nets {
        let analysis = peerlint::analyze_paths(std::slice::from_ref(&net));
        assert!(
            analysis.input_errors.is_empty(),
            "{:?}",
            analysis.input_errors
        );
        assert_eq!(
            notices(&analysis, &net),
            read_expected(&net).notices.into_iter().collect(),
            "{}: {:?}",
            net.display(),
            analysis.notices
        );
        let got = actual(&analysis, &net);
        let want = expected(&net, "");
        assert_eq!(got, want, "network {}", net.display());
    }
}

#[test]
fn the_whole_corpus_is_the_sum_of_its_networks() {
    let corpus = root().join("corpus");
    let analysis = peerlint::analyze_paths(std::slice::from_ref(&corpus));
    let got = actual(&analysis, &corpus);
    let mut want = BTreeSet::new();
    for net in networks() {
        let name = net.file_name().unwrap().to_string_lossy().into_owned();
        want.extend(expected(&net, &format!("{name}/")));
    }
    assert_eq!(got, want);
    let again = peerlint::analyze_paths(&[corpus]);
    assert_eq!(
        peerlint::report::sarif::render(&analysis),
        peerlint::report::sarif::render(&again),
        "two runs must give the same bytes"
    );
}

/// `../shared/corpus-wild`: real configurations written by others. Absent
/// in a fresh clone, where this test has nothing to check.
fn wild_networks() -> Vec<PathBuf> {
    let wild = root().join("../shared/corpus-wild");
    let mut nets = Vec::new();
    if !wild.is_dir() {
        eprintln!("skipping: {} is absent", wild.display());
        return nets;
    }
    for entry in walkdir::WalkDir::new(&wild).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_name() == "SOURCE.md" {
            nets.push(entry.path().parent().unwrap().to_path_buf());
        }
    }
    nets
}

#[test]
fn wild_networks_parse_cleanly() {
    for net in wild_networks() {
        let analysis = peerlint::analyze_paths(std::slice::from_ref(&net));
        assert!(
            analysis.input_errors.is_empty(),
            "{:?}",
            analysis.input_errors
        );
        let files = analysis.sources.files().len();
        assert!(files > 0, "{}: no files", net.display());
        assert_eq!(analysis.network.devices.len(), files);
        for (d, f) in analysis
            .network
            .devices
            .iter()
            .zip(analysis.sources.files())
        {
            assert!(!d.name.trim().is_empty(), "{}: unnamed device", f.display);
        }
        for f in &analysis.findings {
            assert!(
                f.rule != "both-listen-only" && f.rule != "both-connect-only",
                "{}: unexpected {}: {}",
                net.display(),
                f.rule,
                f.message
            );
        }
    }
}
