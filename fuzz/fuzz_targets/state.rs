//! Any bytes as a capture of `display bgp peer` beside a known pair: the
//! capture reader, the verdicts, the state rules and the reports run
//! without a panic, and the known both-listen-only pair is still reported.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;

const R1: &str = "sysname R1\n#\ninterface G0\n ip address 198.18.0.1 30\n#\nbgp 64500\n peer 198.18.0.2 as-number 64501\n peer 198.18.0.2 listen-only\n#\n";
const R2: &str = "sysname R2\n#\ninterface G0\n ip address 198.18.0.2 30\n#\nbgp 64501\n peer 198.18.0.1 as-number 64500\n peer 198.18.0.1 listen-only\n#\n";

fuzz_target!(|data: &[u8]| {
    let capture = peerlint::source::decode(data);
    let a = peerlint::analyze_texts_with_state(
        vec![
            (PathBuf::from("R1.cfg"), R1.to_string()),
            (PathBuf::from("R2.cfg"), R2.to_string()),
        ],
        vec![(PathBuf::from("R1.txt"), capture)],
    );
    assert!(a.findings.iter().any(|f| f.rule == "both-listen-only"));
    assert!(a.network.state.is_some());
    let _ = peerlint::report::text::render(&a, false);
    let _ = peerlint::report::json::render(&a);
    let _ = peerlint::report::sessions::text(&a);
    let _ = peerlint::report::sessions::csv(&a);
});
