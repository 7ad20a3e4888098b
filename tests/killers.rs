//! The reasons a matched session cannot come up beyond who opens it, and
//! the cases that must stay quiet: each rule against the setting that
//! makes it fire and the one next to it that does not.

mod common;

use common::{analyze, rules_of};
use peerlint::Analysis;
use peerlint::report::sessions::rows;

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

/// The errors and warnings of an analysis (notes and advice left out).
fn alarms(a: &Analysis) -> Vec<&'static str> {
    a.findings
        .iter()
        .filter(|f| {
            matches!(
                f.severity,
                peerlint::rules::Severity::Error | peerlint::rules::Severity::Warning
            )
        })
        .map(|f| f.rule)
        .collect()
}

/// R1 and R2 share a link that R1 has shut; the session runs through R3.
const AROUND_A_SHUT_LINK: [(&str, &str); 3] = [
    (
        "R1.cfg",
        "sysname R1\ninterface GigabitEthernet0/0/0\n ip address 10.0.13.1 255.255.255.252\ninterface GigabitEthernet0/0/1\n shutdown\n ip address 10.0.99.1 255.255.255.252\nbgp 100\n peer 2.2.2.2 as-number 200\n peer 2.2.2.2 ebgp-max-hop 3\nip route-static 2.2.2.2 255.255.255.255 10.0.13.2\nreturn\n",
    ),
    (
        "R2.cfg",
        "sysname R2\ninterface GigabitEthernet0/0/1\n ip address 10.0.23.2 255.255.255.252\ninterface GigabitEthernet0/0/2\n ip address 10.0.99.2 255.255.255.252\ninterface LoopBack0\n ip address 2.2.2.2 255.255.255.255\nbgp 200\n peer 10.0.13.1 as-number 100\n peer 10.0.13.1 ebgp-max-hop 3\n peer 10.0.13.1 connect-interface LoopBack0\nreturn\n",
    ),
    (
        "R3.cfg",
        "sysname R3\ninterface GigabitEthernet0/0/0\n ip address 10.0.13.2 255.255.255.252\ninterface GigabitEthernet0/0/1\n ip address 10.0.23.1 255.255.255.252\nreturn\n",
    ),
];

#[test]
fn a_shut_link_is_not_where_a_session_around_it_starts() {
    let a = analyze(&AROUND_A_SHUT_LINK);
    assert_eq!(alarms(&a), Vec::<&str>::new());
    let r1 = |a: &Analysis| {
        rows(a)
            .into_iter()
            .find(|r| r.device == "R1")
            .map(|r| (r.local_ip, r.can_establish))
    };
    assert_eq!(r1(&a), Some((None, true)));
    // With the link up, it is the one link R1 shares with R2: R1 is taken
    // to dial from it (R2 still dials R1's 10.0.13.1 from its loopback).
    let with = |from: &str, to: &str| -> Vec<(&'static str, String)> {
        AROUND_A_SHUT_LINK
            .iter()
            .map(|(n, t)| (*n, t.replace(from, to)))
            .collect()
    };
    let up = with(" shutdown\n", "");
    assert_eq!(r1(&run(&up)), Some((Some("10.0.99.1".to_string()), true)));
    // Named as the source, the shut link blocks the session.
    let named = with(
        " peer 2.2.2.2 ebgp-max-hop 3\n",
        " peer 2.2.2.2 ebgp-max-hop 3\n peer 2.2.2.2 connect-interface GigabitEthernet0/0/1\n",
    );
    assert_eq!(alarms(&run(&named)), ["source-interface-down"]);
}

/// R1 and R2 two hops apart on their interface addresses.
fn two_hops(x1: &str, x2: &str, if1: &str) -> [(&'static str, String); 2] {
    [
        (
            "R1.cfg",
            format!(
                "sysname R1\ninterface GigabitEthernet0/0/0\n{if1}\nbgp 100\n peer 10.0.23.2 as-number 200\n{x1}ip route-static 10.0.23.0 255.255.255.252 10.0.13.2\nreturn\n"
            ),
        ),
        (
            "R2.cfg",
            format!(
                "sysname R2\ninterface GigabitEthernet0/0/1\n ip address 10.0.23.2 255.255.255.252\nbgp 200\n peer 10.0.13.1 as-number 100\n{x2}return\n"
            ),
        ),
    ]
}

#[test]
fn ebgp_to_an_address_on_none_of_the_links_crosses_hops() {
    let addr = " ip address 10.0.13.1 255.255.255.252";
    let a = run(&two_hops("", "", addr));
    assert_eq!(alarms(&a), ["ebgp-hop-limit"]);
    assert!(
        a.findings[0]
            .message
            .contains("R1 and R2 have no `ebgp-max-hop`")
    );
    assert!(
        rows(&a)
            .iter()
            .all(|r| r.session_type == "ebgp-multihop" && !r.can_establish)
    );
    let hops = |p: &str| format!(" peer {p} ebgp-max-hop 2\n");
    let a = run(&two_hops(&hops("10.0.23.2"), &hops("10.0.13.1"), addr));
    assert_eq!(alarms(&a), Vec::<&str>::new());
    // An address the file does not give may be on R2's subnet: not judged.
    let a = run(&two_hops(
        "",
        "",
        " ip address unnumbered interface LoopBack0",
    ));
    assert!(!rules_of(&a).contains(&"ebgp-hop-limit"));
}

#[test]
fn a_members_own_gtsm_wins_over_its_groups_hop_limit() {
    let a = run(&pair(
        64501,
        " group G external\n peer G as-number 64501\n peer G ebgp-max-hop 2\n peer 192.0.2.2 group G\n peer 192.0.2.2 valid-ttl-hops 1\n",
        " peer 192.0.2.1 as-number 64500\n peer 192.0.2.1 valid-ttl-hops 1\n",
        "",
    ));
    assert_eq!(alarms(&a), Vec::<&str>::new());
    let rows = rows(&a);
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.ttl == "gtsm 1" && r.can_establish));
}

#[test]
fn link_local_peers_and_unwritten_ipv6_addresses_raise_no_alarm() {
    let end = |me: &str, ll: &str, asn: u32, peer: &str, peer_as: u32| {
        format!(
            "sysname {me}\ninterface GigabitEthernet0/0/0\n ipv6 enable\n {ll}\n ipv6 address 2001:DB8:1:: 64 eui-64\nbgp {asn}\n peer {peer} as-number {peer_as}\n peer {peer} connect-interface GigabitEthernet0/0/0\n #\n ipv6-family unicast\n  peer {peer} enable\nreturn\n"
        )
    };
    let r1 = end("R1", "ipv6 address auto link-local", 100, "FE80::2", 200);
    let r2 = end("R2", "ipv6 address FE80::2 link-local", 200, "FE80::1", 100);
    let a = analyze(&[("R1.cfg", &r1), ("R2.cfg", &r2)]);
    // Both EUI-64 addresses are written as 2001:db8:1::, but neither is
    // that address: no duplicate.
    assert_eq!(alarms(&a), Vec::<&str>::new());
    assert_eq!(rules_of(&a), ["unknown-remote", "unknown-remote"]);
    assert!(a.findings[0].message.contains("link-local"));
    // Without any IPv6 address on the interface, the source is missing.
    let r1 = r1.replace(" ipv6 address auto link-local\n", "").replace(
        " ipv6 address 2001:DB8:1:: 64 eui-64\n",
        " ip address 192.0.2.1 255.255.255.252\n",
    );
    let a = analyze(&[("R1.cfg", &r1), ("R2.cfg", &r2)]);
    assert_eq!(alarms(&a), ["missing-source-interface"]);
}

#[test]
fn a_group_serving_clients_of_several_families_is_no_family_mismatch() {
    let client = |me: &str, n: u8, family: &str| {
        format!(
            "sysname {me}\ninterface GigabitEthernet0/0/0\n ip address 10.0.0.{n} 255.255.255.0\ninterface LoopBack0\n ip address {n}.{n}.{n}.{n} 255.255.255.255\nbgp 100\n peer 1.1.1.1 as-number 100\n peer 1.1.1.1 connect-interface LoopBack0\n #\n ipv4-family unicast\n  undo peer 1.1.1.1 enable\n #\n {family}\n  peer 1.1.1.1 enable\nreturn\n"
        )
    };
    let rr = |enable: &str| {
        format!(
            "sysname RR\ninterface GigabitEthernet0/0/0\n ip address 10.0.0.1 255.255.255.0\ninterface LoopBack0\n ip address 1.1.1.1 255.255.255.255\nbgp 100\n group C internal\n peer C connect-interface LoopBack0\n peer 2.2.2.2 as-number 100\n peer 2.2.2.2 group C\n peer 3.3.3.3 as-number 100\n peer 3.3.3.3 group C\n #\n ipv4-family unicast\n  undo peer C enable\n #\n ipv4-family vpnv4\n  undo policy vpn-target\n  {enable} enable\n  peer C reflect-client\n #\n l2vpn-family evpn\n  undo policy vpn-target\n  peer C enable\n  peer C reflect-client\nreturn\n"
        )
    };
    let c2 = client("C2", 2, "l2vpn-family evpn");
    let c3 = client("C3", 3, "ipv4-family vpnv4");
    let a = analyze(&[("RR.cfg", &rr("peer C")), ("C2.cfg", &c2), ("C3.cfg", &c3)]);
    assert_eq!(alarms(&a), Vec::<&str>::new());
    // VPNv4 enabled towards C2 on its own line is C2's missing step.
    let rr = rr("peer 3.3.3.3").replace(
        "  peer C reflect-client\n #\n l2vpn",
        "  peer 2.2.2.2 enable\n  peer C reflect-client\n #\n l2vpn",
    );
    let a = analyze(&[("RR.cfg", &rr), ("C2.cfg", &c2), ("C3.cfg", &c3)]);
    assert_eq!(alarms(&a), ["address-family-mismatch"]);
    let m: Vec<&str> = a.findings.iter().map(|f| f.message.as_str()).collect();
    assert!(
        m.iter().any(|m| m.contains("RR enables vpnv4 towards C2")),
        "{m:?}"
    );
}

#[test]
fn equal_router_ids_in_a_confederation_are_not_judged() {
    let end = |me: &str, a: &str, asn: u32, peer: &str, peer_as: u32| {
        format!(
            "sysname {me}\ninterface GigabitEthernet0/0/0\n ip address {a} 255.255.255.252\nbgp {asn}\n router-id 1.1.1.1\n confederation id 200\n confederation peer-as {peer_as}\n peer {peer} as-number {peer_as}\nreturn\n"
        )
    };
    let r1 = end("R1", "10.0.12.1", 65001, "10.0.12.2", 65002);
    let r2 = end("R2", "10.0.12.2", 65002, "10.0.12.1", 65001);
    let a = analyze(&[("R1.cfg", &r1), ("R2.cfg", &r2)]);
    assert_eq!(alarms(&a), Vec::<&str>::new());
    // The same two routers in one AS: IBGP with one router ID.
    let r1 = r1.replace("bgp 65001", "bgp 65002");
    let r2 = r2.replace("as-number 65001", "as-number 65002");
    let a = analyze(&[("R1.cfg", &r1), ("R2.cfg", &r2)]);
    assert_eq!(alarms(&a), ["duplicate-router-id"]);
}

#[test]
fn a_half_open_peer_towards_an_address_held_in_another_vrf_names_both() {
    let r1 = "sysname R1\ninterface GigabitEthernet0/0/0\n ip address 10.0.0.1 255.255.255.252\nbgp 100\n peer 10.0.0.2 as-number 200\nreturn\n";
    let r2 = "sysname R2\nip vpn-instance A\n ipv4-family\n  route-distinguisher 200:1\ninterface GigabitEthernet0/0/0\n ip binding vpn-instance A\n ip address 10.0.0.2 255.255.255.252\nbgp 200\n ipv4-family vpn-instance A\n  peer 10.0.0.9 as-number 300\nreturn\n";
    let a = analyze(&[("R1.cfg", r1), ("R2.cfg", r2)]);
    let f = common::finding(&a, "half-open-session");
    assert!(
        f.message.contains(
            "R2 holds 10.0.0.2 in vpn-instance A, while this peer is in the public network"
        ),
        "{}",
        f.message
    );
    // The help is the exact command, in the view it belongs to.
    assert!(
        f.help
            .as_deref()
            .unwrap()
            .contains("in bgp 200, ipv4-family vpn-instance A, run `peer 10.0.0.1 as-number 100`"),
        "{:?}",
        f.help
    );
}
