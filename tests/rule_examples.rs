//! Runs the examples written in every `rules/<id>.yaml`: the bad example
//! must give exactly the findings of its rule it announces; the good one
//! none of its rule and nothing at warning level or above (single-device
//! examples may carry `unknown-remote` notes).
//! The documentation cannot drift from the behaviour.

use std::path::PathBuf;

use peerlint::rules;

/// Runs an example network; no line in it may be unreadable.
fn run(example: &rules::Example) -> peerlint::Analysis {
    let files = example
        .files
        .iter()
        .map(|(name, text)| (PathBuf::from(name), text.clone()))
        .collect();
    let state = example
        .state
        .iter()
        .map(|(name, text)| (PathBuf::from(name), text.clone()))
        .collect();
    let a = peerlint::analyze_texts_with_state(files, state);
    assert!(a.notices.is_empty(), "notices {:?}", a.notices);
    a
}

#[test]
fn bad_examples_give_their_findings() {
    for m in rules::all_meta() {
        let a = run(&m.bad);
        let got: Vec<_> = a.findings.iter().filter(|f| f.rule == m.id).collect();
        let want = m.bad.findings.unwrap_or(1);
        assert_eq!(
            got.len(),
            want,
            "rule {}: bad example gave {:#?}",
            m.id,
            a.findings
        );
    }
}

#[test]
fn good_examples_are_clean() {
    for m in rules::all_meta() {
        let a = run(&m.good);
        let bad: Vec<_> = a
            .findings
            .iter()
            .filter(|f| f.rule == m.id || f.severity >= rules::Severity::Warning)
            .collect();
        assert!(bad.is_empty(), "rule {}: good example gave {bad:#?}", m.id);
    }
}

#[test]
fn every_rule_is_documented_and_explained() {
    let ids: Vec<&str> = rules::ids().collect();
    for m in rules::all_meta() {
        assert!(
            ids.contains(&m.id.as_str()),
            "{} has docs but no rule",
            m.id
        );
        let text = peerlint::cli::explain(m);
        assert!(text.contains(&m.title) && text.contains("How to fix"));
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("rules");
    let on_disk = std::fs::read_dir(dir).unwrap().count();
    assert_eq!(on_disk, ids.len(), "every rules/*.yaml must be embedded");
}
