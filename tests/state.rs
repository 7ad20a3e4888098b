//! `--state`: networks with captures of `display bgp peer`, each with the
//! verdicts a user must get (`tests/state/<case>/expected.txt`: one line
//! per configured peer, `device vrf peer observed verdict`; `unmatched:`
//! lines for captured rows no peer has; `rules:` the findings' rules), and
//! the captures peerlint must read without a panic or a guess.

mod common;

use std::path::Path;

use common::{json, run};

fn check_case(dir: &Path) {
    let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
    let sessions = json(&run(
        dir,
        &["sessions", "net", "--state", "state", "--format", "json"],
    ));
    let got: Vec<String> = sessions
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {} {}",
                r["device"].as_str().unwrap(),
                r["vrf"].as_str().unwrap(),
                r["peer"].as_str().unwrap(),
                r["observed"].as_str().unwrap_or("-"),
                r["verdict"].as_str().unwrap()
            )
        })
        .collect();
    let want: Vec<&str> = expected
        .lines()
        .filter(|l| !l.contains(':') || l.starts_with(|c: char| c.is_ascii_uppercase()))
        .filter(|l| !l.starts_with("rules:") && !l.starts_with("unmatched:"))
        .collect();
    assert_eq!(got, want, "{}", dir.display());

    let check = run(
        dir,
        &["check", "net", "--state", "state", "--format", "json"],
    );
    let report = json(&check);
    let mut rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    rules.sort();
    let want_rules: Vec<&str> = expected
        .lines()
        .find_map(|l| l.strip_prefix("rules:"))
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(rules, want_rules, "{}", dir.display());
    let unmatched: Vec<String> = report["unmatched_rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {}",
                r["device"].as_str().unwrap(),
                r["vrf"].as_str().unwrap(),
                r["peer"].as_str().unwrap(),
                r["state"].as_str().unwrap()
            )
        })
        .collect();
    let want_unmatched: Vec<&str> = expected
        .lines()
        .filter_map(|l| l.strip_prefix("unmatched: "))
        .collect();
    assert_eq!(unmatched, want_unmatched, "{}", dir.display());
    // The counts the summary gives agree with the rows.
    let verdicts = &report["summary"]["observed"]["verdicts"];
    for v in [
        "explained",
        "confirmed",
        "down-unexplained",
        "contradiction",
        "not-observed",
        "outside",
    ] {
        let n = want
            .iter()
            .filter(|l| l.ends_with(&format!(" {v}")))
            .count();
        assert_eq!(
            verdicts[v].as_u64(),
            Some(n as u64),
            "{v} in {}",
            dir.display()
        );
    }
    // No capture line is unreadable in these networks.
    assert!(
        report["notices"].as_array().unwrap().is_empty(),
        "{}: {}",
        dir.display(),
        report["notices"]
    );
}

#[test]
fn every_network_with_captures_gives_its_verdicts() {
    let cases = common::cases("state", "expected.txt");
    assert!(cases.len() >= 6);
    for case in cases {
        check_case(&case);
    }
}

const R1: &str = "sysname R1\n#\ninterface GigabitEthernet0/0/0\n ip address 192.0.2.1 255.255.255.252\n#\nbgp 64500\n peer 192.0.2.2 as-number 64501\n#\nreturn\n";
const R2: &str = "sysname R2\n#\ninterface GigabitEthernet0/0/0\n ip address 192.0.2.2 255.255.255.252\n#\nbgp 64501\n peer 192.0.2.1 as-number 64500\n#\nreturn\n";

fn with_state(captures: &[(&str, &str)]) -> peerlint::Analysis {
    peerlint::analyze_texts_with_state(
        vec![
            ("R1.cfg".into(), R1.to_string()),
            ("R2.cfg".into(), R2.to_string()),
        ],
        captures
            .iter()
            .map(|(n, t)| (n.into(), t.to_string()))
            .collect(),
    )
}

fn verdict_of(a: &peerlint::Analysis, device: &str) -> (Option<&'static str>, &'static str) {
    let p = (0..a.network.peers.len())
        .find(|&p| a.network.peer(p).0.name == device)
        .unwrap();
    let state = a.network.state.as_ref().unwrap();
    (
        state.row_of(p).map(|r| r.state.name()),
        state.verdict(p).name(),
    )
}

const HEADER: &str =
    "  Peer            V          AS  MsgRcvd  MsgSent  OutQ  Up/Down       State  PrefRcv\n";

#[test]
fn a_row_printed_by_two_commands_counts_once_established_first() {
    let text = format!(
        "<R1>display bgp vpnv4 all peer\n{HEADER}  192.0.2.2  4  64501  0  0  0 00:00:10  No neg  0\n<R1>display bgp peer\n{HEADER}  192.0.2.2  4  64501  9  9  0 00:00:10  Established  0\n"
    );
    let a = with_state(&[("cap.txt", &text)]);
    assert_eq!(verdict_of(&a, "R1"), (Some("Established"), "confirmed"));
    assert!(a.network.state.as_ref().unwrap().unmatched.is_empty());
}

#[test]
fn no_neg_is_a_session_up_without_the_family() {
    let text = format!(
        "<R1>display bgp vpnv4 all peer\n{HEADER}  192.0.2.2  4  64501  9  9  0 00:10:00  No neg  0\n"
    );
    let a = with_state(&[("cap.txt", &text)]);
    assert_eq!(verdict_of(&a, "R1"), (Some("No neg"), "confirmed"));
    assert!(
        !a.findings
            .iter()
            .any(|f| f.rule == "session-down-unexplained"),
        "{:?}",
        a.findings
    );
}

#[test]
fn a_system_view_prompt_names_its_device_before_the_view() {
    let text = format!(
        "[~R1-bgp]display bgp peer\n{HEADER}  192.0.2.2  4  64501  0  0  0 00:00:10  OpenSent  0\n"
    );
    let a = with_state(&[("cap.txt", &text)]);
    assert_eq!(verdict_of(&a, "R1"), (Some("OpenSent"), "down-unexplained"));
}

#[test]
fn captures_of_strangers_and_captures_without_a_table_are_notices() {
    let stranger =
        format!("<R9>display bgp peer\n{HEADER}  192.0.2.9  4  64509  0  0  0 00:00:10  Idle  0\n");
    let a = with_state(&[
        ("r9.txt", &stranger),
        ("notes.txt", "<R1>display clock\n2026-12-02 10:00:00\n"),
    ]);
    let messages: Vec<&str> = a.notices.iter().map(|n| n.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("no configuration of a device named R9")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("no output of `display bgp peer`")),
        "{messages:?}"
    );
    assert_eq!(verdict_of(&a, "R1"), (None, "not-observed"));
}

#[test]
fn truncated_and_garbage_captures_are_read_as_far_as_they_go() {
    // Cut in the middle of the second row, then noise and binary junk.
    let text = format!(
        "<R1>display bgp peer\n{HEADER}  192.0.2.2  4  64501  0  0  0 00:00:10  Active  0\n  10.9.9.9  4  65\n\u{1b}[16D  ---- More ----\u{0}\u{7}\n  1.2.3.4.5 garbage Established\n  ::::: 4 1 1 1 1 1 Idle\n"
    );
    let a = with_state(&[("cap.txt", &text)]);
    assert_eq!(verdict_of(&a, "R1"), (Some("Active"), "down-unexplained"));
    let unreadable: Vec<_> = a
        .notices
        .iter()
        .filter(|n| n.message.contains("left out"))
        .collect();
    // The cut row and the row-like garbage, each by its line.
    let lines: Vec<u32> = unreadable.iter().map(|n| n.span.line).collect();
    assert_eq!(lines, [4, 6], "{:?}", a.notices);
}

#[test]
fn a_capture_of_a_hundred_thousand_rows_is_read_with_few_notices() {
    let mut text = format!("<R1>display bgp peer\n{HEADER}");
    for i in 0..100_000u32 {
        let [_, b, c, d] = i.to_be_bytes();
        text.push_str(&format!(
            "  10.{b}.{c}.{d}  4  65000  1  1  0 00:00:01  Idle  0\n"
        ));
        if i % 1000 == 0 {
            text.push_str("  10.0.0 broken row 4 Idle\n");
        }
    }
    text.push_str(
        "  192.0.2.2  4  64501  1  1  0 00:00:01  Established  0
",
    );
    let a = with_state(&[("big.txt", &text)]);
    assert_eq!(verdict_of(&a, "R1"), (Some("Established"), "confirmed"));
    assert_eq!(a.network.state.as_ref().unwrap().unmatched.len(), 100_000);
    // Unreadable rows are named up to a bound, then counted.
    assert!(a.notices.len() <= 21, "{}", a.notices.len());
    assert!(
        a.notices
            .iter()
            .any(|n| n.message.starts_with("80 more unreadable rows")),
        "{:?}",
        a.notices
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
    #[test]
    fn no_capture_makes_the_reader_panic(
        pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "<R1>display bgp peer\n", "[*R1-bgp]dis bgp vpnv4 all peer\n", HEADER,
                " VPN-Instance A, Router ID 1.1.1.1:\n", " VPN-Instance\n", "  192.0.2.2",
                "  *2001:db8::1", " 4 ", " 64501 ", " 1.10 ", " 00:00:01 ", " Established",
                " No", " neg", " Idle(Admin)", "\n", "\r", "\u{1b}[", " BGP Peer is ",
                " BGP current state: ", "Address Family:Ipv4 Unicast\n", "\u{0}", "é", "*",
            ]),
            0..60,
        )
    ) {
        let text: String = pieces.concat();
        let c = peerlint::state::capture::parse(peerlint::source::FileId(0), &text, "R1");
        for r in &c.rows {
            proptest::prop_assert!(r.span.end as usize <= text.len());
        }
    }
}

#[test]
fn a_dynamic_row_of_the_listening_device_shows_the_static_peer_it_accepts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/routes/14-dynamic-rr");
    let read = |n: &str| std::fs::read_to_string(dir.join(n)).unwrap();
    let files = ["C1.cfg", "C2.cfg", "RR.cfg"]
        .iter()
        .map(|n| (std::path::PathBuf::from(n), read(n)))
        .collect();
    // RR shows C1 as a dynamic peer, and 10.9.9.9, which no configured
    // device dials from.
    let capture = format!(
        "<RR>display bgp peer\n Status codes: * - Dynamic\n{HEADER}  *10.0.0.11  4  100  9  9  0 00:10:00  Established  0\n  *10.9.9.9  4  100  0  0  0 00:10:00  Idle  0\n"
    );
    let a = peerlint::analyze_texts_with_state(files, vec![("rr.txt".into(), capture)]);
    let state = a.network.state.as_ref().unwrap();
    let c1 = (0..a.network.peers.len())
        .find(|&p| a.network.peer(p).0.name == "C1")
        .unwrap();
    assert_eq!(state.verdict(c1).name(), "confirmed");
    assert_eq!(state.row_of(c1).unwrap().host, "RR");
    let c2 = (0..a.network.peers.len())
        .find(|&p| a.network.peer(p).0.name == "C2")
        .unwrap();
    assert_eq!(state.verdict(c2).name(), "not-observed");
    // A dynamic row no configured peer stands behind is listed.
    let unmatched: Vec<String> = state
        .unmatched
        .iter()
        .map(|&r| state.rows[r as usize].addr.to_string())
        .collect();
    assert_eq!(unmatched, ["10.9.9.9"]);
}
