//! Any bytes as one device beside a healthy pair with a known
//! both-listen-only session: the whole pipeline and every renderer run
//! without a panic, and the known pair is still reported.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;

const R1: &str = "sysname R1\n#\ninterface G0\n ip address 198.18.0.1 30\n#\nbgp 64500\n peer 198.18.0.2 as-number 64501\n peer 198.18.0.2 listen-only\n#\n";
const R2: &str = "sysname R2\n#\ninterface G0\n ip address 198.18.0.2 30\n#\nbgp 64501\n peer 198.18.0.1 as-number 64500\n peer 198.18.0.1 listen-only\n#\n";

fuzz_target!(|data: &[u8]| {
    let fuzzed = peerlint::source::decode(data);
    let a = peerlint::analyze_texts(vec![
        (PathBuf::from("R1.cfg"), R1.to_string()),
        (PathBuf::from("R2.cfg"), R2.to_string()),
        (PathBuf::from("fuzz.cfg"), fuzzed),
    ]);
    assert!(a.findings.iter().any(|f| f.rule == "both-listen-only"
        && a.sources.get(f.primary.span.file).display == "R1.cfg"));
    let _ = peerlint::report::text::render(&a, true);
    let _ = peerlint::report::json::render(&a);
    let _ = peerlint::report::sarif::render(&a);
    let _ = peerlint::report::ci::github(&a);
    let _ = peerlint::report::ci::gitlab(&a);
    let _ = peerlint::report::ci::junit(&a);
    let _ = peerlint::report::sessions::text(&a);
    let _ = peerlint::report::graph::dot(&a, None);
    let _ = peerlint::report::graph::mermaid(&a, None);
});
