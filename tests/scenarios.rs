//! Networks written the way users write them, checked end to end through
//! the library: session matching, statuses and the rules built on them.

mod common;

use common::{analyze, rules_of};
use peerlint::report::sessions::{Row, rows};

fn row<'r>(rows: &'r [Row], device: &str, peer: &str) -> &'r Row {
    rows.iter()
        .find(|r| r.device == device && r.peer == peer)
        .unwrap_or_else(|| panic!("no row {device} {peer} in {rows:#?}"))
}

#[test]
fn ipv6_vpn_addresses_compare_as_addresses() {
    let pe = "sysname PE1
#
ip vpn-instance V6
 ipv6-family
  route-distinguisher 64500:6
#
interface GigabitEthernet0/1/0
 ip binding vpn-instance V6
 ipv6 enable
 ipv6 address 2001:DB8:0:A::1/64
#
bgp 64500
 #
 ipv6-family vpn-instance V6
  peer 2001:db8:0:a:0:0:0:2 as-number 65001
  peer 2001:db8:0:a:0:0:0:2 listen-only
#
return
";
    let ce = "sysname CE1
#
interface GigabitEthernet0/0/0
 ipv6 enable
 ipv6 address 2001:0db8:0000:000a::2 64
#
bgp 65001
 peer 2001:DB8:0:A::1 as-number 64500
 peer 2001:DB8:0:A::1 listen-only
 #
 ipv6-family unicast
  peer 2001:DB8:0:A::1 enable
#
return
";
    let a = analyze(&[("PE1.cfg", pe), ("CE1.cfg", ce)]);
    assert_eq!(rules_of(&a), ["both-listen-only"]);
    let rows = rows(&a);
    assert_eq!(row(&rows, "PE1", "2001:db8:0:a::2").status, "matched");
    assert_eq!(
        row(&rows, "PE1", "2001:db8:0:a::2").local_ip.as_deref(),
        Some("2001:db8:0:a::1")
    );
}

const HUB: &str = "sysname HUB
#
interface GigabitEthernet0/0/1
 ip address 10.10.1.1 255.255.255.0
#
interface GigabitEthernet0/0/2
 ip address 10.10.2.1 255.255.255.0
#
bgp 64500
 group SPOKES listen external
 peer SPOKES listen-net 10.10.0.0 255.255.0.0
 peer SPOKES listen-as 65001 65002
 #
 ipv4-family unicast
  peer SPOKES enable
#
return
";

#[test]
fn listen_only_spoke_facing_a_dynamic_group() {
    let quiet = "sysname SPOKE1\n#\ninterface GigabitEthernet0/0/0\n ip address 10.10.1.2 255.255.255.0\n#\nbgp 65001\n peer 10.10.1.1 as-number 64500\n peer 10.10.1.1 listen-only\n#\nreturn\n";
    let fine = "sysname SPOKE2\n#\ninterface GigabitEthernet0/0/0\n ip address 10.10.2.2 255.255.255.0\n#\nbgp 65002\n peer 10.10.2.1 as-number 64500\n#\nreturn\n";
    let a = analyze(&[
        ("HUB.cfg", HUB),
        ("SPOKE1.cfg", quiet),
        ("SPOKE2.cfg", fine),
    ]);
    assert_eq!(rules_of(&a), ["both-listen-only"]);
    let f = &a.findings[0];
    assert_eq!(a.sources.get(f.primary.span.file).display, "SPOKE1.cfg");
    assert_eq!(
        a.sources.text(f.related[0].span),
        "group SPOKES listen external"
    );
    let rows = rows(&a);
    assert_eq!(row(&rows, "SPOKE1", "10.10.1.1").status, "dynamic");
    assert!(!row(&rows, "SPOKE1", "10.10.1.1").can_establish);
    assert_eq!(row(&rows, "SPOKE2", "10.10.2.1").status, "dynamic");
    assert!(row(&rows, "SPOKE2", "10.10.2.1").can_establish);
}

#[test]
fn a_spoke_outside_listen_as_is_half_open() {
    let other = "sysname SPOKE9\n#\ninterface GigabitEthernet0/0/0\n ip address 10.10.2.9 255.255.255.0\n#\nbgp 65009\n peer 10.10.2.1 as-number 64500\n#\nreturn\n";
    let a = analyze(&[("HUB.cfg", HUB), ("SPOKE9.cfg", other)]);
    assert_eq!(rules_of(&a), ["half-open-session"]);
}

#[test]
fn wrong_as_is_reported_once_at_the_wrong_line() {
    let r1 = "sysname R1\n#\ninterface G0\n ip address 192.0.2.1 30\n#\nbgp 64500\n peer 192.0.2.2 as-number 64599\n#\n";
    let r2 = "sysname R2\n#\ninterface G0\n ip address 192.0.2.2 30\n#\nbgp 64501\n peer 192.0.2.1 as-number 64500\n#\n";
    let a = analyze(&[("R1.cfg", r1), ("R2.cfg", r2)]);
    assert_eq!(rules_of(&a), ["remote-as-mismatch"]);
    let f = &a.findings[0];
    assert_eq!(
        a.sources.text(f.primary.span),
        "peer 192.0.2.2 as-number 64599"
    );
    assert_eq!(
        a.sources.text(f.related[0].span),
        "peer 192.0.2.1 as-number 64500"
    );
    let rows = rows(&a);
    assert_eq!(row(&rows, "R1", "192.0.2.2").status, "as-mismatch");
    assert_eq!(row(&rows, "R2", "192.0.2.1").status, "as-mismatch");
}

#[test]
fn loopback_source_facing_a_listen_only_end_cannot_open() {
    let r1 = "sysname R1\n#\ninterface G0\n ip address 192.0.2.1 30\n#\ninterface LoopBack0\n ip address 198.51.100.1 32\n#\nbgp 64500\n peer 192.0.2.2 as-number 64501\n peer 192.0.2.2 connect-interface LoopBack0\n#\n";
    let r2 = "sysname R2\n#\ninterface G0\n ip address 192.0.2.2 30\n#\nbgp 64501\n peer 192.0.2.1 as-number 64500\n peer 192.0.2.1 listen-only\n#\n";
    let a = analyze(&[("R1.cfg", r1), ("R2.cfg", r2)]);
    assert_eq!(rules_of(&a), ["session-cannot-open"]);
    assert!(
        a.findings[0]
            .message
            .contains("R1 dials from 198.51.100.1, but R2 expects it at 192.0.2.1"),
        "{}",
        a.findings[0].message
    );
    let rows = rows(&a);
    assert_eq!(
        row(&rows, "R1", "192.0.2.2").rule,
        Some("session-cannot-open")
    );
    // Without the listen-only, R2 dials from its interface and R1 accepts.
    let r2_ok = r2.replace(" peer 192.0.2.1 listen-only\n", "");
    let a = analyze(&[("R1.cfg", r1), ("R2.cfg", &r2_ok)]);
    assert!(a.findings.is_empty(), "{:?}", rules_of(&a));
}

#[test]
fn loopback_peering_with_connect_interface_on_one_side() {
    // R1 dials from its loopback, which R2 expects; R2 has no
    // connect-interface, so it dials from the shared link, which R1 refuses.
    // With R1 listen-only, nobody dials correctly.
    let r1 = "sysname R1\n#\ninterface G0\n ip address 192.0.2.1 30\n#\ninterface LoopBack0\n ip address 198.51.100.1 32\n#\nbgp 64500\n peer 198.51.100.2 as-number 64500\n peer 198.51.100.2 connect-interface LoopBack0\n peer 198.51.100.2 listen-only\n#\n";
    let r2 = "sysname R2\n#\ninterface G0\n ip address 192.0.2.2 30\n#\ninterface LoopBack0\n ip address 198.51.100.2 32\n#\nbgp 64500\n peer 198.51.100.1 as-number 64500\n#\n";
    let a = analyze(&[("R1.cfg", r1), ("R2.cfg", r2)]);
    assert_eq!(rules_of(&a), ["session-cannot-open"]);
    let rows = rows(&a);
    assert_eq!(
        row(&rows, "R2", "198.51.100.1").local_ip.as_deref(),
        Some("192.0.2.2")
    );
}

#[test]
fn multihop_without_source_counts_as_possible() {
    let r1 = "sysname R1\n#\ninterface LoopBack0\n ip address 198.51.100.1 32\n#\nbgp 64500\n peer 198.51.100.2 as-number 64501\n peer 198.51.100.2 ebgp-max-hop 3\n peer 198.51.100.2 listen-only\n#\n";
    let r2 = "sysname R2\n#\ninterface LoopBack0\n ip address 198.51.100.2 32\n#\nbgp 64501\n peer 198.51.100.1 as-number 64500\n peer 198.51.100.1 ebgp-max-hop 3\n#\n";
    let a = analyze(&[("R1.cfg", r1), ("R2.cfg", r2)]);
    assert!(a.findings.is_empty(), "{:?}", rules_of(&a));
    let rows = rows(&a);
    assert_eq!(row(&rows, "R2", "198.51.100.1").local_ip, None);
    assert!(row(&rows, "R2", "198.51.100.1").can_establish);
}

#[test]
fn confederation_members_and_outsiders() {
    let a_cfg = "sysname A\n#\ninterface G0\n ip address 10.1.1.1 24\n#\ninterface G1\n ip address 10.2.1.1 24\n#\nbgp 65001\n confederation id 200\n confederation peer-as 65002\n peer 10.1.1.2 as-number 65002\n peer 10.2.1.2 as-number 100\n#\n";
    let b_cfg = "sysname B\n#\ninterface G0\n ip address 10.1.1.2 24\n#\nbgp 65002\n confederation id 200\n confederation peer-as 65001\n peer 10.1.1.1 as-number 65001\n#\n";
    let f_cfg = "sysname F\n#\ninterface G0\n ip address 10.2.1.2 24\n#\nbgp 100\n peer 10.2.1.1 as-number 200\n#\n";
    let a = analyze(&[("A.cfg", a_cfg), ("B.cfg", b_cfg), ("F.cfg", f_cfg)]);
    assert!(a.findings.is_empty(), "{:?}", rules_of(&a));
    assert_eq!(a.network.sessions.len(), 2);
    // An outsider that dials the member AS instead of the confederation ID.
    let f_bad = f_cfg.replace("as-number 200", "as-number 65001");
    let a = analyze(&[("A.cfg", a_cfg), ("B.cfg", b_cfg), ("F.cfg", &f_bad)]);
    assert_eq!(rules_of(&a), ["remote-as-mismatch"]);
}

#[test]
fn an_undefined_vpn_instance_leaves_the_interface_public() {
    let pe = "sysname PE\n#\ninterface G0\n ip binding vpn-instance NOPE\n ip address 10.3.0.1 30\n#\nbgp 64500\n peer 10.3.0.2 as-number 65000\n#\n";
    let ce = "sysname CE\n#\ninterface G0\n ip address 10.3.0.2 30\n#\nbgp 65000\n peer 10.3.0.1 as-number 64500\n#\n";
    let a = analyze(&[("PE.cfg", pe), ("CE.cfg", ce)]);
    assert_eq!(rules_of(&a), ["undefined-vpn-instance"]);
    assert_eq!(a.network.sessions.len(), 1, "the public peer still matches");
}

#[test]
fn ignore_on_either_end() {
    let r1 = "sysname R1\n#\ninterface G0\n ip address 192.0.2.1 30\n#\nbgp 64500\n peer 192.0.2.2 as-number 64501\n peer 192.0.2.2 listen-only\n peer 192.0.2.2 ignore\n#\n";
    let r2 = "sysname R2\n#\ninterface G0\n ip address 192.0.2.2 30\n#\nbgp 64501\n peer 192.0.2.1 as-number 64500\n peer 192.0.2.1 listen-only\n#\n";
    let a = analyze(&[("R1.cfg", r1), ("R2.cfg", r2)]);
    // A note at the end that ignores, none at the other.
    assert_eq!(rules_of(&a), ["peer-ignored"]);
    assert_eq!(
        a.sources.get(a.findings[0].primary.span.file).display,
        "R1.cfg"
    );
    let rows = rows(&a);
    assert_eq!(row(&rows, "R1", "192.0.2.2").status, "ignored");
    assert_eq!(row(&rows, "R2", "192.0.2.1").status, "ignored");
}

#[test]
fn member_connect_only_under_a_listen_only_group_says_it_is_ambiguous() {
    let rr = "sysname RR\n#\nbgp 64500\n group C internal\n peer C listen-only\n peer 10.0.0.2 group C\n peer 10.0.0.2 connect-only\n#\n";
    let a = analyze(&[("RR.cfg", rr)]);
    let f = common::finding(&a, "member-overrides-group");
    assert!(f.message.contains("does not record"), "{}", f.message);
}

#[test]
fn a_healthy_multi_vrf_network_is_all_matched() {
    let pe = "sysname PE\n#\nip vpn-instance A\n ipv4-family\n  route-distinguisher 1:1\n#\nip vpn-instance B\n ipv4-family\n  route-distinguisher 1:2\n#\ninterface G0\n ip binding vpn-instance A\n ip address 10.0.0.1 30\n#\ninterface G1\n ip binding vpn-instance B\n ip address 10.0.0.1 30\n#\ninterface G2\n ip address 10.9.0.1 30\n#\nbgp 64500\n peer 10.9.0.2 as-number 64500\n #\n vpn-instance A\n  peer 10.0.0.2 as-number 65001\n #\n ipv4-family vpn-instance A\n  peer 10.0.0.2 enable\n #\n ipv4-family vpn-instance B\n  peer 10.0.0.2 as-number 65002\n#\n";
    let ce_a = "sysname CEA\n#\ninterface G0\n ip address 10.0.0.2 30\n#\nbgp 65001\n peer 10.0.0.1 as-number 64500\n#\n";
    let ce_b = "sysname CEB\n#\ninterface G0\n ip address 10.0.0.2 30\n#\nbgp 65002\n peer 10.0.0.1 as-number 64500\n#\n";
    let p = "sysname P\n#\ninterface G0\n ip address 10.9.0.2 30\n#\nbgp 64500\n peer 10.9.0.1 as-number 64500\n#\n";
    let a = analyze(&[
        ("PE.cfg", pe),
        ("CEA.cfg", ce_a),
        ("CEB.cfg", ce_b),
        ("P.cfg", p),
    ]);
    let json: serde_json::Value =
        serde_json::from_str(&peerlint::report::sessions::json(&a)).unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 6);
    for r in rows {
        assert_eq!(r["status"], "matched", "{r}");
        assert_eq!(r["can_establish"], true);
        assert!(r["rule"].is_null());
    }
    let ce_a_row = rows.iter().find(|r| r["device"] == "CEA").unwrap();
    assert_eq!(ce_a_row["remote_device"], "PE");
    assert_eq!(ce_a_row["local_ip"], "10.0.0.2");
}

#[test]
fn between_two_groups_the_fix_changes_the_one_that_touches_fewer_peers() {
    let big = "sysname A-big\n#\ninterface G0\n ip address 192.0.2.1 24\n#\nbgp 64500\n group BIG external\n peer BIG as-number 64501\n peer BIG listen-only\n peer 192.0.2.2 group BIG\n peer 192.0.2.3 group BIG\n peer 192.0.2.4 group BIG\n#\n";
    let small = "sysname B-small\n#\ninterface G0\n ip address 192.0.2.2 24\n#\nbgp 64501\n group SMALL external\n peer SMALL as-number 64500\n peer SMALL listen-only\n peer 192.0.2.1 group SMALL\n#\n";
    let a = analyze(&[("A.cfg", big), ("B.cfg", small)]);
    let f = common::finding(&a, "both-listen-only");
    let changes: Vec<_> = f.changes().collect();
    // Resetting SMALL touches one peer, resetting BIG three.
    assert_eq!(changes[0].device, "B-small");
    assert_eq!(changes[0].commands, ["undo peer SMALL listen-only"]);
    assert_eq!(changes[1].device, "A-big");

    // With a member that sets its own mode, BIG's reset touches one peer
    // too, and the device name decides.
    let big_own = big.replace(
        " peer 192.0.2.4 group BIG\n",
        " peer 192.0.2.4 group BIG\n peer 192.0.2.3 connect-only\n peer 192.0.2.4 connect-only\n",
    );
    let a = analyze(&[("A.cfg", &big_own), ("B.cfg", small)]);
    let f = common::finding(&a, "both-listen-only");
    assert_eq!(f.changes().next().unwrap().device, "A-big");
}
