//! Cisco IOS XR: a running configuration (indentation-nested blocks, `!`
//! separators) read into the neutral model.
//!
//! What is read:
//! - `hostname X`;
//! - `interface X` blocks: `ipv4 address A M [secondary]` (or `A/L`),
//!   `ipv6 address A/L`, `vrf V`, `shutdown`; `interface preconfigure X`
//!   is skipped (the hardware is not there);
//! - `vrf V` definitions and their `import route-target` / `export
//!   route-target` lists (one target a line);
//! - `router bgp N`: `bgp router-id`, confederations, the process's
//!   address families (what it originates), `neighbor-group`,
//!   `session-group` and `af-group` templates, `neighbor X` blocks and
//!   `vrf V` blocks with their own neighbors.
//!
//! The pages the behaviour comes from, named below by these short names:
//! - CR: Cisco IOS XR Routing Command Reference, "BGP Commands on Cisco IOS
//!   XR Software" (the command pages `address-family (BGP)`, `neighbor
//!   (BGP)`, `neighbor-group`, `session-group`, `af-group`, `remote-as
//!   (BGP)`, `session-open-mode`, `update-source`, `ebgp-multihop`,
//!   `password (BGP)`, `password-disable`, `keychain`, `keychain-disable`,
//!   `local-as`, `shutdown (BGP)`, `route-reflector-client`, `bgp
//!   router-id`, `bgp confederation identifier|peers`, `import|export
//!   route-target`);
//! - INHERIT: Cisco IOS XR Routing Configuration Guide, "Implementing BGP",
//!   section "Template Inheritance Rules", and BGP Configuration Guide for
//!   Cisco 8000 Series Routers, "Precedence of configuration template
//!   inheritance in BGP";
//! - AF: BGP Configuration Guide for Cisco 8000 Series Routers, "BGP
//!   address family configuration and behavior".
//!
//! Templates are resolved here, so that the model's one group per peer
//! says what the device does (INHERIT): a value set on the neighbor wins;
//! else its session group's (or address family group's); else its
//! neighbor group's, which takes what it lacks from its own session group
//! and then from the neighbor group it uses in turn. A neighbor's own
//! settings therefore hold its session group's values (with the lines of
//! the session group), and its model group is the neighbor group with
//! everything it inherits.

use std::net::IpAddr;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::lines::{self, Line};
use crate::model::{
    Asn, Auth, ConnectSource, Device, Draft, FakeAs, Family, FamilyLine, Group, GroupKind,
    GroupRef, IfAddr, Mode, Name, PUBLIC_VRF, ReflectorLine, ReflectorSetting, RouteTargets,
    Settings, Unwritten, Vendor, password_hash,
};
use crate::source::{FileId, Span};

/// How many templates deep inheritance is followed (`use session-group`
/// within a session group, `use neighbor-group` within a neighbor group,
/// `use af-group` within an address family group). Real configurations
/// nest two or three; a loop, which the device refuses, stops here.
const MAX_CHAIN: usize = 16;

/// Reads an IOS XR configuration.
pub fn lower(file: FileId, text: &str, stem: &str) -> Device {
    let lines = lines::read(file, text);
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); lines.len()];
    let mut top = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        match line.parent.and_then(|p| kids.get_mut(p)) {
            Some(list) => list.push(i),
            None => top.push(i),
        }
    }
    let mut reader = Reader {
        text,
        lines: &lines,
        kids: &kids,
        draft: Draft::new(file, stem, Vendor::IosXr),
        targets: RouteTargets::default(),
        vrfs: HashSet::default(),
        procs: Vec::new(),
    };
    for &i in &top {
        reader.top(i);
    }
    reader.finish()
}

/// A neighbor, neighbor group or session group as written: its own
/// settings, its lines that stop inheritance, and the templates it uses.
#[derive(Clone, Debug, Default)]
struct Node {
    /// The `neighbor X` / `neighbor-group G` / `session-group G` line.
    decl: Option<Span>,
    /// The group's name as written (templates only).
    name_span: Option<Span>,
    settings: Settings,
    /// `ebgp-multihop inheritance-disable`: no hop limit from templates.
    hop_off: Option<Span>,
    /// `ttl-security inheritance-disable`: no GTSM from templates.
    gtsm_off: Option<Span>,
    /// `use session-group G`: the name, the line, the name's span.
    use_session: Option<(Name, Span, Span)>,
    /// `use neighbor-group G`: the name, the line, the name's span.
    use_group: Option<(Name, Span, Span)>,
    /// `use af-group G` inside an address family block: the family and
    /// the group's name.
    af_groups: Vec<(Family, Name)>,
}

/// `af-group G address-family F`: what is read of it.
#[derive(Clone, Debug, Default)]
struct AfGroup {
    /// `route-reflector-client` (true) or its `inheritance-disable`
    /// (false), with the line.
    reflect: Option<(bool, Span)>,
    /// `use af-group P`.
    parent: Option<Name>,
}

/// A neighbor of a BGP process, in the VRF its block is in.
#[derive(Debug)]
struct PeerDraft {
    vrf: Name,
    /// The line that opens the neighbor's scope (`router bgp` or `vrf V`).
    scope_span: Span,
    addr: IpAddr,
    node: Node,
}

/// One `router bgp N` process, while it is read.
#[derive(Debug)]
struct Process {
    b: usize,
    /// The first `router bgp` line.
    line: Span,
    neighbor_groups: HashMap<Name, Node>,
    session_groups: HashMap<Name, Node>,
    af_groups: HashMap<Name, AfGroup>,
    peers: Vec<PeerDraft>,
    peer_at: HashMap<(Name, IpAddr), usize>,
}

struct Reader<'a, 't> {
    text: &'t str,
    lines: &'a [Line<'t>],
    kids: &'a [Vec<usize>],
    draft: Draft,
    targets: RouteTargets,
    /// VRF names defined already (the draft's list is searched linearly).
    vrfs: HashSet<Name>,
    /// Indexed by the draft's BGP process index.
    procs: Vec<Process>,
}

impl<'a, 't> Reader<'a, 't> {
    fn words(&self, i: usize) -> &'a [&'t str] {
        let lines: &'a [Line<'t>] = self.lines;
        lines.get(i).map_or(&[], |l| l.words.as_slice())
    }

    fn span(&self, i: usize) -> Span {
        self.lines[i].span
    }

    fn children(&self, i: usize) -> &'a [usize] {
        let kids: &'a [Vec<usize>] = self.kids;
        kids.get(i).map_or(&[], |k| k.as_slice())
    }

    /// Where a word of the text (a slice of it) starts.
    fn offset(&self, word: &str) -> usize {
        (word.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize)
    }

    /// The span of one word of line `i`.
    fn word_span(&self, i: usize, word: &str) -> Span {
        let line = self.span(i);
        let start = self.offset(word);
        Span::at(line.file, start, start + word.len(), line.line)
    }

    /// The text of line `i` from `word` to the end of the line (a password
    /// with blanks in it).
    fn rest_from(&self, i: usize, word: &str) -> &'t str {
        let end = self.span(i).end as usize;
        let start = self.offset(word);
        self.text.get(start..end).unwrap_or(word)
    }

    fn top(&mut self, i: usize) {
        let span = self.span(i);
        match self.words(i) {
            ["hostname", name, ..] => self.draft.name(name, span),
            ["interface", "preconfigure", ..] => {}
            ["interface", name, ..] => self.interface(i, name),
            ["vrf", name, ..] => self.vrf_definition(i, name),
            ["router", "bgp", asn, rest @ ..] => self.router_bgp(i, asn, rest),
            _ => {}
        }
    }

    /// An `interface` block: addresses, VRF, shutdown.
    fn interface(&mut self, i: usize, name: &str) {
        for &c in self.children(i) {
            let span = self.span(c);
            match self.words(c) {
                ["ipv4", "address", "dhcp", ..] => {
                    self.draft.interface(name).set_unwritten(Unwritten::V4, true)
                }
                ["ipv4", "address", addr, rest @ ..] => {
                    let (parsed, rest) = match rest {
                        [mask, more @ ..] if !addr.contains('/') => {
                            let a = addr.parse::<std::net::Ipv4Addr>().ok();
                            let len = lines::mask_len(mask);
                            (a.zip(len).map(|(a, l)| (IpAddr::V4(a), l)), more)
                        }
                        _ => (lines::prefix(addr).filter(|(a, _)| a.is_ipv4()), rest),
                    };
                    let Some((addr, prefix)) = parsed else {
                        self.draft
                            .problem(span, "this IPv4 address and mask are not understood");
                        continue;
                    };
                    let secondary = rest.contains(&"secondary");
                    let iface = self.draft.interface(name);
                    if !secondary {
                        // A new primary address replaces the old one.
                        iface
                            .addresses
                            .retain(|a| !(a.addr.is_ipv4() && !a.secondary));
                    }
                    iface.addresses.push(IfAddr {
                        addr,
                        prefix,
                        secondary,
                        span,
                    });
                }
                ["ipv4", "unnumbered", ..] => {
                    self.draft.interface(name).set_unwritten(Unwritten::V4, true)
                }
                ["ipv6", "enable", ..] => self
                    .draft
                    .interface(name)
                    .set_unwritten(Unwritten::LINK_LOCAL, true),
                ["ipv6", "address", "autoconfig" | "dhcp", ..] => {
                    let iface = self.draft.interface(name);
                    iface.set_unwritten(Unwritten::V6, true);
                    iface.set_unwritten(Unwritten::LINK_LOCAL, true);
                }
                ["ipv6", "address", _, rest @ ..] if rest.contains(&"link-local") => self
                    .draft
                    .interface(name)
                    .set_unwritten(Unwritten::LINK_LOCAL, true),
                ["ipv6", "address", addr, rest @ ..] => {
                    let Some((addr, prefix)) = lines::prefix(addr).filter(|(a, _)| a.is_ipv6())
                    else {
                        self.draft
                            .problem(span, "this IPv6 address is not understood");
                        continue;
                    };
                    let iface = self.draft.interface(name);
                    if rest.contains(&"eui-64") {
                        // The host part comes from the MAC address.
                        iface.set_unwritten(Unwritten::V6, true);
                        iface.set_unwritten(Unwritten::LINK_LOCAL, true);
                    } else {
                        iface.addresses.push(IfAddr {
                            addr,
                            prefix,
                            secondary: true,
                            span,
                        });
                    }
                }
                ["vrf", vrf, ..] => self
                    .draft
                    .interface(name)
                    .set_vpn(Some((Name::from(*vrf), span))),
                ["shutdown"] => self.draft.interface(name).set_shutdown(Some(span)),
                ["no", "shutdown"] => self.draft.interface(name).set_shutdown(None),
                _ => {}
            }
        }
    }

    /// `vrf V` at the top: a VRF definition, with the route targets of its
    /// IPv4 and IPv6 unicast families (CR `import route-target`, `export
    /// route-target`: the targets are listed one a line in the block, or
    /// on the command's own line).
    fn vrf_definition(&mut self, i: usize, name: &str) {
        if self.vrfs.insert(Name::from(name)) {
            let span = self.span(i);
            self.draft.vrf(name, span);
        }
        for &af in self.children(i) {
            let v6 = match self.words(af) {
                ["address-family", "ipv4", "unicast", ..] => false,
                ["address-family", "ipv6", "unicast", ..] => true,
                _ => continue,
            };
            for &c in self.children(af) {
                let (import, inline) = match self.words(c) {
                    ["import", "route-target", inline @ ..] => (true, inline),
                    ["export", "route-target", inline @ ..] => (false, inline),
                    _ => continue,
                };
                let mut found: Vec<Name> = inline
                    .first()
                    .filter(|t| is_target(t))
                    .map(|t| Name::from(*t))
                    .into_iter()
                    .collect();
                for &t in self.children(c) {
                    if let Some(rt) = self.words(t).first().filter(|t| is_target(t)) {
                        found.push(Name::from(*rt));
                    }
                }
                let targets = if v6 {
                    &mut self.targets.v6
                } else {
                    &mut self.targets.v4
                };
                let list = if import {
                    &mut targets.import
                } else {
                    &mut targets.export
                };
                list.extend(found);
            }
        }
    }

    /// `router bgp N [instance X]` and its block.
    fn router_bgp(&mut self, i: usize, asn: &str, rest: &[&str]) {
        let span = self.span(i);
        let Some(asn) = Asn::parse(asn) else {
            self.draft
                .problem(span, format!("`{asn}` is not an AS number"));
            return;
        };
        let b = self.draft.bgp(asn, span);
        if b >= self.procs.len() {
            // AF: no address family is enabled by default in IOS XR BGP,
            // not even IPv4 unicast: every neighbor is enabled only in the
            // families configured under it (or its templates). Set at the
            // `router bgp` line, before every neighbor, nothing is enabled
            // on its own.
            self.draft.instance(b).no_default_ipv4_unicast = Some(span);
            self.procs.push(Process {
                b,
                line: span,
                neighbor_groups: HashMap::default(),
                session_groups: HashMap::default(),
                af_groups: HashMap::default(),
                peers: Vec::new(),
                peer_at: HashMap::default(),
            });
        }
        let Some(k) = self.procs.iter().position(|p| p.b == b) else {
            return;
        };
        if let ["instance", name, ..] = rest {
            self.draft.instance(b).name = Some(Name::from(*name));
        }
        let line = self.procs[k].line;
        for &c in self.children(i) {
            let cspan = self.span(c);
            match self.words(c) {
                // CR `bgp router-id`.
                ["bgp", "router-id", id, ..] => match id.parse() {
                    Ok(id) => self.draft.instance(b).router_id.set(id, cspan),
                    Err(_) => self
                        .draft
                        .problem(cspan, format!("`{id}` is not an IPv4 address")),
                },
                // CR `bgp confederation identifier`, `bgp confederation
                // peers` (the member ASs one a line in its block).
                ["bgp", "confederation", "identifier", asn, ..] => {
                    if let Some(a) = Asn::parse(asn) {
                        self.draft.instance(b).confederation = Some((a, cspan));
                    }
                }
                ["bgp", "confederation", "peers", inline @ ..] => {
                    let mut list: Vec<Asn> = inline.iter().filter_map(|a| Asn::parse(a)).collect();
                    for &m in self.children(c) {
                        list.extend(self.words(m).first().and_then(|a| Asn::parse(a)));
                    }
                    let instance = self.draft.instance(b);
                    instance.confederation_peers.extend(list);
                    instance.confederation_peers_line = Some(cspan);
                }
                ["address-family", family @ ..] => {
                    self.originates(b, PUBLIC_VRF, line, c, family_of(family))
                }
                ["neighbor-group", name, ..] => {
                    let mut node = self.procs[k]
                        .neighbor_groups
                        .remove(*name)
                        .unwrap_or_default();
                    node.decl.get_or_insert(cspan);
                    node.name_span.get_or_insert(self.word_span(c, name));
                    self.read_node(&mut node, c);
                    self.procs[k].neighbor_groups.insert(Name::from(*name), node);
                }
                ["session-group", name, ..] => {
                    let mut node = self.procs[k]
                        .session_groups
                        .remove(*name)
                        .unwrap_or_default();
                    node.decl.get_or_insert(cspan);
                    node.name_span.get_or_insert(self.word_span(c, name));
                    self.read_node(&mut node, c);
                    self.procs[k].session_groups.insert(Name::from(*name), node);
                }
                ["af-group", name, "address-family", ..] => {
                    let mut group = AfGroup::default();
                    for &g in self.children(c) {
                        let gspan = self.span(g);
                        match self.words(g) {
                            ["route-reflector-client", "inheritance-disable", ..] => {
                                group.reflect = Some((false, gspan))
                            }
                            ["route-reflector-client", ..] => group.reflect = Some((true, gspan)),
                            ["use", "af-group", parent, ..] => {
                                group.parent = Some(Name::from(*parent))
                            }
                            _ => {}
                        }
                    }
                    self.procs[k].af_groups.insert(Name::from(*name), group);
                }
                ["neighbor", ..] => self.neighbor(k, PUBLIC_VRF, line, c),
                ["vrf", name, ..] => self.bgp_vrf(k, name, c),
                _ => {}
            }
        }
    }

    /// `vrf V` inside `router bgp`: the VRF's scope, its router ID, its
    /// address families and neighbors.
    fn bgp_vrf(&mut self, k: usize, name: &str, i: usize) {
        let b = self.procs[k].b;
        let span = self.span(i);
        self.draft.scope(b, name, span);
        for &c in self.children(i) {
            let cspan = self.span(c);
            match self.words(c) {
                ["bgp", "router-id", id, ..] => match id.parse() {
                    Ok(id) => self
                        .draft
                        .scope(b, name, span)
                        .router_id
                        .set(Some(id), cspan),
                    Err(_) => self
                        .draft
                        .problem(cspan, format!("`{id}` is not an IPv4 address")),
                },
                ["address-family", family @ ..] => {
                    self.originates(b, name, span, c, family_of(family))
                }
                ["neighbor", ..] => self.neighbor(k, name, span, c),
                _ => {}
            }
        }
    }

    /// A process's (or VRF's) address family block: whether the speaker
    /// originates routes there (`network`, `redistribute`,
    /// `aggregate-address`).
    fn originates(&mut self, b: usize, vrf: &str, scope_span: Span, i: usize, family: Family) {
        let originates = self.children(i).iter().any(|&c| {
            matches!(
                self.words(c),
                ["network" | "redistribute" | "aggregate-address", ..]
            )
        });
        if originates {
            let scope = self.draft.scope(b, vrf, scope_span);
            if !scope.originates.contains(&family) {
                scope.originates.push(family);
            }
        }
    }

    /// A `neighbor X` block (CR `neighbor (BGP)`), in the public scope or a
    /// VRF's.
    fn neighbor(&mut self, k: usize, vrf: &str, scope_span: Span, i: usize) {
        let span = self.span(i);
        let ["neighbor", addr_word, rest @ ..] = self.words(i) else {
            return;
        };
        let Some(addr) = parse_neighbor(addr_word) else {
            // `neighbor A/L` (a range of dynamic neighbors) is not read.
            if !addr_word.contains('/') {
                self.draft.problem(
                    span,
                    format!("`{addr_word}` is not an IPv4 or IPv6 neighbor address"),
                );
            }
            return;
        };
        let key = (Name::from(vrf), addr);
        let p = match self.procs[k].peer_at.get(&key) {
            Some(&p) => p,
            None => {
                let process = &mut self.procs[k];
                process.peers.push(PeerDraft {
                    vrf: Name::from(vrf),
                    scope_span,
                    addr,
                    node: Node {
                        decl: Some(span),
                        ..Node::default()
                    },
                });
                process.peer_at.insert(key, process.peers.len() - 1);
                process.peers.len() - 1
            }
        };
        let mut node = std::mem::take(&mut self.procs[k].peers[p].node);
        if !rest.is_empty() {
            // `neighbor X remote-as N` on one line, as some tools write it.
            self.setting(&mut node, i, rest);
        }
        self.read_node(&mut node, i);
        self.procs[k].peers[p].node = node;
    }

    /// The lines of a neighbor, neighbor group or session group block.
    fn read_node(&mut self, node: &mut Node, i: usize) {
        for &c in self.children(i) {
            let words = self.words(c);
            self.setting(node, c, words);
        }
    }

    /// One command of a neighbor, neighbor group or session group.
    fn setting(&mut self, node: &mut Node, i: usize, words: &[&'t str]) {
        let span = self.span(i);
        let s = &mut node.settings;
        match words {
            // CR `remote-as (BGP)`: on a neighbor group or session group
            // it gives the members their remote AS.
            ["remote-as", asn, ..] => match Asn::parse(asn) {
                Some(a) => s.as_number.set(a, span),
                None => self
                    .draft
                    .problem(span, format!("`{asn}` is not an AS number")),
            },
            // CR `session-open-mode {active-only | passive-only | both}`:
            // active-only only opens the TCP session, passive-only only
            // accepts it, both (the default) does either.
            ["session-open-mode", mode, ..] => {
                let mode = match *mode {
                    "active-only" => Mode::ConnectOnly,
                    "passive-only" => Mode::ListenOnly,
                    "both" => Mode::Both,
                    _ => return,
                };
                s.mode.set(mode, span);
            }
            // CR `update-source`: the interface whose address is the
            // session's source.
            ["update-source", "inheritance-disable", ..] => {}
            ["update-source", iface, ..] => s
                .connect_interface
                .set(ConnectSource::Interface(Name::from(*iface)), span),
            // CR `ebgp-multihop [ttl-value] [mpls]`. The pages reachable
            // here do not show the value taken when it is left out; 255,
            // the largest, is taken: it claims no hop-limit failure.
            ["ebgp-multihop", "inheritance-disable", ..] => node.hop_off = Some(span),
            ["ebgp-multihop", n, ..] if n.bytes().all(|b| b.is_ascii_digit()) => {
                match n.parse::<u8>() {
                    Ok(hops) if hops > 0 => s.more_mut().ebgp_max_hop.set(hops, span),
                    _ => self
                        .draft
                        .problem(span, format!("`{n}` is not a hop count from 1 to 255")),
                }
            }
            ["ebgp-multihop", ..] => s.more_mut().ebgp_max_hop.set(255, span),
            // IOS XR's `ttl-security` takes no hop count: the neighbor must
            // be one hop away, its packets must arrive with TTL 255, and the
            // router sends with 255 (CR `ttl-security`; the CCNP-SP study
            // guide, "BGP TTL Security pt. 3 (IOS-XR)", shows the command
            // has only `inheritance-disable` after it). GTSM of one hop.
            ["ttl-security", "inheritance-disable", ..] => node.gtsm_off = Some(span),
            ["ttl-security", ..] => s.more_mut().valid_ttl_hops.set(1, span),
            // CR `password (BGP)`: `clear` is the plaintext (only its hash
            // is kept), `encrypted` a ciphertext that cannot be compared;
            // `inheritance-disable` (and the older `password-disable`)
            // takes no password from the templates.
            ["password", "clear", pw, ..] => {
                let plain = self.rest_from(i, pw);
                s.more_mut().auth.set(
                    Auth::Password {
                        simple: Some(password_hash(plain)),
                    },
                    span,
                );
            }
            ["password", "inheritance-disable", ..] | ["password-disable", ..] => {
                s.more_mut().auth.set(Auth::Disabled, span)
            }
            ["password", _, ..] => s
                .more_mut()
                .auth
                .set(Auth::Password { simple: None }, span),
            // CR `keychain`, `keychain-disable`.
            ["keychain", "inheritance-disable", ..] | ["keychain-disable", ..] => {
                s.more_mut().auth.set(Auth::Disabled, span)
            }
            ["keychain", name, ..] => s
                .more_mut()
                .auth
                .set(Auth::Keychain(Name::from(*name)), span),
            // CR `shutdown (BGP)`: the neighbor is administratively down.
            ["shutdown"] => s.ignore.set((), span),
            // CR `local-as as-number [no-prepend [replace-as [dual-as]]]`:
            // the AS presented to the neighbor; with `dual-as` the neighbor
            // may peer with either AS (Cisco Press, "IP Routing on Cisco
            // IOS, IOS XE, and IOS XR", LocalAS).
            ["local-as", "inheritance-disable", ..] => {}
            ["local-as", asn, options @ ..] => match Asn::parse(asn) {
                Some(a) => s.more_mut().fake_as.set(
                    FakeAs {
                        asn: a,
                        dual: options.contains(&"dual-as"),
                    },
                    span,
                ),
                None => self
                    .draft
                    .problem(span, format!("`{asn}` is not an AS number")),
            },
            // INHERIT: the templates a neighbor (or group) takes from.
            ["use", "session-group", name, ..] => {
                node.use_session = Some((Name::from(*name), span, self.word_span(i, name)))
            }
            ["use", "neighbor-group", name, ..] => {
                node.use_group = Some((Name::from(*name), span, self.word_span(i, name)))
            }
            // CR `address-family (BGP)`: "an address family must be
            // configured under the neighbor for the BGP session to be
            // established for that address family".
            ["address-family", family @ ..] => {
                let family = family_of(family);
                s.families.push(FamilyLine {
                    family,
                    enable: true,
                    span,
                });
                self.neighbor_family(node, family, i);
            }
            _ => {}
        }
    }

    /// A neighbor's (or neighbor group's) address family block: route
    /// reflection (CR `route-reflector-client`) and the address family
    /// group it uses.
    fn neighbor_family(&mut self, node: &mut Node, family: Family, i: usize) {
        for &c in self.children(i) {
            let span = self.span(c);
            let enable = match self.words(c) {
                ["route-reflector-client", "inheritance-disable", ..] => false,
                ["route-reflector-client", ..] => true,
                ["use", "af-group", name, ..] => {
                    node.af_groups.push((family, Name::from(*name)));
                    continue;
                }
                _ => continue,
            };
            node.settings.more_mut().reflect_client.push(FamilyLine {
                family,
                enable,
                span,
            });
        }
    }

    fn finish(mut self) -> Device {
        let procs = std::mem::take(&mut self.procs);
        for process in procs {
            self.lower_process(process);
        }
        let mut targets = std::mem::take(&mut self.targets);
        for list in [
            &mut targets.v4.import,
            &mut targets.v4.export,
            &mut targets.v6.import,
            &mut targets.v6.export,
        ] {
            list.sort_unstable();
            list.dedup();
        }
        *self.draft.route_targets() = targets;
        self.draft.finish()
    }

    /// Resolves a process's templates and writes its neighbors and groups
    /// into the model.
    fn lower_process(&mut self, p: Process) {
        let b = p.b;
        // Each session group with what it inherits from the session groups
        // it uses.
        let flat_sessions: HashMap<&Name, Node> = p
            .session_groups
            .iter()
            .map(|(name, node)| {
                let mut acc = node.clone();
                let mut next = node.use_session.as_ref().map(|u| &u.0);
                for _ in 0..MAX_CHAIN {
                    let Some(parent) = next.and_then(|n| p.session_groups.get(n)) else {
                        break;
                    };
                    inherit(&mut acc, parent);
                    next = parent.use_session.as_ref().map(|u| &u.0);
                }
                (name, acc)
            })
            .collect();
        // A neighbor or neighbor group with what its own templates give:
        // its address family groups' route reflection, then its session
        // group's settings.
        let base = |node: &Node| {
            let mut n = node.clone();
            af_group_reflection(&mut n, &p.af_groups);
            if let Some(sg) = node
                .use_session
                .as_ref()
                .and_then(|u| flat_sessions.get(&u.0))
            {
                inherit(&mut n, sg);
            }
            n
        };
        let base_groups: HashMap<&Name, Node> = p
            .neighbor_groups
            .iter()
            .map(|(name, node)| (name, base(node)))
            .collect();
        // Each neighbor group with what it inherits from the neighbor
        // groups it uses in turn.
        let flat_groups: HashMap<&Name, Node> = p
            .neighbor_groups
            .iter()
            .filter_map(|(name, node)| {
                let mut acc = base_groups.get(name)?.clone();
                let mut next = node.use_group.as_ref().map(|u| &u.0);
                for _ in 0..MAX_CHAIN {
                    let Some(n) = next else { break };
                    let (Some(parent), Some(raw)) = (base_groups.get(n), p.neighbor_groups.get(n))
                    else {
                        break;
                    };
                    inherit(&mut acc, parent);
                    next = raw.use_group.as_ref().map(|u| &u.0);
                }
                Some((name, acc))
            })
            .collect();

        // Every neighbor group is defined in the process's public scope;
        // a VRF's neighbor that uses one gets a copy in its VRF's scope.
        let mut made: HashSet<(Name, Name)> = HashSet::default();
        let mut refs: Vec<GroupRef> = Vec::new();
        let mut ordered: Vec<(&Name, &Node)> = p.neighbor_groups.iter().collect();
        ordered.sort_by_key(|(_, n)| n.decl);
        for (name, node) in &ordered {
            let undefined_session = node
                .use_session
                .as_ref()
                .filter(|u| !p.session_groups.contains_key(&u.0));
            let undefined_group = node
                .use_group
                .as_ref()
                .filter(|u| !p.neighbor_groups.contains_key(&u.0));
            refs.extend(undefined_session.into_iter().chain(undefined_group).map(
                |(n, span, name_span)| GroupRef {
                    name: n.clone(),
                    span: *span,
                    name_span: *name_span,
                },
            ));
            if let Some(flat) = flat_groups.get(name) {
                made.insert((Name::from(PUBLIC_VRF), (*name).clone()));
                let scope = self.draft.scope(b, PUBLIC_VRF, p.line);
                scope.groups.push(model_group(name, node, flat));
            }
        }
        for node in p.session_groups.values() {
            if let Some((n, span, name_span)) = node
                .use_session
                .as_ref()
                .filter(|u| !p.session_groups.contains_key(&u.0))
            {
                refs.push(GroupRef {
                    name: n.clone(),
                    span: *span,
                    name_span: *name_span,
                });
            }
        }
        if !refs.is_empty() {
            refs.sort_by_key(|r| r.span);
            self.draft
                .scope(b, PUBLIC_VRF, p.line)
                .group_refs
                .extend(refs);
        }

        // The first line that makes a public neighbor a route reflector
        // client in each VPN family.
        let mut reflector: Vec<(Family, Span)> = Vec::new();
        for pd in &p.peers {
            let mut n = base(&pd.node);
            let group_name = n.use_group.as_ref().map(|u| u.0.clone());
            let group = group_name.as_ref().and_then(|g| flat_groups.get(g));
            bundle_ttl(&mut n, group);
            // AF: a neighbor is enabled only in the families configured
            // under it or its templates, and one may be configured with
            // none. Whether such a session comes up at all, the pages do
            // not say; it is read as enabled in the unicast family of its
            // address, the reading that claims no failure.
            let none = n.settings.families.is_empty()
                && group.is_none_or(|g| g.settings.families.is_empty());
            if none && let Some(decl) = n.decl {
                n.settings.families.push(FamilyLine {
                    family: if pd.addr.is_ipv4() {
                        Family::Ipv4Unicast
                    } else {
                        Family::Ipv6Unicast
                    },
                    enable: true,
                    span: decl,
                });
            }
            if pd.vrf == PUBLIC_VRF {
                for settings in [Some(&n.settings), group.map(|g| &g.settings)]
                    .into_iter()
                    .flatten()
                {
                    for line in settings
                        .more
                        .as_deref()
                        .map_or(&[][..], |m| m.reflect_client.as_slice())
                    {
                        if line.enable
                            && matches!(line.family, Family::Vpnv4 | Family::Vpnv6 | Family::Evpn)
                        {
                            match reflector.iter_mut().find(|(f, _)| *f == line.family) {
                                Some((_, s)) if line.span < *s => *s = line.span,
                                Some(_) => {}
                                None => reflector.push((line.family, line.span)),
                            }
                        }
                    }
                }
            }
            let Some(decl) = n.decl else { continue };
            let scope = self.draft.scope(b, &pd.vrf, pd.scope_span);
            if let Some((g, line, name_span)) = n.use_group.clone() {
                scope.group_refs.push(GroupRef {
                    name: g.clone(),
                    span: line,
                    name_span,
                });
                if let (Some(flat), Some(raw)) = (
                    flat_groups.get(&g),
                    p.neighbor_groups.get(&g),
                ) && made.insert((pd.vrf.clone(), g.clone()))
                {
                    scope.groups.push(model_group(&g, raw, flat));
                }
            }
            if let Some((s, line, name_span)) = n
                .use_session
                .clone()
                .filter(|u| !p.session_groups.contains_key(&u.0))
            {
                scope.group_refs.push(GroupRef {
                    name: s,
                    span: line,
                    name_span,
                });
            }
            let peer = scope.peer_mut(pd.addr, decl);
            if let Some((g, line, _)) = n.use_group.take() {
                peer.group.set(g, line);
            }
            peer.settings = n.settings;
        }
        // A route reflector keeps every VPN route, whatever the targets of
        // its own VRFs, unless `retain route-target` says otherwise (IOS XR
        // only; "MPLS VPN Retain Route-Target", kemot-net wiki: "by default
        // route reflectors will hold all VPNv4 prefixes"). The Cisco page
        // was not reachable here; this is also the reading that claims no
        // dropped routes.
        if !reflector.is_empty() {
            let scope = self.draft.scope(b, PUBLIC_VRF, p.line);
            for (family, span) in reflector {
                scope.reflector.push(ReflectorLine {
                    family,
                    setting: ReflectorSetting::PolicyVpnTarget(false),
                    span,
                });
            }
        }
    }
}

/// A neighbor group as the model holds it: a group whose members get the
/// remote AS it sets, and nothing from its kind.
fn model_group(name: &str, raw: &Node, flat: &Node) -> Group {
    let decl = raw.decl.or(flat.decl).unwrap_or_else(|| Span::new(FileId(0), 0, 0));
    Group {
        name: Name::from(name),
        name_span: raw.name_span.unwrap_or(decl),
        decl,
        quoted: false,
        unquoted_space: false,
        kind: GroupKind::External,
        dynamic: false,
        settings: flat.settings.clone(),
        listen_nets: Vec::new(),
        listen_as: Vec::new(),
    }
}

/// Fills what `into` does not set itself with what `from` (a template it
/// uses) sets, each setting on its own (INHERIT: a value configured on the
/// neighbor is used; else the template's).
fn inherit(into: &mut Node, from: &Node) {
    fn fill<T: Clone>(into: &mut crate::model::History<T>, from: &crate::model::History<T>) {
        if into.current().is_none()
            && let Some((v, s)) = from.current()
        {
            into.set(v.clone(), s);
        }
    }
    let (a, f) = (&mut into.settings, &from.settings);
    fill(&mut a.as_number, &f.as_number);
    fill(&mut a.mode, &f.mode);
    fill(&mut a.connect_interface, &f.connect_interface);
    fill(&mut a.ignore, &f.ignore);
    for line in &f.families {
        if !a.families.iter().any(|l| l.family == line.family) {
            a.families.push(line.clone());
        }
    }
    let hop_unset = a.get(|m| &m.ebgp_max_hop).is_none() && into.hop_off.is_none();
    let gtsm_unset = a.get(|m| &m.valid_ttl_hops).is_none() && into.gtsm_off.is_none();
    if let Some(m) = f.more.as_deref() {
        if a.get(|x| &x.fake_as).is_none()
            && let Some((v, s)) = m.fake_as.current()
        {
            a.more_mut().fake_as.set(*v, s);
        }
        if a.get(|x| &x.auth).is_none()
            && let Some((v, s)) = m.auth.current()
        {
            a.more_mut().auth.set(v.clone(), s);
        }
        if hop_unset && let Some((v, s)) = m.ebgp_max_hop.current() {
            a.more_mut().ebgp_max_hop.set(*v, s);
        }
        if gtsm_unset && let Some((v, s)) = m.valid_ttl_hops.current() {
            a.more_mut().valid_ttl_hops.set(*v, s);
        }
        for line in &m.reflect_client {
            let mine = a.more.as_deref().map_or(&[][..], |x| x.reflect_client.as_slice());
            if !mine.iter().any(|l| l.family == line.family) {
                a.more_mut().reflect_client.push(line.clone());
            }
        }
    }
    // A template's `inheritance-disable` holds for what uses it.
    if hop_unset && from.hop_off.is_some() && a.get(|m| &m.ebgp_max_hop).is_none() {
        into.hop_off = from.hop_off;
    }
    if gtsm_unset && from.gtsm_off.is_some() && a.get(|m| &m.valid_ttl_hops).is_none() {
        into.gtsm_off = from.gtsm_off;
    }
}

/// The route reflection a neighbor (or group) takes from the address
/// family groups its address family blocks use, where it sets none itself
/// (INHERIT: address family groups inherit from address family groups).
fn af_group_reflection(node: &mut Node, groups: &HashMap<Name, AfGroup>) {
    let uses = std::mem::take(&mut node.af_groups);
    for (family, name) in &uses {
        let own = node
            .settings
            .more
            .as_deref()
            .is_some_and(|m| m.reflect_client.iter().any(|l| l.family == *family));
        if own {
            continue;
        }
        let mut next = Some(name);
        for _ in 0..MAX_CHAIN {
            let Some(group) = next.and_then(|n| groups.get(n)) else {
                break;
            };
            if let Some((enable, span)) = group.reflect {
                node.settings.more_mut().reflect_client.push(FamilyLine {
                    family: *family,
                    enable,
                    span,
                });
                break;
            }
            next = group.parent.as_ref();
        }
    }
    node.af_groups = uses;
}

/// The model takes a peer's hop limit and GTSM together, from the peer
/// when it sets either, else from its group; IOS XR inherits each on its
/// own. A neighbor that sets one (or stops one's inheritance) is given
/// its group's other here, so that the model reads what the device does.
/// When it stops inheritance and ends with neither, it is given the
/// default EBGP hop limit of 1 (the same as none) at that line, so that
/// the group's is not taken.
fn bundle_ttl(n: &mut Node, group: Option<&Node>) {
    let hop = n.settings.get(|m| &m.ebgp_max_hop).is_some();
    let gtsm = n.settings.get(|m| &m.valid_ttl_hops).is_some();
    if !(hop || gtsm || n.hop_off.is_some() || n.gtsm_off.is_some()) {
        return;
    }
    let Some(g) = group else { return };
    let g_hop = g.settings.get(|m| &m.ebgp_max_hop).map(|(v, s)| (*v, s));
    let g_gtsm = g.settings.get(|m| &m.valid_ttl_hops).map(|(v, s)| (*v, s));
    if !hop
        && n.hop_off.is_none()
        && let Some((v, s)) = g_hop
    {
        n.settings.more_mut().ebgp_max_hop.set(v, s);
    }
    if !gtsm
        && n.gtsm_off.is_none()
        && let Some((v, s)) = g_gtsm
    {
        n.settings.more_mut().valid_ttl_hops.set(v, s);
    }
    let neither = n.settings.get(|m| &m.ebgp_max_hop).is_none()
        && n.settings.get(|m| &m.valid_ttl_hops).is_none();
    if neither
        && (g_hop.is_some() || g_gtsm.is_some())
        && let Some(off) = n.hop_off.or(n.gtsm_off)
    {
        n.settings.more_mut().ebgp_max_hop.set(1, off);
    }
}

/// The family of the words after `address-family` (CR `address-family
/// (BGP)`).
fn family_of(words: &[&str]) -> Family {
    match words {
        ["ipv4", "unicast", ..] => Family::Ipv4Unicast,
        ["ipv6", "unicast", ..] => Family::Ipv6Unicast,
        ["vpnv4", "unicast", ..] => Family::Vpnv4,
        ["vpnv6", "unicast", ..] => Family::Vpnv6,
        ["l2vpn", "evpn", ..] => Family::Evpn,
        ["ipv4", "labeled-unicast", ..] => Family::LabeledUnicast,
        _ => Family::Other,
    }
}

/// A neighbor's address: IPv4 or IPv6, an IPv6 zone (`%…`) left out.
fn parse_neighbor(word: &str) -> Option<IpAddr> {
    let addr = word.split_once('%').map_or(word, |(a, _)| a);
    addr.parse().ok()
}

/// Whether a word looks like a route target (`65000:100`, `1.1.1.1:100`).
fn is_target(word: &str) -> bool {
    word.rsplit_once(':').is_some_and(|(admin, n)| {
        !admin.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
    })
}
