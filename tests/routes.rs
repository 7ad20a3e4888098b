//! Route propagation over IBGP: held-out networks written the way Huawei's
//! guides write reflector designs, with the speakers that miss routes
//! worked out by hand.

mod common;
use common::{analyze, rules_of};

/// One device on a shared LAN (10.0.0.0/24), its address 10.0.0.<n>.
#[derive(Clone, Default)]
struct Dev {
    name: &'static str,
    n: u8,
    asn: u32,
    /// (remote n, its AS, the remote is this device's client).
    peers: Vec<(u8, u32, bool)>,
    /// Lines of the IPv4 unicast view besides the peers'.
    family: Vec<String>,
    /// Lines of the BGP view besides the peers'.
    bgp: Vec<String>,
    /// `import-route direct`: it has routes of its own.
    originates: bool,
}

impl Dev {
    fn new(name: &'static str, n: u8, asn: u32) -> Dev {
        Dev {
            name,
            n,
            asn,
            originates: true,
            ..Dev::default()
        }
    }

    fn peer(mut self, n: u8) -> Dev {
        self.peers.push((n, self.asn, false));
        self
    }

    fn client(mut self, n: u8) -> Dev {
        self.peers.push((n, self.asn, true));
        self
    }

    fn ext(mut self, n: u8, asn: u32) -> Dev {
        self.peers.push((n, asn, false));
        self
    }

    fn line(mut self, l: &str) -> Dev {
        self.family.push(l.to_string());
        self
    }

    fn quiet(mut self) -> Dev {
        self.originates = false;
        self
    }

    fn text(&self) -> String {
        let n = self.n;
        let mut t = format!(
            "sysname {}\n#\ninterface GigabitEthernet0/0/0\n ip address 10.0.0.{n} 255.255.255.0\n#\nbgp {}\n router-id 10.0.0.{n}\n",
            self.name, self.asn
        );
        for l in &self.bgp {
            t.push_str(&format!(" {l}\n"));
        }
        for (p, asn, _) in &self.peers {
            t.push_str(&format!(" peer 10.0.0.{p} as-number {asn}\n"));
        }
        t.push_str(" #\n ipv4-family unicast\n");
        if self.originates {
            t.push_str("  import-route direct\n");
        }
        for l in &self.family {
            t.push_str(&format!("  {l}\n"));
        }
        for (p, _, client) in &self.peers {
            t.push_str(&format!("  peer 10.0.0.{p} enable\n"));
            if *client {
                t.push_str(&format!("  peer 10.0.0.{p} reflect-client\n"));
            }
        }
        t.push_str("#\nreturn\n");
        t
    }
}

fn run(devs: &[Dev]) -> peerlint::Analysis {
    let texts: Vec<(String, String)> = devs
        .iter()
        .map(|d| (format!("{}.cfg", d.name), d.text()))
        .collect();
    let files: Vec<(&str, &str)> = texts
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let a = analyze(&files);
    assert!(a.notices.is_empty(), "{:?}", a.notices);
    // Every configured session establishes: what is reported is about
    // routes only.
    assert!(
        a.network.sessions.iter().all(|s| s.blockers.is_empty()),
        "a session is blocked"
    );
    a
}

/// The devices that miss routes, by finding.
fn gaps(a: &peerlint::Analysis) -> Vec<Vec<String>> {
    a.findings
        .iter()
        .filter(|f| f.rule == "ibgp-not-propagated")
        .map(|f| f.about.devices.clone())
        .collect()
}

fn mesh(names: &[(&'static str, u8)], asn: u32) -> Vec<Dev> {
    names
        .iter()
        .map(|&(name, n)| {
            let mut d = Dev::new(name, n, asn);
            for &(_, m) in names {
                if m != n {
                    d = d.peer(m);
                }
            }
            d
        })
        .collect()
}

#[test]
fn a_full_mesh_is_clean() {
    let a = run(&mesh(&[("A", 1), ("B", 2), ("C", 3), ("D", 4)], 100));
    assert_eq!(rules_of(&a), Vec::<&str>::new());
}

#[test]
fn dual_reflectors_with_dual_homed_clients_are_clean_whatever_their_cluster_ids() {
    for (c1, c2) in [(1, 1), (1, 2)] {
        let rr = |name, n, c| {
            Dev::new(name, n, 100)
                .quiet()
                .line(&format!("reflector cluster-id {c}"))
                .client(11)
                .client(12)
                .client(13)
        };
        let client = |name, n| Dev::new(name, n, 100).peer(1).peer(2);
        let a = run(&[
            rr("RR1", 1, c1).peer(2),
            rr("RR2", 2, c2).peer(1),
            client("C1", 11),
            client("C2", 12),
            client("C3", 13),
        ]);
        assert_eq!(rules_of(&a), Vec::<&str>::new(), "cluster IDs {c1} {c2}");
    }
}

#[test]
fn a_partial_mesh_without_reflectors_names_exactly_the_speakers_that_miss_routes() {
    // A, B and C are meshed; D peers with A only: B and C never get D's
    // routes, and D never gets theirs. A gets everything.
    let a = run(&[
        Dev::new("A", 1, 100).peer(2).peer(3).peer(4),
        Dev::new("B", 2, 100).peer(1).peer(3),
        Dev::new("C", 3, 100).peer(1).peer(2),
        Dev::new("D", 4, 100).peer(1),
    ]);
    assert_eq!(gaps(&a), [["B", "C", "D"]]);
    let f = &a.findings[0];
    assert!(f.message.contains("not fully meshed"), "{}", f.message);
    assert!(
        f.message.contains("D gets none from B and C"),
        "{}",
        f.message
    );
    // Without routes of their own, nobody misses anything.
    let a = run(&[
        Dev::new("A", 1, 100).peer(2).peer(3).peer(4),
        Dev::new("B", 2, 100).peer(1).peer(3).quiet(),
        Dev::new("C", 3, 100).peer(1).peer(2).quiet(),
        Dev::new("D", 4, 100).peer(1).quiet(),
    ]);
    assert_eq!(gaps(&a), Vec::<Vec<String>>::new());
}

#[test]
fn reflectors_sharing_a_cluster_id_with_single_homed_clients_drop_each_others_routes() {
    let rr = |name, n, clients: [u8; 2], other| {
        Dev::new(name, n, 100)
            .quiet()
            .line("reflector cluster-id 1")
            .client(clients[0])
            .client(clients[1])
            .peer(other)
    };
    let client = |name, n, rr| Dev::new(name, n, 100).peer(rr);
    let devs = [
        rr("RR1", 1, [11, 12], 2),
        rr("RR2", 2, [13, 14], 1),
        client("C1", 11, 1),
        client("C2", 12, 1),
        client("C3", 13, 2),
        client("C4", 14, 2),
    ];
    let a = run(&devs);
    // Every speaker misses the routes of the other cluster.
    assert_eq!(gaps(&a), [["C1", "C2", "C3", "C4", "RR1", "RR2"]]);
    let f = common::finding(&a, "ibgp-not-propagated");
    assert!(f.message.contains("share cluster ID 1"), "{}", f.message);
    // The shared line is where it points.
    assert_eq!(
        a.sources.get(f.primary.span.file).path.to_str(),
        Some("RR1.cfg")
    );
    assert_eq!(a.sources.text(f.primary.span), "reflector cluster-id 1");
    assert_eq!(
        f.related
            .iter()
            .filter(|l| l.message.contains("same cluster ID"))
            .count(),
        1
    );
    // Each single-homed client is also noted.
    assert_eq!(
        rules_of(&a)
            .iter()
            .filter(|r| **r == "single-route-reflector")
            .count(),
        4
    );
    // Cluster IDs of their own: the routes arrive.
    let mut devs = devs;
    devs[1].family = vec!["reflector cluster-id 2".to_string()];
    assert_eq!(gaps(&run(&devs)), Vec::<Vec<String>>::new());
}

#[test]
fn undo_reflect_between_clients_needs_a_client_mesh() {
    let rr = Dev::new("RR", 1, 100)
        .quiet()
        .line("undo reflect between-clients")
        .client(11)
        .client(12)
        .client(13);
    let client = |name, n| Dev::new(name, n, 100).peer(1);
    let a = run(&[
        rr.clone(),
        client("C1", 11),
        client("C2", 12),
        client("C3", 13),
    ]);
    assert_eq!(gaps(&a), [["C1", "C2", "C3"]]);
    let f = &a.findings[0];
    assert_eq!(
        a.sources.text(f.primary.span),
        "undo reflect between-clients"
    );
    // The remedy turns reflection back on, in the family's view.
    let change = f.changes().next().expect("a command remedy");
    assert_eq!(change.commands, ["reflect between-clients"]);
    assert_eq!(change.views, ["bgp 100", "ipv4-family unicast"]);
    // With the clients meshed, nothing is missing.
    let a = run(&[
        rr,
        client("C1", 11).peer(12).peer(13),
        client("C2", 12).peer(11).peer(13),
        client("C3", 13).peer(11).peer(12),
    ]);
    assert_eq!(gaps(&a), Vec::<Vec<String>>::new());
}

#[test]
fn a_single_reflector_design_gives_notes_only() {
    let a = run(&[
        Dev::new("RR", 1, 100).client(11).client(12),
        Dev::new("C1", 11, 100).peer(1),
        Dev::new("C2", 12, 100).peer(1),
    ]);
    assert_eq!(
        rules_of(&a),
        ["single-route-reflector", "single-route-reflector"]
    );
    assert!(
        a.findings
            .iter()
            .all(|f| f.severity == peerlint::rules::Severity::Note)
    );
    assert!(
        a.findings[0]
            .message
            .contains("C1 has one route reflector in ipv4-unicast, RR")
    );
}

#[test]
fn a_vpnv4_reflector_that_filters_by_its_own_targets_drops_vpn_routes() {
    let dev = |name: &str, n: u8, remotes: &[u8], rr: &str, target: &str| {
        let mut t = format!("sysname {name}\n");
        if !target.is_empty() {
            t.push_str(&format!(
                "ip vpn-instance A\n ipv4-family\n  route-distinguisher 100:{n}\n  vpn-target {target} both\n"
            ));
        }
        t.push_str(&format!(
            "interface GigabitEthernet0/0/0\n ip address 10.0.0.{n} 255.255.255.0\nbgp 100\n"
        ));
        for r in remotes {
            t.push_str(&format!(" peer 10.0.0.{r} as-number 100\n"));
        }
        t.push_str(" #\n ipv4-family vpnv4\n");
        t.push_str(rr);
        for r in remotes {
            t.push_str(&format!("  peer 10.0.0.{r} enable\n"));
        }
        t.push_str("return\n");
        t
    };
    let clients = "  peer 10.0.0.2 reflect-client\n  peer 10.0.0.3 reflect-client\n";
    let drops = |rr: &str, rr_target: &str, t2: &str, t3: &str| {
        let a = analyze(&[
            ("RR.cfg", &dev("RR", 1, &[2, 3], rr, rr_target)),
            ("PE2.cfg", &dev("PE2", 2, &[1], "", t2)),
            ("PE3.cfg", &dev("PE3", 3, &[1], "", t3)),
        ]);
        a.findings
            .iter()
            .filter(|f| f.rule == "rr-drops-vpn-routes")
            .map(|f| f.changes().next().unwrap().commands.clone())
            .collect::<Vec<_>>()
    };
    // The PEs share a VPN the reflector does not hold: dropped.
    assert_eq!(
        drops(clients, "", "100:1", "100:1"),
        [["undo policy vpn-target"]]
    );
    // `undo policy vpn-target`: nothing is dropped.
    let open = format!("  undo policy vpn-target\n{clients}");
    assert!(drops(&open, "", "100:1", "100:1").is_empty());
    // A reflector that imports the target itself drops nothing.
    assert!(drops(clients, "100:1", "100:1", "100:1").is_empty());
    // Targets nobody else imports: nothing another device would use.
    assert!(drops(clients, "", "100:2", "100:3").is_empty());
}

#[test]
fn vpn_routes_are_missed_only_where_a_target_is_imported() {
    // PE1 and PE3 peer with PE2 only, without a reflector: PE1's VPN
    // routes never reach PE3. They matter only when PE3 imports them.
    let pe = |name: &str, n: u8, peers: &[u8], target: &str| {
        let mut t = format!(
            "sysname {name}\nip vpn-instance V\n ipv4-family\n  route-distinguisher 100:{n}\n  vpn-target {target}\n#\ninterface GigabitEthernet0/0/0\n ip address 10.0.0.{n} 255.255.255.0\nbgp 100\n"
        );
        for p in peers {
            t.push_str(&format!(" peer 10.0.0.{p} as-number 100\n"));
        }
        t.push_str(" #\n ipv4-family vpnv4\n  policy vpn-target\n");
        for p in peers {
            t.push_str(&format!("  peer 10.0.0.{p} enable\n"));
        }
        t.push_str("return\n");
        t
    };
    let shared = |t1: &str, t3: &str| {
        let a = analyze(&[
            ("PE1.cfg", &pe("PE1", 1, &[2], t1)),
            ("PE2.cfg", &pe("PE2", 2, &[1, 3], "100:2 both")),
            ("PE3.cfg", &pe("PE3", 3, &[2], t3)),
        ]);
        gaps(&a)
    };
    assert_eq!(
        shared("100:1 both", "100:3 both"),
        Vec::<Vec<String>>::new()
    );
    assert_eq!(shared("100:1 both", "100:1 both"), [["PE1", "PE3"]]);
    // A hub and its spokes: the spokes import the hub's target only.
    assert_eq!(
        shared(
            "100:1 export-extcommunity\n  vpn-target 100:9 import-extcommunity",
            "100:3 export-extcommunity\n  vpn-target 100:9 import-extcommunity"
        ),
        Vec::<Vec<String>>::new()
    );
}

#[test]
fn a_confederation_of_meshed_member_ases_is_clean_and_a_partial_member_is_not() {
    let member = |name, n, sub: u32, others: &[u32]| {
        let mut d = Dev::new(name, n, sub);
        d.bgp = vec![
            "confederation id 100".to_string(),
            format!(
                "confederation peer-as {}",
                others
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        ];
        d
    };
    // 65001: A, B; 65002: C, D; A-C between the member ASs.
    let a = run(&[
        member("A", 1, 65001, &[65002]).peer(2).ext(3, 65002),
        member("B", 2, 65001, &[65002]).peer(1),
        member("C", 3, 65002, &[65001]).peer(4).ext(1, 65001),
        member("D", 4, 65002, &[65001]).peer(3),
    ]);
    assert_eq!(rules_of(&a), Vec::<&str>::new());
    // E joins 65002 peering with D only: what enters 65002 at C stops at
    // D, and E's routes stop there too.
    let a = run(&[
        member("A", 1, 65001, &[65002]).peer(2).ext(3, 65002),
        member("B", 2, 65001, &[65002]).peer(1),
        member("C", 3, 65002, &[65001]).peer(4).ext(1, 65001),
        member("D", 4, 65002, &[65001]).peer(3).peer(5),
        member("E", 5, 65002, &[65001]).peer(4),
    ]);
    assert_eq!(gaps(&a), [["A", "B", "C", "E"]]);
    assert!(a.findings[0].message.contains("confederation 100"));
}

#[test]
fn speakers_that_behave_alike_are_searched_once() {
    // 200 clients of two reflectors, and a mesh of 30: three classes.
    let mut devs = vec![
        Dev::new("RR1", 1, 100).quiet().peer(2),
        Dev::new("RR2", 2, 100).quiet().peer(1),
    ];
    let names: Vec<&'static str> = (0..200)
        .map(|i| &*Box::leak(format!("C{i}").into_boxed_str()))
        .collect();
    for (i, name) in names.iter().enumerate() {
        let n = 10 + i as u8;
        devs[0] = devs[0].clone().client(n);
        devs[1] = devs[1].clone().client(n);
        devs.push(Dev::new(name, n, 100).peer(1).peer(2));
    }
    let a = run(&devs);
    assert_eq!(rules_of(&a), Vec::<&str>::new());
    let routes = a.network.routes();
    let fr = routes.family(peerlint::model::Family::Ipv4Unicast).unwrap();
    assert_eq!(fr.domains.len(), 1);
    assert_eq!(fr.domains[0].speakers.len(), 202);
    assert_eq!(
        fr.domains[0].classes.len(),
        2,
        "the reflectors, the clients"
    );
    let names: Vec<(&'static str, u8)> = (0..30)
        .map(|i| (&*Box::leak(format!("M{i}").into_boxed_str()), 10 + i as u8))
        .collect();
    let a = run(&mesh(&names, 200));
    let routes = a.network.routes();
    let fr = routes.family(peerlint::model::Family::Ipv4Unicast).unwrap();
    assert_eq!(fr.domains[0].classes.len(), 1, "a full mesh is one class");
}

#[test]
fn graph_and_sessions_show_reflector_roles() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/carrier");
    let a = peerlint::analyze_paths(&[root]);
    let family = peerlint::model::Family::from_name("vpnv4");
    let v: serde_json::Value =
        serde_json::from_str(&peerlint::report::graph::json(&a, family)).unwrap();
    let nodes = v["nodes"].as_array().unwrap();
    // Only the speakers with a VPNv4 peer: PE1, PE2 and RR1's public ones.
    let devices: Vec<&str> = nodes
        .iter()
        .map(|n| n["device"].as_str().unwrap())
        .collect();
    assert_eq!(devices, ["PE1", "PE2", "RR1"]);
    let rr = nodes.iter().find(|n| n["device"] == "RR1").unwrap();
    assert_eq!(rr["reflector_in"], serde_json::json!(["vpnv4"]));
    assert_eq!(rr["cluster_ids"]["vpnv4"], "10.255.0.1");
    let pe2 = nodes.iter().find(|n| n["device"] == "PE2").unwrap();
    assert_eq!(pe2["client_in"], serde_json::json!(["vpnv4"]));
    let edges = v["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 2);
    assert!(edges.iter().all(|e| e["reflector"] == rr["id"]));
    // Every family: the CE sessions are back, and no one reflects there.
    let all: serde_json::Value =
        serde_json::from_str(&peerlint::report::graph::json(&a, None)).unwrap();
    assert!(all["edges"].as_array().unwrap().len() > edges.len());
    let rows = peerlint::report::sessions::rows(&a);
    let role = |device: &str, peer: &str| {
        rows.iter()
            .find(|r| r.device == device && r.peer == peer)
            .and_then(|r| r.reflector_role)
    };
    assert_eq!(role("RR1", "10.255.0.12"), Some("reflector"));
    assert_eq!(role("PE2", "10.255.0.1"), Some("client"));
    assert_eq!(role("CE1", "172.16.1.1"), None);
}

/// A ring of IBGP speakers without reflectors: every speaker peers
/// differently, so each is a class of its own.
fn ring(n: usize) -> peerlint::Analysis {
    let addr = |i: usize| format!("10.0.{}.{}", i / 250, i % 250 + 1);
    let texts: Vec<(String, String)> = (0..n)
        .map(|i| {
            let around = [(i + n - 1) % n, (i + 1) % n];
            let mut t = format!(
                "sysname R{i}\ninterface GigabitEthernet0/0/0\n ip address {} 255.255.0.0\nbgp 100\n router-id {}\n",
                addr(i),
                addr(i)
            );
            for j in around {
                t.push_str(&format!(" peer {} as-number 100\n", addr(j)));
            }
            t.push_str(" ipv4-family unicast\n  import-route direct\n");
            for j in around {
                t.push_str(&format!("  peer {} enable\n", addr(j)));
            }
            (format!("R{i}.cfg"), t)
        })
        .collect();
    let files: Vec<(&str, &str)> = texts
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    analyze(&files)
}

#[test]
fn a_domain_of_too_many_classes_is_not_searched_and_says_so() {
    let a = ring(40);
    assert_eq!(gaps(&a).len(), 1);
    assert_eq!(
        gaps(&a)[0].len(),
        40,
        "every speaker of the ring misses routes"
    );
    let n = peerlint::graph::routes::MAX_CLASSES + 10;
    let a = ring(n);
    assert_eq!(gaps(&a), Vec::<Vec<String>>::new());
    assert_eq!(a.notices.len(), 1, "{:?}", a.notices);
    assert!(
        a.notices[0]
            .message
            .contains("route propagation in ipv4-unicast"),
        "{}",
        a.notices[0].message
    );
}

/// The rules of the propagation family a network under `tests/routes/`
/// gives, with their counts.
fn propagation_rules(case: &str) -> Vec<(&'static str, usize)> {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/routes")
        .join(case);
    let a = peerlint::analyze_paths(&[dir]);
    let mut counts: std::collections::BTreeMap<&'static str, usize> = Default::default();
    for f in &a.findings {
        if matches!(
            f.rule,
            "ibgp-not-propagated" | "single-route-reflector" | "rr-drops-vpn-routes"
        ) {
            *counts.entry(f.rule).or_default() += 1;
        }
    }
    counts.into_iter().collect()
}

/// Designs that once raised a false alarm, each with what it must give.
#[test]
fn designs_that_work_raise_no_propagation_warning() {
    // Two reflectors that are each other's clients, serving the same PEs:
    // neither depends on the other.
    assert_eq!(propagation_rules("02-mutual-client-rrs"), []);
    // A VPNv4 reflector that is also a PE importing every target its
    // clients export drops nothing (`policy vpn-target` page, Usage).
    assert_eq!(
        propagation_rules("04b-vpnv4-rr-pe-imports-all"),
        [("single-route-reflector", 2)]
    );
    // An ignored peer and a mismatched AS are the session rules' to report.
    assert_eq!(propagation_rules("13-ignored-peer"), []);
    assert_eq!(propagation_rules("13b-asmismatch-peer"), []);
    // Clients of a dynamic group are clients.
    assert_eq!(
        propagation_rules("14-dynamic-rr"),
        [("single-route-reflector", 2)]
    );
    // HoVPN: the SPE reflects its UPE's routes and sends the UPE a default
    // route (`peer upe` page).
    assert_eq!(
        propagation_rules("22b-vpnv4-hovpn"),
        [("single-route-reflector", 1)]
    );
    // VPNv6 enabled on sessions whose VPN instances have IPv4 targets
    // only: no VPNv6 route exists to miss.
    assert_eq!(
        propagation_rules("25b-v4-only-instances-vpnv6-enabled"),
        [("single-route-reflector", 2)]
    );
}

#[test]
fn reflection_in_another_family_and_evpn_filtering_are_reported() {
    assert_eq!(
        propagation_rules("06a-evpn-rr-no-undo"),
        [("rr-drops-vpn-routes", 1), ("single-route-reflector", 2)]
    );
    assert_eq!(
        propagation_rules("16-rc-wrong-family"),
        [("ibgp-not-propagated", 1), ("single-route-reflector", 2)]
    );
}
