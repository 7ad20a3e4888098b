//! Juniper Junos, in either of the forms `show configuration` prints: the
//! hierarchical one (curly braces) and `set` lines (`| display set`). Both
//! become one list of statements, each a full path of words with its line
//! (`statements.rs`), and the statements are lowered into the neutral
//! model.
//!
//! What is read, and where Juniper documents it (Junos CLI Reference
//! statement pages unless another guide is named):
//! - `system host-name`: the device's name;
//! - `interfaces IF unit N family inet|inet6 address A/L`: the addresses
//!   of logical interface `IF.N`; `disable` at the interface or the unit
//!   level shuts it ("disable (Interface)": it disables a physical or a
//!   logical interface; Junos OS CLI User Guide, "Deactivating and
//!   Reactivating Statements and Identifiers": a disabled interface is
//!   committed but treated as administratively down; a disabled physical
//!   interface takes its units down, as the model reads a parent
//!   interface);
//! - `routing-options autonomous-system`, `router-id`, `confederation N
//!   members [ … ]` ("autonomous-system", "router-id", "confederation");
//! - `protocols bgp` at its three levels, global, `group`, `neighbor`: "the
//!   more-specific statement overrides the less-specific statement" (JUNOS
//!   Routing Configuration Guide, "Configure BGP"; the "group (Protocols
//!   BGP)" page: a group's options are the global ones unless it sets its
//!   own). A Junos group is lowered as a model group whose settings are its
//!   own or else the global level's; a neighbor's own settings go on the
//!   peer;
//! - `routing-instances V` of type `vrf` or `virtual-router`: a VRF, its
//!   `interface`s, `vrf-target`, and its own `protocols bgp` and
//!   `routing-options` ("Routing Instances Overview", "vrf-target");
//! - configuration groups (`groups`, `apply-groups` at any level,
//!   `apply-groups-except`, wildcards): applied before anything is read
//!   (`statements::expand`, which names the Junos OS CLI User Guide pages),
//!   an inherited statement giving a setting only where the configuration
//!   (or a group of higher priority) gives none, with the group's line;
//! - dynamic peers: `allow`, `dynamic-neighbor N { allow …; peer-as-list
//!   L; }` and `peer-as-list L` with `policy-options as-list L members …`
//!   ("allow (Protocols BGP)", "dynamic-neighbor", "peer-as-list", "as-list
//!   (Policy Options)").
//!
//! Not read: `logical-systems`, routing policies (`vrf-import`,
//! `vrf-export`), `peer-auto-discovery`, `apply-groups-except` written
//! inside a configuration group (a problem is recorded), a neighbor
//! `shutdown` (no Junos page at hand documents one; `deactivate` takes a
//! neighbor out, and is read).

mod statements;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::model::{
    Asn, Auth, ConnectSource, Device, Draft, FakeAs, Family, FamilyLine, GroupKind, IfAddr, Mode,
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
    let expanded = statements::expand(statements::read(file, text));
    let mut draft = Draft::new(file, stem, Vendor::Junos);
    for (span, message) in expanded.problems {
        draft.problem(span, message);
    }
    let mut reader = Reader::default();
    for s in &expanded.stmts {
        reader.statement(&mut draft, s);
    }
    reader.finish(&mut draft);
    let mut device = draft.finish();
    // A group line inherited in many places says its problem once.
    let mut seen = HashSet::default();
    device
        .problems
        .retain(|p| seen.insert((p.span, p.message.clone())));
    device
}

/// Sets a leaf ("a leaf holds one value"): a statement of the
/// configuration replaces what an earlier one set; an inherited one
/// (configuration groups, which come after the configuration's own
/// statements, highest priority first) only fills a leaf nothing has set.
fn put<T>(slot: &mut Option<T>, value: T, s: &Stmt<'_>) {
    if !s.inherited || slot.is_none() {
        *slot = Some(value);
    }
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
    /// `system host-name` has been read.
    named: bool,
    /// The BGP of a logical system was said to be left out.
    logical_noted: bool,
    /// `policy-options as-list NAME members [ … ]`, by name.
    as_lists: HashMap<&'t str, AsList>,
}

/// One `policy-options as-list` ("as-list (Policy Options)": the AS
/// numbers, single or as ranges `A-B` in plain numbers, that an EBGP group's
/// `peer-as-list` accepts peers from).
#[derive(Default)]
struct AsList {
    /// Each member as a range, with the line that lists it.
    ranges: Vec<(u32, u32, Span)>,
    /// A member that is neither an AS number nor a range of them.
    unreadable: bool,
}

/// Adds a `vrf-target` community. Each of `vrf-target C`, `import C` and
/// `export C` is a leaf: an inherited one (configuration groups) is added
/// only where the configuration gives none for the same direction.
fn add_target<'t>(list: &mut Vec<(Dir, &'t str)>, t: (Dir, &'t str), s: &Stmt<'_>) {
    if !s.inherited || !list.iter().any(|(d, _)| *d == t.0) {
        list.push(t);
    }
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
    /// `vrf` and `virtual-router`, and `no-forwarding` (routing tables of
    /// its own; Junos Routing Configuration Guide, "Routing Instances
    /// Configuration Guidelines"). One that names no type is read as one
    /// too (its BGP peers and interfaces are kept rather than dropped: the
    /// pages at hand do not give the default type); layer 2 types (`evpn`,
    /// `mac-vrf`, `virtual-switch`, `vpls`, `l2vpn`…) and `forwarding`
    /// (whose interfaces stay in the default instance) are not VRFs.
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
    /// `passive` (listed among the group and neighbor statements, "group
    /// (Protocols BGP)"): the session is never opened from this end, the
    /// peer's connection is waited for, as "passive (Protocols BGP)" has it
    /// (its own page is not among the stored ones). Junos has no statement
    /// that only connects.
    passive: Option<Span>,
    /// `multihop`: its first line, and its `ttl` when given.
    multihop: Option<Span>,
    multihop_ttl: Option<(u8, Span)>,
    /// `ttl N` on its own (listed with the group options of "group
    /// (Protocols BGP)").
    ttl: Option<(u8, Span)>,
    /// `authentication-key` or `authentication-key-chain`.
    auth: Option<(Auth, Span)>,
    /// `local-as N [private|alias]`.
    local_as: Option<(Asn, Span)>,
    local_as_alias: bool,
    /// `family AFI SAFI`, each family once with its first line.
    families: Vec<(Family, Span)>,
    /// `allow [ prefixes ]` (group level only), and those of the group's
    /// `dynamic-neighbor` blocks.
    allow: Vec<(IpAddr, u8, Span)>,
    /// `peer-as-list NAME` (group level, or in a `dynamic-neighbor`).
    peer_as_lists: Vec<(Name, Span)>,
    /// `cluster ID` ("cluster (Protocols BGP)": the cluster identifier of
    /// the route reflector whose clients are the group's peers): the ID,
    /// whether it was written as an IPv4 address, and the line.
    cluster: Option<(u32, bool, Span)>,
    /// `no-client-reflect` ("no-client-reflect": routes are not reflected
    /// from client to client).
    no_client_reflect: Option<Span>,
    /// `keep all` ("keep (Protocols BGP)": received routes are kept
    /// whatever the import policies, VPN routes whatever the local route
    /// targets).
    keep_all: Option<Span>,
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
                Some(a) => put(&mut self.peer_as, (a, span), s),
                None => draft.problem(span, format!("peer-as {n} is not an AS number")),
            },
            // "type (Protocols BGP)": the statement exists at the group
            // level only.
            ["type", t] if at == At::Group => match *t {
                "internal" => put(&mut self.kind, (GroupKind::Internal, span), s),
                "external" => put(&mut self.kind, (GroupKind::External, span), s),
                _ => {}
            },
            ["local-address", a, ..] => match a.parse::<IpAddr>() {
                Ok(a) => put(&mut self.local_address, (a, span), s),
                Err(_) => draft.problem(span, format!("local-address {a} is not an IP address")),
            },
            ["passive", ..] => put(&mut self.passive, span, s),
            // `multihop;`, `multihop { ttl N; no-nexthop-change; }`, and the
            // older `multihop N;` (Junos 6.0 to 9.x syntax).
            ["multihop", rest @ ..] => {
                self.multihop.get_or_insert(span);
                let ttl = match rest {
                    ["ttl", n, ..] | [n] => n.parse::<u8>().ok().filter(|&n| n > 0),
                    _ => None,
                };
                if let Some(n) = ttl {
                    put(&mut self.multihop_ttl, (n, span), s);
                }
            }
            ["ttl", n, ..] => {
                if let Some(n) = n.parse::<u8>().ok().filter(|&n| n > 0) {
                    put(&mut self.ttl, (n, span), s);
                }
            }
            // "authentication-key (Protocols BGP)": an MD5 key. Junos keeps
            // and prints it as a `$9$` ciphertext (not comparable); a
            // plaintext key typed in a `set` line is compared by its hash.
            ["authentication-key", key, ..] => {
                let simple = (!key.starts_with("$9$")).then(|| password_hash(key));
                put(&mut self.auth, (Auth::Password { simple }, span), s);
            }
            ["authentication-key-chain", chain, ..] => {
                put(
                    &mut self.auth,
                    (Auth::Keychain(Name::from(*chain)), span),
                    s,
                );
            }
            ["local-as", ..] if s.inherited && self.local_as.is_some() => {}
            ["local-as", rest @ ..] => {
                if let Some(a) = rest.first().and_then(|w| Asn::parse(w)) {
                    self.local_as = Some((a, span));
                    self.local_as_alias = false;
                }
                if rest.contains(&"alias") {
                    self.local_as_alias = true;
                }
            }
            ["cluster", id] => {
                let id = match id.parse::<Ipv4Addr>() {
                    Ok(a) => Some((u32::from(a), true)),
                    Err(_) => id
                        .parse::<u32>()
                        .ok()
                        .filter(|&n| n > 0)
                        .map(|n| (n, false)),
                };
                match id {
                    Some((n, dotted)) => put(&mut self.cluster, (n, dotted, span), s),
                    None => draft.problem(span, "the cluster identifier is not an IPv4 address"),
                }
            }
            ["no-client-reflect"] => put(&mut self.no_client_reflect, span, s),
            ["keep", "all"] => put(&mut self.keep_all, span, s),
            ["family", afi, safi, ..] => self.family(afi, safi, span),
            // "family (Protocols BGP)": the default family type is unicast.
            ["family", afi] if !s.opener => self.family(afi, "unicast", span),
            // "dynamic-neighbor": a named block of the group that accepts
            // peers from its own `allow` prefixes, with its own
            // `peer-as-list` (the statement's page is not among the stored
            // ones; its syntax is as Junos prints it). Read as the group's:
            // the group accepts the union, which claims no peer refused.
            ["allow", nets @ ..] | ["dynamic-neighbor", _, "allow", nets @ ..]
                if at == At::Group =>
            {
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
            // "peer-as-list": the AS numbers a group's dynamic peers may
            // have, named by a `policy-options as-list`.
            ["peer-as-list", list, ..] | ["dynamic-neighbor", _, "peer-as-list", list, ..]
                if at == At::Group =>
            {
                self.peer_as_lists.push((Name::from(*list), span));
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
    /// as the TTL sent too: the pages at hand do not say how it combines
    /// with a single-hop session, and this reading makes no session fail
    /// a hop or GTSM check that it might pass.
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
        let (multihop, multihop_ttl, ttl) = if self.multihop.is_some() || self.ttl.is_some() {
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
            peer_as_lists: self.peer_as_lists.clone(),
            cluster: self.cluster.or(outer.cluster),
            no_client_reflect: self.no_client_reflect.or(outer.no_client_reflect),
            keep_all: self.keep_all.or(outer.keep_all),
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
        // The peers the `cluster` applies to are the reflector's clients,
        // in every family they carry.
        if let Some((_, _, span)) = self.cluster {
            let more = s.more_mut();
            for family in Family::ALL {
                more.reflect_client.push(FamilyLine {
                    family,
                    enable: true,
                    span,
                });
            }
        }
    }

    /// The route reflector's own settings that this level makes: its
    /// cluster ID and `no-client-reflect`, in every family; and whether it
    /// keeps VPN routes that no local routing instance imports. A Junos
    /// route reflector keeps them (the pages at hand do not say so in as
    /// many words; reading it otherwise would claim that every Junos
    /// reflector without VRFs drops its clients' VPN routes), and `keep
    /// all` keeps them on any router.
    fn reflector(&self, scope: &mut crate::model::Scope) {
        use crate::model::{ReflectorLine, ReflectorSetting};
        for family in Family::ALL {
            let vpn = matches!(family, Family::Vpnv4 | Family::Vpnv6 | Family::Evpn);
            if let Some(span) = self.keep_all.or(self.cluster.map(|c| c.2))
                && vpn
            {
                scope.reflector.push(ReflectorLine {
                    family,
                    setting: ReflectorSetting::PolicyVpnTarget(false),
                    span,
                });
            }
            if let Some((id, dotted, span)) = self.cluster {
                scope.reflector.push(ReflectorLine {
                    family,
                    setting: ReflectorSetting::ClusterId(Some((id, dotted))),
                    span,
                });
            }
            if let Some(span) = self.no_client_reflect {
                scope.reflector.push(ReflectorLine {
                    family,
                    setting: ReflectorSetting::BetweenClients(false),
                    span,
                });
            }
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
        // "family (Protocols BGP)": `labeled-unicast` (with `inet` and
        // `inet6` only) carries unicast routes with a label. IPv6 labeled
        // unicast (6PE) is read as the IPv6 unicast family, as the VRP
        // reader reads Huawei's 6PE (`ipv6-family unicast` with `peer X
        // label-route-capability`): a 6PE session between them is no
        // family mismatch. (IPv4 labeled unicast stays its own family, as
        // VRP's `ipv4-family labeled-unicast` is.)
        ("inet6", "labeled-unicast") => &[Family::Ipv6Unicast],
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

/// `disable` of an interface or unit; an inherited one keeps the line of
/// one the configuration writes.
fn disable(draft: &mut Draft, name: &str, s: &Stmt<'_>) {
    let iface = draft.interface(name);
    if !s.inherited || iface.shutdown().is_none() {
        iface.set_shutdown(Some(s.span));
    }
}

fn is_link_local(a: IpAddr) -> bool {
    matches!(a, IpAddr::V6(v6) if v6.segments()[0] & 0xffc0 == 0xfe80)
}

impl<'t> Reader<'t> {
    fn statement(&mut self, draft: &mut Draft, s: &Stmt<'t>) {
        let words = s.words.as_slice();
        // Configuration groups were applied before (`statements::expand`);
        // logical systems are other routers.
        if let ["logical-systems", ls, "protocols", "bgp", ..] = words {
            // A logical system is another router in the same file; its
            // BGP is not read: said once, so that its neighbors' unknown
            // remotes are explained.
            if !self.logical_noted {
                self.logical_noted = true;
                draft.problem(
                    s.span,
                    format!("logical system {ls} runs BGP, which peerlint does not read (each logical system is a router of its own)"),
                );
            }
            return;
        }
        if matches!(words.first(), Some(&"groups" | &"logical-systems")) {
            return;
        }
        let span = s.span;
        match words {
            ["system", "host-name", name, ..] if !s.inherited || !self.named => {
                draft.name(name, span);
                self.named = true;
            }
            ["interfaces", name, rest @ ..] => self.interface(draft, name, rest, s),
            ["routing-options", rest @ ..] => self.routing_options(draft, rest, s, None),
            ["protocols", "bgp", rest @ ..] => self.bgp.statement(draft, rest, s),
            ["routing-instances", name, rest @ ..] => self.instance(draft, name, rest, s),
            ["switch-options", "vrf-target", rest @ ..] => {
                if let Some(t) = targets(rest) {
                    add_target(&mut self.evpn_targets, t, s);
                }
            }
            ["policy-options", "as-list", name, "members", members @ ..] => {
                self.as_list(draft, name, members, span)
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
                disable(draft, name, s);
                return;
            }
            ["unit", unit, words @ ..] => (format!("{name}.{unit}"), words),
            _ => return,
        };
        match words {
            ["disable"] => disable(draft, &unit, s),
            // `address A/L [primary|preferred|…]`, or the block it opens.
            ["family", "inet", "address", a, ..] => self.add_address(draft, &unit, a, true, span),
            // An address taken from another interface or from DHCP is not
            // written in the file.
            [
                "family",
                "inet",
                "unnumbered-address" | "dhcp" | "dhcp-client",
                ..,
            ] => draft.interface(&unit).set_unwritten(Unwritten::V4, true),
            ["family", "inet6", rest @ ..] => {
                // Every unit with `family inet6` has a link-local address of
                // its own.
                draft
                    .interface(&unit)
                    .set_unwritten(Unwritten::LINK_LOCAL, true);
                match rest {
                    // The host part comes from the MAC address: the prefix
                    // as written is no address of the interface.
                    ["address", a, tail @ ..] if tail.contains(&"eui-64") => {
                        let iface = draft.interface(&unit);
                        if let Some((p, _)) = address(a) {
                            iface.addresses.retain(|x| x.addr != p);
                        }
                        iface.set_unwritten(Unwritten::V6, true);
                    }
                    ["address", a, ..] => self.add_address(draft, &unit, a, false, span),
                    ["dhcpv6-client", ..] => {
                        draft.interface(&unit).set_unwritten(Unwritten::V6, true)
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// `policy-options as-list NAME members …`: the list's members, added
    /// to those of earlier lines (a list's values are all kept).
    fn as_list(&mut self, draft: &mut Draft, name: &'t str, members: &[&str], span: Span) {
        let list = self.as_lists.entry(name).or_default();
        for m in members {
            let range = match m.split_once('-') {
                Some((lo, hi)) => lo.parse::<u32>().ok().zip(hi.parse::<u32>().ok()),
                None => m.parse::<u32>().ok().map(|n| (n, n)),
            };
            match range.filter(|&(lo, hi)| lo > 0 && lo <= hi) {
                Some((lo, hi)) => list.ranges.push((lo, hi, span)),
                None => {
                    list.unreadable = true;
                    draft.problem(
                        span,
                        format!("as-list member {m} is not an AS number or a range of them"),
                    );
                }
            }
        }
    }

    fn add_address(&mut self, draft: &mut Draft, unit: &str, word: &str, v4: bool, span: Span) {
        let Some((addr, prefix)) = address(word).filter(|(a, _)| a.is_ipv4() == v4) else {
            draft.problem(
                span,
                format!("address {word} is not an address of this family"),
            );
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
    fn routing_options(
        &mut self,
        draft: &mut Draft,
        words: &[&str],
        s: &Stmt<'_>,
        instance: Option<usize>,
    ) {
        let span = s.span;
        match words {
            // "autonomous-system": `N [loops L] [asdot-notation]`.
            ["autonomous-system", n, ..] => match Asn::parse(n) {
                Some(a) => match instance {
                    None => put(&mut self.asn, (a, span), s),
                    Some(i) => put(&mut self.instances[i].asn, (a, span), s),
                },
                None => draft.problem(span, format!("autonomous-system {n} is not an AS number")),
            },
            ["router-id", a] => match a.parse::<Ipv4Addr>() {
                Ok(a) => match instance {
                    None => put(&mut self.router_id, (a, span), s),
                    Some(i) => put(&mut self.instances[i].router_id, (a, span), s),
                },
                Err(_) => draft.problem(span, format!("router-id {a} is not an IPv4 address")),
            },
            // "confederation": `confederation N members [ A B … ]`, the
            // members being every AS of the confederation.
            ["confederation", ..] if s.inherited && self.confederation.is_some() => {}
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
                            None => draft.problem(
                                span,
                                format!("confederation member {m} is not an AS number"),
                            ),
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
            ["instance-type", t] => put(&mut self.instances[i].kind, *t, s),
            ["interface", iface] => self.instances[i].interfaces.push((*iface, s.span)),
            ["vrf-target", words @ ..] => {
                if let Some(t) = targets(words) {
                    add_target(&mut self.instances[i].targets, t, s);
                }
            }
            ["routing-options", words @ ..] => self.routing_options(draft, words, s, Some(i)),
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
        let Some(first) = self
            .bgp
            .first
            .or_else(|| vrfs.first().and_then(|i| i.bgp.first))
        else {
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
            let at = ScopeAt {
                vrf: PUBLIC_VRF,
                first,
                local: asn,
                router_id: self.router_id,
                vrf_router_id: None,
                as_lists: &self.as_lists,
            };
            lower_scope(draft, b, &at, &self.bgp);
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
            let at = ScopeAt {
                vrf: inst.name,
                first,
                local: inst.asn.map_or(asn, |(a, _)| a),
                router_id: self.router_id,
                vrf_router_id: inst.router_id,
                as_lists: &self.as_lists,
            };
            lower_scope(draft, b, &at, &inst.bgp);
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
                            name,
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
                                    addr,
                                    decl: s.span,
                                    level: Level::default(),
                                });
                                group
                                    .neighbor_index
                                    .insert(*addr, group.neighbors.len() - 1);
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

/// Most AS numbers an `as-list` is read as one by one; a list of more (a
/// range of 4-byte private AS numbers…) accepts any AS.
const MAX_LISTED_AS: u64 = 4096;

/// An AS number no BGP speaker presents (RFC 7607: AS 0 is not used in
/// an OPEN message), standing in a dynamic group's `listen_as` for "any
/// AS".
const ANY_AS: Asn = Asn(0, false);

/// The AS numbers a `peer-as-list` accepts, added to a dynamic group's
/// (`line`: the `peer-as-list` line). Each AS of a list of at most
/// [`MAX_LISTED_AS`] is added with the `as-list` line that lists it; a
/// list peerlint cannot read (not defined, a member it cannot read, too
/// many numbers) accepts any AS rather than none: no peer is claimed to
/// be refused by a list that is not read.
fn accept_list(accepts: &mut Vec<(Asn, Span)>, list: Option<&AsList>, line: Span) {
    let count = list.map_or(u64::MAX, |l| {
        l.ranges
            .iter()
            .map(|&(lo, hi, _)| u64::from(hi - lo) + 1)
            .sum()
    });
    match list {
        Some(l) if !l.unreadable && !l.ranges.is_empty() && count <= MAX_LISTED_AS => {
            for &(lo, hi, span) in &l.ranges {
                for n in lo..=hi {
                    accepts.push((Asn::plain(n), span));
                }
            }
        }
        _ => accepts.push((ANY_AS, line)),
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

/// Where one `protocols bgp` is lowered.
struct ScopeAt<'a> {
    vrf: &'a str,
    /// The `protocols bgp` line.
    first: Span,
    /// The scope's own AS: the routing instance's, else the process's.
    local: Asn,
    /// The `router-id` of the master instance and of the routing instance.
    router_id: Option<(Ipv4Addr, Span)>,
    vrf_router_id: Option<(Ipv4Addr, Span)>,
    /// The device's `policy-options as-list`s.
    as_lists: &'a HashMap<&'a str, AsList>,
}

impl ScopeAt<'_> {
    /// The BGP process of AS `asn` (made by the `local-as` line `line`),
    /// with the router IDs of the process it stands beside.
    fn process(&self, draft: &mut Draft, asn: Asn, line: Span) -> usize {
        let b = draft.bgp(asn, line);
        if let Some((r, span)) = self.router_id
            && draft.instance(b).router_id.current().is_none()
        {
            draft.instance(b).router_id.set(r, span);
        }
        if let Some((r, span)) = self.vrf_router_id {
            let scope = draft.scope(b, self.vrf, self.first);
            if scope.router_id.current().is_none() {
                scope.router_id.set(Some(r), span);
            }
        }
        b
    }
}

/// Lowers one `protocols bgp` into its scope of BGP process `b`.
fn lower_scope(draft: &mut Draft, b: usize, at: &ScopeAt<'_>, bgp: &Bgp<'_>) {
    let (vrf, first) = (at.vrf, at.first);
    let public = vrf == PUBLIC_VRF;
    for g in &bgp.groups {
        let mut eff = g.level.over(&bgp.global);
        let internal = matches!(g.level.kind, Some((GroupKind::Internal, _)));
        // "local-as": the group's sessions are established with the local
        // AS it names. When that makes them internal (`type internal`, or
        // `peer-as` the local AS itself), they are IBGP sessions of that
        // AS: the group is lowered into a BGP process of that AS, the one
        // way the model has to give a group a local AS of its own (a fake
        // AS is only presented to EBGP peers). Otherwise the local AS is
        // the fake AS presented to the group's external peers.
        let (b, local) = match eff.local_as {
            Some((l, line))
                if l != at.local && (internal || eff.peer_as.is_some_and(|(p, _)| p == l)) =>
            {
                eff.local_as = None;
                (at.process(draft, l, line), l)
            }
            _ => (b, at.local),
        };
        let scope = draft.scope(b, vrf, first);
        eff.reflector(scope);
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
            for (name, line) in &g.level.peer_as_lists {
                accept_list(&mut group.listen_as, at.as_lists.get(name.as_str()), *line);
            }
            // The stand-in for "any AS" becomes the model's mark for it.
            if group.listen_as.iter().any(|(a, _)| *a == ANY_AS) {
                group.listen_as.retain(|(a, _)| *a != ANY_AS);
                group.listen_any_as = true;
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
            n.level.reflector(scope);
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
            // With no family anywhere, Junos carries unicast routes ("family
            // (Protocols BGP)": "if you do not configure a family, inet
            // unicast is the default"; "Understanding Multiprotocol BGP":
            // by default peers carry unicast routes). The pages do not
            // single out a neighbor with an IPv6 address: it is read as
            // enabled in IPv6 unicast, the family its session's other end
            // (an IPv6 peer of VRP, IOS, XR or EOS) enables it in, which
            // claims no session carries nothing (the model enables IPv4
            // neighbors in IPv4 unicast by default, as the master instance's
            // are here; see `made_in_family` below for routing instances).
            if effective.is_empty() && !addr.is_ipv4() {
                peer.settings.families.push(FamilyLine {
                    family: Family::Ipv6Unicast,
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
    use super::*;
    use crate::graph::verdict::{Families, families};
    use crate::model::{BgpInstance, Peer, Scope};

    fn lower_text(text: &str) -> Device {
        lower(FileId(0), text, "stem")
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn scope<'d>(d: &'d Device, vrf: &str) -> (&'d BgpInstance, &'d Scope) {
        let b = &d.bgp[0];
        let s = b.scopes.iter().find(|s| s.vrf == vrf).unwrap();
        (b, s)
    }

    fn peer<'d>(s: &'d Scope, addr: &str) -> &'d Peer {
        s.peer(ip(addr)).unwrap()
    }

    fn fams(b: &BgpInstance, s: &Scope, p: &Peer) -> Families {
        families(b, s, p)
    }

    fn text(t: &str, span: Span) -> &str {
        &t[span.range()]
    }

    /// The model without its spans: what both forms of one configuration
    /// must agree on.
    fn summary(d: &Device) -> Vec<String> {
        let mut out = vec![format!("name {}", d.name)];
        for i in &d.interfaces {
            let addrs: Vec<String> = i
                .addresses
                .iter()
                .map(|a| {
                    format!(
                        "{}/{}{}",
                        a.addr,
                        a.prefix,
                        if a.secondary { "s" } else { "" }
                    )
                })
                .collect();
            out.push(format!(
                "interface {} {:?} vpn={:?} shut={} v4={} v6={} ll={}",
                i.name,
                addrs,
                i.vpn().map(|v| v.0.to_string()),
                i.shutdown().is_some(),
                i.unwritten(Unwritten::V4),
                i.unwritten(Unwritten::V6),
                i.unwritten(Unwritten::LINK_LOCAL),
            ));
        }
        let vrfs: Vec<&str> = d.vpn_instances.iter().map(|v| v.0.as_str()).collect();
        out.push(format!("vrfs {vrfs:?}"));
        out.push(format!("targets {:?}", d.route_targets));
        out.push(format!(
            "router-id {:?}",
            d.router_id.current().map(|r| *r.0)
        ));
        for p in &d.problems {
            out.push(format!("problem {}", p.message));
        }
        let settings = |s: &Settings| {
            let mut fl: Vec<String> = s
                .families
                .iter()
                .map(|l| format!("{}={}", l.family.name(), l.enable))
                .collect();
            fl.sort();
            format!(
                "as={:?} mode={:?} src={:?} ignore={} hop={:?} auth={:?} fake={:?} fam={:?}",
                s.as_number.current().map(|a| a.0.0),
                s.mode.current().map(|m| *m.0),
                s.connect_interface.current().map(|c| c.0.clone()),
                s.ignore.current().is_some(),
                s.get(|m| &m.ebgp_max_hop).map(|x| *x.0),
                s.get(|m| &m.auth).map(|x| x.0.clone()),
                s.get(|m| &m.fake_as).map(|x| *x.0),
                fl
            )
        };
        for b in &d.bgp {
            out.push(format!(
                "bgp {} rid={:?} confed={:?} peers={:?}",
                b.asn,
                b.router_id.current().map(|r| *r.0),
                b.confederation.map(|c| c.0.0),
                b.confederation_peers
            ));
            for s in &b.scopes {
                out.push(format!(
                    "scope {} as={:?} rid={:?}",
                    s.vrf,
                    s.as_number.current().map(|a| a.0.0),
                    s.router_id.current().map(|r| *r.0)
                ));
                for g in &s.groups {
                    let nets: Vec<String> = g
                        .listen_nets
                        .iter()
                        .map(|n| format!("{}/{}", n.0, n.1))
                        .collect();
                    let las: Vec<u32> = g.listen_as.iter().map(|a| a.0.0).collect();
                    out.push(format!(
                        "group {} {:?} dyn={} nets={nets:?} las={las:?} {}",
                        g.name,
                        g.kind,
                        g.dynamic,
                        settings(&g.settings)
                    ));
                }
                for p in &s.peers {
                    out.push(format!(
                        "peer {} group={:?} mif={} fams={:?} {}",
                        p.addr,
                        p.group.current().map(|g| g.0.to_string()),
                        p.made_in_family,
                        fams(b, s, p).iter().collect::<Vec<_>>(),
                        settings(&p.settings)
                    ));
                }
            }
        }
        out.sort();
        out
    }

    const PE_HIER: &str = r#"## Last commit: 2024-05-01 10:00:00 UTC by admin
version 21.4R3;
system {
    host-name pe1;
}
interfaces {
    ge-0/0/0 {
        description "to P1 { core }";
        unit 0 {
            family inet {
                address 10.0.0.1/30;
            }
            family inet6 {
                address 2001:db8::1/64;
            }
        }
    }
    ge-0/0/1 {
        disable;
        unit 100 {
            family inet {
                address 192.168.1.1/24;
            }
        }
    }
    ge-0/0/2 {
        unit 0 {
            disable;
            family inet {
                address 172.16.0.1/30 {
                    primary;
                }
                address 172.16.0.5/30;
            }
        }
    }
    lo0 {
        unit 0 {
            family inet {
                address 1.1.1.1/32;
            }
        }
    }
}
routing-options {
    router-id 1.1.1.1;
    autonomous-system 65000;
}
protocols {
    /* iBGP to the reflectors */
    bgp {
        group IBGP {
            type internal;
            local-address 1.1.1.1;
            family inet-vpn {
                unicast;
            }
            family evpn {
                signaling;
            }
            authentication-key "$9$H.fz9A0hSe"; ## SECRET-DATA
            neighbor 2.2.2.2;
            neighbor 3.3.3.3 {
                family inet {
                    unicast;
                }
            }
        }
        group TRANSIT {
            type external;
            peer-as 65001;
            passive;
            neighbor 10.0.0.2 {
                local-address 10.0.0.1;
            }
            neighbor 10.0.0.6 {
                peer-as 65002;
                multihop {
                    ttl 3;
                }
            }
            inactive: neighbor 10.0.0.10;
        }
        inactive: group OLD {
            neighbor 9.9.9.9 {
                peer-as 9;
            }
        }
    }
}
routing-instances {
    CUST-A {
        instance-type vrf;
        interface ge-0/0/1.100;
        route-distinguisher 1.1.1.1:100;
        vrf-target target:65000:100;
        routing-options {
            autonomous-system 65100;
            router-id 192.168.1.1;
        }
        protocols {
            bgp {
                group CE {
                    type external;
                    peer-as 65200;
                    local-as 64999 alias;
                    neighbor 192.168.1.2;
                    neighbor 192.168.1.3 {
                        family inet6 {
                            unicast;
                        }
                    }
                }
            }
        }
    }
}
"#;

    const PE_SET: &str = r#"set version 21.4R3
set system host-name pe1
set interfaces ge-0/0/0 description "to P1 { core }"
set interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/30
set interfaces ge-0/0/0 unit 0 family inet6 address 2001:db8::1/64
set interfaces ge-0/0/1 disable
set interfaces ge-0/0/1 unit 100 family inet address 192.168.1.1/24
set interfaces ge-0/0/2 unit 0 disable
set interfaces ge-0/0/2 unit 0 family inet address 172.16.0.1/30 primary
set interfaces ge-0/0/2 unit 0 family inet address 172.16.0.5/30
set interfaces lo0 unit 0 family inet address 1.1.1.1/32
set routing-options router-id 1.1.1.1
set routing-options autonomous-system 65000
set protocols bgp group IBGP type internal
set protocols bgp group IBGP local-address 1.1.1.1
set protocols bgp group IBGP family inet-vpn unicast
set protocols bgp group IBGP family evpn signaling
set protocols bgp group IBGP authentication-key "$9$H.fz9A0hSe"
set protocols bgp group IBGP neighbor 2.2.2.2
set protocols bgp group IBGP neighbor 3.3.3.3 family inet unicast
set protocols bgp group TRANSIT type external
set protocols bgp group TRANSIT peer-as 65001
set protocols bgp group TRANSIT passive
set protocols bgp group TRANSIT neighbor 10.0.0.2 local-address 10.0.0.1
set protocols bgp group TRANSIT neighbor 10.0.0.6 peer-as 65002
set protocols bgp group TRANSIT neighbor 10.0.0.6 multihop ttl 3
set protocols bgp group TRANSIT neighbor 10.0.0.10
deactivate protocols bgp group TRANSIT neighbor 10.0.0.10
set protocols bgp group OLD neighbor 9.9.9.9 peer-as 9
deactivate protocols bgp group OLD
set routing-instances CUST-A instance-type vrf
set routing-instances CUST-A interface ge-0/0/1.100
set routing-instances CUST-A route-distinguisher 1.1.1.1:100
set routing-instances CUST-A vrf-target target:65000:100
set routing-instances CUST-A routing-options autonomous-system 65100
set routing-instances CUST-A routing-options router-id 192.168.1.1
set routing-instances CUST-A protocols bgp group CE type external
set routing-instances CUST-A protocols bgp group CE peer-as 65200
set routing-instances CUST-A protocols bgp group CE local-as 64999 alias
set routing-instances CUST-A protocols bgp group CE neighbor 192.168.1.2
set routing-instances CUST-A protocols bgp group CE neighbor 192.168.1.3 family inet6 unicast
"#;

    #[test]
    fn both_forms_give_the_same_model() {
        let (h, s) = (lower_text(PE_HIER), lower_text(PE_SET));
        assert_eq!(summary(&h), summary(&s));
        assert!(h.problems.is_empty(), "{:?}", h.problems);
    }

    #[test]
    fn pe_with_a_routing_instance() {
        let d = lower_text(PE_HIER);
        assert_eq!(d.vendor, Vendor::Junos);
        assert_eq!(d.name, "pe1");
        assert_eq!(text(PE_HIER, d.name_span.unwrap()), "host-name pe1;");
        // Interfaces: units are `IF.N`, addresses with their lengths.
        let ge0 = d.interface("ge-0/0/0.0").unwrap();
        assert_eq!(ge0.addresses.len(), 2);
        assert_eq!(ge0.addresses[0].addr, ip("10.0.0.1"));
        assert_eq!(ge0.addresses[0].prefix, 30);
        assert!(!ge0.addresses[0].secondary && ge0.addresses[1].secondary);
        assert_eq!(text(PE_HIER, ge0.addresses[0].span), "address 10.0.0.1/30;");
        assert!(ge0.shutdown().is_none());
        let lo = d.interface("lo0.0").unwrap();
        assert!(lo.is_loopback());
        // `disable` on the physical interface, and on a unit.
        let ge1 = d.interface("ge-0/0/1").unwrap();
        assert_eq!(text(PE_HIER, ge1.shutdown().unwrap()), "disable;");
        let unit = d.interface("ge-0/0/1.100").unwrap();
        assert!(unit.shutdown().is_none());
        assert!(crate::graph::verdict::shut(&d, unit).is_some());
        assert!(d.interface("ge-0/0/2.0").unwrap().shutdown().is_some());
        // An address block with `primary;` inside gives one address.
        assert_eq!(d.interface("ge-0/0/2.0").unwrap().addresses.len(), 2);
        // The VRF and its interface.
        assert_eq!(d.vpn_instances.len(), 1);
        assert_eq!(d.vpn_instances[0].0, "CUST-A");
        assert_eq!(text(PE_HIER, d.vpn_instances[0].1), "CUST-A {");
        assert_eq!(unit.vpn().map(|v| v.0.as_str()), Some("CUST-A"));
        assert_eq!(d.route_targets.v4.export, vec![Name::from("65000:100")]);
        assert_eq!(d.route_targets.v6.import, vec![Name::from("65000:100")]);
        assert!(d.route_targets.evpn.import.is_empty());

        // The BGP process.
        assert_eq!(d.bgp.len(), 1);
        assert_eq!(d.bgp[0].asn, Asn::plain(65000));
        assert_eq!(text(PE_HIER, d.bgp[0].span), "autonomous-system 65000;");
        assert_eq!(
            d.bgp[0].router_id.current().map(|r| *r.0),
            Some("1.1.1.1".parse().unwrap())
        );
        assert_eq!(
            d.router_id.current().map(|r| *r.0),
            Some("1.1.1.1".parse().unwrap())
        );
        let (b, s) = scope(&d, PUBLIC_VRF);
        assert_eq!(s.groups.len(), 2, "inactive group OLD is left out");
        let ibgp = s.group("IBGP").unwrap();
        assert_eq!(ibgp.kind, GroupKind::Internal);
        assert!(ibgp.settings.as_number.current().is_none());
        assert_eq!(text(PE_HIER, ibgp.decl), "group IBGP {");
        assert_eq!(
            ibgp.settings
                .connect_interface
                .current()
                .map(|c| c.0.clone()),
            Some(ConnectSource::Address(ip("1.1.1.1")))
        );
        assert_eq!(
            ibgp.settings.get(|m| &m.auth).map(|a| a.0.clone()),
            Some(Auth::Password { simple: None })
        );
        // Members of an internal group get the local AS.
        let rr = peer(s, "2.2.2.2");
        assert_eq!(text(PE_HIER, rr.decl), "neighbor 2.2.2.2;");
        assert_eq!(
            s.effective_as(rr, b.asn).map(|a| a.0),
            Some(Asn::plain(65000))
        );
        assert_eq!(fams(b, s, rr), Families::of([Family::Vpnv4, Family::Evpn]));
        // A neighbor's own family list replaces the group's.
        let v4 = peer(s, "3.3.3.3");
        assert_eq!(fams(b, s, v4), Families::of([Family::Ipv4Unicast]));
        assert_eq!(text(PE_HIER, v4.decl), "neighbor 3.3.3.3 {");

        // Group-level passive, a neighbor's own source and AS.
        let transit = s.group("TRANSIT").unwrap();
        assert_eq!(
            text(PE_HIER, transit.settings.mode.current().unwrap().1),
            "passive;"
        );
        let t1 = peer(s, "10.0.0.2");
        let mode = s.effective_mode(t1);
        assert_eq!(mode.mode, Mode::ListenOnly);
        assert!(mode.from_group);
        assert_eq!(
            s.effective_as(t1, b.asn).map(|a| a.0),
            Some(Asn::plain(65001))
        );
        assert_eq!(
            s.effective_source(t1).map(|x| x.0.clone()),
            Some(ConnectSource::Address(ip("10.0.0.1")))
        );
        assert_eq!(fams(b, s, t1), Families::of([Family::Ipv4Unicast]));
        let t2 = peer(s, "10.0.0.6");
        let (asn, line) = s.effective_as(t2, b.asn).unwrap();
        assert_eq!(asn, Asn::plain(65002));
        assert_eq!(text(PE_HIER, line), "peer-as 65002;");
        let ttl = s.ttl(t2);
        assert_eq!(ttl.max_hop.map(|h| h.0), Some(3));
        assert_eq!(text(PE_HIER, ttl.max_hop.unwrap().1), "ttl 3;");
        // `inactive:` neighbors are not configured.
        assert!(s.peer(ip("10.0.0.10")).is_none());
        assert!(s.peer(ip("9.9.9.9")).is_none());

        // The routing instance's BGP.
        let (b, v) = scope(&d, "CUST-A");
        assert_eq!(v.as_number.current().map(|a| *a.0), Some(Asn::plain(65100)));
        assert_eq!(v.local_as(b.asn, true), Asn::plain(65100));
        assert_eq!(
            v.router_id.current().map(|r| *r.0),
            Some(Some("192.168.1.1".parse().unwrap()))
        );
        let ce = peer(v, "192.168.1.2");
        assert!(ce.made_in_family);
        assert_eq!(fams(b, v, ce), Families::of([Family::Ipv4Unicast]));
        assert_eq!(
            v.effective_fake_as(ce).map(|f| f.0),
            Some(FakeAs {
                asn: Asn::plain(64999),
                dual: true
            })
        );
        let ce6 = peer(v, "192.168.1.3");
        assert!(!ce6.made_in_family);
        assert_eq!(fams(b, v, ce6), Families::of([Family::Ipv6Unicast]));
    }

    #[test]
    fn global_settings_fold_into_groups_that_lack_them() {
        let t = "routing-options { autonomous-system 65000; }\nprotocols {\n    bgp {\n        passive;\n        family inet-vpn unicast;\n        multihop;\n        group A {\n            peer-as 65001;\n            neighbor 10.0.0.1;\n        }\n        group B {\n            peer-as 65002;\n            family inet unicast;\n            neighbor 10.0.0.2 {\n                family inet6 unicast;\n            }\n            neighbor 10.0.0.3;\n            neighbor 2001:db8::3;\n        }\n    }\n}\n";
        let d = lower_text(t);
        let (b, s) = scope(&d, PUBLIC_VRF);
        let a = s.group("A").unwrap();
        assert_eq!(text(t, a.settings.mode.current().unwrap().1), "passive;");
        assert_eq!(
            a.settings
                .get(|m| &m.ebgp_max_hop)
                .map(|h| (*h.0, text(t, h.1))),
            Some((MULTIHOP_TTL, "multihop;"))
        );
        assert_eq!(
            fams(b, s, peer(s, "10.0.0.1")),
            Families::of([Family::Vpnv4])
        );
        // Group B's own list replaces the global one; a neighbor's replaces
        // the group's.
        assert_eq!(
            fams(b, s, peer(s, "10.0.0.3")),
            Families::of([Family::Ipv4Unicast])
        );
        let n2 = peer(s, "10.0.0.2");
        assert_eq!(fams(b, s, n2), Families::of([Family::Ipv6Unicast]));
        let off = n2.settings.family(Family::Ipv4Unicast).unwrap();
        assert!(!off.enable);
        assert_eq!(text(t, off.span), "family inet6 unicast;");
        // An IPv6 neighbor of a group that lists IPv4 unicast only.
        assert_eq!(
            fams(b, s, peer(s, "2001:db8::3")),
            Families::of([Family::Ipv4Unicast])
        );
    }

    #[test]
    fn ipv6_neighbors_without_families_carry_ipv6_unicast() {
        let t = "set routing-options autonomous-system 65000\nset protocols bgp group V6 peer-as 65001\nset protocols bgp group V6 neighbor 2001:db8::2\nset protocols bgp group V6 neighbor 10.0.0.2\nset routing-instances R instance-type vrf\nset routing-instances R protocols bgp group CE peer-as 65002\nset routing-instances R protocols bgp group CE neighbor 2001:db8:1::2\n";
        let d = lower_text(t);
        let (b, s) = scope(&d, PUBLIC_VRF);
        let p = peer(s, "2001:db8::2");
        assert_eq!(fams(b, s, p), Families::of([Family::Ipv6Unicast]));
        let line = p.settings.family(Family::Ipv6Unicast).unwrap();
        assert!(line.enable);
        assert_eq!(text(t, line.span), text(t, p.decl));
        // IPv4 neighbors keep IPv4 unicast.
        assert_eq!(
            fams(b, s, peer(s, "10.0.0.2")),
            Families::of([Family::Ipv4Unicast])
        );
        // In a routing instance too.
        let (b, v) = scope(&d, "R");
        assert_eq!(
            fams(b, v, peer(v, "2001:db8:1::2")),
            Families::of([Family::Ipv6Unicast])
        );
    }

    #[test]
    fn labeled_unicast_families() {
        // 6PE: IPv6 labeled unicast is the IPv6 unicast family (as VRP's
        // `ipv6-family unicast` with `label-route-capability` is read);
        // IPv4 labeled unicast stays labeled unicast (VRP's
        // `ipv4-family labeled-unicast`).
        let hier = "routing-options { autonomous-system 65000; }\nprotocols {\n    bgp {\n        group IBGP {\n            type internal;\n            family inet {\n                unicast;\n            }\n            family inet6 {\n                labeled-unicast {\n                    explicit-null;\n                }\n            }\n            neighbor 10.255.0.1;\n            neighbor 10.255.0.2 {\n                family inet {\n                    labeled-unicast;\n                }\n            }\n        }\n    }\n}\n";
        let set = "set routing-options autonomous-system 65000\nset protocols bgp group IBGP type internal\nset protocols bgp group IBGP family inet unicast\nset protocols bgp group IBGP family inet6 labeled-unicast explicit-null\nset protocols bgp group IBGP neighbor 10.255.0.1\nset protocols bgp group IBGP neighbor 10.255.0.2 family inet labeled-unicast\n";
        let d = lower_text(hier);
        assert_eq!(summary(&d), summary(&lower_text(set)));
        let (b, s) = scope(&d, PUBLIC_VRF);
        assert_eq!(
            fams(b, s, peer(s, "10.255.0.1")),
            Families::of([Family::Ipv4Unicast, Family::Ipv6Unicast])
        );
        assert_eq!(
            fams(b, s, peer(s, "10.255.0.2")),
            Families::of([Family::LabeledUnicast])
        );
    }

    #[test]
    fn set_lines_delete_deactivate_and_plain_keys() {
        let t = "set routing-options autonomous-system 65000\nset protocols bgp group A peer-as 65001\nset protocols bgp group A authentication-key secret1\nset protocols bgp group A neighbor 10.0.0.1 authentication-key \"secret1\"\nset protocols bgp group A neighbor 10.0.0.2 authentication-key-chain KC\nset protocols bgp group A neighbor 10.0.0.3 passive\ndelete protocols bgp group A neighbor 10.0.0.3 passive\nset protocols bgp group A neighbor 10.0.0.4\ndeactivate protocols bgp group A neighbor 10.0.0.4\nset protocols bgp group A neighbor 10.0.0.5 local-as 65333 private\n";
        let d = lower_text(t);
        let (_, s) = scope(&d, PUBLIC_VRF);
        let g = s.group("A").unwrap();
        let group_auth = g.settings.get(|m| &m.auth).map(|a| a.0.clone());
        assert_eq!(
            group_auth,
            Some(Auth::Password {
                simple: Some(password_hash("secret1"))
            })
        );
        assert_eq!(
            peer(s, "10.0.0.1")
                .settings
                .get(|m| &m.auth)
                .map(|a| a.0.clone()),
            group_auth
        );
        assert_eq!(
            s.effective(peer(s, "10.0.0.2"), |m| &m.auth)
                .map(|a| a.0.clone()),
            Some(Auth::Keychain(Name::from("KC")))
        );
        // Deleting a neighbor's setting leaves the neighbor.
        assert_eq!(s.effective_mode(peer(s, "10.0.0.3")).mode, Mode::Both);
        assert!(s.peer(ip("10.0.0.4")).is_none());
        let p5 = peer(s, "10.0.0.5");
        assert_eq!(
            s.effective_fake_as(p5).map(|f| f.0),
            Some(FakeAs {
                asn: Asn::plain(65333),
                dual: false
            })
        );
        assert_eq!(
            text(t, p5.decl),
            "set protocols bgp group A neighbor 10.0.0.5 local-as 65333 private"
        );
        assert_eq!(text(t, g.decl), "set protocols bgp group A peer-as 65001");
    }

    #[test]
    fn inactive_and_deactivate_agree() {
        let hier = "routing-options { autonomous-system 1; }\nprotocols { bgp { group G { peer-as 2; neighbor 10.0.0.1 { inactive: passive; } inactive: neighbor 10.0.0.2; } } }\ninactive: interfaces { ge-0/0/0 { unit 0 { family inet { address 10.0.0.9/24; } } } }\n";
        let set = "set routing-options autonomous-system 1\nset protocols bgp group G peer-as 2\nset protocols bgp group G neighbor 10.0.0.1 passive\nset protocols bgp group G neighbor 10.0.0.2\nset interfaces ge-0/0/0 unit 0 family inet address 10.0.0.9/24\ndeactivate protocols bgp group G neighbor 10.0.0.1 passive\ndeactivate protocols bgp group G neighbor 10.0.0.2\ndeactivate interfaces\n";
        let (h, s) = (lower_text(hier), lower_text(set));
        assert_eq!(summary(&h), summary(&s));
        let (_, sc) = scope(&h, PUBLIC_VRF);
        assert_eq!(sc.peers.len(), 1);
        assert_eq!(sc.effective_mode(peer(sc, "10.0.0.1")).mode, Mode::Both);
        assert!(h.interfaces.is_empty());
    }

    #[test]
    fn dynamic_peers_and_confederation() {
        let t = "routing-options {\n    autonomous-system 65010;\n    confederation 65000 members [ 65010 65020 ];\n}\nprotocols {\n    bgp {\n        group LEAVES {\n            type internal;\n            allow [ 10.1.0.0/16 10.2.0.0/16 ];\n            neighbor 10.3.0.1;\n        }\n        group EXT {\n            peer-as 65100;\n            allow all;\n        }\n    }\n}\n";
        let d = lower_text(t);
        let b = &d.bgp[0];
        assert_eq!(b.confederation.map(|c| c.0), Some(Asn::plain(65000)));
        assert_eq!(b.confederation_peers, vec![Asn::plain(65020)]);
        let (b, s) = scope(&d, PUBLIC_VRF);
        let leaves = s.group("LEAVES").unwrap();
        assert!(leaves.dynamic);
        assert_eq!(leaves.kind, GroupKind::Internal);
        assert_eq!(leaves.listen_nets.len(), 2);
        assert_eq!(leaves.listen_nets[1].0, ip("10.2.0.0"));
        assert_eq!(leaves.listen_nets[1].1, 16);
        // A static member of an internal group that also allows dynamic
        // peers is still in the local AS.
        let m = peer(s, "10.3.0.1");
        assert_eq!(
            s.effective_as(m, b.asn).map(|a| a.0),
            Some(Asn::plain(65010))
        );
        let ext = s.group("EXT").unwrap();
        assert!(ext.dynamic);
        assert_eq!(
            ext.listen_as.iter().map(|a| a.0).collect::<Vec<_>>(),
            vec![Asn::plain(65100)]
        );
        assert_eq!(ext.listen_nets.len(), 2);
    }

    #[test]
    fn local_as_on_an_internal_group_is_ibgp_of_that_as() {
        // An EVPN overlay: every device has an underlay AS of its own and
        // runs the overlay group as AS 65000.
        let t = "routing-options { router-id 10.0.0.11; autonomous-system 65011; }\nprotocols {\n    bgp {\n        group underlay {\n            type external;\n            local-as 65011;\n            neighbor 172.16.254.0 { peer-as 65001; }\n        }\n        group transit {\n            peer-as 65100;\n            local-as 64512 alias;\n            neighbor 172.16.254.8;\n        }\n        group overlay {\n            type internal;\n            local-address 172.16.0.11;\n            family evpn signaling;\n            local-as 65000;\n            neighbor 172.16.0.1;\n        }\n    }\n}\n";
        let d = lower_text(t);
        assert_eq!(d.bgp.len(), 2);
        let (b, s) = scope(&d, PUBLIC_VRF);
        assert_eq!(b.asn, Asn::plain(65011));
        assert!(s.group("overlay").is_none());
        // A local AS equal to the process's changes nothing.
        let u = peer(s, "172.16.254.0");
        assert_eq!(
            s.effective_fake_as(u).map(|f| f.0.asn),
            Some(Asn::plain(65011))
        );
        // An external group's local AS is the AS it presents.
        let x = peer(s, "172.16.254.8");
        assert_eq!(
            s.effective_fake_as(x).map(|f| f.0),
            Some(FakeAs {
                asn: Asn::plain(64512),
                dual: true
            })
        );
        let o = &d.bgp[1];
        assert_eq!(o.asn, Asn::plain(65000));
        assert_eq!(text(t, o.span), "local-as 65000;");
        assert_eq!(
            o.router_id.current().map(|r| *r.0),
            Some("10.0.0.11".parse().unwrap())
        );
        let os = &o.scopes[0];
        assert!(os.is_public());
        let rr = peer(os, "172.16.0.1");
        assert_eq!(
            os.effective_as(rr, o.asn).map(|a| a.0),
            Some(Asn::plain(65000))
        );
        assert!(os.effective_fake_as(rr).is_none());
        assert_eq!(fams(o, os, rr), Families::of([Family::Evpn]));
    }

    #[test]
    fn cluster_makes_a_route_reflector() {
        let t = "set routing-options autonomous-system 65000\nset protocols bgp group RR-CLIENTS type internal\nset protocols bgp group RR-CLIENTS cluster 10.0.0.255\nset protocols bgp group RR-CLIENTS no-client-reflect\nset protocols bgp group RR-CLIENTS neighbor 10.0.0.1\nset protocols bgp group MESH type internal\nset protocols bgp group MESH neighbor 10.0.0.2\n";
        let d = lower_text(t);
        let (_, s) = scope(&d, PUBLIC_VRF);
        let client = peer(s, "10.0.0.1");
        let line = s.reflect_client(client, Family::Ipv4Unicast).unwrap();
        assert_eq!(
            text(t, line),
            "set protocols bgp group RR-CLIENTS cluster 10.0.0.255"
        );
        assert!(s.reflect_client(client, Family::Evpn).is_some());
        assert!(
            s.reflect_client(peer(s, "10.0.0.2"), Family::Ipv4Unicast)
                .is_none()
        );
        assert_eq!(
            s.cluster_id_written(Family::Vpnv4).map(|c| (c.0, c.1)),
            Some((u32::from(Ipv4Addr::new(10, 0, 0, 255)), true))
        );
        assert!(s.between_clients_off(Family::Ipv4Unicast).is_some());
        assert!(s.vpn_target_filter_off(Family::Vpnv4).is_some());
        assert!(s.vpn_target_filter_off(Family::Ipv4Unicast).is_none());
    }

    #[test]
    fn what_is_not_read_is_said() {
        let t = "groups {\n    COMMON {\n        protocols { bgp { group <*> { passive; } } }\n    }\n}\napply-groups [ COMMON MISSING ];\nprotocols {\n    bgp {\n        group A {\n            neighbor 10.0.0.1 { peer-as 2; }\n            neighbor not-an-address;\n        }\n    }\n}\n";
        let d = lower_text(t);
        let messages: Vec<&str> = d.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        // A group that is not defined gives nothing.
        assert!(messages[0].starts_with("apply-groups MISSING"));
        assert_eq!(
            text(t, d.problems[0].span),
            "apply-groups [ COMMON MISSING ];"
        );
        // BGP needs the local AS: none is configured.
        assert!(messages.iter().any(|m| m.contains("autonomous-system")));
        assert!(d.bgp.is_empty());
        let t2 = format!("routing-options {{ autonomous-system 1; }}\n{t}");
        let d = lower_text(&t2);
        let (_, s) = scope(&d, PUBLIC_VRF);
        // The group's template is applied.
        let mode = s.group("A").unwrap().settings.mode.current().unwrap();
        assert_eq!((*mode.0, text(&t2, mode.1)), (Mode::ListenOnly, "passive;"));
        assert!(
            d.problems
                .iter()
                .any(|p| p.message.contains("not-an-address"))
        );
    }

    const GROUPS_HIER: &str = r#"## Last commit: 2025-03-08 21:20:03 UTC by netops
groups {
    BGP-EBGP-DEFAULTS {
        protocols {
            bgp {
                group <EBGP-*> {
                    authentication-key "$9$4UoZjHqfz39tOhclvMaZGjHk.P"; ## SECRET-DATA
                    multihop {
                        ttl 2;
                    }
                    local-address 10.255.0.1;
                    passive;
                }
                group IBGP {
                    type internal;
                    neighbor 10.255.0.9;
                }
            }
        }
    }
    OVERRIDE {
        system {
            host-name from-group;
        }
        protocols {
            bgp {
                group <*> {
                    local-address 10.255.0.7;
                    peer-as 65999;
                }
            }
        }
    }
    PORTS {
        interfaces {
            "<ge-0/0/[12]>" {
                disable;
            }
            <xe-*> {
                unit 0 {
                    family inet {
                        address 192.0.2.1/24;
                    }
                }
            }
        }
    }
}
apply-groups PORTS;
system {
    host-name mx1;
}
interfaces {
    ge-0/0/1 {
        unit 0 {
            family inet {
                address 10.1.1.1/30;
            }
        }
    }
    ge-0/0/3 {
        unit 0 {
            family inet {
                address 10.1.1.5/30;
            }
        }
    }
}
routing-options {
    autonomous-system 65000;
}
protocols {
    bgp {
        apply-groups [ BGP-EBGP-DEFAULTS OVERRIDE ];
        group EBGP-HW {
            type external;
            peer-as 65101;
            neighbor 10.255.0.2;
        }
        group EBGP-OTHER {
            apply-groups-except BGP-EBGP-DEFAULTS;
            peer-as 65102;
            neighbor 10.255.0.3;
        }
        group CORE {
            peer-as 65103;
            neighbor 10.255.0.4 {
                local-address 10.255.0.8;
            }
        }
    }
}
"#;

    const GROUPS_SET: &str = r#"set groups BGP-EBGP-DEFAULTS protocols bgp group <EBGP-*> authentication-key "$9$4UoZjHqfz39tOhclvMaZGjHk.P"
set groups BGP-EBGP-DEFAULTS protocols bgp group <EBGP-*> multihop ttl 2
set groups BGP-EBGP-DEFAULTS protocols bgp group <EBGP-*> local-address 10.255.0.1
set groups BGP-EBGP-DEFAULTS protocols bgp group <EBGP-*> passive
set groups BGP-EBGP-DEFAULTS protocols bgp group IBGP type internal
set groups BGP-EBGP-DEFAULTS protocols bgp group IBGP neighbor 10.255.0.9
set groups OVERRIDE system host-name from-group
set groups OVERRIDE protocols bgp group <*> local-address 10.255.0.7
set groups OVERRIDE protocols bgp group <*> peer-as 65999
set groups PORTS interfaces "<ge-0/0/[12]>" disable
set groups PORTS interfaces <xe-*> unit 0 family inet address 192.0.2.1/24
set apply-groups PORTS
set system host-name mx1
set interfaces ge-0/0/1 unit 0 family inet address 10.1.1.1/30
set interfaces ge-0/0/3 unit 0 family inet address 10.1.1.5/30
set routing-options autonomous-system 65000
set protocols bgp apply-groups BGP-EBGP-DEFAULTS
set protocols bgp apply-groups OVERRIDE
set protocols bgp group EBGP-HW type external
set protocols bgp group EBGP-HW peer-as 65101
set protocols bgp group EBGP-HW neighbor 10.255.0.2
set protocols bgp group EBGP-OTHER apply-groups-except BGP-EBGP-DEFAULTS
set protocols bgp group EBGP-OTHER peer-as 65102
set protocols bgp group EBGP-OTHER neighbor 10.255.0.3
set protocols bgp group CORE peer-as 65103
set protocols bgp group CORE neighbor 10.255.0.4 local-address 10.255.0.8
"#;

    #[test]
    fn configuration_groups_are_inherited() {
        let (h, st) = (lower_text(GROUPS_HIER), lower_text(GROUPS_SET));
        assert_eq!(summary(&h), summary(&st));
        assert!(h.problems.is_empty(), "{:?}", h.problems);
        let t = GROUPS_HIER;
        // The configuration's own host name wins over the group's.
        assert_eq!(h.name, "mx1");
        // Wildcards match existing interfaces only: ge-0/0/1 (not ge-0/0/3)
        // is disabled; no xe- interface exists, so none is made.
        let ge1 = h.interface("ge-0/0/1").unwrap();
        assert_eq!(text(t, ge1.shutdown().unwrap()), "disable;");
        assert!(
            h.interface("ge-0/0/3")
                .is_none_or(|i| i.shutdown().is_none())
        );
        assert!(h.interfaces.iter().all(|i| !i.name.starts_with("xe-")));

        let (b, s) = scope(&h, PUBLIC_VRF);
        // `group <EBGP-*>` gives EBGP-HW its key, multihop and source, each
        // with the group's line; the first group listed wins over OVERRIDE,
        // and the configuration's own peer-as over both.
        let hw = s.group("EBGP-HW").unwrap();
        assert_eq!(text(t, hw.decl), "group EBGP-HW {");
        let auth = hw.settings.get(|m| &m.auth).unwrap();
        assert_eq!(*auth.0, Auth::Password { simple: None });
        assert!(text(t, auth.1).starts_with("authentication-key \"$9$"));
        let p = peer(s, "10.255.0.2");
        let ttl = s.ttl(p);
        assert_eq!(
            ttl.max_hop.map(|h| (h.0, text(t, h.1))),
            Some((2, "ttl 2;"))
        );
        let src = s.effective_source(p).unwrap();
        assert_eq!(
            (src.0.clone(), text(t, src.1)),
            (
                ConnectSource::Address(ip("10.255.0.1")),
                "local-address 10.255.0.1;"
            )
        );
        let (asn, line) = s.effective_as(p, b.asn).unwrap();
        assert_eq!((asn, text(t, line)), (Asn::plain(65101), "peer-as 65101;"));
        assert_eq!(s.effective_mode(p).mode, Mode::ListenOnly);
        // `apply-groups-except` keeps BGP-EBGP-DEFAULTS from EBGP-OTHER;
        // OVERRIDE still applies.
        let o = peer(s, "10.255.0.3");
        assert!(s.effective(o, |m| &m.auth).is_none());
        assert_eq!(s.effective_mode(o).mode, Mode::Both);
        assert_eq!(
            s.effective_source(o).map(|x| x.0.clone()),
            Some(ConnectSource::Address(ip("10.255.0.7")))
        );
        // CORE does not match `<EBGP-*>`; its neighbor's own source wins.
        let c = peer(s, "10.255.0.4");
        assert!(s.effective(c, |m| &m.auth).is_none());
        assert_eq!(
            s.effective_source(c).map(|x| x.0.clone()),
            Some(ConnectSource::Address(ip("10.255.0.8")))
        );
        // A group's BGP group that the configuration lacks is made, with
        // the group's lines.
        let ibgp = s.group("IBGP").unwrap();
        assert_eq!(ibgp.kind, GroupKind::Internal);
        let n = peer(s, "10.255.0.9");
        assert_eq!(text(t, n.decl), "neighbor 10.255.0.9;");
        assert_eq!(
            s.effective_as(n, b.asn).map(|a| a.0),
            Some(Asn::plain(65000))
        );
    }

    #[test]
    fn nested_groups_win_and_fill_what_the_configuration_lacks() {
        let t = "set groups A protocols bgp group <*> local-address 10.0.0.1\nset groups A protocols bgp group <*> neighbor <*> passive\nset groups A protocols bgp group <*> family inet6 unicast\nset groups A routing-options router-id 1.1.1.1\nset groups B protocols bgp group X local-address 10.0.0.2\nset groups C system host-name from-group\nset groups C interfaces <*> apply-groups C\nset apply-groups [ A C ]\nset routing-options autonomous-system 65000\nset protocols bgp group X apply-groups B\nset protocols bgp group X peer-as 65001\nset protocols bgp group X family inet unicast\nset protocols bgp group X neighbor 10.1.1.1\nset protocols bgp group Y peer-as 65002\nset protocols bgp group Y neighbor 10.1.1.2\nset interfaces lo0 unit 0 family inet address 10.0.0.1/32\n";
        let d = lower_text(t);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        // No host name in the configuration: the group's.
        assert_eq!(d.name, "from-group");
        assert_eq!(
            d.router_id.current().map(|r| *r.0),
            Some("1.1.1.1".parse().unwrap())
        );
        let (b, s) = scope(&d, PUBLIC_VRF);
        // B, applied at group X, wins over A, applied at the top.
        let x = peer(s, "10.1.1.1");
        let src = s.effective_source(x).unwrap();
        assert_eq!(
            (src.0.clone(), text(t, src.1)),
            (
                ConnectSource::Address(ip("10.0.0.2")),
                "set groups B protocols bgp group X local-address 10.0.0.2"
            )
        );
        let y = peer(s, "10.1.1.2");
        assert_eq!(
            s.effective_source(y).map(|x| x.0.clone()),
            Some(ConnectSource::Address(ip("10.0.0.1")))
        );
        // A neighbor wildcard reaches every neighbor.
        assert_eq!(s.effective_mode(x).mode, Mode::ListenOnly);
        assert_eq!(s.effective_mode(y).mode, Mode::ListenOnly);
        // Family lists are merged with the configuration's own.
        assert_eq!(
            fams(b, s, x),
            Families::of([Family::Ipv4Unicast, Family::Ipv6Unicast])
        );
        assert_eq!(fams(b, s, y), Families::of([Family::Ipv6Unicast]));
    }

    #[test]
    fn dynamic_neighbors_and_peer_as_lists() {
        let hier = "policy-options {\n    as-list LEAVES members 65101-65199;\n    as-list TWO members [ 65001 65003-65004 ];\n    as-list PRIVATE4 members 4200000000-4294967294;\n}\nrouting-options {\n    autonomous-system 65100;\n}\nprotocols {\n    bgp {\n        group LEAVES-A {\n            type external;\n            allow 10.90.0.0/24;\n            peer-as-list LEAVES;\n        }\n        group LEAVES-B {\n            type external;\n            dynamic-neighbor LEAF-RANGE {\n                allow [ 10.91.0.0/24 10.92.0.0/24 ];\n                peer-as-list TWO;\n            }\n        }\n        group WIDE {\n            allow 10.93.0.0/24;\n            peer-as-list PRIVATE4;\n        }\n        group NOLIST {\n            allow 10.94.0.0/24;\n            peer-as-list UNDEFINED;\n        }\n    }\n}\n";
        let set = "set policy-options as-list LEAVES members 65101-65199\nset policy-options as-list TWO members 65001\nset policy-options as-list TWO members 65003-65004\nset policy-options as-list PRIVATE4 members 4200000000-4294967294\nset routing-options autonomous-system 65100\nset protocols bgp group LEAVES-A type external\nset protocols bgp group LEAVES-A allow 10.90.0.0/24\nset protocols bgp group LEAVES-A peer-as-list LEAVES\nset protocols bgp group LEAVES-B type external\nset protocols bgp group LEAVES-B dynamic-neighbor LEAF-RANGE allow 10.91.0.0/24\nset protocols bgp group LEAVES-B dynamic-neighbor LEAF-RANGE allow 10.92.0.0/24\nset protocols bgp group LEAVES-B dynamic-neighbor LEAF-RANGE peer-as-list TWO\nset protocols bgp group WIDE allow 10.93.0.0/24\nset protocols bgp group WIDE peer-as-list PRIVATE4\nset protocols bgp group NOLIST allow 10.94.0.0/24\nset protocols bgp group NOLIST peer-as-list UNDEFINED\n";
        let d = lower_text(hier);
        assert_eq!(summary(&d), summary(&lower_text(set)));
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let (_, s) = scope(&d, PUBLIC_VRF);
        let accepts = |g: &str| -> Vec<u32> {
            s.group(g)
                .unwrap()
                .listen_as
                .iter()
                .map(|a| a.0.0)
                .collect()
        };
        // Each AS of the list, with the line that lists it.
        let a = s.group("LEAVES-A").unwrap();
        assert!(a.dynamic);
        assert_eq!(accepts("LEAVES-A"), (65101..=65199).collect::<Vec<_>>());
        assert_eq!(
            text(hier, a.listen_as[0].1),
            "as-list LEAVES members 65101-65199;"
        );
        // A `dynamic-neighbor` block's prefixes and list are its group's.
        let b = s.group("LEAVES-B").unwrap();
        assert!(b.dynamic);
        let nets: Vec<(IpAddr, u8)> = b.listen_nets.iter().map(|n| (n.0, n.1)).collect();
        assert_eq!(nets, vec![(ip("10.91.0.0"), 24), (ip("10.92.0.0"), 24)]);
        assert_eq!(accepts("LEAVES-B"), vec![65001, 65003, 65004]);
        // Lists too long to spell out, or not defined, accept any AS.
        for name in ["WIDE", "NOLIST"] {
            assert!(accepts(name).is_empty(), "{name}");
            assert!(s.group(name).unwrap().listen_any_as, "{name}");
        }
        assert!(!b.listen_any_as);
    }

    #[test]
    fn hostile_groups_are_bounded() {
        // Every BGP group of the configuration matches each of thousands of
        // wildcard statements: the expansion stops at its budget and says
        // so, quickly.
        let mut t = String::from(
            "set routing-options autonomous-system 1\nset protocols bgp apply-groups G\n",
        );
        for i in 0..3000 {
            t.push_str(&format!(
                "set protocols bgp group g{i} neighbor 10.0.{}.{} peer-as 2\n",
                i / 250,
                i % 250 + 1
            ));
            t.push_str(&format!(
                "set groups G protocols bgp group <*> description d{i}\n"
            ));
        }
        // A group that applies itself below, and glob patterns built to
        // backtrack.
        t.push_str("set groups C interfaces <*> apply-groups C\nset groups C interfaces <*a*a*a*a*a*a*a*a*b> disable\nset apply-groups C\n");
        t.push_str(&format!("set interfaces {} unit 0\n", "a".repeat(200)));
        let start = std::time::Instant::now();
        let d = lower_text(&t);
        assert!(start.elapsed().as_secs() < 20);
        assert!(
            d.problems
                .iter()
                .any(|p| p.message.contains("more statements than peerlint follows")),
            "{:?}",
            d.problems
        );
        assert!(
            d.interface(&"a".repeat(200))
                .is_none_or(|i| i.shutdown().is_none())
        );
        for t in [
            "set groups",
            "set groups G",
            "set apply-groups",
            "set groups G apply-groups G\nset apply-groups G",
            "set groups G <\nset apply-groups G\nset <> x",
            "set groups G \"<[\" x\nset groups G \"<[!]>\" y\nset apply-groups G\nset [ x",
            "groups { G { <*> { <*> { apply-groups G; } } } }\napply-groups G;\na { b { c; } }",
            "set a apply-groups-except\nset apply-groups-except G\n",
        ] {
            let _ = lower_text(t);
        }
        // Token soup of group syntax, from a fixed pseudo-random sequence.
        let words = [
            "groups",
            "G",
            "H",
            "apply-groups",
            "apply-groups-except",
            "<*>",
            "<G*>",
            "\"<[!a-]>\"",
            "\"<[\"",
            "{",
            "}",
            ";",
            "[",
            "]",
            "protocols",
            "bgp",
            "group",
            "neighbor",
            "10.0.0.1",
            "peer-as",
            "2",
            "set",
            "\n",
            "interfaces",
            "<ge-*>",
            "ge-0/0/0",
            "disable",
            "inactive:",
            "routing-options",
            "autonomous-system",
            "1",
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..400 {
            let mut t = String::new();
            for _ in 0..120 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                t.push_str(words[(x % words.len() as u64) as usize]);
                t.push(' ');
            }
            let _ = lower_text(&t);
        }
    }

    #[test]
    fn interface_details() {
        let t = "set interfaces ge-0/0/3 unit 5 family inet unnumbered-address lo0.0\nset interfaces ge-0/0/4 unit 0 family inet6 address 2001:db8:1::/64 eui-64\nset interfaces ge-0/0/4 unit 0 family inet6 address fe80::1/64\nset interfaces xe-0/0/5 unit 0 family inet address 10.9.9.1/24\nset routing-instances R interface xe-0/0/5\nset routing-instances L2 instance-type evpn\nset routing-instances L2 vrf-target target:1:1\nset routing-instances L2 interface ge-0/0/9.0\n";
        let d = lower_text(t);
        assert!(d.interface("ge-0/0/3.5").unwrap().unwritten(Unwritten::V4));
        let ge4 = d.interface("ge-0/0/4.0").unwrap();
        assert!(ge4.addresses.is_empty());
        assert!(ge4.unwritten(Unwritten::V6) && ge4.has_link_local());
        // An interface named without a unit in a routing instance is unit 0.
        assert_eq!(
            d.interface("xe-0/0/5.0")
                .unwrap()
                .vpn()
                .map(|v| v.0.as_str()),
            Some("R")
        );
        assert!(d.interface("ge-0/0/9.0").is_none());
        assert_eq!(d.route_targets.evpn.export, vec![Name::from("1:1")]);
        assert!(d.route_targets.v4.export.is_empty());
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let mut deep = String::from("routing-options { autonomous-system 1; }\n");
        for _ in 0..10_000 {
            deep.push_str("protocols { ");
        }
        deep.push_str("bgp { group G { neighbor 10.0.0.1; } }");
        for _ in 0..10_000 {
            deep.push('}');
        }
        deep.push('\n');
        let _ = lower_text(&deep);
        for t in [
            "}}}}{{{{",
            "protocols { bgp { group \"unterminated { neighbor 10.0.0.1; } } }",
            "set protocols bgp group G neighbor 10.0.0.1 peer-as 99999999999999999999\nset routing-options autonomous-system 0\nset protocols bgp group G multihop ttl 999\nset protocols bgp group G local-as\nset protocols bgp group G allow [ garbage 10.0.0.0/99 ]\n",
            "set routing-options autonomous-system 70000.1\nset routing-options confederation x members [ a b ]\nset routing-options router-id 300.1.1.1\n",
            "set interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/33\nset interfaces ge-0/0/0 unit 0 family inet6 address 10.0.0.1/24\nset interfaces",
            "set routing-options autonomous-system 1\nset protocols bgp group G neighbor fe80::1%ge-0/0/0.0 peer-as 2\nset protocols bgp group G family\nset protocols bgp group G type\nset routing-instances",
            "/* never closed\nset system host-name x\n",
            "inactive: inactive: { } ; [ ] \" \\",
            "set\ndelete\ndeactivate\nactivate\nset \"\"\nset protocols bgp group \"\" neighbor \"\"",
            "\u{feff}système { hôte ü; }",
        ] {
            let _ = lower_text(t);
        }
    }
}
