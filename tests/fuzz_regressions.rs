//! Inputs that made a fuzz target fail once: each must now go through the
//! whole pipeline and every renderer, and model the same from the whole
//! view tree as from the tree the parse keeps for the model.

use std::path::PathBuf;

#[test]
fn fuzz_regressions_run_clean() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "md") {
            continue;
        }
        n += 1;
        let text = peerlint::source::decode(&std::fs::read(&path).unwrap());
        let model =
            |tree| peerlint::model::build_device(peerlint::source::FileId(0), &text, tree, "x");
        assert_eq!(
            model(&peerlint::syntax::parse_with(
                &text,
                &peerlint::model::reads_block
            )),
            model(&peerlint::syntax::parse(&text)),
            "{}",
            path.display()
        );
        let a = peerlint::analyze_texts(vec![(PathBuf::from("fuzz.cfg"), text)]);
        // Each input goes through the pipeline as a device, not left out
        // as no configuration (binary ones aside).
        assert!(
            a.skipped.iter().all(|s| s.why == peerlint::Skip::Binary),
            "{}: {:?}",
            path.display(),
            a.skipped
        );
        let _ = peerlint::report::text::render(&a, true);
        let _ = peerlint::report::sarif::render(&a);
        let _ = peerlint::report::ci::junit(&a);
        let _ = peerlint::report::graph::dot(&a, None);
    }
    // The inputs are checked in with the test: none read means none tested.
    assert!(n >= 4, "only {n} regression inputs in {}", dir.display());
}
