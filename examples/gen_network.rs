//! Generates a network of Huawei VRP devices, with some Cisco IOS and
//! Junos CEs, for tests and benchmarks:
//!
//! ```sh
//! cargo run --release --example gen_network -- --devices 10000 --seed 1 --out /tmp/net
//! cargo run --release --example gen_network -- --shape reflectors --devices 10020 --out /tmp/rr
//! cargo run --release --example gen_network -- --shape mesh --devices 500 --out /tmp/mesh
//! ```
//!
//! Route reflectors (two per region of up to 100 PEs), PEs (VRP8 dumps, one
//! VPN instance per CE, groups, some IPv6), CEs (VRP5 exports with CRLF, one
//! in twenty a CLI transcript; every other one a switch with access ports;
//! one in ten a Cisco IOS router and one in ten a Junos router),
//! with interfaces, ACLs, AAA and routing blocks around the BGP block so that
//! files weigh tens of KB. Deterministic by seed.
//!
//! One CE session in a hundred is planted both-listen-only, and one in a
//! hundred carries another planted defect, cycling through every rule.
//! Route propagation: one PE per region is the client of one reflector
//! only, rr-0001 filters VPN routes by its own targets, and region 0's
//! reflectors do not reflect between clients while two of its PEs share a
//! VPN.
//! `manifest.json` in the output folder lists each planted finding as its
//! rule and the file of its primary location.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

struct Args {
    devices: usize,
    seed: u64,
    shape: Shape,
    out: PathBuf,
}

/// What kind of network to make.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A carrier: reflectors, PEs and CEs, with planted defects.
    Carrier,
    /// One AS of PEs, each the client of a pair of 20 reflectors that are
    /// meshed with each other; no defect.
    Reflectors,
    /// One AS whose speakers are fully meshed; no defect.
    Mesh,
}

const USAGE: &str =
    "usage: gen_network --devices N [--seed S] [--shape carrier|reflectors|mesh] --out DIR";

fn args() -> Result<Option<Args>, String> {
    let mut devices = 1000;
    let mut seed = 1;
    let mut shape = Shape::Carrier;
    let mut out = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--devices" => devices = value()?.parse().map_err(|e| format!("--devices: {e}"))?,
            "--seed" => seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--shape" => {
                shape = match value()?.as_str() {
                    "carrier" => Shape::Carrier,
                    "reflectors" => Shape::Reflectors,
                    "mesh" => Shape::Mesh,
                    other => return Err(format!("--shape: no shape {other}")),
                }
            }
            "--out" => out = Some(PathBuf::from(value()?)),
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let out = out.ok_or("--out DIR is required")?;
    if devices < 10 {
        return Err("--devices must be at least 10".into());
    }
    Ok(Some(Args {
        devices,
        seed,
        shape,
        out,
    }))
}

/// The defects planted, one per hundred CEs after the both-listen-only ones.
const PLANTS: &[&str] = &[
    "both-connect-only",
    "session-cannot-open",
    "remote-as-mismatch",
    "half-open-session",
    "unknown-remote",
    "clone",
    "member-overrides-group",
    "overridden-setting",
    "invalid-group-name",
    "undefined-group",
    "undefined-vpn-instance",
];

/// The session killers planted on a CE's session with its PE, one per
/// hundred CEs (at 25) in turn.
const KILLERS: &[&str] = &[
    "ebgp-hop-limit",
    "auth-mismatch",
    "gtsm-mismatch",
    "duplicate-router-id",
    "peer-not-enabled",
    "address-family-mismatch",
    "source-interface-down",
    "missing-source-interface",
    "peer-ignored",
];

const PROVIDER_AS: u32 = 64500;

/// A PE that is the client of one route reflector only (planted
/// `single-route-reflector`), one per region.
fn single_homed(j: usize) -> bool {
    j % 100 == 7
}

/// Whether PEs 11 and 12 exist to share a VPN across region 0's
/// reflectors (planted `ibgp-not-propagated`).
fn shares_vpn(pes: usize) -> bool {
    pes > 12
}

fn loopback(kind: u32, i: usize) -> String {
    format!("10.{}.{}.{}", kind, (i >> 8) & 255, i & 255)
}

/// The PE side and the CE side of CE `i`'s link: one /30 of 100.64.0.0/10
/// per CE.
fn link(i: usize) -> (String, String) {
    let base = (100u32 << 24) | (64 << 16) | ((i as u32) << 2);
    let a = |n: u32| std::net::Ipv4Addr::from(base + n).to_string();
    (a(1), a(2))
}

fn v6_link(i: usize) -> (String, String) {
    (
        format!("2001:db8:{:x}:{:x}::1", i >> 16, i & 0xffff),
        format!("2001:db8:{:x}:{:x}::2", i >> 16, i & 0xffff),
    )
}

fn ce_as(i: usize) -> u32 {
    4_200_000_000 + i as u32
}

fn asdot(n: u32) -> String {
    format!("{}.{}", n >> 16, n & 0xffff)
}

/// Blocks that peerlint skips: an ACL, AAA users, routing and management.
fn filler(rng: &mut fastrand::Rng, out: &mut String, eol: &str, rules: usize) {
    let _ = write!(out, "acl number 3000{eol}");
    for r in 0..rules {
        let _ = write!(
            out,
            " rule {} permit ip source 10.{}.{}.0 0.0.0.255 destination 172.{}.{}.0 0.0.0.255{eol}",
            5 * (r + 1),
            rng.u8(..),
            rng.u8(..),
            16 + rng.u8(..16),
            rng.u8(..)
        );
    }
    let _ = write!(
        out,
        "#{eol}aaa{eol} authentication-scheme default{eol} authorization-scheme default{eol} domain default{eol}"
    );
    for u in 0..8 {
        let _ = write!(
            out,
            " local-user op{u} password irreversible-cipher $1c$Gen{:016x}$Zq{:08x}${eol} local-user op{u} service-type ssh{eol} local-user op{u} privilege level 3{eol}",
            rng.u64(..),
            rng.u32(..)
        );
    }
    let _ = write!(
        out,
        "#{eol}ip ip-prefix DEFAULT index 10 permit 0.0.0.0 0{eol}"
    );
    for p in 0..rules / 4 {
        let _ = write!(
            out,
            "ip ip-prefix CUSTOMERS index {} permit 172.{}.0.0 16 greater-equal 24{eol}",
            10 * (p + 1),
            16 + p % 16
        );
    }
    let _ = write!(
        out,
        "#{eol}route-policy TO-CUSTOMER permit node 10{eol} if-match ip-prefix CUSTOMERS{eol} apply community 64500:100{eol}#{eol}snmp-agent{eol}snmp-agent community read cipher %^%#Gen{:012x}%^%#{eol}snmp-agent sys-info version v3{eol}#{eol}user-interface con 0{eol} authentication-mode password{eol}user-interface vty 0 4{eol} authentication-mode aaa{eol} protocol inbound ssh{eol}#{eol}",
        rng.u64(..)
    );
}

pub struct Net {
    pub files: Vec<(String, String)>,
    pub manifest: Vec<(String, String)>,
}

impl Net {
    fn plant(&mut self, rule: &str, file: &str) {
        self.manifest.push((rule.to_string(), file.to_string()));
    }
}

/// CE `i`'s loopback.
fn ce_loopback(i: usize) -> String {
    loopback(252 + (i >> 16) as u32, i & 0xffff)
}

fn pe_name(j: usize) -> String {
    format!("pe-{j:05}")
}

fn ce_name(i: usize) -> String {
    format!("ce-{i:06}")
}

pub fn generate(devices: usize, seed: u64) -> Net {
    let mut rng = fastrand::Rng::with_seed(seed);
    let pes = (devices / 9).max(2);
    let regions = pes.div_ceil(100);
    let rrs = 2 * regions;
    let ces = devices.saturating_sub(pes + rrs).max(1);
    let mut net = Net {
        files: Vec::new(),
        manifest: Vec::new(),
    };
    // CEs per PE, and what each CE carries.
    let mut pe_ces: Vec<Vec<usize>> = vec![Vec::new(); pes];
    for i in 0..ces {
        pe_ces[i % pes].push(i);
    }
    let plant_of = |i: usize| -> Option<&'static str> {
        match i % 100 {
            0 => Some("both-listen-only"),
            25 => Some(KILLERS[(i / 100) % KILLERS.len()]),
            50 => Some(PLANTS[(i / 100) % PLANTS.len()]),
            _ => None,
        }
    };

    // Route reflectors.
    for r in 0..rrs {
        let region = r / 2;
        let name = format!("rr-{r:04}");
        let mut t = String::new();
        let _ = write!(
            t,
            "!Software Version V800R012C10SPC300\n!Last configuration was updated at 2026-11-01 10:00:00+00:00\n#\nsysname {name}\n#\n"
        );
        filler(&mut rng, &mut t, "\n", 200);
        let _ = write!(
            t,
            "interface LoopBack0\n ip address {} 255.255.255.255\n#\n",
            loopback(250, r)
        );
        let _ = write!(
            t,
            "bgp {PROVIDER_AS}\n router-id {}\n group CLIENTS internal\n peer CLIENTS connect-interface LoopBack0\n",
            loopback(250, r)
        );
        for j in (region * 100)..((region + 1) * 100).min(pes) {
            if r % 2 == 1 && single_homed(j) {
                continue;
            }
            let _ = writeln!(t, " peer {} group CLIENTS", loopback(251, j));
        }
        // Every reflector but rr-0001 stops filtering VPN routes by its
        // own targets; region 0's reflectors do not reflect between
        // clients, which two of its PEs sharing a VPN need.
        t.push_str(" #\n ipv4-family vpnv4\n");
        // (It drops what PEs 11 and 12 share, which other PEs import.)
        if r == 1 && shares_vpn(pes) {
            t.push_str("  policy vpn-target\n");
            net.plant("rr-drops-vpn-routes", &format!("{name}.cfg"));
        } else {
            t.push_str("  undo policy vpn-target\n");
        }
        if region == 0 && shares_vpn(pes) {
            t.push_str("  undo reflect between-clients\n");
            if r == 0 {
                net.plant("ibgp-not-propagated", &format!("{name}.cfg"));
            }
        }
        t.push_str("  peer CLIENTS enable\n  peer CLIENTS reflect-client\n#\nreturn\n");
        if r % 2 == 0 {
            for j in (region * 100)..((region + 1) * 100).min(pes) {
                if single_homed(j) {
                    net.plant("single-route-reflector", &format!("{name}.cfg"));
                }
            }
        }
        net.files.push((format!("{name}.cfg"), t));
    }

    // PEs.
    for (j, attached) in pe_ces.iter().enumerate() {
        let name = pe_name(j);
        let region = j / 100;
        let mut t = String::new();
        let _ = write!(
            t,
            "!Software Version V800R012C10SPC300\n!Last configuration was updated at 2026-11-01 10:00:00+00:00\n#\nsysname {name}\n#\n"
        );
        if region == 0 && (j == 11 || j == 12) && shares_vpn(pes) {
            let _ = write!(
                t,
                "ip vpn-instance SHARED\n ipv4-family\n  route-distinguisher {PROVIDER_AS}:{j}\n  vpn-target {PROVIDER_AS}:1000000 both\n#\n"
            );
        }
        for &i in attached {
            let _ = write!(
                t,
                "ip vpn-instance CUST-{i}\n ipv4-family\n  route-distinguisher {PROVIDER_AS}:{i}\n  vpn-target {PROVIDER_AS}:{i} export-extcommunity\n  vpn-target {PROVIDER_AS}:{i} import-extcommunity\n"
            );
            if i % 10 == 3 {
                let _ = write!(t, " ipv6-family\n  route-distinguisher {PROVIDER_AS}:{i}\n");
            }
            t.push_str("#\n");
        }
        filler(&mut rng, &mut t, "\n", 300);
        for c in 0..4 {
            let _ = write!(
                t,
                "interface GigabitEthernet0/1/{c}\n undo shutdown\n description core-{c}\n ip address 10.{}.{}.{} 255.255.255.252\n mpls\n mpls ldp\n#\n",
                200 + c,
                (j >> 6) & 255,
                (j & 63) << 2 | 1
            );
        }
        for (k, &i) in attached.iter().enumerate() {
            let (pe, _) = link(i);
            let _ = write!(
                t,
                "interface GigabitEthernet0/2/0.{}\n vlan-type dot1q {}\n description customer {}\n ip binding vpn-instance CUST-{i}\n ip address {pe} 255.255.255.252\n",
                k + 1,
                k + 1,
                ce_name(i)
            );
            if i % 10 == 3 {
                let _ = write!(t, " ipv6 enable\n ipv6 address {}/64\n", v6_link(i).0);
            }
            t.push_str("#\n");
        }
        let _ = write!(
            t,
            "interface LoopBack0\n ip address {} 255.255.255.255\n#\n",
            loopback(251, j)
        );
        if attached
            .iter()
            .any(|&i| plant_of(i) == Some("undefined-vpn-instance"))
        {
            let _ = write!(
                t,
                "interface GigabitEthernet0/3/9\n ip binding vpn-instance CUST-GONE\n ip address 198.18.{}.{} 255.255.255.252\n#\n",
                (j >> 6) & 255,
                (j & 63) << 2 | 1
            );
            net.plant("undefined-vpn-instance", &format!("{name}.cfg"));
        }
        let _ = write!(t, "bgp {PROVIDER_AS}\n router-id {}\n", loopback(251, j));
        let reflectors = if single_homed(j) {
            vec![2 * region]
        } else {
            vec![2 * region, 2 * region + 1]
        };
        for &r in &reflectors {
            let _ = write!(
                t,
                " peer {0} as-number {PROVIDER_AS}\n peer {0} connect-interface LoopBack0\n",
                loopback(250, r)
            );
        }
        t.push_str(" #\n ipv4-family vpnv4\n  policy vpn-target\n");
        for &r in &reflectors {
            let _ = writeln!(t, "  peer {} enable", loopback(250, r));
        }
        for &i in attached {
            let plant = plant_of(i);
            // The PE peers this CE's loopback: an EBGP session between
            // loopbacks, without ebgp-max-hop.
            let ce = match plant {
                Some("ebgp-hop-limit") => ce_loopback(i),
                _ => link(i).1,
            };
            let as_text = if j % 5 == 0 {
                asdot(ce_as(i))
            } else {
                ce_as(i).to_string()
            };
            let group = if plant == Some("invalid-group-name") {
                format!("CUSTOMER-{i:06}-SITES-OF-THE-NORTHERN-REGION-EBGP-X")
            } else {
                "CE".to_string()
            };
            let _ = write!(
                t,
                " #\n vpn-instance CUST-{i}\n  group {group} external\n  peer {group} as-number {as_text}\n"
            );
            match plant {
                Some("both-listen-only") => {
                    t.push_str(&format!("  peer {group} listen-only\n"));
                }
                Some("member-overrides-group") => {
                    t.push_str(&format!("  peer {group} connect-only\n"));
                    net.plant("member-overrides-group", &format!("{name}.cfg"));
                }
                Some("overridden-setting") => {
                    t.push_str(&format!(
                        "  peer {group} listen-only\n  peer {group} connect-only\n"
                    ));
                    net.plant("overridden-setting", &format!("{name}.cfg"));
                }
                Some("invalid-group-name") => {
                    net.plant("invalid-group-name", &format!("{name}.cfg"))
                }
                _ => {}
            }
            if plant == Some("undefined-group") {
                let _ = write!(t, "  peer {ce} as-number {as_text}\n  peer {ce} group Ce\n");
                net.plant("undefined-group", &format!("{name}.cfg"));
            } else {
                let _ = writeln!(t, "  peer {ce} group {group}");
            }
            match plant {
                Some("both-connect-only") => t.push_str(&format!("  peer {ce} connect-only\n")),
                Some("session-cannot-open") | Some("member-overrides-group") => {
                    t.push_str(&format!("  peer {ce} listen-only\n"))
                }
                Some("unknown-remote") => {
                    // A backup CE whose configuration is not in the set.
                    let _ = writeln!(
                        t,
                        "  peer 198.19.{}.{} as-number {as_text}",
                        (i >> 8) & 255,
                        i & 255
                    );
                    net.plant("unknown-remote", &format!("{name}.cfg"));
                }
                Some("half-open-session") => net.plant("half-open-session", &format!("{name}.cfg")),
                Some("clone") => net.plant("multiple-remotes", &format!("{name}.cfg")),
                _ => {}
            }
            let _ = write!(
                t,
                " #\n ipv4-family vpn-instance CUST-{i}\n  import-route direct\n  peer {ce} enable\n"
            );
            if plant == Some("unknown-remote") {
                let _ = writeln!(t, "  peer 198.19.{}.{} enable", (i >> 8) & 255, i & 255);
            }
            if i % 10 == 3 {
                let (_, ce6) = v6_link(i);
                let _ = write!(
                    t,
                    " #\n ipv6-family vpn-instance CUST-{i}\n  peer {ce6} as-number {as_text}\n"
                );
            }
        }
        t.push_str("#\nreturn\n");
        net.files.push((format!("{name}.cfg"), t));
    }

    // CEs.
    for i in 0..ces {
        let name = ce_name(i);
        let plant = plant_of(i);
        let (pe, ce) = link(i);
        let transcript = i % 20 == 7;
        let file = format!("{name}.{}", if transcript { "txt" } else { "cfg" });
        let remote_as = if plant == Some("remote-as-mismatch") {
            64999
        } else {
            PROVIDER_AS
        };
        let mut bgp = Vec::new();
        if plant != Some("half-open-session") {
            bgp.push(format!("peer {pe} as-number {remote_as}"));
            match plant {
                Some("both-listen-only") => bgp.push(format!("peer {pe} listen-only")),
                Some("both-connect-only") => bgp.push(format!("peer {pe} connect-only")),
                Some("session-cannot-open") => {
                    bgp.push(format!("peer {pe} connect-interface LoopBack0"))
                }
                Some("auth-mismatch") => bgp.push(format!(
                    "peer {pe} password cipher %^%#Gq6Xp2mR9tV5wL8yB3nK7jH4cF1dS0aZ%^%#"
                )),
                Some("gtsm-mismatch") => bgp.push(format!("peer {pe} valid-ttl-hops 1")),
                Some("missing-source-interface") => {
                    bgp.push(format!("peer {pe} connect-interface LoopBack7"))
                }
                Some("ebgp-hop-limit") => {
                    bgp.push(format!("peer {pe} connect-interface LoopBack0"))
                }
                Some("peer-ignored") => bgp.push(format!("peer {pe} ignore")),
                _ => {}
            }
            if i % 10 == 3 {
                bgp.push(format!("peer {} as-number {PROVIDER_AS}", v6_link(i).0));
            }
        }
        let lo = ce_loopback(i);
        match plant {
            Some("both-listen-only") => net.plant("both-listen-only", &file),
            Some("both-connect-only") => net.plant("both-connect-only", &file),
            Some("session-cannot-open") => net.plant("session-cannot-open", &file),
            Some("remote-as-mismatch") => net.plant("remote-as-mismatch", &file),
            // The end without GTSM is the PE.
            Some("gtsm-mismatch") => {
                net.plant("gtsm-mismatch", &format!("{}.cfg", pe_name(i % pes)))
            }
            Some(
                k @ ("auth-mismatch"
                | "duplicate-router-id"
                | "peer-not-enabled"
                | "address-family-mismatch"
                | "source-interface-down"
                | "missing-source-interface"
                | "peer-ignored"
                | "ebgp-hop-limit"),
            ) => net.plant(k, &file),
            _ => {}
        }
        // A CE copied from its PE keeps the PE's router ID.
        let router_id = if plant == Some("duplicate-router-id") {
            loopback(251, i % pes)
        } else {
            lo.clone()
        };
        // One CE in ten is a Cisco IOS router, one in ten a Junos router
        // (hierarchical or `set` lines, in turn), among those with no
        // planted defect; and two both-listen-only plants in three (the
        // other end passive in its own words).
        // Two both-listen-only plants in three are across vendors.
        let foreign = matches!(plant, None | Some("both-listen-only")) && !transcript;
        let (cisco, junos) = match plant {
            Some(_) => (i % 300 == 100, i % 300 == 200),
            None => (i % 10 == 5, i % 10 == 8),
        };
        if foreign && cisco {
            let file = if i % 20 == 5 {
                name.clone()
            } else {
                format!("{name}.cfg")
            };
            if plant == Some("both-listen-only") {
                net.manifest.retain(|(_, f)| f != &format!("{name}.cfg"));
                net.plant("both-listen-only", &file);
            }
            net.files.push((
                file,
                cisco_ce(&name, i, &pe, &ce, &lo, plant.is_some(), &mut rng),
            ));
            continue;
        }
        if foreign && junos {
            let file = format!("{name}.conf");
            if plant == Some("both-listen-only") {
                net.manifest.retain(|(_, f)| f != &format!("{name}.cfg"));
                net.plant("both-listen-only", &file);
            }
            net.files
                .push((file, junos_ce(&name, i, &pe, &ce, &lo, plant.is_some())));
            continue;
        }
        let text = if transcript {
            let mut t = format!(
                "<{name}>system-view\nEnter system view, return user view with Ctrl+Z.\n[{name}]sysname {name}\n[{name}]interface GigabitEthernet0/0/0\n[{name}-GigabitEthernet0/0/0]ip address {ce} 255.255.255.252\n"
            );
            if i % 10 == 3 {
                let _ = write!(
                    t,
                    "[{name}-GigabitEthernet0/0/0]ipv6 enable\n[{name}-GigabitEthernet0/0/0]ipv6 address {}/64\n",
                    v6_link(i).1
                );
            }
            let _ = write!(
                t,
                "[{name}-GigabitEthernet0/0/0]quit\n[{name}]interface LoopBack0\n[{name}-LoopBack0]ip address {lo} 255.255.255.255\n[{name}-LoopBack0]quit\n[{name}]bgp {}\n",
                ce_as(i)
            );
            for b in &bgp {
                let _ = writeln!(t, "[{name}-bgp]{b}");
            }
            if i % 10 == 3 {
                let _ = write!(
                    t,
                    "[{name}-bgp]ipv6-family unicast\n[{name}-bgp-af-ipv6]peer {} enable\n",
                    v6_link(i).0
                );
            }
            let _ = write!(t, "[{name}-bgp]return\n<{name}>save\n");
            t
        } else {
            let e = "\r\n";
            let mut t = format!(
                "{e}[V200R003C00]{e}#{e} sysname {name}{e}#{e} clock timezone UTC add 00:00:00{e}#{e}"
            );
            filler(&mut rng, &mut t, e, 280);
            let _ = write!(
                t,
                "interface GigabitEthernet0/0/0{e} ip address {ce} 255.255.255.252 {e}"
            );
            if plant == Some("source-interface-down") {
                let _ = write!(t, " shutdown{e}");
            }
            if i % 10 == 3 {
                let _ = write!(t, " ipv6 enable{e} ipv6 address {}/64{e}", v6_link(i).1);
            }
            for p in 1..12 {
                let _ = write!(
                    t,
                    "#{e}interface GigabitEthernet0/0/{p}{e} description lan-{p}{e} ip address 192.168.{p}.1 255.255.255.0 {e}"
                );
            }
            // Every other CE is a switch with access ports: interface
            // blocks that hold no address.
            if i % 2 == 1 {
                for p in 1..=24 {
                    let _ = write!(
                        t,
                        "#{e}interface Ethernet0/0/{p}{e} description access-{p}{e} port link-type access{e} port default vlan {}{e} stp edged-port enable{e} undo ntdp enable{e}",
                        10 + p % 4
                    );
                }
            }
            let _ = write!(
                t,
                "#{e}interface LoopBack0{e} ip address {lo} 255.255.255.255 {e}#{e}bgp {}{e} router-id {router_id}{e}",
                ce_as(i)
            );
            for b in &bgp {
                let _ = write!(t, " {b} {e}");
            }
            let _ = write!(
                t,
                " #{e} ipv4-family unicast{e}  undo synchronization{e}  network {lo} 255.255.255.255 {e}"
            );
            if plant == Some("peer-not-enabled") {
                let _ = write!(t, "  undo peer {pe} enable{e}");
            }
            if i % 10 == 3 {
                let _ = write!(
                    t,
                    " #{e} ipv6-family unicast{e}  peer {} enable{e}",
                    v6_link(i).0
                );
            }
            if plant == Some("address-family-mismatch") {
                let _ = write!(t, " #{e} ipv4-family vpnv4{e}  peer {pe} enable{e}");
            }
            let _ = write!(t, "#{e}return{e}");
            t.push('\0');
            t
        };
        if plant == Some("clone") {
            // A lab copy of the CE left in the backups, address and all.
            let clone = format!("lab-{name}.cfg");
            net.plant("duplicate-device", &clone);
            net.plant("duplicate-address", &clone);
            net.files.push((clone, text.clone()));
        }
        net.files.push((file, text));
    }
    net
}

/// A Cisco IOS CE (IOS `neighbor transport connection-mode passive` when
/// `passive`), with access lists around its BGP block.
fn cisco_ce(
    name: &str,
    i: usize,
    pe: &str,
    ce: &str,
    lo: &str,
    passive: bool,
    rng: &mut fastrand::Rng,
) -> String {
    let mut t = format!(
        "!\nversion 15.2\nservice timestamps debug datetime msec\nhostname {name}\n!\nenable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0\n!\n"
    );
    for r in 0..200 {
        let _ = writeln!(
            t,
            "access-list 101 permit tcp 10.{}.{}.0 0.0.0.255 any eq {}",
            rng.u8(..),
            r % 256,
            rng.u16(1..1024)
        );
    }
    let _ = write!(
        t,
        "!\ninterface Loopback0\n ip address {lo} 255.255.255.255\n!\ninterface GigabitEthernet0/0\n description uplink\n ip address {ce} 255.255.255.252\n!\n"
    );
    for p in 1..12 {
        let _ = write!(
            t,
            "interface GigabitEthernet0/{p}\n description lan-{p}\n ip address 192.168.{p}.1 255.255.255.0\n!\n"
        );
    }
    let _ = write!(
        t,
        "router bgp {}\n bgp router-id {lo}\n bgp log-neighbor-changes\n neighbor {pe} remote-as {PROVIDER_AS}\n",
        ce_as(i)
    );
    if passive {
        let _ = writeln!(t, " neighbor {pe} transport connection-mode passive");
    }
    let _ = write!(
        t,
        " !\n address-family ipv4\n  network {lo} mask 255.255.255.255\n  neighbor {pe} activate\n exit-address-family\n!\nline vty 0 4\n login local\n!\nend\n"
    );
    t
}

/// A Junos CE, hierarchical or in `set` lines (Junos `passive` when
/// `passive`).
fn junos_ce(name: &str, i: usize, pe: &str, ce: &str, lo: &str, passive: bool) -> String {
    let asn = ce_as(i);
    if i % 20 == 8 {
        let mut t = format!(
            "set version 21.4R3\nset system host-name {name}\nset interfaces ge-0/0/0 unit 0 family inet address {ce}/30\nset interfaces lo0 unit 0 family inet address {lo}/32\n"
        );
        for p in 1..12 {
            let _ = writeln!(
                t,
                "set interfaces ge-0/0/{p} unit 0 family inet address 192.168.{p}.1/24"
            );
        }
        let _ = write!(
            t,
            "set routing-options router-id {lo}\nset routing-options autonomous-system {asn}\nset protocols bgp group PE type external\nset protocols bgp group PE peer-as {PROVIDER_AS}\nset protocols bgp group PE neighbor {pe}\n"
        );
        if passive {
            t.push_str("set protocols bgp group PE passive\n");
        }
        t
    } else {
        let mut t = format!(
            "## Last commit: 2026-11-30 10:00:00 UTC by netops\nversion 21.4R3;\nsystem {{\n    host-name {name};\n}}\ninterfaces {{\n    ge-0/0/0 {{\n        unit 0 {{\n            family inet {{\n                address {ce}/30;\n            }}\n        }}\n    }}\n"
        );
        for p in 1..12 {
            let _ = write!(
                t,
                "    ge-0/0/{p} {{\n        unit 0 {{\n            family inet {{\n                address 192.168.{p}.1/24;\n            }}\n        }}\n    }}\n"
            );
        }
        let _ = write!(
            t,
            "    lo0 {{\n        unit 0 {{\n            family inet {{\n                address {lo}/32;\n            }}\n        }}\n    }}\n}}\nrouting-options {{\n    router-id {lo};\n    autonomous-system {asn};\n}}\nprotocols {{\n    bgp {{\n        group PE {{\n            type external;\n"
        );
        if passive {
            t.push_str("            passive;\n");
        }
        let _ = write!(
            t,
            "            peer-as {PROVIDER_AS};\n            neighbor {pe};\n        }}\n    }}\n}}\n"
        );
        t
    }
}

pub fn write_all(net: &Net, out: &Path) -> std::io::Result<u64> {
    std::fs::create_dir_all(out)?;
    let mut bytes = 0;
    for (name, text) in &net.files {
        std::fs::write(out.join(name), text)?;
        bytes += text.len() as u64;
    }
    let mut manifest = String::from("[\n");
    let mut entries = net.manifest.clone();
    entries.sort();
    for (n, (rule, file)) in entries.iter().enumerate() {
        let comma = if n + 1 < entries.len() { "," } else { "" };
        let _ = writeln!(
            manifest,
            "  {{\"rule\": \"{rule}\", \"file\": \"{file}\"}}{comma}"
        );
    }
    manifest.push_str("]\n");
    std::fs::write(out.join("manifest.json"), manifest)?;
    Ok(bytes)
}

/// One AS of `devices` speakers for the propagation benchmark: 20
/// reflectors (2 when there are fewer than 40 devices) in pairs, each pair
/// one cluster, meshed with each other, and PEs that are clients of one
/// pair, in IPv4 unicast and VPNv4, all in one VPN; or (`mesh`) a full mesh.
pub fn generate_as(devices: usize, shape: Shape) -> Net {
    let mut net = Net {
        files: Vec::new(),
        manifest: Vec::new(),
    };
    let rrs = match shape {
        Shape::Mesh => 0,
        _ if devices < 40 => 2,
        _ => 20,
    };
    let head = |t: &mut String, name: &str, lo: &str| {
        let _ = write!(
            t,
            "sysname {name}\n#\nip vpn-instance CORP\n ipv4-family\n  route-distinguisher {PROVIDER_AS}:1\n  vpn-target {PROVIDER_AS}:1 both\n#\ninterface LoopBack0\n ip address {lo} 255.255.255.255\n#\nbgp {PROVIDER_AS}\n router-id {lo}\n"
        );
    };
    // Each speaker's peers, and which of them are its clients.
    let speakers = devices - rrs;
    let pair = |j: usize| j % (rrs / 2).max(1);
    let mut write = |name: String, lo: String, peers: Vec<(String, bool)>, rr: Option<usize>| {
        let mut t = String::new();
        head(&mut t, &name, &lo);
        for (p, _) in &peers {
            let _ = write!(
                t,
                " peer {p} as-number {PROVIDER_AS}\n peer {p} connect-interface LoopBack0\n"
            );
        }
        for family in ["ipv4-family unicast", "ipv4-family vpnv4"] {
            let _ = write!(t, " #\n {family}\n");
            match rr {
                Some(r) => {
                    let _ = writeln!(t, "  reflector cluster-id {}", r / 2 + 1);
                    if family.ends_with("vpnv4") {
                        t.push_str("  undo policy vpn-target\n");
                    }
                }
                None if family.ends_with("unicast") => t.push_str("  import-route direct\n"),
                None => {}
            }
            for (p, client) in &peers {
                let _ = writeln!(t, "  peer {p} enable");
                if *client {
                    let _ = writeln!(t, "  peer {p} reflect-client");
                }
            }
        }
        t.push_str("#\nreturn\n");
        net.files.push((format!("{name}.cfg"), t));
    };
    for r in 0..rrs {
        let mut peers: Vec<(String, bool)> = (0..rrs)
            .filter(|&o| o != r)
            .map(|o| (loopback(250, o), false))
            .collect();
        peers.extend(
            (0..speakers)
                .filter(|&j| pair(j) == r / 2)
                .map(|j| (loopback(251, j), true)),
        );
        write(format!("rr-{r:04}"), loopback(250, r), peers, Some(r));
    }
    for j in 0..speakers {
        let peers: Vec<(String, bool)> = if rrs == 0 {
            (0..speakers)
                .filter(|&k| k != j)
                .map(|k| (loopback(251, k), false))
                .collect()
        } else {
            [2 * pair(j), 2 * pair(j) + 1]
                .iter()
                .map(|&r| (loopback(250, r), false))
                .collect()
        };
        write(pe_name(j), loopback(251, j), peers, None);
    }
    net
}

fn main() {
    let args = match args() {
        Ok(Some(a)) => a,
        Ok(None) => {
            println!("{USAGE}");
            return;
        }
        Err(e) => {
            eprintln!("gen_network: {e}\n{USAGE}");
            std::process::exit(2);
        }
    };
    let net = match args.shape {
        Shape::Carrier => generate(args.devices, args.seed),
        shape => generate_as(args.devices, shape),
    };
    match write_all(&net, &args.out) {
        Ok(bytes) => eprintln!(
            "gen_network: {} files, {} bytes, {} planted findings in {}",
            net.files.len(),
            bytes,
            net.manifest.len(),
            args.out.display()
        ),
        Err(e) => {
            eprintln!("gen_network: {}: {e}", args.out.display());
            std::process::exit(2);
        }
    }
}
