//! The text every rule's bad example prints, as reviewed: a change of
//! wording shows in the snapshot files under `tests/snapshots/` (`cargo
//! insta review`, or `INSTA_UPDATE=always cargo test --test snapshots`
//! and a look at the diff), never by accident.

use std::path::PathBuf;

/// Whether a help text holds a placeholder (`<address>`) without saying
/// why the files cannot tell the value.
fn unexplained_placeholder(help: &str) -> bool {
    let has = help.match_indices('<').any(|(at, _)| {
        let rest = &help[at + 1..];
        rest.starts_with(|c: char| c.is_ascii_lowercase())
            && rest.find('>').is_some_and(|end| !rest[..end].contains('`'))
    });
    let explained = [
        "never shows",
        "not known",
        "no line names",
        "no reflector has",
    ]
    .iter()
    .any(|why| help.contains(why));
    has && !explained
}

#[test]
fn every_rules_bad_example_reads_as_reviewed() {
    for m in peerlint::rules::all_meta() {
        let files = m
            .bad
            .files
            .iter()
            .map(|(name, text)| (PathBuf::from(name), text.clone()))
            .collect();
        let state = m
            .bad
            .state
            .iter()
            .map(|(name, text)| (PathBuf::from(name), text.clone()))
            .collect();
        let a = peerlint::analyze_texts_with_state(files, state);
        for f in a.findings.iter().filter(|f| f.rule == m.id) {
            let help = f.help.as_deref().unwrap_or_default();
            assert!(
                !unexplained_placeholder(help),
                "{}: the help of its bad example has a placeholder the files answer: {help}",
                m.id
            );
        }
        let text = peerlint::report::text::render(&a, false);
        insta::assert_snapshot!(m.id.clone(), text);
    }
}

#[test]
fn a_placeholder_is_told_from_an_explained_one() {
    assert!(unexplained_placeholder("run `peer <address> enable`"));
    assert!(!unexplained_placeholder(
        "`password cipher <the same password>`; peerlint never shows it"
    ));
    assert!(!unexplained_placeholder("run `peer 10.0.0.1 enable`"));
}
