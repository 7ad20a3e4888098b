//! The AS number each end establishes its session with: fake AS numbers
//! (`peer X fake-as`, CE6800's `peer X local-as`, with and without
//! `dual-as`, on peers and groups), a VPN instance's own `as-number`, and
//! confederation members. A session these make work gives no finding, and
//! `sessions` shows the AS each end presents.

use std::path::PathBuf;

use peerlint::Analysis;
use peerlint::report::sessions::rows;

fn analyze(files: &[(&str, String)]) -> Analysis {
    peerlint::analyze_texts(
        files
            .iter()
            .map(|(n, t)| (PathBuf::from(n), t.clone()))
            .collect(),
    )
}

fn rules_of(a: &Analysis) -> Vec<&'static str> {
    a.findings.iter().map(|f| f.rule).collect()
}

/// A device with one interface and a BGP block (lines indented by one).
fn device(name: &str, addr: &str, asn: u32, bgp: &str) -> String {
    format!(
        "sysname {name}\n#\ninterface GigabitEthernet0/0/0\n ip address {addr} 255.255.255.252\n#\nbgp {asn}\n{bgp}#\nreturn\n"
    )
}

fn local_as(a: &Analysis, device: &str) -> u32 {
    rows(a)
        .iter()
        .find(|r| r.device == device)
        .unwrap()
        .local_as
}

#[test]
fn a_fake_as_is_what_the_remote_end_configures() {
    for (fake, remote_expects, ok) in [
        ("fake-as 64999", 64999, true),
        ("local-as 64999", 64999, true),
        ("fake-as 64999", 100, false),
        ("fake-as 64999 dual-as", 100, true),
        ("local-as 64999 dual-as", 64999, true),
        ("fake-as 0.64999", 64999, true),
    ] {
        let pe = device(
            "PE",
            "192.0.2.1",
            100,
            &format!(" peer 192.0.2.2 as-number 200\n peer 192.0.2.2 {fake}\n"),
        );
        let ce = device(
            "CE",
            "192.0.2.2",
            200,
            &format!(" peer 192.0.2.1 as-number {remote_expects}\n"),
        );
        let a = analyze(&[("PE.cfg", pe), ("CE.cfg", ce)]);
        if ok {
            assert!(
                a.findings.is_empty(),
                "{fake} / {remote_expects}: {:?}",
                a.findings
            );
            assert_eq!(local_as(&a, "PE"), remote_expects, "{fake}");
        } else {
            assert_eq!(rules_of(&a), ["remote-as-mismatch"], "{fake}");
            let f = &a.findings[0];
            assert!(
                f.message.contains("presents the fake AS 64999"),
                "{}",
                f.message
            );
            assert!(
                f.help
                    .as_deref()
                    .unwrap()
                    .contains("peer 192.0.2.1 as-number 64999")
            );
        }
    }
}

#[test]
fn a_group_fake_as_counts_for_its_members_and_undo_restores_the_real_as() {
    let pe = |extra: &str| {
        device(
            "PE",
            "192.0.2.1",
            100,
            &format!(
                " group EXT external\n peer EXT as-number 200\n peer EXT fake-as 64999\n peer 192.0.2.2 group EXT\n{extra}"
            ),
        )
    };
    let ce = device("CE", "192.0.2.2", 200, " peer 192.0.2.1 as-number 64999\n");
    let a = analyze(&[("PE.cfg", pe("")), ("CE.cfg", ce.clone())]);
    assert!(a.findings.is_empty(), "{:?}", a.findings);
    let a = analyze(&[("PE.cfg", pe(" undo peer EXT fake-as\n")), ("CE.cfg", ce)]);
    assert_eq!(rules_of(&a), ["remote-as-mismatch"]);
}

#[test]
fn a_vpn_instance_establishes_its_peers_with_its_own_as() {
    // Peers of the BGP-VPN instance view are enabled in its IPv4 family.
    let pe = |view: &str, line: &str| {
        format!(
            "sysname PE\n#\nip vpn-instance A\n ipv4-family\n  route-distinguisher 1:1\n#\ninterface GigabitEthernet0/0/0\n ip binding vpn-instance A\n ip address 192.0.2.1 255.255.255.252\n#\nbgp 100\n #\n {view}\n  {line}\n  peer 192.0.2.2 as-number 200\n #\n ipv4-family vpn-instance A\n  peer 192.0.2.2 enable\n#\nreturn\n"
        )
    };
    let ce = device("CE", "192.0.2.2", 200, " peer 192.0.2.1 as-number 300\n");
    for (view, line) in [
        ("ipv4-family vpn-instance A", "as-number 300"),
        ("vpn-instance A", "as-number ipv4 300"),
        ("vpn-instance A", "as-number 300"),
    ] {
        let a = analyze(&[("PE.cfg", pe(view, line)), ("CE.cfg", ce.clone())]);
        assert!(a.findings.is_empty(), "{view} / {line}: {:?}", a.findings);
        assert_eq!(local_as(&a, "PE"), 300);
    }
    // The IPv6 family's AS does not change the IPv4 peers' AS.
    let a = analyze(&[
        ("PE.cfg", pe("vpn-instance A", "as-number ipv6 300")),
        ("CE.cfg", ce),
    ]);
    assert_eq!(rules_of(&a), ["remote-as-mismatch"]);
}

#[test]
fn a_typed_vpn_as_number_after_peers_is_refused() {
    // VRP takes a VPN instance's AS only while it has no peers (NE40E
    // `as-number`, Prerequisites): typed after one, it is not applied.
    let pe = |first: &str, second: &str| {
        format!(
            "<PE>system-view\n[PE]interface GigabitEthernet0/0/0\n[PE-GigabitEthernet0/0/0]ip address 192.0.2.1 30\n[PE-GigabitEthernet0/0/0]quit\n[PE]ip vpn-instance A\n[PE-vpn-instance-A]quit\n[PE]interface GigabitEthernet0/0/0\n[PE-GigabitEthernet0/0/0]ip binding vpn-instance A\n[PE-GigabitEthernet0/0/0]ip address 192.0.2.1 30\n[PE-GigabitEthernet0/0/0]quit\n[PE]bgp 100\n[PE-bgp]ipv4-family vpn-instance A\n[PE-bgp-A]{first}\n[PE-bgp-A]{second}\n"
        )
    };
    let ce = device("CE", "192.0.2.2", 200, " peer 192.0.2.1 as-number 300\n");
    let before = analyze(&[
        (
            "PE.txt",
            pe("as-number 300", "peer 192.0.2.2 as-number 200"),
        ),
        ("CE.cfg", ce.clone()),
    ]);
    assert!(before.findings.is_empty(), "{:?}", before.findings);
    let after = analyze(&[
        (
            "PE.txt",
            pe("peer 192.0.2.2 as-number 200", "as-number 300"),
        ),
        ("CE.cfg", ce),
    ]);
    assert_eq!(rules_of(&after), ["remote-as-mismatch"]);
    assert!(
        after.notices.iter().any(|n| n
            .message
            .contains("refuses to change the AS number of vpn-instance A")),
        "{:?}",
        after.notices
    );
}

#[test]
fn a_missing_confederation_peer_as_is_reported_where_it_is_missing() {
    let member = |name: &str, addr: &str, asn: u32, peer: &str, peer_as: u32, list: &str| {
        device(
            name,
            addr,
            asn,
            &format!(" confederation id 300\n{list} peer {peer} as-number {peer_as}\n"),
        )
    };
    let c1 = member(
        "C1",
        "192.0.2.1",
        65001,
        "192.0.2.2",
        65002,
        " confederation peer-as 65002\n",
    );
    let good = member(
        "C2",
        "192.0.2.2",
        65002,
        "192.0.2.1",
        65001,
        " confederation peer-as 65001\n",
    );
    let bad = member("C2", "192.0.2.2", 65002, "192.0.2.1", 65001, "");
    let a = analyze(&[("C1.cfg", c1.clone()), ("C2.cfg", good)]);
    assert!(a.findings.is_empty(), "{:?}", a.findings);
    let a = analyze(&[("C1.cfg", c1), ("C2.cfg", bad)]);
    assert_eq!(rules_of(&a), ["remote-as-mismatch"]);
    let f = &a.findings[0];
    assert_eq!(a.sources.get(f.primary.span.file).display, "C2.cfg");
    assert_eq!(a.sources.text(f.primary.span), "confederation id 300");
    let fix = f.changes().next().unwrap();
    assert_eq!(
        (fix.device.as_str(), fix.commands.as_slice()),
        ("C2", &["confederation peer-as 65001".to_string()][..])
    );
}

/// A network written in asdot shows asdot everywhere: no output prints
/// the asplain form of one of its AS numbers alone, and JSON keeps the
/// integer beside the written form.
#[test]
fn asdot_numbers_are_shown_as_written() {
    let text = |name: &str, me: &str, peer: &str, asn: &str, peer_as: &str, extra: &str| {
        format!(
            "sysname {name}\n#\ninterface GigabitEthernet0/0/0\n ip address {me} 255.255.255.252\n#\nbgp {asn}\n peer {peer} as-number {peer_as}\n{extra}#\nreturn\n"
        )
    };
    // R1 (1.10) and R2 (1.20): both listen-only; R3 expects R4 in 1.30,
    // which runs 1.31.
    let files = [
        (
            "R1.cfg",
            text(
                "R1",
                "192.0.2.1",
                "192.0.2.2",
                "1.10",
                "1.20",
                " peer 192.0.2.2 listen-only\n",
            ),
        ),
        (
            "R2.cfg",
            text(
                "R2",
                "192.0.2.2",
                "192.0.2.1",
                "1.20",
                "1.10",
                " peer 192.0.2.1 listen-only\n",
            ),
        ),
        (
            "R3.cfg",
            text("R3", "192.0.2.5", "192.0.2.6", "1.10", "1.30", ""),
        ),
        (
            "R4.cfg",
            text("R4", "192.0.2.6", "192.0.2.5", "1.31", "1.10", ""),
        ),
    ];
    let a = analyze(&files);
    assert_eq!(rules_of(&a), ["both-listen-only", "remote-as-mismatch"]);
    // 1.10 = 65546, 1.20 = 65556, 1.30 = 65566, 1.31 = 65567.
    let plain = ["65546", "65556", "65566", "65567"];
    let outputs = [
        peerlint::report::text::render(&a, false),
        peerlint::report::sessions::text(&a),
        peerlint::report::sessions::csv(&a),
        peerlint::report::graph::dot(&a, None),
        peerlint::report::graph::mermaid(&a, None),
    ];
    for out in &outputs {
        for p in plain {
            assert!(!out.contains(p), "{p} shown alone in:\n{out}");
        }
    }
    assert!(
        outputs[0].contains("expects AS 1.30, but R4 runs AS 1.31"),
        "{}",
        outputs[0]
    );
    // JSON: the integer, and the text beside it wherever one is shown.
    for json in [
        peerlint::report::sessions::json(&a),
        peerlint::report::graph::json(&a, None),
    ] {
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let items = v
            .as_array()
            .cloned()
            .unwrap_or_else(|| v["nodes"].as_array().unwrap().clone());
        for item in items {
            for (key, text_key) in [
                ("local_as", "local_as_text"),
                ("remote_as", "remote_as_text"),
            ] {
                if let Some(n) = item[key].as_u64() {
                    let text = item[text_key].as_str().unwrap_or_else(|| panic!("{item}"));
                    assert_eq!(
                        text.split_once('.')
                            .map(|(h, l)| (h.parse::<u64>().unwrap() << 16)
                                + l.parse::<u64>().unwrap()),
                        Some(n)
                    );
                }
            }
        }
    }
    let findings = peerlint::report::json::render(&a);
    for p in plain {
        assert!(!findings.contains(p), "{p} in the JSON findings");
    }
}
