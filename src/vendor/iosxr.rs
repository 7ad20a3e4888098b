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
//!   `session-group` and `af-group` templates, `neighbor X` blocks,
//!   `neighbor A/L` ranges of dynamic neighbors (DYN) and `vrf V` blocks
//!   with their own neighbors.
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
//!   address family configuration and behavior";
//! - DYN: BGP Configuration Guide for Cisco 8000 Series Routers, "BGP
//!   dynamic neighbors" (chapter "BGP Dynamic Neighbors and Resource
//!   Management").
//!
//! Of CR, the text of `address-family (BGP)` was read; the other commands
//! are named after its command index, their meaning taken from their
//! keywords. Where the pages are silent, the comment says so and the
//! reading chosen is the one that claims no failure.
//!
//! Templates are resolved here, so that the model's one group per peer
//! says what the device does (INHERIT): a value set on the neighbor wins;
//! else its session group's (or address family group's); else its
//! neighbor group's, which takes what it lacks from its own session group
//! and then from the neighbor group it uses in turn. A neighbor's model
//! group is its neighbor group with everything that inherits; when it
//! uses a session group too, that session group's values are written as
//! the neighbor's own (with the session group's lines), since they win
//! over the neighbor group's. A neighbor whose only template is a session
//! group has that session group as its model group. A neighbor that stops
//! the inheritance of a local AS or an update source its group sets is
//! written with its group's other settings as its own, and no model group
//! (the model cannot say "none, not the group's"). A range of dynamic
//! neighbors is a dynamic model group holding all it inherits.

use std::net::IpAddr;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::lines::{self, Line};
use crate::model::{
    Asn, Auth, ConnectSource, Device, Draft, FakeAs, Family, FamilyLine, Group, GroupKind,
    GroupRef, IfAddr, Mode, Name, PUBLIC_VRF, ReflectorLine, ReflectorSetting, RouteTargets,
    Settings, Unwritten, Vendor, network_of, password_hash,
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
    /// `local-as inheritance-disable`: no local AS from templates.
    fake_off: Option<Span>,
    /// `update-source inheritance-disable`: no update source from
    /// templates.
    source_off: Option<Span>,
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

/// A range of dynamic neighbors (`neighbor A/L`), in the VRF its block is
/// in.
#[derive(Debug)]
struct RangeDraft {
    vrf: Name,
    /// The line that opens the range's scope (`router bgp` or `vrf V`).
    scope_span: Span,
    /// The range as first written (`10.40.0.0/24`): the model group's name.
    name: Name,
    /// The span of that word.
    name_span: Span,
    /// The range's network address and prefix length.
    net: IpAddr,
    len: u8,
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
    ranges: Vec<RangeDraft>,
    range_at: HashMap<(Name, IpAddr, u8), usize>,
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
    fn rest_from(&self, i: usize, word: &'t str) -> &'t str {
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
                ["ipv4", "address", "dhcp", ..] => self
                    .draft
                    .interface(name)
                    .set_unwritten(Unwritten::V4, true),
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
                        iface.addresses.retain(|a| !a.addr.is_ipv4() || a.secondary);
                    }
                    iface.addresses.push(IfAddr {
                        addr,
                        prefix,
                        secondary,
                        span,
                    });
                }
                ["ipv4", "unnumbered", ..] => self
                    .draft
                    .interface(name)
                    .set_unwritten(Unwritten::V4, true),
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
                ranges: Vec::new(),
                range_at: HashMap::default(),
            });
        }
        // The draft numbers its processes in order, as they are pushed.
        let k = b;
        if k >= self.procs.len() {
            return;
        }
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
                    self.procs[k]
                        .neighbor_groups
                        .insert(Name::from(*name), node);
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
        if addr_word.contains('/') {
            self.neighbor_range(k, vrf, scope_span, i, addr_word, rest);
            return;
        }
        let Some(addr) = parse_neighbor(addr_word) else {
            self.draft.problem(
                span,
                format!("`{addr_word}` is not an IPv4 or IPv6 neighbor address"),
            );
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

    /// `neighbor A/L`: a range of dynamic neighbors (DYN: the router
    /// accepts BGP connections from any address in the range, the remote
    /// router opening the TCP session; the page's procedure then sets the
    /// range's `remote-as` and `update-source` as for a neighbor). Its block
    /// is read as a neighbor's; it becomes a dynamic group of the model
    /// when the process is lowered.
    fn neighbor_range(
        &mut self,
        k: usize,
        vrf: &str,
        scope_span: Span,
        i: usize,
        word: &'t str,
        rest: &[&'t str],
    ) {
        let span = self.span(i);
        let Some((addr, len)) = lines::prefix(word) else {
            self.draft.problem(
                span,
                format!("`{word}` is not an address with a prefix length"),
            );
            return;
        };
        let net = network_of(addr, len);
        let key = (Name::from(vrf), net, len);
        let r = match self.procs[k].range_at.get(&key) {
            Some(&r) => r,
            None => {
                let name_span = self.word_span(i, word);
                let process = &mut self.procs[k];
                process.ranges.push(RangeDraft {
                    vrf: Name::from(vrf),
                    scope_span,
                    name: Name::from(word),
                    name_span,
                    net,
                    len,
                    node: Node {
                        decl: Some(span),
                        ..Node::default()
                    },
                });
                process.range_at.insert(key, process.ranges.len() - 1);
                process.ranges.len() - 1
            }
        };
        let mut node = std::mem::take(&mut self.procs[k].ranges[r].node);
        if !rest.is_empty() {
            self.setting(&mut node, i, rest);
        }
        self.read_node(&mut node, i);
        self.procs[k].ranges[r].node = node;
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
            // accepts it, both (the default) does either (Cisco's pyATS
            // Genie parser reads it as IOS's `transport connection-mode`).
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
            // session's source; `inheritance-disable` (the keyword every
            // inheritable neighbor command takes, INHERIT) takes none from
            // the templates, so the session starts from the address of the
            // outgoing interface, as with no `update-source` at all.
            ["update-source", "inheritance-disable", ..] => node.source_off = Some(span),
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
            // CR `ignore-connected-check`: an EBGP neighbor one hop away
            // whose address is not on a connected subnet (a loopback over a
            // direct link) is tried all the same, with TTL 1. As the IOS
            // reader reads IOS's `disable-connected-check`: it counts as an
            // `ebgp-multihop 2` with its own line (a larger value stays),
            // since the hop-limit judgment asks only whether more than a
            // connected subnet is allowed.
            ["ignore-connected-check", "inheritance-disable", ..] => {}
            ["ignore-connected-check", ..] => {
                let hop = &mut s.more_mut().ebgp_max_hop;
                if hop.current().is_none_or(|(&n, _)| n < 2) {
                    hop.set(2, span);
                }
            }
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
            ["password", _, ..] => s.more_mut().auth.set(Auth::Password { simple: None }, span),
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
            // IOS, IOS XE, and IOS XR", LocalAS). `local-as
            // inheritance-disable` takes no local AS from the templates
            // (INHERIT; Ansible's cisco.iosxr `iosxr_bgp_global`
            // `local_as.inheritance_disable`, "prevent local AS from being
            // inherited from parent"): the neighbor is presented the
            // process's own AS.
            ["local-as", "inheritance-disable", ..] => node.fake_off = Some(span),
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
                scope.groups.push(model_group(name, node, flat, p.line));
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
            // A neighbor that uses a session group and no neighbor group is
            // that session group's member in the model; with a neighbor
            // group too, the neighbor group is, and the session group's
            // values are the neighbor's own (they win over the neighbor
            // group's). A session group named like a neighbor group is
            // always read the second way, so that names do not clash.
            let sole_session = match (&pd.node.use_group, &pd.node.use_session) {
                (None, Some(u)) if !p.neighbor_groups.contains_key(&u.0) => {
                    flat_sessions.get(&u.0).map(|flat| (u.clone(), flat))
                }
                _ => None,
            };
            let mut n = match sole_session {
                Some(_) => {
                    let mut n = pd.node.clone();
                    af_group_reflection(&mut n, &p.af_groups);
                    n
                }
                None => base(&pd.node),
            };
            let group_name = n.use_group.as_ref().map(|u| u.0.clone());
            let group = match &sole_session {
                Some((_, flat)) => Some(*flat),
                None => group_name.as_ref().and_then(|g| flat_groups.get(g)),
            };
            // The model has no "none" for a local AS or an update source: a
            // member with neither of its own takes its group's. A neighbor
            // that stops the inheritance of one its group sets (`local-as
            // inheritance-disable`, `update-source inheritance-disable`) is
            // therefore resolved here: it takes every other setting of its
            // group as its own, with the group's lines, and is written as
            // no member of the group (its `use` line stays a reference to
            // it). The group itself is left as it is, so its other members
            // still take all of it.
            let detached = group.is_some_and(|g| blocks_inheritance(&n, g));
            if detached && let Some(g) = group {
                inherit(&mut n, g);
            }
            let group = group.filter(|_| !detached);
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
                    note_reflection(&mut reflector, settings);
                }
            }
            let Some(decl) = n.decl else { continue };
            let scope = self.draft.scope(b, &pd.vrf, pd.scope_span);
            let member = match &sole_session {
                Some((u, flat)) => Some((u.clone(), p.session_groups.get(&u.0), Some(*flat))),
                None => n.use_group.clone().map(|u| {
                    let raw = p.neighbor_groups.get(&u.0);
                    let flat = flat_groups.get(&u.0);
                    (u, raw, flat)
                }),
            };
            if let Some(((g, line, name_span), raw, flat)) = &member {
                scope.group_refs.push(GroupRef {
                    name: g.clone(),
                    span: *line,
                    name_span: *name_span,
                });
                if let (Some(flat), Some(raw)) = (flat, raw)
                    && made.insert((pd.vrf.clone(), g.clone()))
                {
                    scope.groups.push(model_group(g, raw, flat, p.line));
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
            if let Some(((g, line, _), _, _)) = member.filter(|_| !detached) {
                peer.group.set(g, line);
            }
            peer.settings = n.settings;
        }
        // Each range of dynamic neighbors is a dynamic group of the model
        // (as IOS's `bgp listen range` is): the graph matches a static peer
        // of another device whose source address lies in `listen_nets` and
        // whose AS is in `listen_as`, and reads the session as opened by
        // that peer only (the range only accepts connections, Cisco 8000
        // "BGP dynamic neighbors"). A model group has no parent group, so
        // the range's templates are resolved into it here: its own
        // settings, then its session group's, then its neighbor group's,
        // each setting on its own (INHERIT), `inheritance-disable` lines
        // holding as for a neighbor.
        for rd in &p.ranges {
            let mut n = base(&rd.node);
            if let Some(g) = n.use_group.as_ref().and_then(|u| flat_groups.get(&u.0)) {
                inherit(&mut n, g);
            }
            let Some(decl) = n.decl else { continue };
            // AF, as for a neighbor: with no address family anywhere, the
            // unicast family of the range's addresses.
            if n.settings.families.is_empty() {
                n.settings.families.push(FamilyLine {
                    family: if rd.net.is_ipv4() {
                        Family::Ipv4Unicast
                    } else {
                        Family::Ipv6Unicast
                    },
                    enable: true,
                    span: decl,
                });
            }
            if rd.vrf == PUBLIC_VRF {
                note_reflection(&mut reflector, &n.settings);
            }
            let scope = self.draft.scope(b, &rd.vrf, rd.scope_span);
            // A template the range names but the process lacks stays a
            // reference, for the undefined group rule; one it has is
            // resolved above, and no member of it is written.
            let undefined_group = n
                .use_group
                .as_ref()
                .filter(|u| !p.neighbor_groups.contains_key(&u.0));
            let undefined_session = n
                .use_session
                .as_ref()
                .filter(|u| !p.session_groups.contains_key(&u.0));
            for (name, span, name_span) in undefined_group.into_iter().chain(undefined_session) {
                scope.group_refs.push(GroupRef {
                    name: name.clone(),
                    span: *span,
                    name_span: *name_span,
                });
            }
            // A name already taken in the scope (by a neighbor group) is
            // left to it.
            if !made.insert((rd.vrf.clone(), rd.name.clone())) {
                continue;
            }
            let listen_as: Vec<(Asn, Span)> = n
                .settings
                .as_number
                .current()
                .map(|(a, s)| (*a, s))
                .into_iter()
                .collect();
            scope.groups.push(Group {
                name: rd.name.clone(),
                name_span: rd.name_span,
                decl,
                quoted: false,
                unquoted_space: false,
                kind: GroupKind::External,
                dynamic: true,
                settings: n.settings,
                listen_nets: vec![(rd.net, rd.len, decl)],
                listen_as,
                listen_any_as: false,
            });
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
fn model_group(name: &str, raw: &Node, flat: &Node, fallback: Span) -> Group {
    let decl = raw.decl.or(flat.decl).unwrap_or(fallback);
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
        listen_any_as: false,
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
    let source_unset = a.connect_interface.current().is_none() && into.source_off.is_none();
    if source_unset {
        fill(&mut a.connect_interface, &f.connect_interface);
    }
    fill(&mut a.ignore, &f.ignore);
    for line in &f.families {
        if !a.families.iter().any(|l| l.family == line.family) {
            a.families.push(line.clone());
        }
    }
    let hop_unset = a.get(|m| &m.ebgp_max_hop).is_none() && into.hop_off.is_none();
    let gtsm_unset = a.get(|m| &m.valid_ttl_hops).is_none() && into.gtsm_off.is_none();
    let fake_unset = a.get(|m| &m.fake_as).is_none() && into.fake_off.is_none();
    if let Some(m) = f.more.as_deref() {
        if fake_unset && let Some((v, s)) = m.fake_as.current() {
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
            let mine = a
                .more
                .as_deref()
                .map_or(&[][..], |x| x.reflect_client.as_slice());
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
    if fake_unset && from.fake_off.is_some() && a.get(|m| &m.fake_as).is_none() {
        into.fake_off = from.fake_off;
    }
    if source_unset && from.source_off.is_some() && a.connect_interface.current().is_none() {
        into.source_off = from.source_off;
    }
}

/// Notes the first line that makes a public neighbor (or range) a route
/// reflector client in each VPN family.
fn note_reflection(reflector: &mut Vec<(Family, Span)>, settings: &Settings) {
    for line in settings
        .more
        .as_deref()
        .map_or(&[][..], |m| m.reflect_client.as_slice())
    {
        if line.enable && matches!(line.family, Family::Vpnv4 | Family::Vpnv6 | Family::Evpn) {
            match reflector.iter_mut().find(|(f, _)| *f == line.family) {
                Some((_, s)) if line.span < *s => *s = line.span,
                Some(_) => {}
                None => reflector.push((line.family, line.span)),
            }
        }
    }
}

/// Whether a neighbor stops the inheritance of a local AS or an update
/// source that its model group would give it.
fn blocks_inheritance(n: &Node, group: &Node) -> bool {
    let fake = n.fake_off.is_some()
        && n.settings.get(|m| &m.fake_as).is_none()
        && group.settings.get(|m| &m.fake_as).is_some();
    let source = n.source_off.is_some()
        && n.settings.connect_interface.current().is_none()
        && group.settings.connect_interface.current().is_some();
    fake || source
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::verdict::families;
    use crate::model::{BgpInstance, Peer, Scope};

    fn read(text: &str) -> Device {
        lower(FileId(0), text, "stem")
    }

    fn at(text: &str, span: Span) -> &str {
        &text[span.range()]
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn scope<'d>(d: &'d Device, vrf: &str) -> &'d Scope {
        d.bgp[0].scopes.iter().find(|s| s.vrf == vrf).unwrap()
    }

    fn peer<'d>(d: &'d Device, vrf: &str, addr: &str) -> (&'d BgpInstance, &'d Scope, &'d Peer) {
        let s = scope(d, vrf);
        (&d.bgp[0], s, s.peer(ip(addr)).unwrap())
    }

    fn fams(d: &Device, vrf: &str, addr: &str) -> Vec<Family> {
        let (i, s, p) = peer(d, vrf, addr);
        families(i, s, p).iter().collect()
    }

    const PE: &str = "\
!! IOS XR Configuration 7.3.2
!
hostname PE1
vrf CUST-A
 address-family ipv4 unicast
  import route-target
   65000:999
   65000:100
  !
  export route-target
   65000:100
  !
 !
!
interface Loopback0
 ipv4 address 10.255.0.1 255.255.255.255
!
interface GigabitEthernet0/0/0/0
 description core
 ipv4 address 10.0.0.1 255.255.255.252
 ipv4 address 10.0.1.1 255.255.255.0 secondary
 ipv6 address 2001:db8::1/64
!
interface GigabitEthernet0/0/0/1
 vrf CUST-A
 ipv4 address 192.168.1.1 255.255.255.252
!
interface GigabitEthernet0/0/0/2
 shutdown
!
interface preconfigure GigabitEthernet0/0/0/9
 ipv4 address 10.9.9.9 255.255.255.0
!
router bgp 65000
 bgp router-id 10.255.0.1
 address-family ipv4 unicast
 !
 address-family vpnv4 unicast
 !
 neighbor 10.255.0.2
  remote-as 65000
  update-source Loopback0
  address-family vpnv4 unicast
  !
 !
 vrf CUST-A
  rd 65000:100
  bgp router-id 10.255.0.11
  address-family ipv4 unicast
   redistribute connected
  !
  neighbor 192.168.1.2
   remote-as 65100
   password clear s3cret
   address-family ipv4 unicast
    route-policy PASS in
    route-policy PASS out
   !
  !
 !
!
end
";

    #[test]
    fn a_pe_with_vrf_neighbors() {
        let d = read(PE);
        assert_eq!(d.vendor, Vendor::IosXr);
        assert_eq!(d.name, "PE1");
        assert_eq!(at(PE, d.name_span.unwrap()), "hostname PE1");

        let lo = d.interface("Loopback0").unwrap();
        assert_eq!(lo.addresses[0].addr, ip("10.255.0.1"));
        assert_eq!(lo.addresses[0].prefix, 32);
        let core = d.interface("GigabitEthernet0/0/0/0").unwrap();
        assert_eq!(core.addresses.len(), 3);
        assert!(!core.addresses[0].secondary);
        assert_eq!(core.addresses[0].prefix, 30);
        assert!(core.addresses[1].secondary);
        assert_eq!(
            at(PE, core.addresses[1].span),
            "ipv4 address 10.0.1.1 255.255.255.0 secondary"
        );
        assert_eq!(core.addresses[2].addr, ip("2001:db8::1"));
        assert_eq!(core.addresses[2].prefix, 64);
        let ce = d.interface("GigabitEthernet0/0/0/1").unwrap();
        assert_eq!(d.vrf_of(ce), "CUST-A");
        assert_eq!(at(PE, ce.vpn().unwrap().1), "vrf CUST-A");
        let shut = d.interface("GigabitEthernet0/0/0/2").unwrap();
        assert_eq!(at(PE, shut.shutdown().unwrap()), "shutdown");
        assert!(d.interface("GigabitEthernet0/0/0/9").is_none());

        assert!(d.has_vpn_instance("CUST-A"));
        assert_eq!(
            d.route_targets.v4.import,
            vec![Name::from("65000:100"), Name::from("65000:999")]
        );
        assert_eq!(d.route_targets.v4.export, vec![Name::from("65000:100")]);
        assert!(d.route_targets.v6.import.is_empty());

        let bgp = &d.bgp[0];
        assert_eq!(bgp.asn, Asn::plain(65000));
        assert_eq!(
            bgp.router_id.current().map(|(a, _)| a.to_string()),
            Some("10.255.0.1".into())
        );
        assert_eq!(
            at(PE, bgp.no_default_ipv4_unicast.unwrap()),
            "router bgp 65000"
        );

        let (_, s, rr) = peer(&d, PUBLIC_VRF, "10.255.0.2");
        assert_eq!(at(PE, rr.decl), "neighbor 10.255.0.2");
        let (asn, line) = s.effective_as(rr, bgp.asn).unwrap();
        assert_eq!((asn, at(PE, line)), (Asn::plain(65000), "remote-as 65000"));
        let (src, line) = s.effective_source(rr).unwrap();
        assert_eq!(src, &ConnectSource::Interface("Loopback0".into()));
        assert_eq!(at(PE, line), "update-source Loopback0");
        // IPv4 unicast is not enabled on its own: VPNv4 only.
        assert_eq!(fams(&d, PUBLIC_VRF, "10.255.0.2"), vec![Family::Vpnv4]);
        let fl = &rr.settings.families[0];
        assert_eq!(at(PE, fl.span), "address-family vpnv4 unicast");

        let vrf = scope(&d, "CUST-A");
        assert_eq!(at(PE, vrf.span.unwrap()), "vrf CUST-A");
        assert_eq!(
            vrf.router_id.current().map(|(a, _)| *a),
            Some(Some("10.255.0.11".parse().unwrap()))
        );
        assert_eq!(vrf.originates, vec![Family::Ipv4Unicast]);
        let (_, s, cpe) = peer(&d, "CUST-A", "192.168.1.2");
        assert_eq!(s.effective_as(cpe, bgp.asn).unwrap().0, Asn::plain(65100));
        let (auth, line) = s.effective(cpe, |m| &m.auth).unwrap();
        assert_eq!(
            auth,
            &Auth::Password {
                simple: Some(password_hash("s3cret"))
            }
        );
        assert_eq!(at(PE, line), "password clear s3cret");
        assert_eq!(fams(&d, "CUST-A", "192.168.1.2"), vec![Family::Ipv4Unicast]);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
    }

    const GROUPS: &str = "\
hostname R1
router bgp 65001
 bgp router-id 1.1.1.1
 address-family ipv4 unicast
 !
 neighbor-group IBGP
  remote-as 65001
  update-source Loopback0
  session-open-mode active-only
  address-family ipv4 unicast
  !
 !
 neighbor 10.0.0.2
  use neighbor-group IBGP
 !
 neighbor 10.0.0.3
  use neighbor-group IBGP
  session-open-mode passive-only
  description overrides its group
 !
 neighbor 10.0.0.4
  remote-as 65002
 !
 neighbor 10.0.0.5
  use neighbor-group NOPE
 !
 vrf V
  neighbor 172.16.0.1
   use neighbor-group IBGP
  !
 !
!
";

    #[test]
    fn neighbor_groups_give_their_members_settings() {
        let d = read(GROUPS);
        let local = d.bgp[0].asn;
        let s = scope(&d, PUBLIC_VRF);
        let g = s.group("IBGP").unwrap();
        assert_eq!(at(GROUPS, g.decl), "neighbor-group IBGP");
        assert_eq!(at(GROUPS, g.name_span), "IBGP");
        assert_eq!(g.kind, GroupKind::External);
        assert_eq!(
            at(GROUPS, g.settings.as_number.current().unwrap().1),
            "remote-as 65001"
        );

        let (_, s, two) = peer(&d, PUBLIC_VRF, "10.0.0.2");
        assert_eq!(s.group_of(two).unwrap().name, "IBGP");
        assert_eq!(
            at(GROUPS, two.group.current().unwrap().1),
            "use neighbor-group IBGP"
        );
        let (asn, line) = s.effective_as(two, local).unwrap();
        assert_eq!(
            (asn, at(GROUPS, line)),
            (Asn::plain(65001), "remote-as 65001")
        );
        let m = s.effective_mode(two);
        assert_eq!(m.mode, Mode::ConnectOnly);
        assert!(m.from_group);
        assert_eq!(
            at(GROUPS, m.source.unwrap()),
            "session-open-mode active-only"
        );
        assert_eq!(
            s.effective_source(two).unwrap().0,
            &ConnectSource::Interface("Loopback0".into())
        );
        assert_eq!(fams(&d, PUBLIC_VRF, "10.0.0.2"), vec![Family::Ipv4Unicast]);
        // The family comes from the group: none of the member's own.
        assert!(two.settings.families.is_empty());

        // The member's own mode wins over its group's.
        let (_, s, three) = peer(&d, PUBLIC_VRF, "10.0.0.3");
        let m = s.effective_mode(three);
        assert_eq!(m.mode, Mode::ListenOnly);
        assert!(!m.from_group);
        assert_eq!(m.group_mode.map(|(m, _)| m), Some(Mode::ConnectOnly));

        // No address family anywhere: read as enabled in IPv4 unicast, at
        // the neighbor line.
        let (_, _, four) = peer(&d, PUBLIC_VRF, "10.0.0.4");
        assert_eq!(fams(&d, PUBLIC_VRF, "10.0.0.4"), vec![Family::Ipv4Unicast]);
        assert_eq!(
            at(GROUPS, four.settings.families[0].span),
            "neighbor 10.0.0.4"
        );

        // A group never defined is referred to, not made.
        let s = scope(&d, PUBLIC_VRF);
        assert!(s.group("NOPE").is_none());
        let r = s.group_refs.iter().find(|r| r.name == "NOPE").unwrap();
        assert_eq!(at(GROUPS, r.name_span), "NOPE");
        assert_eq!(at(GROUPS, r.span), "use neighbor-group NOPE");

        // A VRF's neighbor uses the process's neighbor group: the group is
        // in its scope too.
        let (_, v, vp) = peer(&d, "V", "172.16.0.1");
        assert!(v.group("IBGP").is_some());
        assert_eq!(v.effective_as(vp, local).unwrap().0, Asn::plain(65001));
        assert_eq!(fams(&d, "V", "172.16.0.1"), vec![Family::Ipv4Unicast]);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
    }

    const TRANSPORT: &str = "\
router bgp 65001
 address-family ipv4 unicast
 !
 address-family ipv6 unicast
 !
 neighbor 192.0.2.1
  remote-as 65010
  ebgp-multihop 3
  password encrypted 094F471A1A0A
  address-family ipv4 unicast
  !
 !
 neighbor 192.0.2.5
  remote-as 65011
  ebgp-multihop
  keychain KC1
  local-as 65500 no-prepend replace-as dual-as
  address-family ipv4 unicast
  !
 !
 neighbor 192.0.2.9
  remote-as 65012
  ttl-security
  password clear s3cret
  shutdown
  address-family ipv4 unicast
  !
 !
 neighbor 2001:db8::9
  remote-as 65012
  password clear s3cret
 !
 neighbor 192.0.2.13
  remote-as 65013
  session-open-mode both
  local-as 65501
  address-family ipv4 unicast
  !
  address-family ipv6 unicast
  !
 !
!
";

    #[test]
    fn hops_gtsm_passwords_and_shutdown() {
        let d = read(TRANSPORT);
        let t = TRANSPORT;
        let (_, s, one) = peer(&d, PUBLIC_VRF, "192.0.2.1");
        let ttl = s.ttl(one);
        assert_eq!(
            ttl.max_hop.map(|(n, l)| (n, at(t, l))),
            Some((3, "ebgp-multihop 3"))
        );
        assert_eq!(ttl.gtsm, None);
        assert_eq!(
            s.effective(one, |m| &m.auth).unwrap().0,
            &Auth::Password { simple: None }
        );

        let (_, s, five) = peer(&d, PUBLIC_VRF, "192.0.2.5");
        assert_eq!(s.ttl(five).max_hop.map(|(n, _)| n), Some(255));
        assert_eq!(
            s.effective(five, |m| &m.auth).unwrap().0,
            &Auth::Keychain("KC1".into())
        );
        let (fake, line) = s.effective_fake_as(five).unwrap();
        assert_eq!(
            fake,
            FakeAs {
                asn: Asn::plain(65500),
                dual: true
            }
        );
        assert_eq!(at(t, line), "local-as 65500 no-prepend replace-as dual-as");

        let (_, s, nine) = peer(&d, PUBLIC_VRF, "192.0.2.9");
        assert_eq!(
            s.ttl(nine).gtsm.map(|(n, l)| (n, at(t, l))),
            Some((1, "ttl-security"))
        );
        assert!(s.is_ignored(nine));
        assert_eq!(at(t, nine.settings.ignore.current().unwrap().1), "shutdown");
        let (_, _, six) = peer(&d, PUBLIC_VRF, "2001:db8::9");
        assert_eq!(
            s.effective(nine, |m| &m.auth).map(|a| a.0),
            s.effective(six, |m| &m.auth).map(|a| a.0)
        );
        // An IPv6 neighbor with no address family: IPv6 unicast.
        assert_eq!(
            fams(&d, PUBLIC_VRF, "2001:db8::9"),
            vec![Family::Ipv6Unicast]
        );

        let (_, s, thirteen) = peer(&d, PUBLIC_VRF, "192.0.2.13");
        assert_eq!(s.effective_mode(thirteen).mode, Mode::Both);
        assert!(!s.effective_fake_as(thirteen).unwrap().0.dual);
        assert_eq!(
            fams(&d, PUBLIC_VRF, "192.0.2.13"),
            vec![Family::Ipv4Unicast, Family::Ipv6Unicast]
        );
        assert!(d.problems.is_empty(), "{:?}", d.problems);
    }

    const TEMPLATES: &str = "\
router bgp 65001
 address-family vpnv4 unicast
 !
 af-group RR address-family vpnv4 unicast
  route-reflector-client
 !
 session-group SG
  update-source Loopback1
  password clear fromsg
  ttl-security
 !
 neighbor-group NG
  remote-as 65001
  use session-group SG
  update-source Loopback0
  ebgp-multihop 10
  password clear fromng
  address-family vpnv4 unicast
   use af-group RR
  !
 !
 neighbor 10.0.0.2
  use neighbor-group NG
  use session-group SG
 !
 neighbor 10.0.0.3
  use neighbor-group NG
  password inheritance-disable
  ttl-security inheritance-disable
 !
 neighbor 10.0.0.4
  remote-as 65009
  use session-group SG
 !
!
";

    #[test]
    fn session_groups_win_over_neighbor_groups() {
        let d = read(TEMPLATES);
        let t = TEMPLATES;
        let s = scope(&d, PUBLIC_VRF);
        let g = s.group("NG").unwrap();
        // The group's own update-source wins over its session group's;
        // the session group's GTSM fills what the group lacks.
        assert_eq!(
            g.settings.connect_interface.current().unwrap().0,
            &ConnectSource::Interface("Loopback0".into())
        );
        assert_eq!(
            g.settings
                .get(|m| &m.valid_ttl_hops)
                .map(|(n, l)| (*n, at(t, l))),
            Some((1, "ttl-security"))
        );

        // A neighbor's own session group wins over its neighbor group.
        let (_, s, two) = peer(&d, PUBLIC_VRF, "10.0.0.2");
        let (src, line) = s.effective_source(two).unwrap();
        assert_eq!(src, &ConnectSource::Interface("Loopback1".into()));
        assert_eq!(at(t, line), "update-source Loopback1");
        assert_eq!(
            s.effective(two, |m| &m.auth).unwrap().0,
            &Auth::Password {
                simple: Some(password_hash("fromsg"))
            }
        );
        let ttl = s.ttl(two);
        assert_eq!(ttl.max_hop.map(|(n, _)| n), Some(10));
        assert_eq!(ttl.gtsm.map(|(n, _)| n), Some(1));

        // inheritance-disable: no password, no GTSM from the templates;
        // the group's hop limit still holds.
        let (_, s, three) = peer(&d, PUBLIC_VRF, "10.0.0.3");
        assert_eq!(s.effective(three, |m| &m.auth).unwrap().0, &Auth::Disabled);
        let ttl = s.ttl(three);
        assert_eq!(ttl.gtsm, None);
        assert_eq!(
            ttl.max_hop.map(|(n, l)| (n, at(t, l))),
            Some((10, "ebgp-multihop 10"))
        );

        // Route reflection from the address family group, through the
        // neighbor group; a reflector keeps every VPN route.
        let rrc = s.reflect_client(two, Family::Vpnv4).unwrap();
        assert_eq!(at(t, rrc), "route-reflector-client");
        assert!(s.vpn_target_filter_off(Family::Vpnv4).is_some());
        assert_eq!(fams(&d, PUBLIC_VRF, "10.0.0.2"), vec![Family::Vpnv4]);

        // A neighbor whose only template is a session group is its member.
        let (_, s, four) = peer(&d, PUBLIC_VRF, "10.0.0.4");
        assert_eq!(s.group_of(four).unwrap().name, "SG");
        assert_eq!(at(t, s.group_of(four).unwrap().decl), "session-group SG");
        assert_eq!(
            at(t, four.group.current().unwrap().1),
            "use session-group SG"
        );
        assert!(four.settings.connect_interface.current().is_none());
        let (src, line) = s.effective_source(four).unwrap();
        assert_eq!(src, &ConnectSource::Interface("Loopback1".into()));
        assert_eq!(at(t, line), "update-source Loopback1");
        assert_eq!(s.ttl(four).gtsm.map(|(n, _)| n), Some(1));
        assert_eq!(fams(&d, PUBLIC_VRF, "10.0.0.4"), vec![Family::Ipv4Unicast]);
        // The neighbor that uses both holds the session group's values as
        // its own, and is the neighbor group's member.
        assert_eq!(s.group_of(two).unwrap().name, "NG");
        assert!(two.settings.connect_interface.current().is_some());
    }

    const RANGES: &str = "\
router bgp 65000
 bgp router-id 10.255.40.1
 address-family ipv4 unicast
 !
 neighbor-group SPOKES
  remote-as 65200
  update-source Loopback0
  address-family vpnv4 unicast
   route-reflector-client
  !
 !
 neighbor 10.40.0.0/24
  remote-as 65100
  update-source GigabitEthernet0/0/0/0
  session-open-mode passive-only
  password clear s3cret
  address-family ipv4 unicast
   route-policy PASS in
  !
 !
 neighbor 10.41.0.9/16
  use neighbor-group SPOKES
  update-source inheritance-disable
 !
 neighbor 2001:db8:40::/64
  remote-as 65101
 !
 neighbor 10.42.0.0/24
  remote-as 65102
  use neighbor-group NOPE
 !
 neighbor 10.0.0.0/33
  remote-as 65103
 !
 neighbor 10.40.0.7
  remote-as 65100
 !
 vrf V
  neighbor 172.16.0.0/12
   remote-as 65300
   address-family ipv4 unicast
   !
  !
 !
!
";

    #[test]
    fn dynamic_neighbor_ranges_are_dynamic_groups() {
        let d = read(RANGES);
        let t = RANGES;
        let s = scope(&d, PUBLIC_VRF);
        // Ranges are groups, not peers; the static neighbor stays a peer.
        assert_eq!(s.peers.len(), 1);
        assert!(s.peer(ip("10.40.0.7")).is_some());

        let g = s.group("10.40.0.0/24").unwrap();
        assert!(g.dynamic);
        assert_eq!(g.kind, GroupKind::External);
        assert_eq!(at(t, g.decl), "neighbor 10.40.0.0/24");
        assert_eq!(at(t, g.name_span), "10.40.0.0/24");
        assert_eq!(g.listen_nets.len(), 1);
        assert_eq!(
            (g.listen_nets[0].0, g.listen_nets[0].1),
            (ip("10.40.0.0"), 24)
        );
        assert_eq!(at(t, g.listen_nets[0].2), "neighbor 10.40.0.0/24");
        let accepts: Vec<(Asn, &str)> = g.listen_as.iter().map(|(a, l)| (*a, at(t, *l))).collect();
        assert_eq!(accepts, vec![(Asn::plain(65100), "remote-as 65100")]);
        // The block's settings are the group's.
        let (asn, line) = g.settings.as_number.current().unwrap();
        assert_eq!((*asn, at(t, line)), (Asn::plain(65100), "remote-as 65100"));
        assert_eq!(
            g.settings.connect_interface.current().unwrap().0,
            &ConnectSource::Interface("GigabitEthernet0/0/0/0".into())
        );
        assert_eq!(g.settings.mode.current().unwrap().0, &Mode::ListenOnly);
        assert_eq!(
            g.settings.get(|m| &m.auth).unwrap().0,
            &Auth::Password {
                simple: Some(password_hash("s3cret"))
            }
        );
        let v4 = g.settings.family(Family::Ipv4Unicast).unwrap();
        assert!(v4.enable);
        assert_eq!(at(t, v4.span), "address-family ipv4 unicast");

        // A range that uses a neighbor group takes the group's settings,
        // with the group's lines, save what it stops inheriting; its host
        // bits are cleared.
        let g = s.group("10.41.0.9/16").unwrap();
        assert!(g.dynamic);
        assert_eq!(
            (g.listen_nets[0].0, g.listen_nets[0].1),
            (ip("10.41.0.0"), 16)
        );
        let accepts: Vec<(Asn, &str)> = g.listen_as.iter().map(|(a, l)| (*a, at(t, *l))).collect();
        assert_eq!(accepts, vec![(Asn::plain(65200), "remote-as 65200")]);
        assert!(g.settings.connect_interface.current().is_none());
        let vpn = g.settings.family(Family::Vpnv4).unwrap();
        assert_eq!(at(t, vpn.span), "address-family vpnv4 unicast");
        assert!(s.group_reflects(g, Family::Vpnv4).is_some());
        // The neighbor group itself is left whole.
        let ng = s.group("SPOKES").unwrap();
        assert!(!ng.dynamic);
        assert!(ng.settings.connect_interface.current().is_some());

        // With no address family: the unicast family of its addresses.
        let g = s.group("2001:db8:40::/64").unwrap();
        assert_eq!(g.listen_nets[0].0, ip("2001:db8:40::"));
        let v6 = g.settings.family(Family::Ipv6Unicast).unwrap();
        assert_eq!(at(t, v6.span), "neighbor 2001:db8:40::/64");

        // An undefined template stays a reference; the range still listens.
        let g = s.group("10.42.0.0/24").unwrap();
        assert_eq!(g.listen_as[0].0, Asn::plain(65102));
        let r = s.group_refs.iter().find(|r| r.name == "NOPE").unwrap();
        assert_eq!(at(t, r.span), "use neighbor-group NOPE");

        // A range in a VRF is in the VRF's scope.
        let v = scope(&d, "V");
        let g = v.group("172.16.0.0/12").unwrap();
        assert!(g.dynamic);
        assert_eq!(g.listen_as[0].0, Asn::plain(65300));
        assert!(v.peers.is_empty());

        // A prefix length out of range is a problem, and no group.
        let problems: Vec<&str> = d.problems.iter().map(|p| at(t, p.span)).collect();
        assert_eq!(problems, vec!["neighbor 10.0.0.0/33"]);
        assert!(s.group("10.0.0.0/33").is_none());
    }

    const LOCAL_AS_OFF: &str = "\
router bgp 65000
 neighbor-group LEGACY
  local-as 64999 no-prepend replace-as
  ebgp-multihop 4
  address-family ipv4 unicast
  !
 !
 neighbor 10.95.0.2
  remote-as 65010
  use neighbor-group LEGACY
 !
 neighbor 10.95.1.2
  remote-as 65011
  use neighbor-group LEGACY
  local-as inheritance-disable
 !
 neighbor 10.95.2.2
  remote-as 65012
  use neighbor-group LEGACY
  local-as 64998
  local-as inheritance-disable
 !
!
";

    #[test]
    fn local_as_inheritance_disable_stops_the_groups_local_as() {
        let d = read(LOCAL_AS_OFF);
        let t = LOCAL_AS_OFF;
        let local = d.bgp[0].asn;

        // A member that inherits: the group's local AS, through the group.
        let (_, s, two) = peer(&d, PUBLIC_VRF, "10.95.0.2");
        assert_eq!(s.group_of(two).unwrap().name, "LEGACY");
        let (fake, line) = s.effective_fake_as(two).unwrap();
        assert_eq!(fake.asn, Asn::plain(64999));
        assert_eq!(at(t, line), "local-as 64999 no-prepend replace-as");

        // The member that stops it presents the process's AS, and keeps
        // every other setting of the group, with the group's lines.
        let (_, s, one) = peer(&d, PUBLIC_VRF, "10.95.1.2");
        assert_eq!(s.effective_fake_as(one), None);
        assert!(s.group_of(one).is_none());
        assert_eq!(s.effective_as(one, local).unwrap().0, Asn::plain(65011));
        assert_eq!(
            s.ttl(one).max_hop.map(|(n, l)| (n, at(t, l))),
            Some((4, "ebgp-multihop 4"))
        );
        assert_eq!(fams(&d, PUBLIC_VRF, "10.95.1.2"), vec![Family::Ipv4Unicast]);
        assert_eq!(
            at(t, one.settings.families[0].span),
            "address-family ipv4 unicast"
        );
        // Its `use` line is still a reference to the group.
        assert_eq!(
            s.group_refs.iter().filter(|r| r.name == "LEGACY").count(),
            3
        );
        // The group is unchanged for its other members.
        let g = s.group("LEGACY").unwrap();
        assert_eq!(
            g.settings.get(|m| &m.fake_as).map(|(f, _)| f.asn),
            Some(Asn::plain(64999))
        );

        // A member's own local AS wins; it stays a member.
        let (_, s, three) = peer(&d, PUBLIC_VRF, "10.95.2.2");
        assert_eq!(s.effective_fake_as(three).unwrap().0.asn, Asn::plain(64998));
        assert_eq!(s.group_of(three).unwrap().name, "LEGACY");
        assert!(d.problems.is_empty(), "{:?}", d.problems);
    }

    const SOURCE_OFF: &str = "\
router bgp 65000
 session-group SG
  update-source Loopback1
  password clear fromsg
 !
 neighbor-group PEERS
  update-source Loopback0
  session-open-mode active-only
  password clear fromng
  ebgp-multihop 5
  address-family ipv4 unicast
  !
 !
 neighbor 10.96.0.2
  remote-as 65020
  use neighbor-group PEERS
  update-source inheritance-disable
 !
 neighbor 10.96.1.2
  remote-as 65021
  use neighbor-group PEERS
 !
 neighbor 10.96.2.2
  remote-as 65022
  use session-group SG
  update-source inheritance-disable
 !
 neighbor 10.96.3.2
  remote-as 65023
  use neighbor-group PEERS
  use session-group SG
  update-source inheritance-disable
 !
!
";

    #[test]
    fn update_source_inheritance_disable_stops_the_groups_source() {
        let d = read(SOURCE_OFF);
        let t = SOURCE_OFF;

        // The member that stops it has no update source, and takes the
        // group's other settings with the group's lines.
        let (_, s, two) = peer(&d, PUBLIC_VRF, "10.96.0.2");
        assert_eq!(s.effective_source(two), None);
        assert!(s.group_of(two).is_none());
        let m = s.effective_mode(two);
        assert_eq!(m.mode, Mode::ConnectOnly);
        assert_eq!(at(t, m.source.unwrap()), "session-open-mode active-only");
        let (auth, line) = s.effective(two, |m| &m.auth).unwrap();
        assert_eq!(
            auth,
            &Auth::Password {
                simple: Some(password_hash("fromng"))
            }
        );
        assert_eq!(at(t, line), "password clear fromng");
        assert_eq!(
            s.ttl(two).max_hop.map(|(n, l)| (n, at(t, l))),
            Some((5, "ebgp-multihop 5"))
        );
        assert_eq!(fams(&d, PUBLIC_VRF, "10.96.0.2"), vec![Family::Ipv4Unicast]);

        // The other member is unaffected: a member, with the group's source.
        let (_, s, one) = peer(&d, PUBLIC_VRF, "10.96.1.2");
        assert_eq!(s.group_of(one).unwrap().name, "PEERS");
        let (src, line) = s.effective_source(one).unwrap();
        assert_eq!(src, &ConnectSource::Interface("Loopback0".into()));
        assert_eq!(at(t, line), "update-source Loopback0");

        // The same when the template is a session group.
        let (_, s, sg) = peer(&d, PUBLIC_VRF, "10.96.2.2");
        assert_eq!(s.effective_source(sg), None);
        assert!(s.group_of(sg).is_none());
        assert_eq!(
            at(t, s.effective(sg, |m| &m.auth).unwrap().1),
            "password clear fromsg"
        );

        // Neither the session group's source nor the neighbor group's.
        let (_, s, both) = peer(&d, PUBLIC_VRF, "10.96.3.2");
        assert_eq!(s.effective_source(both), None);
        assert_eq!(
            at(t, s.effective(both, |m| &m.auth).unwrap().1),
            "password clear fromsg"
        );
        assert_eq!(s.effective_mode(both).mode, Mode::ConnectOnly);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
    }

    #[test]
    fn addresses_and_bad_lines() {
        let text = "\
interface Bundle-Ether1.100
 ipv4 address 10.1.0.1/31
 ipv4 address 10.1.0.9 255.255.255.254
 ipv6 address fe80::1 link-local
 ipv6 address 2001:db8:1::/64 eui-64
!
interface GigabitEthernet0/0/0/3
 ipv4 address 10.3.0.1 255.0.255.0
 ipv4 unnumbered Loopback0
!
router bgp 65001
 neighbor 10.0.0.0/24
  remote-as 65002
 !
 neighbor not-an-address
 !
 neighbor 10.0.0.1
  remote-as 0
  ebgp-multihop 300
 !
!
router bgp notanumber
!
";
        let d = read(text);
        let be = d.interface("Bundle-Ether1.100").unwrap();
        // The second primary replaces the first.
        assert_eq!(be.addresses.len(), 1);
        assert_eq!(be.addresses[0].addr, ip("10.1.0.9"));
        assert!(be.has_link_local());
        assert!(be.unwritten(Unwritten::V6));
        let gi = d.interface("GigabitEthernet0/0/0/3").unwrap();
        assert!(gi.addresses.is_empty());
        assert!(gi.unwritten(Unwritten::V4));
        let problems: Vec<&str> = d.problems.iter().map(|p| at(text, p.span)).collect();
        assert_eq!(
            problems,
            vec![
                "ipv4 address 10.3.0.1 255.0.255.0",
                "neighbor not-an-address",
                "remote-as 0",
                "ebgp-multihop 300",
                "router bgp notanumber",
            ]
        );
        // A dynamic neighbor range is a group, not a peer.
        assert_eq!(scope(&d, PUBLIC_VRF).peers.len(), 1);
        assert!(scope(&d, PUBLIC_VRF).group("10.0.0.0/24").unwrap().dynamic);
    }

    #[test]
    fn hostile_input_never_panics() {
        let mut text = String::from(
            "router bgp 4294967296\nrouter bgp 65535.65535\n neighbor-group A\n  use neighbor-group B\n  address-family\n neighbor-group B\n  use neighbor-group A\n  use session-group S\n session-group S\n  use session-group S\n af-group X address-family vpnv4 unicast\n  use af-group X\n neighbor 1.1.1.1\n  use neighbor-group A\n  use neighbor-group\n  use session-group\n  address-family ipv4 unicast\n   use af-group X\n   use af-group\n  ebgp-multihop 99999999999999999999\n  password clear\n  password\n  local-as\n  local-as 99999999999\n  remote-as\n  session-open-mode\n  update-source\n  keychain\n neighbor\n neighbor fe80::1%Gi0\n vrf\n vrf V\n  neighbor 300.1.1.1\n  bgp router-id\n  bgp router-id 1.2.3\n bgp confederation peers 1 x 99999999999\n  65000\n  junk\n bgp confederation identifier\nrouter\nrouter bgp\ninterface\ninterface X\n ipv4 address\n ipv4 address 1.2.3.4\n ipv4 address 1.2.3.4/99\n ipv6 address\n ipv6 address ::1/200\n vrf\nvrf\nvrf W\n address-family ipv4 unicast\n  import route-target\n   :\n   a:\n   :1\n  export route-target 1:1\nhostname\n\t\u{0}\u{feff}router bgp 1\n",
        );
        // Deep indentation, and a long line.
        for depth in 0..2000 {
            text.push_str(&" ".repeat(depth));
            text.push_str("neighbor 10.0.0.1\n");
        }
        text.push_str(&"x".repeat(100_000));
        text.push('\n');
        // Random lines from a vocabulary.
        let vocab = [
            "router",
            "bgp",
            "1",
            "neighbor",
            "10.0.0.1",
            "::1",
            "remote-as",
            "use",
            "neighbor-group",
            "session-group",
            "af-group",
            "address-family",
            "ipv4",
            "unicast",
            "vpnv4",
            "vrf",
            "V",
            "interface",
            "Gi0",
            "shutdown",
            "ttl-security",
            "ebgp-multihop",
            "password",
            "clear",
            "inheritance-disable",
            "route-reflector-client",
            "255.255.255.0",
            "1.2.3.4/32",
            "!",
            "\t",
            "é",
            "65536.1",
            "-1",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let indent = (seed % 5) as usize;
            text.push_str(&" ".repeat(indent));
            for k in 0..(seed >> 8) % 5 {
                let w = vocab[((seed >> (16 + 3 * k)) % vocab.len() as u64) as usize];
                text.push_str(w);
                text.push(' ');
            }
            text.push('\n');
        }
        let d = read(&text);
        assert_eq!(d.vendor, Vendor::IosXr);
        // Truncations of a realistic file.
        for cut in (0..PE.len()).step_by(7) {
            if PE.is_char_boundary(cut) {
                read(&PE[..cut]);
            }
        }
        read("");
        read("\n\n!\n");
    }

    #[test]
    fn many_members_of_one_group() {
        let mut text = String::from(
            "router bgp 65001\n neighbor-group NG\n  remote-as 65001\n  address-family ipv4 unicast\n",
        );
        for i in 0..20_000u32 {
            text.push_str(&format!(
                " neighbor 10.{}.{}.{}\n  use neighbor-group NG\n vrf V{}\n  neighbor 10.0.0.1\n   use neighbor-group NG\n",
                i >> 16,
                (i >> 8) & 255,
                i & 255,
                i % 50
            ));
        }
        let d = read(&text);
        assert_eq!(scope(&d, PUBLIC_VRF).peers.len(), 20_000);
        assert_eq!(d.bgp[0].scopes.len(), 51);
        assert!(d.bgp[0].scopes.iter().all(|s| s.group("NG").is_some()));
    }
}
