//! Huawei's own configuration-guide networks (`../shared/corpus-wild/
//! huawei-guide/`, absent in a fresh clone) are designed to work: every
//! session their SOURCE.md describes, where both ends have a dump, comes out
//! matched at both ends (or dynamic for a dynamic group's static end). Only
//! the guide's editing slips, listed in each SOURCE.md, may give findings.

use std::path::PathBuf;

/// Per example: sessions that must come out matched (static) and dynamic.
/// The counts are the guide's intended sessions less those whose far end has
/// no dump (see the corpus README), less the one the confederation example's
/// duplicated address breaks.
const EXPECTED: &[(&str, usize, usize)] = &[
    ("ce6800-bgp-basic", 4, 0),
    ("ce6800-bgp-confederation", 3, 0),
    ("ce6800-bgp-dynamic-peer-group", 0, 4),
    ("ce6800-bgp-multi-instance", 2, 0),
    ("ce6800-bgp-rr", 4, 0),
    ("ce6800-bgp4plus-rr", 3, 0),
    ("ce6800-vxlan-bgp-evpn-distributed-gw-mlag", 6, 0),
    ("ce6800-vxlan-intra-as-segment-l3", 6, 0),
    ("ne40e-bgp-basic", 4, 0),
    ("ne40e-bgp-confederation", 5, 0),
    ("ne40e-bgp-dynamic-peer-groups", 0, 4),
    ("ne40e-bgp-mpls-ip-vpn", 5, 0),
    ("ne40e-bgp-multi-instance", 2, 0),
    ("ne40e-bgp-rrs", 4, 0),
    ("ne40e-bgp4plus-6pe", 3, 0),
    ("ne40e-bgp4plus-basic", 4, 0),
    ("ne40e-bgp4plus-route-reflection", 3, 0),
    ("ne40e-evpn-l3vpn-mpls", 5, 0),
    ("ne40e-evpn-l3vpn-mpls-inter-as-option-b", 5, 0),
    ("ne40e-evpn-nfvi-distributed-gw-vpnv4-e2e-sr", 14, 0),
    ("ne40e-evpn-vpls-bd-ring-access", 3, 0),
    ("ne40e-evpn-vpls-dual-homing-active-active", 3, 0),
    ("ne40e-l3vpn-bgp-as-number-substitution", 3, 0),
    ("ne40e-l3vpn-bgp-soo", 4, 0),
    ("ne40e-l3vpn-carriers-carrier-bgp-label-distribution", 8, 0),
    ("ne40e-l3vpn-carriers-carrier-labeled-unicast-bgp", 8, 0),
    ("ne40e-l3vpn-ce-dual-homing-ebgp", 6, 0),
    ("ne40e-l3vpn-dual-stack-access", 5, 0),
    ("ne40e-l3vpn-extranet", 5, 0),
    ("ne40e-l3vpn-hub-spoke-example-1", 5, 0),
    ("ne40e-l3vpn-inter-as-option-b-basic", 5, 0),
    ("ne40e-l3vpn-inter-as-option-b-rr-in-as", 8, 0),
    ("ne40e-l3vpn-inter-as-option-c-solution-1", 6, 0),
    ("ne40e-l3vpn-mce", 3, 0),
    ("ne40e-l3vpn-rr-access-layer", 5, 0),
    ("ne40e-l3vpn-two-rrs-backbone", 7, 0),
    ("ne40e-l3vpnv6-6vpe", 3, 0),
    ("ne40e-l3vpnv6-basic", 3, 0),
    ("ne40e-l3vpnv6-inter-as-option-a", 5, 0),
    ("ne40e-l3vpnv6-rr", 4, 0),
];

/// Findings the guide's own slips cause (each listed in its SOURCE.md), by
/// example and rule. `unknown-remote` notes for ends without a dump are
/// allowed everywhere.
const SLIPS: &[(&str, &str)] = &[
    // DeviceC binds an interface to vpn-instance aa, which it never defines.
    ("ce6800-bgp-multi-instance", "undefined-vpn-instance"),
    // DeviceE's interface repeats DeviceD's address, so A-E cannot pair.
    ("ne40e-bgp-confederation", "half-open-session"),
    ("ne40e-bgp-confederation", "duplicate-address"),
    // ASBR2's dump carries `sysname ASBR1`.
    ("ne40e-l3vpn-inter-as-option-b-rr-in-as", "duplicate-device"),
];

#[test]
fn guide_sessions_are_matched() {
    let guide =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus-wild/huawei-guide");
    if !guide.is_dir() {
        eprintln!("skipping: {} is absent", guide.display());
        return;
    }
    let mut seen = 0;
    for entry in std::fs::read_dir(&guide).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.join("SOURCE.md").is_file() {
            continue;
        }
        let slug = dir.file_name().unwrap().to_string_lossy().into_owned();
        let Some(&(_, sessions, dynamic)) = EXPECTED.iter().find(|(s, _, _)| *s == slug) else {
            panic!("{slug}: add its expected session counts");
        };
        seen += 1;
        let a = peerlint::analyze_paths(std::slice::from_ref(&dir));
        let net = &a.network;
        let ok = net
            .sessions
            .iter()
            .filter(|s| s.blockers.is_empty())
            .count();
        assert_eq!(ok, sessions, "{slug}: sessions that can establish");
        assert_eq!(net.sessions.len(), sessions, "{slug}: sessions");
        let dyn_ok = net
            .dynamic_sessions
            .iter()
            .filter(|d| d.blockers.is_empty())
            .count();
        assert_eq!(dyn_ok, dynamic, "{slug}: dynamic sessions");
        for f in &a.findings {
            // Notes of single-reflector designs, which the guides show on
            // purpose, are allowed; never a gap in route propagation.
            let allowed = matches!(f.rule, "unknown-remote" | "single-route-reflector")
                || SLIPS.contains(&(slug.as_str(), f.rule));
            assert!(allowed, "{slug}: unexpected {}: {}", f.rule, f.message);
        }
        for p in &net.peers {
            let status = p.status.name();
            let slip =
                status == "half-open" && SLIPS.contains(&(slug.as_str(), "half-open-session"));
            assert!(
                matches!(status, "matched" | "dynamic" | "unknown-remote") || slip,
                "{slug}: peer {} is {status}",
                p.addr
            );
        }
    }
    assert_eq!(seen, EXPECTED.len(), "every guide example is checked");
}
