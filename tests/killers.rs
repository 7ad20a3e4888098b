//! The reasons a matched session cannot come up beyond who opens it, and
//! the cases that must stay quiet: each rule against the setting that
//! makes it fire and the one next to it that does not.

use std::path::PathBuf;

use peerlint::Analysis;
use peerlint::report::sessions::rows;

fn analyze(files: &[(&str, &str)]) -> Analysis {
    peerlint::analyze_texts(
        files
            .iter()
            .map(|(n, t)| (PathBuf::from(n), t.to_string()))
            .collect(),
    )
}

fn rules_of(a: &Analysis) -> Vec<&'static str> {
    a.findings.iter().map(|f| f.rule).collect()
}

/// Two routers on 192.0.2.0/30 with loopbacks; `x` and `y` are added to
/// R1's and R2's BGP views, `ifx` to R1's link interface.
fn pair(asn2: u32, x: &str, y: &str, ifx: &str) -> [(&'static str, String); 2] {
    [
        (
            "R1.cfg",
            format!(
                "sysname R1\n#\ninterface GigabitEthernet0/0/0\n{ifx} ip address 192.0.2.1 255.255.255.252\n#\ninterface LoopBack0\n ip address 198.51.100.1 255.255.255.255\n#\nbgp 64500\n{x}#\nreturn\n"
            ),
        ),
        (
            "R2.cfg",
            format!(
                "sysname R2\n#\ninterface GigabitEthernet0/0/0\n ip address 192.0.2.2 255.255.255.252\n#\ninterface LoopBack0\n ip address 198.51.100.2 255.255.255.255\n#\nbgp {asn2}\n{y}#\nreturn\n"
            ),
        ),
    ]
}

fn run(files: &[(&'static str, String)]) -> Analysis {
    let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    analyze(&files)
}

#[test]
fn the_hop_limit_blocks_only_when_no_direction_is_direct() {
    let lo = |from: &str, to: &str| {
        format!(" peer {to} as-number AS\n peer {to} connect-interface LoopBack0\n")
            .replace("AS", if from == "1" { "64501" } else { "64500" })
    };
    // Loopback to loopback, no ebgp-max-hop: blocked.
    let a = run(&pair(
        64501,
        &lo("1", "198.51.100.2"),
        &lo("2", "198.51.100.1"),
        "",
    ));
    assert_eq!(rules_of(&a), ["ebgp-hop-limit"]);
    assert!(a.findings[0].remedies.is_empty(), "both ends lack it");
    // With it on both ends: fine.
    let hop = |s: String, to: &str| format!("{s} peer {to} ebgp-max-hop 2\n");
    let a = run(&pair(
        64501,
        &hop(lo("1", "198.51.100.2"), "198.51.100.2"),
        &hop(lo("2", "198.51.100.1"), "198.51.100.1"),
        "",
    ));
    assert!(a.findings.is_empty(), "{:?}", rules_of(&a));
    // R1 dials from its loopback, which R2 does not expect; R2 dials over
    // the link, which works with TTL 1: the session comes up.
    let a = run(&pair(
        64501,
        " peer 192.0.2.2 as-number 64501\n peer 192.0.2.2 connect-interface LoopBack0\n",
        " peer 192.0.2.1 as-number 64500\n",
        "",
    ));
    assert!(a.findings.is_empty(), "{:?}", rules_of(&a));
    // GTSM replaces the hop limit.
    let gtsm = |s: String, to: &str| format!("{s} peer {to} valid-ttl-hops 2\n");
    let a = run(&pair(
        64501,
        &gtsm(lo("1", "198.51.100.2"), "198.51.100.2"),
        &gtsm(lo("2", "198.51.100.1"), "198.51.100.1"),
        "",
    ));
    assert!(a.findings.is_empty(), "{:?}", rules_of(&a));
}

#[test]
fn gtsm_on_one_end_blocks_unless_it_accepts_every_ttl() {
    let r2 = " peer 192.0.2.1 as-number 64500\n";
    let a = run(&pair(
        64501,
        " peer 192.0.2.2 as-number 64501\n peer 192.0.2.2 valid-ttl-hops 1\n",
        r2,
        "",
    ));
    assert_eq!(rules_of(&a), ["gtsm-mismatch"]);
    assert_eq!(
        a.findings[0].changes().next().unwrap().commands,
        ["peer 192.0.2.1 valid-ttl-hops 1"]
    );
    // `valid-ttl-hops` alone means 255: every TTL from 1 up is accepted.
    let a = run(&pair(
        64501,
        " peer 192.0.2.2 as-number 64501\n peer 192.0.2.2 valid-ttl-hops\n",
        r2,
        "",
    ));
    assert!(a.findings.is_empty(), "{:?}", rules_of(&a));
    // Inside one AS the TTL VRP sends is not documented: not judged.
    let a = run(&pair(
        64500,
        " peer 192.0.2.2 as-number 64500\n peer 192.0.2.2 valid-ttl-hops 1\n",
        r2,
        "",
    ));
    assert!(a.findings.is_empty(), "{:?}", rules_of(&a));
}

#[test]
fn authentication_is_compared_only_where_the_files_tell() {
    let with = |x: &str, y: &str| {
        run(&pair(
            64501,
            &format!(" peer 192.0.2.2 as-number 64501\n{x}"),
            &format!(" peer 192.0.2.1 as-number 64500\n{y}"),
            "",
        ))
    };
    let cipher_a = " peer 192.0.2.2 password cipher %^%#AAAAAAAAAAAAAAAA%^%#\n";
    let cipher_b = " peer 192.0.2.1 password cipher %^%#BBBBBBBBBBBBBBBBBBBB%^%#\n";
    assert_eq!(rules_of(&with(cipher_a, "")), ["auth-mismatch"]);
    // Two ciphertexts are never said to differ.
    assert!(with(cipher_a, cipher_b).findings.is_empty());
    // A password against a keychain: different kinds.
    assert_eq!(
        rules_of(&with(cipher_a, " peer 192.0.2.1 keychain K1\n")),
        ["auth-mismatch"]
    );
    assert!(
        with(
            " peer 192.0.2.2 keychain K1\n",
            " peer 192.0.2.1 keychain K2\n"
        )
        .findings
        .is_empty()
    );
    // Plaintext passwords compare; none is shown (texts given in memory
    // are masked before they are read, so the test uses files).
    let dir = tempfile::tempdir().unwrap();
    let files = pair(
        64501,
        " peer 192.0.2.2 as-number 64501\n peer 192.0.2.2 password simple Alpha123\n",
        " peer 192.0.2.1 as-number 64500\n peer 192.0.2.1 password simple Bravo456\n",
        "",
    );
    for (n, t) in &files {
        std::fs::write(dir.path().join(n), t).unwrap();
    }
    let a = peerlint::analyze_paths(&[dir.path().to_path_buf()]);
    assert_eq!(rules_of(&a), ["auth-mismatch"]);
    let json = peerlint::report::json::render(&a);
    assert!(!json.contains("Alpha123") && !json.contains("Bravo456"));
    std::fs::write(
        dir.path().join("R2.cfg"),
        files[1].1.replace("Bravo456", "Alpha123"),
    )
    .unwrap();
    assert!(
        peerlint::analyze_paths(&[dir.path().to_path_buf()])
            .findings
            .is_empty()
    );
}

#[test]
fn router_ids_vrp_chooses_itself_are_not_compared() {
    // Both choose 198.51.100.x from their loopbacks: different, and never
    // compared anyway.
    let ibgp = |x: &str, y: &str| {
        run(&pair(
            64500,
            &format!("{x} peer 192.0.2.2 as-number 64500\n"),
            &format!("{y} peer 192.0.2.1 as-number 64500\n"),
            "",
        ))
    };
    assert!(ibgp("", "").findings.is_empty());
    let rows = rows(&ibgp("", ""));
    assert_eq!(rows[0].router_id.as_deref(), Some("198.51.100.1"));
    assert_eq!(rows[0].router_id_source, Some("auto"));
    assert_eq!(
        rules_of(&ibgp(" router-id 10.0.0.9\n", " router-id 10.0.0.9\n")),
        ["duplicate-router-id"]
    );
    // EBGP comes up with `router-id allow-same enable`.
    let ebgp = |x: &str| {
        run(&pair(
            64501,
            &format!(" router-id 10.0.0.9\n{x} peer 192.0.2.2 as-number 64501\n"),
            " router-id 10.0.0.9\n peer 192.0.2.1 as-number 64500\n",
            "",
        ))
    };
    assert_eq!(rules_of(&ebgp("")), ["duplicate-router-id"]);
    assert!(ebgp(" router-id allow-same enable\n").findings.is_empty());
}

#[test]
fn families_come_from_groups_defaults_and_the_view_a_peer_was_made_in() {
    let r2 = " peer 192.0.2.1 as-number 64500\n";
    // A group's enable counts for its members.
    let grouped = " group G external\n peer G as-number 64501\n peer 192.0.2.2 group G\n #\n ipv4-family unicast\n  undo peer 192.0.2.2 enable\n #\n ipv4-family vpnv4\n  peer G enable\n";
    let a = run(&pair(64501, grouped, r2, ""));
    assert!(
        !rules_of(&a).contains(&"peer-not-enabled"),
        "{:?}",
        rules_of(&a)
    );
    // `undo default ipv4-unicast` before the peer, and nothing else.
    let a = run(&pair(
        64501,
        " undo default ipv4-unicast\n peer 192.0.2.2 as-number 64501\n",
        r2,
        "",
    ));
    assert_eq!(rules_of(&a), ["peer-not-enabled"]);
    assert_eq!(
        a.findings[0].changes().next().unwrap().views,
        ["bgp 64500", "ipv4-family unicast"]
    );
    let a = run(&pair(
        64501,
        " undo default ipv4-unicast\n peer 192.0.2.2 as-number 64501\n #\n ipv4-family unicast\n  peer 192.0.2.2 enable\n",
        r2,
        "",
    ));
    assert!(a.findings.is_empty(), "{:?}", rules_of(&a));
}

#[test]
fn a_sub_interface_of_a_shut_interface_is_down() {
    let pe = "sysname PE\n#\ninterface GigabitEthernet0/1/0\n shutdown\n#\ninterface GigabitEthernet0/1/0.100\n ip address 192.0.2.1 255.255.255.252\n#\nbgp 64500\n peer 192.0.2.2 as-number 64501\n#\nreturn\n";
    let ce = "sysname CE\n#\ninterface GigabitEthernet0/0/0\n ip address 192.0.2.2 255.255.255.252\n#\nbgp 64501\n peer 192.0.2.1 as-number 64500\n#\nreturn\n";
    let a = analyze(&[("PE.cfg", pe), ("CE.cfg", ce)]);
    assert_eq!(rules_of(&a), ["source-interface-down"]);
    let f = &a.findings[0];
    assert!(
        f.message
            .contains("a sub-interface of GigabitEthernet0/1/0"),
        "{}",
        f.message
    );
    assert_eq!(
        f.changes().next().unwrap().views,
        ["interface GigabitEthernet0/1/0"]
    );
    let up = pe.replace(" shutdown\n", " undo shutdown\n");
    assert!(
        analyze(&[("PE.cfg", &up), ("CE.cfg", ce)])
            .findings
            .is_empty()
    );
}

#[test]
fn a_source_interface_must_exist_with_an_address() {
    let x = |src: &str| {
        format!(" peer 198.51.100.2 as-number 64500\n peer 198.51.100.2 connect-interface {src}\n")
    };
    for (src, missing) in [
        ("LoopBack1", true),
        ("LoopBack0", false),
        ("Loopback 0", false),
        ("198.51.100.9", true),
        ("198.51.100.1", false),
    ] {
        let a = run(&pair(64500, &x(src), "", ""));
        assert_eq!(
            rules_of(&a).contains(&"missing-source-interface"),
            missing,
            "{src}: {:?}",
            rules_of(&a)
        );
    }
    // Typed short in a transcript, it names the loopback.
    let typed = "<R1>system-view\n[R1]interface LoopBack0\n[R1-LoopBack0]ip address 198.51.100.1 32\n[R1-LoopBack0]quit\n[R1]bgp 64500\n[R1-bgp]peer 198.51.100.2 as-number 64500\n[R1-bgp]peer 198.51.100.2 connect-interface loop0\n";
    let a = analyze(&[("R1.txt", typed)]);
    assert!(
        !rules_of(&a).contains(&"missing-source-interface"),
        "{:?}",
        rules_of(&a)
    );
}

#[test]
fn sessions_show_what_decides_each_end() {
    let a = run(&pair(
        64501,
        " peer 198.51.100.2 as-number 64501\n peer 198.51.100.2 connect-interface LoopBack0\n peer 198.51.100.2 ebgp-max-hop 2\n peer 198.51.100.2 password cipher %^%#AAAAAAAAAAAAAAAA%^%#\n",
        " peer 198.51.100.1 as-number 64500\n peer 198.51.100.1 connect-interface LoopBack0\n",
        "",
    ));
    let rows = rows(&a);
    let r1 = rows.iter().find(|r| r.device == "R1").unwrap();
    assert_eq!(r1.session_type, "ebgp-multihop");
    assert_eq!(r1.ttl, "ebgp-max-hop 2");
    assert_eq!(r1.auth, "password");
    assert_eq!(r1.families, ["ipv4-unicast"]);
    assert!(!r1.can_establish);
    // Every blocker, not the first only.
    assert_eq!(r1.blockers, ["ebgp-hop-limit", "auth-mismatch"]);
    let csv = peerlint::report::sessions::csv(&a);
    assert!(!csv.contains("AAAA"), "{csv}");
}
