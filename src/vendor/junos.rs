//! Juniper Junos, in either of the forms `show configuration` prints: the
//! hierarchical one (curly braces) and `set` lines (`| display set`). Both
//! become one list of statements, each a full path of words with its line
//! ([`statements`]), and the statements are lowered into the neutral
//! model.
//!
//! What is read, and where Juniper documents it (Junos CLI Reference
//! statement pages unless another guide is named):
//! - `system host-name`: the device's name;
//! - `interfaces IF unit N family inet|inet6 address A/L`: the addresses
//!   of logical interface `IF.N`; `disable` at the interface or the unit
//!   level shuts it ("disable (Interface)": a disabled interface is
//!   treated as administratively down; a disabled physical interface
//!   takes its units down, as the model reads a parent interface);
//! - `routing-options autonomous-system`, `router-id`, `confederation N
//!   members [ … ]` ("autonomous-system", "router-id", "confederation");
//! - `protocols bgp` at its three levels, global, `group`, `neighbor`: "the
//!   more-specific statement overrides the less-specific statement" (Junos
//!   Routing Protocols Configuration Guide, "Configuring BGP"; the "group
//!   (Protocols BGP)" page: a group's options are the global ones unless it
//!   sets its own). A Junos group is lowered as a model group whose
//!   settings are its own or else the global level's; a neighbor's own
//!   settings go on the peer;
//! - `routing-instances V` of type `vrf` or `virtual-router`: a VRF, its
//!   `interface`s, `vrf-target`, and its own `protocols bgp` and
//!   `routing-options` ("Routing Instances Overview", "instance-type",
//!   "vrf-target").
//!
//! Not read: configuration groups (`groups`, `apply-groups`: a problem is
//! recorded where `apply-groups` is used, since what it inherits is not in
//! the model), `logical-systems`, routing policies (`vrf-import`,
//! `vrf-export`), dynamic neighbors' `peer-as-list`.

mod statements;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::model::{
    Asn, Auth, ConnectSource, Device, Draft, Family, FamilyLine, FakeAs, GroupKind, IfAddr, Mode,
    Name, PUBLIC_VRF, Settings, Unwritten, Vendor, password_hash,
};
use crate::source::{FileId, Span};

use statements::Stmt;

/// The TTL of a `multihop` session that sets none ("multihop (Protocols
/// BGP)", and the Junos 6.0 Routing Configuration Guide's `multihop`
/// summary: 64 by default for multihop EBGP, confederation and IBGP
/// sessions).
const MULTIHOP_TTL: u8 = 64;

pub fn lower(file: FileId, text: &str, stem: &str) -> Device {
    let stmts = statements::read(file, text);
    let mut draft = Draft::new(file, stem, Vendor::Junos);
    let mut reader = Reader::default();
    for s in &stmts {
        reader.statement(&mut draft, s);
    }
    reader.finish(&mut draft);
    draft.finish()
}

/// Where a `vrf-target` community applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dir {
    Both,
    Import,
    Export,
}

/// What the statements say, gathered before any of it is lowered: a
/// routing instance's type, the AS of the BGP process and a group's
/// global defaults may come after the lines that need them (`set` lines
/// come in the order they were typed).
#[derive(Default)]
struct Reader<'t> {
    asn: Option<(Asn, Span)>,
    router_id: Option<(Ipv4Addr, Span)>,
    confederation: Option<(Asn, Span)>,
    confederation_members: Vec<Asn>,
    confederation_line: Option<Span>,
    /// `protocols bgp` of the master instance.
    bgp: Bgp<'t>,
    instances: Vec<Instance<'t>>,
    instance_index: HashMap<&'t str, usize>,
    /// Addresses already read, by interface: an `address A { primary; }`
    /// block and a repeated `set` line give one.
    addresses: HashSet<(Name, IpAddr, u8)>,
    /// Interfaces that have their first (primary) IPv4 address.
    primary_v4: HashSet<Name>,
    /// `switch-options vrf-target`: the default switch's EVPN targets.
    evpn_targets: Vec<(Dir, &'t str)>,
}

/// One `routing-instances V`.
struct Instance<'t> {
    name: &'t str,
    /// Its first line.
    decl: Span,
    kind: Option<&'t str>,
    interfaces: Vec<(&'t str, Span)>,
    targets: Vec<(Dir, &'t str)>,
    asn: Option<(Asn, Span)>,
    router_id: Option<(Ipv4Addr, Span)>,
    bgp: Bgp<'t>,
    evpn: bool,
}

impl Instance<'_> {
    /// A routing instance with its own IP routing table and interfaces:
    /// `vrf` and `virtual-router` ("instance-type"). One that names no type
    /// is read as one too (its BGP peers and interfaces are kept rather
    /// than dropped); layer 2 types (`evpn`, `mac-vrf`, `virtual-switch`,
    /// `vpls`, `l2vpn`…) and `forwarding` are not VRFs.
    fn is_vrf(&self) -> bool {
        matches!(
            self.kind,
            None | Some("vrf" | "virtual-router" | "no-forwarding")
        )
    }

    /// A layer 2 instance whose `vrf-target` marks EVPN routes.
    fn is_evpn(&self) -> bool {
        matches!(self.kind, Some("evpn" | "mac-vrf" | "virtual-switch"))
    }
}

/// One `protocols bgp`, of the master instance or a routing instance.
#[derive(Default)]
struct Bgp<'t> {
    /// Its first line.
    first: Option<Span>,
    global: Level,
    groups: Vec<GroupCfg<'t>>,
    group_index: HashMap<&'t str, usize>,
}

struct GroupCfg<'t> {
    name: &'t str,
    decl: Span,
    level: Level,
    neighbors: Vec<NeighborCfg<'t>>,
    neighbor_index: HashMap<&'t str, usize>,
}

struct NeighborCfg<'t> {
    addr: &'t str,
    decl: Span,
    level: Level,
}

/// The settings of one BGP level (global, group or neighbor), each with
/// the line that makes it; within a level, a later line replaces an
/// earlier one (a leaf holds one value).
#[derive(Clone, Debug, Default)]
struct Level {
    /// `peer-as N`.
    peer_as: Option<(Asn, Span)>,
    /// `type internal|external` (group level only, "type (Protocols BGP)").
    kind: Option<(GroupKind, Span)>,
    /// `local-address A` ("local-address (Protocols BGP)": the address the
    /// session is established from and accepted on).
    local_address: Option<(IpAddr, Span)>,
    /// `passive` ("passive (Protocols BGP)": no open is sent, the peer's
    /// is waited for; Junos has no statement that only connects).
    passive: Option<Span>,
    /// `multihop`: its first line, and its `ttl` when given.
    multihop: Option<Span>,
    multihop_ttl: Option<(u8, Span)>,
    /// `ttl N` on its own.
    ttl: Option<(u8, Span)>,
    /// `authentication-key` or `authentication-key-chain`.
    auth: Option<(Auth, Span)>,
    /// `local-as N [private|alias]`.
    local_as: Option<(Asn, Span)>,
    local_as_alias: bool,
    /// `family AFI SAFI`, each family once with its first line.
    families: Vec<(Family, Span)>,
    /// `allow [ prefixes ]` (group level only).
    allow: Vec<(IpAddr, u8, Span)>,
}

/// Which BGP level a statement is at.
#[derive(Clone, Copy, PartialEq, Eq)]
enum At {
    Global,
    Group,
    Neighbor,
}

impl Level {
    fn apply(&mut self, draft: &mut Draft, words: &[&str], s: &Stmt<'_>, at: At) {
        let span = s.span;
        match words {
            ["peer-as", n, ..] => match Asn::parse(n) {
                Some(a) => self.peer_as = Some((a, span)),
                None => draft.problem(span, format!("peer-as {n} is not an AS number")),
            },
            // "type (Protocols BGP)": the statement exists at the group
            // level only.
            ["type", t] if at == At::Group => match *t {
                "internal" => self.kind = Some((GroupKind::Internal, span)),
                "external" => self.kind = Some((GroupKind::External, span)),
                _ => {}
            },
            ["local-address", a, ..] => match a.parse::<IpAddr>() {
                Ok(a) => self.local_address = Some((a, span)),
                Err(_) => draft.problem(span, format!("local-address {a} is not an IP address")),
            },
            ["passive", ..] => self.passive = Some(span),
            // `multihop;`, `multihop { ttl N; no-nexthop-change; }`, and the
            // older `multihop N;` (Junos 6.0 to 9.x syntax).
            ["multihop", rest @ ..] => {
                self.multihop.get_or_insert(span);
                let ttl = match rest {
                    ["ttl", n, ..] | [n] => n.parse::<u8>().ok().filter(|&n| n > 0),
                    _ => None,
                };
                if let Some(n) = ttl {
                    self.multihop_ttl = Some((n, span));
                }
            }
            ["ttl", n, ..] => {
                if let Some(n) = n.parse::<u8>().ok().filter(|&n| n > 0) {
                    self.ttl = Some((n, span));
                }
            }
            // "authentication-key (Protocols BGP)": an MD5 key, which Junos
            // stores and prints as a `$9$` ciphertext (not comparable); a
            // plaintext key typed in a `set` line is compared by its hash.
            ["authentication-key", key, ..] => {
                let simple = (!key.starts_with("$9$")).then(|| password_hash(key));
                self.auth = Some((Auth::Password { simple }, span));
            }
            ["authentication-key-chain", chain, ..] => {
                self.auth = Some((Auth::Keychain(Name::from(*chain)), span));
            }
            ["local-as", rest @ ..] => {
                if let Some(a) = rest.first().and_then(|w| Asn::parse(w)) {
                    self.local_as = Some((a, span));
                    self.local_as_alias = false;
                }
                if rest.contains(&"alias") {
                    self.local_as_alias = true;
                }
            }
            ["family", afi, safi, ..] => self.family(afi, safi, span),
            // "family (Protocols BGP)": the default family type is unicast.
            ["family", afi] if !s.opener => self.family(afi, "unicast", span),
            ["allow", nets @ ..] if at == At::Group => {
                for net in nets {
                    match allowed(net) {
                        Some(list) => {
                            for (a, len) in list {
                                self.allow.push((a, len, span));
                            }
                        }
                        None => draft.problem(span, format!("allow {net} is not a prefix")),
                    }
                }
            }
            _ => {}
        }
    }

    fn family(&mut self, afi: &str, safi: &str, span: Span) {
        for &f in family_of(afi, safi) {
            if !self.families.iter().any(|(g, _)| *g == f) {
                self.families.push((f, span));
            }
        }
    }

    /// The TTL the end sends with: its `multihop` TTL (64 when it gives
    /// none), else a `ttl` of its own. A `ttl` without `multihop` is taken
    /// as the TTL sent, the reading that makes no single-hop session fail
    /// a GTSM check it would pass; the hop count is not otherwise judged.
    fn hops(&self) -> Option<(u8, Span)> {
        match self.multihop {
            Some(line) => Some(
                self.multihop_ttl
                    .or(self.ttl)
                    .unwrap_or((MULTIHOP_TTL, line)),
            ),
            None => self.ttl,
        }
    }

    /// This level's settings, each taken from `outer` when this level has
    /// none (a group over the global level). A `family` list is taken
    /// whole or not at all ("family (Protocols BGP)": families are not
    /// merged between levels).
    fn over(&self, outer: &Level) -> Level {
        let (local_as, local_as_alias) = match self.local_as {
            Some(_) => (self.local_as, self.local_as_alias),
            None => (outer.local_as, outer.local_as_alias),
        };
        let (multihop, multihop_ttl, ttl) =
            if self.multihop.is_some() || self.ttl.is_some() {
                (self.multihop, self.multihop_ttl, self.ttl)
            } else {
                (outer.multihop, outer.multihop_ttl, outer.ttl)
            };
        Level {
            peer_as: self.peer_as.or(outer.peer_as),
            kind: self.kind.or(outer.kind),
            local_address: self.local_address.or(outer.local_address),
            passive: self.passive.or(outer.passive),
            multihop,
            multihop_ttl,
            ttl,
            auth: self.auth.clone().or_else(|| outer.auth.clone()),
            local_as,
            local_as_alias,
            families: if self.families.is_empty() {
                outer.families.clone()
            } else {
                self.families.clone()
            },
            allow: self.allow.clone(),
        }
    }

    /// Writes the level's settings into the model's.
    fn write(&self, s: &mut Settings) {
        if let Some((a, span)) = self.peer_as {
            s.as_number.set(a, span);
        }
        if let Some(span) = self.passive {
            s.mode.set(Mode::ListenOnly, span);
        }
        if let Some((a, span)) = self.local_address {
            s.connect_interface.set(ConnectSource::Address(a), span);
        }
        if let Some((n, span)) = self.hops() {
            s.more_mut().ebgp_max_hop.set(n, span);
        }
        if let Some((auth, span)) = &self.auth {
            s.more_mut().auth.set(auth.clone(), *span);
        }
        // "local-as": with `alias`, the session is established with either
        // the local AS or the global one, as `fake-as … dual-as` is read.
        if let Some((asn, span)) = self.local_as {
            s.more_mut().fake_as.set(
                FakeAs {
                    asn,
                    dual: self.local_as_alias,
                },
                span,
            );
        }
    }
}

/// The model's families for a Junos `family AFI SAFI` ("family (Protocols
/// BGP)"); `any` is unicast and multicast. Families the model does not
/// name are [`Family::Other`].
fn family_of(afi: &str, safi: &str) -> &'static [Family] {
    match (afi, safi) {
        ("inet", "unicast") => &[Family::Ipv4Unicast],
        ("inet", "any") => &[Family::Ipv4Unicast, Family::Other],
        ("inet", "labeled-unicast") => &[Family::LabeledUnicast],
        ("inet6", "unicast") => &[Family::Ipv6Unicast],
        ("inet6", "any") => &[Family::Ipv6Unicast, Family::Other],
        ("inet-vpn", "unicast" | "any") => &[Family::Vpnv4],
        ("inet6-vpn", "unicast" | "any") => &[Family::Vpnv6],
        ("evpn", _) => &[Family::Evpn],
        _ => &[Family::Other],
    }
}

/// An `allow` entry: `all` (every address, "allow (Protocols BGP)"), a
/// prefix, or one address.
fn allowed(word: &str) -> Option<Vec<(IpAddr, u8)>> {
    if word == "all" {
        return Some(vec![
            (IpAddr::V4(Ipv4Addr::UNSPECIFIED), 0),
            (IpAddr::V6(Ipv6Addr::UNSPECIFIED), 0),
        ]);
    }
    address(word).map(|p| vec![p])
}

/// `A/L`, or an address alone (a host: /32 or /128).
fn address(word: &str) -> Option<(IpAddr, u8)> {
    super::lines::prefix(word).or_else(|| {
        let a: IpAddr = word.parse().ok()?;
        Some((a, if a.is_ipv4() { 32 } else { 128 }))
    })
}

/// A neighbor's address, without an IPv6 link-local zone (`fe80::1%ge-0/0/0.0`).
fn neighbor_addr(word: &str) -> Option<IpAddr> {
    word.split('%').next()?.parse().ok()
}

/// A logical interface's name: a name given without a unit is unit 0, as
/// Junos reads `interface ge-0/0/0` in a routing instance.
fn logical(name: &str) -> String {
    if name.contains('.') {
        name.to_string()
    } else {
        format!("{name}.0")
    }
}

/// A route target as the other vendors' readers keep it: `target:` left
/// out (`target:65000:1` is `65000:1`).
fn target(word: &str) -> Name {
    Name::from(word.strip_prefix("target:").unwrap_or(word))
}

/// `vrf-target C`, `vrf-target import C`, `vrf-target export C`.
fn targets<'t>(words: &[&'t str]) -> Option<(Dir, &'t str)> {
    match words {
        ["import", c, ..] => Some((Dir::Import, *c)),
        ["export", c, ..] => Some((Dir::Export, *c)),
        ["auto", ..] => None,
        [c] if c.starts_with("target:") => Some((Dir::Both, *c)),
        _ => None,
    }
}

fn is_link_local(a: IpAddr) -> bool {
    matches!(a, IpAddr::V6(v6) if v6.segments()[0] & 0xffc0 == 0xfe80)
}

impl<'t> Reader<'t> {
    fn statement(&mut self, draft: &mut Draft, s: &Stmt<'t>) {
        let words = s.words.as_slice();
        // Configuration groups are templates (with wildcards) that only
        // `apply-groups` makes part of the configuration.
        if matches!(words.first(), Some(&"groups" | &"logical-systems")) {
            return;
        }
        if let Some(at) = words.iter().position(|w| *w == "apply-groups") {
            // Junos OS CLI User Guide, "Applying a Junos Configuration
            // Group": the hierarchy level inherits the group's statements.
            // What it inherits is not read: say so rather than guess.
            let names = words.get(at + 1..).unwrap_or_default().join(" ");
            draft.problem(
                s.span,
                format!(
                    "apply-groups {names}: peerlint does not read Junos configuration groups; the statements this line inherits are not in the model"
                ),
            );
            return;
        }
        let span = s.span;
        match words {
            ["system", "host-name", name, ..] => draft.name(name, span),
            ["interfaces", name, rest @ ..] => self.interface(draft, name, rest, s),
            ["routing-options", rest @ ..] => self.routing_options(draft, rest, span, None),
            ["protocols", "bgp", rest @ ..] => self.bgp.statement(draft, rest, s),
            ["routing-instances", name, rest @ ..] => self.instance(draft, name, rest, s),
            ["switch-options", "vrf-target", rest @ ..] => {
                if let Some(t) = targets(rest) {
                    self.evpn_targets.push(t);
                }
            }
            _ => {}
        }
    }

    /// `interfaces IF …`: "disable (Interface)" at the interface or unit
    /// level; a unit's `family inet|inet6 address`.
    fn interface(&mut self, draft: &mut Draft, name: &str, rest: &[&str], s: &Stmt<'_>) {
        let span = s.span;
        let (unit, words) = match rest {
            ["disable"] => {
                draft.interface(name).set_shutdown(Some(span));
                return;
            }
            ["unit", unit, words @ ..] => (format!("{name}.{unit}"), words),
            _ => return,
        };
        match words {
            ["disable"] => draft.interface(&unit).set_shutdown(Some(span)),
            ["family", "inet", "address", a] => self.add_address(draft, &unit, a, true, span),
            // An address taken from another interface or from DHCP is not
            // written in the file.
            ["family", "inet", "unnumbered-address" | "dhcp" | "dhcp-client", ..] => {
                draft.interface(&unit).set_unwritten(Unwritten::V4, true)
            }
            ["family", "inet6", rest @ ..] => {
                // Every unit with `family inet6` has a link-local address of
                // its own.
                draft
                    .interface(&unit)
                    .set_unwritten(Unwritten::LINK_LOCAL, true);
                match rest {
                    ["address", a] => self.add_address(draft, &unit, a, false, span),
                    // The host part comes from the MAC address: the prefix
                    // as written is no address of the interface.
                    ["address", a, "eui-64"] => {
                        let iface = draft.interface(&unit);
                        if let Some((p, _)) = address(a) {
                            iface.addresses.retain(|x| x.addr != p);
                        }
                        iface.set_unwritten(Unwritten::V6, true);
                    }
                    ["dhcpv6-client", ..] => draft.interface(&unit).set_unwritten(Unwritten::V6, true),
                    _ => {}
                }
            }
            _ => {}
        }
    }

    fn add_address(&mut self, draft: &mut Draft, unit: &str, word: &str, v4: bool, span: Span) {
        let Some((addr, prefix)) = address(word).filter(|(a, _)| a.is_ipv4() == v4) else {
            draft.problem(span, format!("address {word} is not an address of this family"));
            return;
        };
        let name = Name::from(unit);
        if !self.addresses.insert((name.clone(), addr, prefix)) {
            return;
        }
        if is_link_local(addr) {
            draft
                .interface(unit)
                .set_unwritten(Unwritten::LINK_LOCAL, true);
            return;
        }
        // The first IPv4 address of a unit is its primary; the others
        // and every IPv6 address are kept alongside.
        let secondary = !v4 || !self.primary_v4.insert(name);
        draft.interface(unit).addresses.push(IfAddr {
            addr,
            prefix,
            secondary,
            span,
        });
    }

    /// `routing-options` of the master instance (`instance: None`) or of a
    /// routing instance.
    fn routing_options(&mut self, draft: &mut Draft, words: &[&str], span: Span, instance: Option<usize>) {
        match words {
            // "autonomous-system": `N [loops L] [asdot-notation]`.
            ["autonomous-system", n, ..] => match Asn::parse(n) {
                Some(a) => match instance {
                    None => self.asn = Some((a, span)),
                    Some(i) => self.instances[i].asn = Some((a, span)),
                },
                None => draft.problem(span, format!("autonomous-system {n} is not an AS number")),
            },
            ["router-id", a] => match a.parse::<Ipv4Addr>() {
                Ok(a) => match instance {
                    None => self.router_id = Some((a, span)),
                    Some(i) => self.instances[i].router_id = Some((a, span)),
                },
                Err(_) => draft.problem(span, format!("router-id {a} is not an IPv4 address")),
            },
            // "confederation": `confederation N members [ A B … ]`, the
            // members being every AS of the confederation.
            ["confederation", n, rest @ ..] if instance.is_none() => {
                let Some(c) = Asn::parse(n) else {
                    draft.problem(span, format!("confederation {n} is not an AS number"));
                    return;
                };
                self.confederation = Some((c, span));
                if let ["members", members @ ..] = rest {
                    for m in members {
                        match Asn::parse(m) {
                            Some(a) if !self.confederation_members.contains(&a) => {
                                self.confederation_members.push(a)
                            }
                            Some(_) => {}
                            None => draft.problem(span, format!("confederation member {m} is not an AS number")),
                        }
                    }
                    self.confederation_line = Some(span);
                }
            }
            _ => {}
        }
    }

    /// `routing-instances V …`.
    fn instance(&mut self, draft: &mut Draft, name: &'t str, rest: &[&'t str], s: &Stmt<'t>) {
        let i = match self.instance_index.get(name) {
            Some(&i) => i,
            None => {
                self.instances.push(Instance {
                    name,
                    decl: s.span,
                    kind: None,
                    interfaces: Vec::new(),
                    targets: Vec::new(),
                    asn: None,
                    router_id: None,
                    bgp: Bgp::default(),
                    evpn: false,
                });
                self.instance_index.insert(name, self.instances.len() - 1);
                self.instances.len() - 1
            }
        };
        match rest {
            ["instance-type", t] => self.instances[i].kind = Some(*t),
            ["interface", iface] => self.instances[i].interfaces.push((*iface, s.span)),
            ["vrf-target", words @ ..] => {
                if let Some(t) = targets(words) {
                    self.instances[i].targets.push(t);
                }
            }
            ["routing-options", words @ ..] => self.routing_options(draft, words, s.span, Some(i)),
            ["protocols", "bgp", words @ ..] => self.instances[i].bgp.statement(draft, words, s),
            ["protocols", "evpn", ..] => self.instances[i].evpn = true,
            _ => {}
        }
    }

    fn finish(self, draft: &mut Draft) {
        if let Some((a, span)) = self.router_id {
            draft.router_id().set(a, span);
        }
        for inst in &self.instances {
            if inst.is_vrf() {
                draft.vrf(inst.name, inst.decl);
                for (iface, span) in &inst.interfaces {
                    draft
                        .interface(&logical(iface))
                        .set_vpn(Some((Name::from(inst.name), *span)));
                }
            }
            let rts = draft.route_targets();
            for &(dir, c) in &inst.targets {
                let mut lists = Vec::new();
                if inst.is_vrf() {
                    lists.push(&mut rts.v4);
                    lists.push(&mut rts.v6);
                    if inst.evpn {
                        lists.push(&mut rts.evpn);
                    }
                } else if inst.is_evpn() {
                    lists.push(&mut rts.evpn);
                }
                for list in lists {
                    if dir != Dir::Import {
                        list.export.push(target(c));
                    }
                    if dir != Dir::Export {
                        list.import.push(target(c));
                    }
                }
            }
        }
        for &(dir, c) in &self.evpn_targets {
            let list = &mut draft.route_targets().evpn;
            if dir != Dir::Import {
                list.export.push(target(c));
            }
            if dir != Dir::Export {
                list.import.push(target(c));
            }
        }
        let rts = draft.route_targets();
        for list in [&mut rts.v4, &mut rts.v6, &mut rts.evpn] {
            for l in [&mut list.export, &mut list.import] {
                l.sort_unstable();
                l.dedup();
            }
        }
        self.lower_bgp(draft);
    }

    fn lower_bgp(&self, draft: &mut Draft) {
        let vrfs: Vec<&Instance<'_>> = self
            .instances
            .iter()
            .filter(|i| i.is_vrf() && i.bgp.first.is_some())
            .collect();
        let Some(first) = self.bgp.first.or_else(|| vrfs.first().and_then(|i| i.bgp.first)) else {
            return;
        };
        // "autonomous-system": BGP needs the routing device's AS.
        let Some((asn, as_line)) = self.asn else {
            draft.problem(
                first,
                "protocols bgp without routing-options autonomous-system: Junos runs no BGP without the local AS; the BGP configuration is not read",
            );
            return;
        };
        let b = draft.bgp(asn, as_line);
        let instance = draft.instance(b);
        if let Some((a, span)) = self.router_id {
            instance.router_id.set(a, span);
        }
        if let Some((c, span)) = self.confederation {
            instance.confederation = Some((c, span));
            instance.confederation_peers = self
                .confederation_members
                .iter()
                .copied()
                .filter(|m| *m != asn)
                .collect();
            instance.confederation_peers_line = self.confederation_line;
        }
        if let Some(first) = self.bgp.first {
            lower_scope(draft, b, PUBLIC_VRF, first, &self.bgp, asn);
        }
        for inst in vrfs {
            let Some(first) = inst.bgp.first else {
                continue;
            };
            let scope = draft.scope(b, inst.name, first);
            if let Some((a, span)) = inst.asn {
                scope.as_number.set(a, span);
                scope.as_number6.set(a, span);
            }
            if let Some((r, span)) = inst.router_id {
                scope.router_id.set(Some(r), span);
            }
            let local = inst.asn.map_or(asn, |(a, _)| a);
            lower_scope(draft, b, inst.name, first, &inst.bgp, local);
        }
    }
}

impl<'t> Bgp<'t> {
    /// A statement under `protocols bgp` (`words` after those two).
    fn statement(&mut self, draft: &mut Draft, words: &[&'t str], s: &Stmt<'t>) {
        self.first.get_or_insert(s.span);
        match words {
            [] => {}
            ["group", name, rest @ ..] => {
                let g = match self.group_index.get(name) {
                    Some(&g) => g,
                    None => {
                        self.groups.push(GroupCfg {
                            name: *name,
                            decl: s.span,
                            level: Level::default(),
                            neighbors: Vec::new(),
                            neighbor_index: HashMap::default(),
                        });
                        self.group_index.insert(*name, self.groups.len() - 1);
                        self.groups.len() - 1
                    }
                };
                let group = &mut self.groups[g];
                match rest {
                    ["neighbor", addr, tail @ ..] => {
                        let n = match group.neighbor_index.get(addr) {
                            Some(&n) => n,
                            None => {
                                group.neighbors.push(NeighborCfg {
                                    addr: *addr,
                                    decl: s.span,
                                    level: Level::default(),
                                });
                                group.neighbor_index.insert(*addr, group.neighbors.len() - 1);
                                group.neighbors.len() - 1
                            }
                        };
                        group.neighbors[n].level.apply(draft, tail, s, At::Neighbor);
                    }
                    _ => group.level.apply(draft, rest, s, At::Group),
                }
            }
            _ => self.global.apply(draft, words, s, At::Global),
        }
    }
}

/// The family lines of a family list set at a level: each family enabled;
/// and, since a list replaces the default, IPv4 unicast disabled when the
/// list lacks it ("family (Protocols BGP)": the statement configures
/// families other than unicast IPv4, which BGP carries when no family is
/// configured; "Understanding Multiprotocol BGP").
fn list_lines(list: &[(Family, Span)]) -> Vec<FamilyLine> {
    let mut lines: Vec<FamilyLine> = list
        .iter()
        .map(|&(family, span)| FamilyLine {
            family,
            enable: true,
            span,
        })
        .collect();
    if let Some(&(_, first)) = list.first()
        && !list.iter().any(|(f, _)| *f == Family::Ipv4Unicast)
    {
        lines.push(FamilyLine {
            family: Family::Ipv4Unicast,
            enable: false,
            span: first,
        });
    }
    lines
}

/// Lowers one `protocols bgp` into the scope of `vrf` of BGP process `b`.
/// `local`: the scope's own AS (the routing instance's, else the
/// process's).
fn lower_scope(draft: &mut Draft, b: usize, vrf: &str, first: Span, bgp: &Bgp<'_>, local: Asn) {
    let public = vrf == PUBLIC_VRF;
    for g in &bgp.groups {
        let eff = g.level.over(&bgp.global);
        let internal = matches!(g.level.kind, Some((GroupKind::Internal, _)));
        let scope = draft.scope(b, vrf, first);
        let group = scope.group_mut(g.name, g.decl);
        eff.write(&mut group.settings);
        // "type (Protocols BGP)": an internal group's peers are in the local
        // AS; an external one (the default) takes `peer-as`.
        if let Some((kind, _)) = g.level.kind {
            group.kind = kind;
        }
        group.settings.families = list_lines(&eff.families);
        // "allow (Protocols BGP)": peers are accepted from the networks
        // given, never dialled.
        if !g.level.allow.is_empty() {
            group.dynamic = true;
            group.listen_nets = g.level.allow.clone();
            if let Some(a) = eff.peer_as {
                group.listen_as.push(a);
            }
        }
        let dynamic = group.dynamic;
        // Families the group's members have when they list none: the
        // group's (or the global level's) list, else IPv4 unicast.
        let defaults: Vec<Family> = if eff.families.is_empty() {
            vec![Family::Ipv4Unicast]
        } else {
            eff.families.iter().map(|(f, _)| *f).collect()
        };
        for n in &g.neighbors {
            let Some(addr) = neighbor_addr(n.addr) else {
                draft.problem(n.decl, format!("neighbor {} is not an IP address", n.addr));
                continue;
            };
            let scope = draft.scope(b, vrf, first);
            let peer = scope.peer_mut(addr, n.decl);
            peer.group.set(Name::from(g.name), n.decl);
            n.level.write(&mut peer.settings);
            // A dynamic group gives its static members no AS in the model;
            // an internal one gives them the local AS.
            if internal && dynamic && n.level.peer_as.is_none() && eff.peer_as.is_none() {
                let line = g.level.kind.map_or(g.decl, |(_, span)| span);
                peer.settings.as_number.set(local, line);
            }
            let own = &n.level.families;
            // A neighbor's own list replaces its group's ("family (Protocols
            // BGP)": no family is inherited by a neighbor that lists its
            // own): every family the group would give it and the list lacks
            // is disabled.
            if let Some(&(_, first_line)) = own.first() {
                let mut lines = list_lines(own);
                for &f in &defaults {
                    if !own.iter().any(|(x, _)| *x == f) && !lines.iter().any(|l| l.family == f) {
                        lines.push(FamilyLine {
                            family: f,
                            enable: false,
                            span: first_line,
                        });
                    }
                }
                peer.settings.families = lines;
            }
            let effective = if own.is_empty() { &eff.families } else { own };
            // With no family anywhere, Junos carries IPv4 unicast whatever
            // the session's transport: an IPv6 neighbor is enabled there
            // (the model enables only IPv4 neighbors by default).
            if effective.is_empty() && !addr.is_ipv4() {
                peer.settings.families.push(FamilyLine {
                    family: Family::Ipv4Unicast,
                    enable: true,
                    span: n.decl,
                });
            }
            // A routing instance's IPv4 neighbors are enabled in IPv4
            // unicast as the master's are, unless their list leaves it out.
            if !public && addr.is_ipv4() {
                peer.made_in_family = effective.is_empty()
                    || effective.iter().any(|(f, _)| *f == Family::Ipv4Unicast);
            }
        }
    }
}

#[cfg(test)]
mod tests {
}
