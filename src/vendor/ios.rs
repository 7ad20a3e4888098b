//! Cisco IOS / IOS XE and Arista EOS configurations (running-config style,
//! nested by indentation) read into the neutral model.
//!
//! The two share one line grammar; where EOS writes a thing its own way
//! (`ip address A/L`, `vrf V` in an interface, `vrf instance V`, `vrf V`
//! blocks in `router bgp`, `neighbor X peer group G`, `neighbor X passive`,
//! `router-id X`) both forms are read in either dialect: no IOS file writes
//! the EOS form and no EOS file the IOS one, so reading both never changes
//! what a file means.
//!
//! The pages each behaviour rests on, named in the comments below:
//! - [IOS-N] Cisco IOS IP Command Reference, Volume 2 of 4: Routing
//!   Protocols, Release 12.3 T, "IP Routing Protocols Commands: N"
//!   (`neighbor ebgp-multihop`, `neighbor inherit peer-session`, `neighbor
//!   local-as`, `neighbor password`, `neighbor peer-group (creating)`,
//!   `neighbor peer-group (assigning members)`, `neighbor remote-as`,
//!   `neighbor shutdown`, `neighbor ttl-security`, `neighbor update-source`);
//! - [IOS-BGP] Cisco IOS IP Routing: BGP Command Reference (`neighbor
//!   transport`, `bgp default ipv4-unicast`, `bgp router-id`, `bgp listen`,
//!   `bgp confederation identifier`, `bgp confederation peers`,
//!   `address-family ipv4`, `neighbor activate`);
//! - [IOS-SESSION] Cisco IOS IP Routing: BGP Configuration Guide,
//!   "Configuring BGP Neighbor Session Options" (dual-AS peering, the TTL
//!   security check, BGP dynamic neighbors using subnet ranges);
//! - [IOS-DYN] Cisco IOS XE IP Routing: BGP Configuration Guide, "BGP
//!   Dynamic Neighbors";
//! - [IOS-TPL] Cisco IOS feature guide "BGP Configuration Using Peer
//!   Templates";
//! - [IOS-VRF] Cisco IOS XE MPLS Layer 3 VPNs Configuration Guide, "MPLS
//!   VPN VRF CLI for IPv4 and IPv6 VPNs" (`vrf definition`, multiprotocol
//!   VRFs and their route targets);
//! - [EOS-BGP] Arista EOS User Manual, chapter "Border Gateway Protocol
//!   (BGP)" (peer groups, `neighbor passive`, `neighbor ebgp-multihop`,
//!   `neighbor local-as`, `neighbor password`, `bgp listen range`, BGP in
//!   VRFs, `no bgp default ipv4-unicast`, `neighbor activate`).

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr};

use rustc_hash::{FxHashMap, FxHashSet};

use super::lines::{self, Line};
use crate::model::{
    Asn, Auth, ConnectSource, Device, Draft, FakeAs, Family, FamilyLine, Group, GroupKind,
    GroupRef, History, IfAddr, Mode, Name, PUBLIC_VRF, Scope, Settings, Unwritten, Vendor,
    network_of, password_hash,
};
use crate::source::{FileId, Span};

/// Reads one IOS, IOS XE or EOS configuration. `vendor`: [`Vendor::Ios`]
/// or [`Vendor::Eos`].
pub fn lower(file: FileId, text: &str, stem: &str, vendor: Vendor) -> Device {
    let lines = lines::read(file, text);
    let mut reader = Reader::new(file, text, stem, vendor);
    // The block each line opens, for the lines inside it.
    let mut blocks: Vec<Block> = Vec::with_capacity(lines.len());
    let mut banner: Option<Banner> = None;
    for line in &lines {
        if let Some(b) = &banner {
            if b.ends_at(&text[line.span.range()]) {
                banner = None;
            }
            blocks.push(Block::Skip);
            continue;
        }
        let parent = match line.parent {
            None => Block::Top,
            Some(p) => blocks.get(p).cloned().unwrap_or(Block::Skip),
        };
        let block = reader.line(line, &parent, &mut banner);
        blocks.push(block);
    }
    reader.finish()
}

/// What a block holds, as far as its lines are read.
#[derive(Clone, Debug)]
enum Block {
    /// The top level of the file.
    Top,
    /// A block nothing is read in.
    Skip,
    /// `interface X`.
    Interface(Name),
    /// `ip vrf V`, `vrf definition V` or one of its address families, `vrf
    /// instance V`: the route targets its `route-target` lines give, by
    /// family (IPv4, IPv6).
    Vrf(bool, bool),
    /// `router bgp N`, one of its address families, an EOS `vrf V` block.
    Bgp(BgpAt),
    /// `template peer-session T` in `router bgp`: the process and the name.
    Template(usize, Name),
}

/// Where in `router bgp` a line is.
#[derive(Clone, Debug)]
struct BgpAt {
    /// The BGP process (index in the draft).
    b: usize,
    /// The VRF whose scope the lines fill ([`PUBLIC_VRF`] for the global
    /// table).
    vrf: Name,
    /// The line that opens that scope.
    opened: Span,
    /// The family `neighbor X activate` enables here.
    family: Family,
    level: Level,
    /// IOS `address-family ipv4|ipv6 vrf V`: a neighbor of that address
    /// family configured here is enabled in it.
    defines: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    /// Right in `router bgp`.
    Router,
    /// In an `address-family` block.
    Family,
    /// In an EOS `vrf V` block of `router bgp`.
    EosVrf,
}

/// A `banner` whose text runs over the following lines: they are skipped
/// up to the line that holds the delimiter (IOS `banner motd ^C … ^C`) or
/// reads `EOF` (EOS `banner login` … `EOF`).
struct Banner {
    delimiter: String,
    whole_line: bool,
}

impl Banner {
    fn ends_at(&self, line: &str) -> bool {
        if self.whole_line {
            line.trim() == self.delimiter
        } else {
            line.contains(self.delimiter.as_str())
        }
    }
}

/// A `template peer-session T` and what its own lines set.
struct Template {
    decl: Span,
    name_span: Span,
    /// `inherit peer-session T2`.
    parent: Option<Name>,
    settings: Settings,
}

/// A group by BGP process, VRF and name.
type GroupKey = (usize, Name, Name);

struct Reader<'t> {
    text: &'t str,
    file: FileId,
    vendor: Vendor,
    draft: Draft,
    /// Each group's place in its scope's list (groups are only pushed
    /// until [`Reader::finish`]).
    groups: FxHashMap<GroupKey, usize>,
    /// Groups a `neighbor G peer-group` line (or a template) creates.
    declared: FxHashSet<GroupKey>,
    /// Groups a `bgp listen range` line names, in order.
    dynamic: Vec<GroupKey>,
    dynamic_set: FxHashSet<GroupKey>,
    /// The AS numbers a listen range accepts besides its group's
    /// `remote-as`: EOS `bgp listen range … remote-as N`, IOS `neighbor G
    /// remote-as N alternate-as A …`.
    listen_as: FxHashMap<GroupKey, Vec<(Asn, Span)>>,
    alternate_as: FxHashMap<GroupKey, Vec<(Asn, Span)>>,
    /// Peers configured so far, by process, VRF and address.
    peers: FxHashSet<(usize, Name, IpAddr)>,
    /// The scopes filled, in order, with their opening lines.
    scopes: Vec<(usize, Name, Span)>,
    scope_set: FxHashSet<(usize, Name)>,
    templates: FxHashMap<(usize, Name), Template>,
    /// The `(process, VRF, template)` triples some neighbor inherits.
    template_uses: Vec<GroupKey>,
    template_use_set: FxHashSet<GroupKey>,
    /// EOS `bgp default ipv6-unicast`, by process.
    ipv6_default: FxHashMap<usize, Span>,
    /// EOS `no bgp default ipv4-unicast` in a `vrf V` block.
    vrf_no_ipv4_default: FxHashMap<(usize, Name), Span>,
    vrfs: FxHashSet<Name>,
    /// Each interface's primary IPv4 address: its place in the list.
    primary: FxHashMap<Name, usize>,
    /// Route targets: IPv4, IPv6, EVPN; each export, import.
    targets: [[BTreeSet<Name>; 2]; 3],
}

/// What a `neighbor` setting line did.
enum Applied {
    Yes,
    /// Not a setting peerlint reads.
    No,
    /// A setting that cannot be read: the problem to report.
    Bad(String),
}

impl<'t> Reader<'t> {
    fn new(file: FileId, text: &'t str, stem: &str, vendor: Vendor) -> Reader<'t> {
        Reader {
            text,
            file,
            vendor,
            draft: Draft::new(file, stem, vendor),
            groups: FxHashMap::default(),
            declared: FxHashSet::default(),
            dynamic: Vec::new(),
            dynamic_set: FxHashSet::default(),
            listen_as: FxHashMap::default(),
            alternate_as: FxHashMap::default(),
            peers: FxHashSet::default(),
            scopes: Vec::new(),
            scope_set: FxHashSet::default(),
            templates: FxHashMap::default(),
            template_uses: Vec::new(),
            template_use_set: FxHashSet::default(),
            ipv6_default: FxHashMap::default(),
            vrf_no_ipv4_default: FxHashMap::default(),
            vrfs: FxHashSet::default(),
            primary: FxHashMap::default(),
            targets: Default::default(),
        }
    }

    fn os(&self) -> &'static str {
        match self.vendor {
            Vendor::Eos => "EOS",
            _ => "IOS",
        }
    }

    /// The span of one word of a line (the line's when the word is not
    /// part of the text).
    fn word_span(&self, word: &str, line: Span) -> Span {
        let base = self.text.as_ptr() as usize;
        match (word.as_ptr() as usize).checked_sub(base) {
            Some(start) if start.saturating_add(word.len()) <= self.text.len() => {
                Span::at(self.file, start, start + word.len(), line.line)
            }
            _ => line,
        }
    }

    /// Reads one line inside `parent`; returns the block it opens.
    fn line(&mut self, line: &Line<'t>, parent: &Block, banner: &mut Option<Banner>) -> Block {
        let (undo, words) = match line.words.as_slice() {
            ["no", rest @ ..] => (true, rest),
            w => (false, w),
        };
        match parent {
            Block::Top => self.top_line(line, undo, words, banner),
            Block::Skip => Block::Skip,
            Block::Interface(name) => {
                let name = name.clone();
                self.interface_line(&name, undo, words, line.span);
                Block::Skip
            }
            &Block::Vrf(v4, v6) => self.vrf_line(undo, words, v4, v6),
            Block::Bgp(at) => {
                let at = at.clone();
                self.bgp_line(&at, undo, words, line.span)
            }
            Block::Template(b, name) => {
                let (b, name) = (*b, name.clone());
                self.template_line(b, &name, undo, words, line.span);
                Block::Skip
            }
        }
    }

    fn top_line(
        &mut self,
        line: &Line<'t>,
        undo: bool,
        words: &[&'t str],
        banner: &mut Option<Banner>,
    ) -> Block {
        let span = line.span;
        if undo {
            return Block::Skip;
        }
        match words {
            ["hostname", name, ..] => {
                self.draft.name(name, span);
                Block::Skip
            }
            ["banner", ..] => {
                *banner = banner_of(line.rest(self.text, 2), words.len());
                Block::Skip
            }
            ["interface", name, more @ ..] => {
                // `interface Loopback 0` as typed; the running configuration
                // writes `Loopback0`. `point-to-point` and the like after the
                // name are not part of it.
                let name = match more.first() {
                    Some(n) if n.starts_with(|c: char| c.is_ascii_digit()) => {
                        Name::from(format!("{name}{n}"))
                    }
                    _ => Name::from(*name),
                };
                Block::Interface(name)
            }
            // `ip vrf V`: a single-protocol (IPv4) VRF; `vrf definition V`:
            // a multiprotocol VRF whose route targets, written right in it,
            // serve IPv4 and IPv6 alike ([IOS-VRF]); `vrf instance V`: an EOS
            // VRF, whose route targets are written in `router bgp`
            // ([EOS-BGP]).
            ["ip", "vrf", vrf] => {
                self.vrf(vrf, span);
                Block::Vrf(true, false)
            }
            ["vrf", "definition", vrf] => {
                self.vrf(vrf, span);
                Block::Vrf(true, true)
            }
            ["vrf", "instance", vrf] => {
                self.vrf(vrf, span);
                Block::Vrf(false, false)
            }
            ["router", "bgp", asn, ..] => match Asn::parse(asn) {
                Some(asn) => {
                    let b = self.draft.bgp(asn, span);
                    Block::Bgp(BgpAt {
                        b,
                        vrf: Name::from(PUBLIC_VRF),
                        opened: span,
                        family: Family::Ipv4Unicast,
                        level: Level::Router,
                        defines: false,
                    })
                }
                None => {
                    self.draft.problem(
                        span,
                        format!("`{asn}` is not an AS number (1-4294967295, or x.y)"),
                    );
                    Block::Skip
                }
            },
            _ => Block::Skip,
        }
    }

    fn vrf(&mut self, name: &str, span: Span) {
        if self.vrfs.insert(Name::from(name)) {
            self.draft.vrf(name, span);
        }
    }

    /// A line in `ip vrf V`, `vrf definition V` or one of its address
    /// families.
    fn vrf_line(&mut self, undo: bool, words: &[&'t str], v4: bool, v6: bool) -> Block {
        match words {
            ["route-target", rest @ ..] if !undo => {
                self.route_target(rest, [v4, v6, false]);
                Block::Skip
            }
            // `address-family ipv4|ipv6` in `vrf definition V`: its route
            // targets are that family's only ([IOS-VRF]).
            ["address-family", "ipv4", ..] if !undo && v6 => Block::Vrf(true, false),
            ["address-family", "ipv6", ..] if !undo && v6 => Block::Vrf(false, true),
            _ => Block::Skip,
        }
    }

    /// `route-target export|import|both X`; EOS also `route-target
    /// import|export|both evpn|vpn-ipv4|vpn-ipv6 X` in a `router bgp` VRF
    /// ([EOS-BGP]). `families`: IPv4, IPv6, EVPN, for a target written
    /// without a family.
    fn route_target(&mut self, rest: &[&'t str], families: [bool; 3]) {
        let (dir, rest) = match rest {
            [dir, rest @ ..] => (*dir, rest),
            [] => return,
        };
        let (families, rt) = match rest {
            ["evpn", rt, ..] => ([false, false, true], *rt),
            ["vpn-ipv4", rt, ..] => ([true, false, false], *rt),
            ["vpn-ipv6", rt, ..] => ([false, true, false], *rt),
            [rt, ..] => (families, *rt),
            [] => return,
        };
        // `auto`, `route-map M`: nothing peerlint can compare.
        if !rt.contains(':') {
            return;
        }
        let (export, import) = match dir {
            "export" => (true, false),
            "import" => (false, true),
            "both" => (true, true),
            _ => return,
        };
        for (f, on) in families.into_iter().enumerate() {
            if !on {
                continue;
            }
            if export {
                self.targets[f][0].insert(Name::from(rt));
            }
            if import {
                self.targets[f][1].insert(Name::from(rt));
            }
        }
    }

    /// A line inside `interface X`: its addresses, VRF and `shutdown`.
    fn interface_line(&mut self, name: &Name, undo: bool, words: &[&'t str], span: Span) {
        match (undo, words) {
            (false, ["ip", "address", kind, ..])
                if matches!(*kind, "dhcp" | "negotiated" | "unnumbered" | "pool") =>
            {
                self.draft.interface(name).set_unwritten(Unwritten::V4, true);
            }
            (false, ["ip", "unnumbered", ..]) => {
                self.draft.interface(name).set_unwritten(Unwritten::V4, true);
            }
            (false, ["ip", "address", addr, more @ ..]) => {
                // IOS `ip address A M [secondary]`; EOS `ip address A/L
                // [secondary]`. A new primary address replaces the old one;
                // secondaries stay.
                let parsed = match (lines::prefix(addr), more.first()) {
                    (Some((a @ IpAddr::V4(_), len)), _) => Some((a, len, more)),
                    (None, Some(mask)) if !addr.contains('/') => {
                        match (addr.parse::<Ipv4Addr>(), lines::mask_len(mask)) {
                            (Ok(a), Some(len)) => Some((IpAddr::V4(a), len, &more[1..])),
                            (Err(_), _) => {
                                self.draft
                                    .problem(span, format!("`{addr}` is not an IPv4 address"));
                                None
                            }
                            (Ok(_), None) => {
                                self.draft
                                    .problem(span, format!("`{mask}` is not a network mask"));
                                None
                            }
                        }
                    }
                    _ => {
                        self.draft.problem(
                            span,
                            format!("`{addr}` is not an IPv4 address with a mask or prefix length"),
                        );
                        None
                    }
                };
                if let Some((addr, prefix, rest)) = parsed {
                    let secondary = rest.first() == Some(&"secondary");
                    self.add_v4(name, addr, prefix, secondary, span);
                }
            }
            (true, ["ip", "address"]) => {
                let iface = self.draft.interface(name);
                iface.addresses.retain(|a| !a.addr.is_ipv4());
                iface.set_unwritten(Unwritten::V4, false);
                self.primary.remove(name);
            }
            (true, ["ip", "address", addr, ..]) => {
                let addr = lines::prefix(addr)
                    .map(|(a, _)| a)
                    .or_else(|| addr.parse::<IpAddr>().ok());
                if let Some(addr) = addr {
                    self.remove_address(name, addr);
                }
            }
            (false, ["ipv6", "enable"]) => {
                self.draft
                    .interface(name)
                    .set_unwritten(Unwritten::LINK_LOCAL, true);
            }
            (false, ["ipv6", "address", what, more @ ..]) => {
                let iface = self.draft.interface(name);
                match (lines::prefix(what), more) {
                    (_, ["link-local", ..]) => iface.set_unwritten(Unwritten::LINK_LOCAL, true),
                    _ if matches!(*what, "autoconfig" | "dhcp") => {
                        iface.set_unwritten(Unwritten::V6, true)
                    }
                    // The host part comes from the MAC address.
                    (Some(_), more) if more.contains(&"eui-64") => {
                        iface.set_unwritten(Unwritten::V6, true)
                    }
                    (Some((addr, prefix)), _) if addr.is_ipv6() => {
                        if is_link_local(addr) {
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
                    // `ipv6 address PREFIX-NAME X/L`: a general prefix the
                    // file does not resolve.
                    (None, [p, ..]) if p.contains('/') => iface.set_unwritten(Unwritten::V6, true),
                    _ => self.draft.problem(
                        span,
                        format!("`{what}` is not an IPv6 address with a prefix length"),
                    ),
                }
            }
            (true, ["ipv6", "address"]) => {
                let iface = self.draft.interface(name);
                iface.addresses.retain(|a| a.addr.is_ipv4());
                iface.set_unwritten(Unwritten::V6, false);
                self.reindex_primary(name);
            }
            (true, ["ipv6", "address", addr, ..]) => {
                if let Some((addr, _)) = lines::prefix(addr) {
                    self.remove_address(name, addr);
                }
            }
            // IOS `vrf forwarding V` (IOS XE and EOS before 4.23 alike), `ip
            // vrf forwarding V`; EOS `vrf V`. A saved configuration lists the
            // VRF before the addresses (IOS drops the addresses when the VRF
            // changes), so the lines are read in order.
            (false, ["vrf", "forwarding", vrf, ..])
            | (false, ["ip", "vrf", "forwarding", vrf, ..])
            | (false, ["vrf", vrf]) => {
                let vrf = Name::from(*vrf);
                self.draft.interface(name).set_vpn(Some((vrf, span)));
            }
            (true, ["vrf", ..]) | (true, ["ip", "vrf", "forwarding", ..]) => {
                self.draft.interface(name).set_vpn(None);
            }
            (false, ["shutdown"]) => self.draft.interface(name).set_shutdown(Some(span)),
            (true, ["shutdown"]) => self.draft.interface(name).set_shutdown(None),
            _ => {}
        }
    }

    fn add_v4(&mut self, name: &Name, addr: IpAddr, prefix: u8, secondary: bool, span: Span) {
        let new = IfAddr {
            addr,
            prefix,
            secondary,
            span,
        };
        let iface = self.draft.interface(name);
        if secondary {
            iface.addresses.push(new);
            return;
        }
        let at = self.primary.get(name).copied();
        match at.and_then(|i| iface.addresses.get_mut(i)) {
            Some(old) if old.addr.is_ipv4() && !old.secondary => *old = new,
            _ => {
                iface.addresses.push(new);
                let i = iface.addresses.len() - 1;
                self.primary.insert(name.clone(), i);
            }
        }
    }

    fn remove_address(&mut self, name: &Name, addr: IpAddr) {
        self.draft
            .interface(name)
            .addresses
            .retain(|a| a.addr != addr);
        self.reindex_primary(name);
    }

    /// Finds the primary IPv4 address again after addresses were removed.
    fn reindex_primary(&mut self, name: &Name) {
        let at = self
            .draft
            .interface(name)
            .addresses
            .iter()
            .position(|a| a.addr.is_ipv4() && !a.secondary);
        match at {
            Some(i) => self.primary.insert(name.clone(), i),
            None => self.primary.remove(name),
        };
    }

    /// The scope of `at`, made on first use.
    fn scope(&mut self, at: &BgpAt) -> &mut Scope {
        if self.scope_set.insert((at.b, at.vrf.clone())) {
            self.scopes.push((at.b, at.vrf.clone(), at.opened));
        }
        self.draft.scope(at.b, &at.vrf, at.opened)
    }

    /// The group of that name in `at`'s scope, made (as an external,
    /// static group) on first use.
    fn group(&mut self, at: &BgpAt, name: &str, name_span: Span, span: Span) -> &mut Group {
        let key = (at.b, at.vrf.clone(), Name::from(name));
        if self.scope_set.insert((at.b, at.vrf.clone())) {
            self.scopes.push((at.b, at.vrf.clone(), at.opened));
        }
        let scope = self.draft.scope(at.b, &at.vrf, at.opened);
        let known = self
            .groups
            .get(&key)
            .copied()
            .filter(|&i| i < scope.groups.len());
        let i = match known {
            Some(i) => i,
            None => {
                scope.groups.push(new_group(name, name_span, span));
                self.groups.insert(key, scope.groups.len() - 1);
                scope.groups.len() - 1
            }
        };
        &mut scope.groups[i]
    }

    fn bgp_line(&mut self, at: &BgpAt, undo: bool, words: &[&'t str], span: Span) -> Block {
        match (at.level, undo, words) {
            (_, _, ["neighbor", ..]) => {
                self.neighbor(at, undo, words, span);
                Block::Skip
            }
            (Level::Router | Level::EosVrf, false, ["address-family", af @ ..]) => {
                let (family, vrf) = family_of(af);
                let at = match vrf {
                    // IOS `address-family ipv4|ipv6 vrf V` ([IOS-BGP]
                    // `address-family ipv4`): the VRF's peers.
                    Some(vrf) if at.level == Level::Router => BgpAt {
                        b: at.b,
                        vrf: Name::from(vrf),
                        opened: span,
                        family,
                        level: Level::Family,
                        defines: matches!(family, Family::Ipv4Unicast | Family::Ipv6Unicast),
                    },
                    _ => BgpAt {
                        family,
                        level: Level::Family,
                        defines: false,
                        ..at.clone()
                    },
                };
                Block::Bgp(at)
            }
            // EOS `vrf V` in `router bgp`: the VRF's peers ([EOS-BGP], BGP in
            // VRFs).
            (Level::Router, false, ["vrf", vrf]) => Block::Bgp(BgpAt {
                b: at.b,
                vrf: Name::from(*vrf),
                opened: span,
                family: Family::Ipv4Unicast,
                level: Level::EosVrf,
                defines: false,
            }),
            (Level::Router, false, ["template", "peer-session", name]) => {
                let name_span = self.word_span(name, span);
                self.templates
                    .entry((at.b, Name::from(*name)))
                    .or_insert_with(|| Template {
                        decl: span,
                        name_span,
                        parent: None,
                        settings: Settings::default(),
                    });
                Block::Template(at.b, Name::from(*name))
            }
            // IOS `bgp router-id X`, EOS `router-id X`; in a VRF (IOS
            // `address-family ipv4 vrf V`, EOS `vrf V`) the VRF's own
            // ([IOS-BGP] `bgp router-id`; [EOS-BGP]).
            (level, _, ["bgp", "router-id", rest @ ..] | ["router-id", rest @ ..]) => {
                let id = rest.first().and_then(|w| w.parse::<Ipv4Addr>().ok());
                if at.vrf == PUBLIC_VRF {
                    if level == Level::Router {
                        let history = &mut self.draft.instance(at.b).router_id;
                        match (undo, id) {
                            (true, _) => history.undo(span),
                            (false, Some(id)) => history.set(id, span),
                            (false, None) => {}
                        }
                    }
                } else {
                    let history = &mut self.scope(at).router_id;
                    match (undo, id) {
                        (true, _) => history.undo(span),
                        (false, Some(id)) => history.set(Some(id), span),
                        (false, None) => {}
                    }
                }
                Block::Skip
            }
            // `no bgp default ipv4-unicast`: neighbors configured after it
            // are not enabled in IPv4 unicast until `neighbor X activate`
            // ([IOS-BGP] `bgp default ipv4-unicast`; [EOS-BGP]).
            (Level::Router, _, ["bgp", "default", "ipv4-unicast"]) => {
                self.draft.instance(at.b).no_default_ipv4_unicast = undo.then_some(span);
                Block::Skip
            }
            // The same in an EOS VRF: the documentation does not say whether
            // the global line reaches the VRFs; only the VRF's own line is
            // taken, which never calls a peer not enabled that is.
            (Level::EosVrf, _, ["bgp", "default", "ipv4-unicast"]) => {
                let key = (at.b, at.vrf.clone());
                if undo {
                    self.vrf_no_ipv4_default.insert(key, span);
                } else {
                    self.vrf_no_ipv4_default.remove(&key);
                }
                Block::Skip
            }
            // EOS `bgp default ipv6-unicast`: IPv6 neighbors are enabled in
            // IPv6 unicast on their own ([EOS-BGP]).
            (Level::Router, _, ["bgp", "default", "ipv6-unicast"]) => {
                if undo {
                    self.ipv6_default.remove(&at.b);
                } else {
                    self.ipv6_default.insert(at.b, span);
                }
                Block::Skip
            }
            (_, false, ["bgp", "listen", "range", rest @ ..]) => {
                self.listen_range(at, rest, span);
                Block::Skip
            }
            (Level::Router, _, ["bgp", "confederation", "identifier", asn, ..]) => {
                let instance = self.draft.instance(at.b);
                instance.confederation = if undo {
                    None
                } else {
                    Asn::parse(asn).map(|a| (a, span))
                };
                Block::Skip
            }
            (Level::Router, _, ["bgp", "confederation", "peers", list @ ..]) => {
                let list: Vec<Asn> = list.iter().filter_map(|a| Asn::parse(a)).collect();
                let instance = self.draft.instance(at.b);
                instance.confederation_peers_line = Some(span);
                if undo {
                    instance.confederation_peers.retain(|a| !list.contains(a));
                } else {
                    instance.confederation_peers.extend(list);
                }
                Block::Skip
            }
            (Level::EosVrf, false, ["route-target", rest @ ..]) => {
                // Without a family the EOS pages found do not say which VPN
                // family a target serves: both IPv4 and IPv6 take it, the
                // reading that drops no route.
                self.route_target(rest, [true, true, false]);
                Block::Skip
            }
            _ => Block::Skip,
        }
    }

    /// `bgp listen range PREFIX peer-group G` (IOS, [IOS-DYN]: peers whose
    /// source lies in the range are accepted as members of G, which only
    /// listens); EOS `bgp listen range PREFIX peer group G remote-as N`
    /// ([EOS-BGP]). `rest`: the words after `range`.
    fn listen_range(&mut self, at: &BgpAt, rest: &[&'t str], span: Span) {
        let Some(&net) = rest.first() else {
            return;
        };
        let Some((addr, len)) = lines::prefix(net) else {
            self.draft.problem(
                span,
                format!("`{net}` is not an address with a prefix length"),
            );
            return;
        };
        let mut group: Option<&'t str> = None;
        let mut asn: Option<Asn> = None;
        let mut i = 1;
        while i < rest.len() {
            match &rest[i..] {
                ["peer-group", g, ..] => {
                    group = Some(*g);
                    i += 2;
                }
                ["peer", "group", g, ..] => {
                    group = Some(*g);
                    i += 3;
                }
                ["remote-as", a, ..] => {
                    asn = Asn::parse(a);
                    if asn.is_none() {
                        self.draft.problem(
                            span,
                            format!("`{a}` is not an AS number (1-4294967295, or x.y)"),
                        );
                    }
                    i += 2;
                }
                _ => i += 1,
            }
        }
        // EOS `peer-filter F` (the AS numbers a filter admits) is not read:
        // such a range accepts no AS peerlint knows of.
        let Some(name) = group else {
            return;
        };
        let key = (at.b, at.vrf.clone(), Name::from(name));
        if self.dynamic_set.insert(key.clone()) {
            self.dynamic.push(key.clone());
        }
        if let Some(a) = asn {
            self.listen_as.entry(key).or_default().push((a, span));
        }
        let name_span = self.word_span(name, span);
        let group = self.group(at, name, name_span, span);
        group.dynamic = true;
        group.listen_nets.push((network_of(addr, len), len, span));
    }

    /// `[no] neighbor X|G …` anywhere in `router bgp`.
    fn neighbor(&mut self, at: &BgpAt, undo: bool, words: &[&'t str], span: Span) {
        let Some(&target) = words.get(1) else {
            return;
        };
        let rest = words.get(2..).unwrap_or(&[]);
        // A link-local neighbor is written with its zone (`fe80::2%Et1`).
        let bare = target.split('%').next().unwrap_or(target);
        match bare.parse::<IpAddr>() {
            Ok(addr) => self.peer_line(at, addr, undo, rest, span),
            Err(_) if looks_like_address(target) => self.draft.problem(
                span,
                format!("`{target}` is not an IP address (nor, in this form, a peer group name)"),
            ),
            Err(_) => self.group_line(at, target, undo, rest, span),
        }
    }

    fn peer_line(&mut self, at: &BgpAt, addr: IpAddr, undo: bool, rest: &[&'t str], span: Span) {
        enum Act<'w> {
            Activate,
            Member(&'w str),
            Inherit(&'w str),
            Setting,
        }
        let act = match rest {
            ["activate", ..] => Act::Activate,
            // IOS and EOS before 4.23 `neighbor X peer-group G`, EOS `neighbor
            // X peer group G` ([IOS-N] `neighbor peer-group (assigning
            // members)`; [EOS-BGP]).
            ["peer-group", g, ..] | ["peer", "group", g, ..] => Act::Member(g),
            // [IOS-N] `neighbor inherit peer-session`: the neighbor takes the
            // template's settings (and those it inherits), its own win.
            ["inherit", "peer-session", t, ..] => Act::Inherit(t),
            _ if is_setting(rest) => Act::Setting,
            _ => return,
        };
        let key = (at.b, at.vrf.clone(), addr);
        let known = self.peers.contains(&key);
        if !known && (undo || matches!(act, Act::Activate)) {
            // IOS and EOS refuse to activate a neighbor that has neither a
            // remote AS nor a peer group yet ([IOS-BGP] `neighbor activate`).
            if !undo {
                let os = self.os();
                self.draft.problem(
                    span,
                    format!(
                        "neighbor {addr} is activated but never configured (no `remote-as` or peer group before this line); {os} refuses the command"
                    ),
                );
            }
            return;
        }
        self.peers.insert(key);
        let v4 = addr.is_ipv4();
        // A neighbor of an EOS VRF is enabled in IPv4 unicast as a global one
        // is ([EOS-BGP], BGP in VRFs), unless the VRF says otherwise.
        let eos_v4_default = at.level == Level::EosVrf
            && v4
            && self
                .vrf_no_ipv4_default
                .get(&(at.b, at.vrf.clone()))
                .is_none_or(|&s| s > span);
        let v6_default = if v4 || known {
            None
        } else {
            self.ipv6_default.get(&at.b).copied().filter(|&s| s < span)
        };
        // A neighbor configured in IOS `address-family ipv4 vrf V` is enabled
        // there without a `neighbor X activate` of its own; `no neighbor X
        // activate` turns it off (the family line, read later, wins).
        let made = at.defines
            && matches!(
                (at.family, v4),
                (Family::Ipv4Unicast, true) | (Family::Ipv6Unicast, false)
            );
        let group_ref = match act {
            Act::Member(g) | Act::Inherit(g) => Some(g),
            _ => None,
        };
        let ref_span = group_ref.map(|g| self.word_span(g, span));
        let scope = self.scope(at);
        let peer = scope.peer_mut(addr, span);
        if made || (!known && eos_v4_default) {
            peer.made_in_family = true;
        }
        if let Some(s) = v6_default {
            peer.settings.families.push(FamilyLine {
                family: Family::Ipv6Unicast,
                enable: true,
                span: s,
            });
        }
        let applied = match act {
            Act::Activate => {
                peer.settings.families.push(FamilyLine {
                    family: at.family,
                    enable: !undo,
                    span,
                });
                Applied::Yes
            }
            Act::Member(g) | Act::Inherit(g) => {
                if undo {
                    peer.group.undo(span);
                } else {
                    peer.group.set(Name::from(g), span);
                }
                Applied::Yes
            }
            Act::Setting => apply(&mut peer.settings, undo, rest, span),
        };
        if let (Some(g), Some(name_span)) = (group_ref, ref_span) {
            scope.group_refs.push(GroupRef {
                name: Name::from(g),
                span,
                name_span,
            });
        }
        if let (Act::Inherit(t), false) = (&act, undo) {
            let key = (at.b, at.vrf.clone(), Name::from(*t));
            if self.template_use_set.insert(key.clone()) {
                self.template_uses.push(key);
            }
        }
        if let Applied::Bad(message) = applied {
            self.draft.problem(span, message);
        }
    }

    /// `neighbor G …` on a peer group.
    fn group_line(&mut self, at: &BgpAt, name: &'t str, undo: bool, rest: &[&'t str], span: Span) {
        let key = (at.b, at.vrf.clone(), Name::from(name));
        let name_span = self.word_span(name, span);
        let applied = match rest {
            // `neighbor G peer-group` ([IOS-N] `neighbor peer-group
            // (creating)`), EOS `neighbor G peer group` ([EOS-BGP]).
            ["peer-group"] | ["peer", "group"] => {
                if undo {
                    self.declared.remove(&key);
                    return;
                }
                let first = self.declared.insert(key);
                let group = self.group(at, name, name_span, span);
                if first {
                    group.decl = span;
                    group.name_span = name_span;
                }
                return;
            }
            ["activate", ..] => {
                let family = at.family;
                let group = self.group(at, name, name_span, span);
                group.settings.families.push(FamilyLine {
                    family,
                    enable: !undo,
                    span,
                });
                Applied::Yes
            }
            _ if is_setting(rest) => {
                // `neighbor G remote-as N alternate-as A …`: a listen range
                // of G also accepts A … ([IOS-DYN]).
                match rest {
                    ["remote-as", ..] if undo => {
                        self.alternate_as.remove(&key);
                    }
                    ["remote-as", _, "alternate-as", list @ ..] => {
                        let list = list
                            .iter()
                            .filter_map(|a| Asn::parse(a))
                            .map(|a| (a, span))
                            .collect();
                        self.alternate_as.insert(key, list);
                    }
                    _ => {}
                }
                let group = self.group(at, name, name_span, span);
                apply(&mut group.settings, undo, rest, span)
            }
            _ => return,
        };
        self.scope(at).group_refs.push(GroupRef {
            name: Name::from(name),
            span,
            name_span,
        });
        if let Applied::Bad(message) = applied {
            self.draft.problem(span, message);
        }
    }

    /// A line of `template peer-session T` ([IOS-TPL]; [IOS-N] `neighbor
    /// inherit peer-session`): the same session settings as a neighbor's,
    /// and `inherit peer-session T2`.
    fn template_line(&mut self, b: usize, name: &Name, undo: bool, words: &[&'t str], span: Span) {
        let Some(template) = self.templates.get_mut(&(b, name.clone())) else {
            return;
        };
        let applied = match words {
            ["inherit", "peer-session", parent, ..] => {
                template.parent = (!undo).then(|| Name::from(*parent));
                Applied::Yes
            }
            _ => apply(&mut template.settings, undo, words, span),
        };
        if let Applied::Bad(message) = applied {
            self.draft.problem(span, message);
        }
    }

    /// A template's settings with those it inherits ([IOS-TPL]: a
    /// template's own setting overrides the one it inherits; a chain is at
    /// most 8 long and a loop is cut).
    fn resolve(&self, b: usize, name: &Name) -> Option<(Span, Span, Settings)> {
        let first = self.templates.get(&(b, name.clone()))?;
        let mut chain: Vec<&Settings> = vec![&first.settings];
        let mut seen: Vec<&Name> = vec![name];
        let mut next = first.parent.as_ref();
        while let Some(parent) = next {
            if chain.len() >= 8 || seen.contains(&parent) {
                break;
            }
            let Some(t) = self.templates.get(&(b, parent.clone())) else {
                break;
            };
            chain.push(&t.settings);
            seen.push(parent);
            next = t.parent.as_ref();
        }
        let mut out = Settings {
            as_number: pick(&chain, |s| Some(&s.as_number)),
            mode: pick(&chain, |s| Some(&s.mode)),
            connect_interface: pick(&chain, |s| Some(&s.connect_interface)),
            ignore: pick(&chain, |s| Some(&s.ignore)),
            families: Vec::new(),
            more: None,
        };
        let fake_as = pick(&chain, |s| s.more.as_deref().map(|m| &m.fake_as));
        let auth = pick(&chain, |s| s.more.as_deref().map(|m| &m.auth));
        // The hop limit and GTSM come together from the nearest template
        // that sets either (as a member takes them from its group,
        // `Scope::ttl`).
        let ttl = chain.iter().find_map(|s| {
            let m = s.more.as_deref()?;
            (m.ebgp_max_hop.current().is_some() || m.valid_ttl_hops.current().is_some())
                .then(|| (m.ebgp_max_hop.clone(), m.valid_ttl_hops.clone()))
        });
        if !fake_as.0.is_empty() || !auth.0.is_empty() || ttl.is_some() {
            let more = out.more_mut();
            more.fake_as = fake_as;
            more.auth = auth;
            if let Some((hop, gtsm)) = ttl {
                more.ebgp_max_hop = last_only(&hop);
                more.valid_ttl_hops = last_only(&gtsm);
            }
        }
        Some((first.decl, first.name_span, out))
    }

    fn finish(mut self) -> Device {
        self.templates_to_groups();
        self.global_groups_into_vrfs();
        self.listen_groups();
        // A group no `neighbor G peer-group` line, template or listen range
        // creates was refused by the device: only the lines that name it
        // remain, for `undefined-group`.
        let scopes = std::mem::take(&mut self.scopes);
        for (b, vrf, opened) in &scopes {
            let keep = |g: &Group| {
                let key = (*b, vrf.clone(), g.name.clone());
                self.declared.contains(&key) || self.dynamic_set.contains(&key)
            };
            let scope = self.draft.scope(*b, vrf, *opened);
            scope.groups.retain(keep);
        }
        let [v4, v6, evpn] = std::mem::take(&mut self.targets);
        let targets = self.draft.route_targets();
        for (t, [export, import]) in [(&mut targets.v4, v4), (&mut targets.v6, v6), (&mut targets.evpn, evpn)] {
            t.export.extend(export);
            t.import.extend(import);
            t.export.sort();
            t.export.dedup();
            t.import.sort();
            t.import.dedup();
        }
        self.draft.finish()
    }

    /// Each template some neighbor of a scope inherits becomes a group of
    /// that scope, named as the template, holding the template's settings
    /// with those it inherits, each with the template line that sets it.
    /// IOS does not let a neighbor be both a peer group member and a
    /// template user ([IOS-TPL]), so one group per neighbor suffices; where
    /// a peer group of the same name exists in the scope, the peer group is
    /// kept.
    fn templates_to_groups(&mut self) {
        let uses = std::mem::take(&mut self.template_uses);
        let mut resolved: FxHashMap<(usize, Name), Option<(Span, Span, Settings)>> =
            FxHashMap::default();
        for key in &uses {
            let (b, vrf, name) = key;
            if self.declared.contains(key) {
                continue;
            }
            let entry = resolved
                .entry((*b, name.clone()))
                .or_insert_with(|| self.resolve(*b, name));
            let Some((decl, name_span, settings)) = entry.clone() else {
                continue;
            };
            let Some(opened) = self.opened(*b, vrf) else {
                continue;
            };
            let at = BgpAt {
                b: *b,
                vrf: vrf.clone(),
                opened,
                family: Family::Ipv4Unicast,
                level: Level::Router,
                defines: false,
            };
            let group = self.group(&at, name, name_span, decl);
            group.decl = decl;
            group.name_span = name_span;
            group.settings = settings;
            self.declared.insert(key.clone());
        }
    }

    /// The opening line of a scope already made.
    fn opened(&self, b: usize, vrf: &Name) -> Option<Span> {
        self.scopes
            .iter()
            .find(|(sb, sv, _)| *sb == b && sv == vrf)
            .map(|s| s.2)
    }

    /// A VRF's neighbors that name a peer group defined only in the global
    /// table: EOS defines peer groups in `router bgp` and uses them in its
    /// `vrf V` blocks ([EOS-BGP]); the IOS pages found do not say whether
    /// IOS does the same, and taking the global group never reports a
    /// group missing that the device has. The VRF gets a copy of the
    /// global group's session settings, without its address families (a
    /// VRF's families are its own); what the VRF's own lines set on the
    /// group comes after.
    fn global_groups_into_vrfs(&mut self) {
        let public = Name::from(PUBLIC_VRF);
        let scopes = self.scopes.clone();
        for (b, vrf, opened) in scopes {
            if vrf == PUBLIC_VRF {
                continue;
            }
            let mut names: Vec<Name> = Vec::new();
            {
                let scope = self.draft.scope(b, &vrf, opened);
                let mut seen: FxHashSet<&Name> = FxHashSet::default();
                for name in scope
                    .group_refs
                    .iter()
                    .map(|r| &r.name)
                    .chain(scope.groups.iter().map(|g| &g.name))
                {
                    if seen.insert(name) {
                        names.push(name.clone());
                    }
                }
            }
            for name in names {
                let here = (b, vrf.clone(), name.clone());
                let global = (b, public.clone(), name.clone());
                if self.declared.contains(&here) || !self.declared.contains(&global) {
                    continue;
                }
                let Some(&gi) = self.groups.get(&global) else {
                    continue;
                };
                let Some(public_opened) = self.opened(b, &public) else {
                    continue;
                };
                let Some(mut copy) = self
                    .draft
                    .scope(b, PUBLIC_VRF, public_opened)
                    .groups
                    .get(gi)
                    .cloned()
                else {
                    continue;
                };
                copy.settings.families.clear();
                copy.dynamic = false;
                copy.listen_nets.clear();
                copy.listen_as.clear();
                let at = BgpAt {
                    b,
                    vrf: vrf.clone(),
                    opened,
                    family: Family::Ipv4Unicast,
                    level: Level::Router,
                    defines: false,
                };
                let (decl, name_span) = (copy.decl, copy.name_span);
                let group = self.group(&at, &name, name_span, decl);
                let own = std::mem::replace(group, copy);
                merge(&mut group.settings, own.settings);
                group.dynamic = own.dynamic;
                group.listen_nets = own.listen_nets;
                self.declared.insert(here.clone());
                // A listen range of the VRF accepts the global group's
                // alternate AS numbers too.
                if let Some(alt) = self.alternate_as.get(&global).cloned() {
                    self.alternate_as.entry(here).or_insert(alt);
                }
            }
        }
    }

    /// The AS numbers each listen range group accepts: its `remote-as`
    /// ([IOS-DYN]), IOS `alternate-as`, EOS `remote-as` on the range line.
    fn listen_groups(&mut self) {
        let dynamic = std::mem::take(&mut self.dynamic);
        for key in &dynamic {
            let (b, vrf, name) = key;
            let Some(opened) = self.opened(*b, vrf) else {
                continue;
            };
            let mut accepts: Vec<(Asn, Span)> = Vec::new();
            accepts.extend(self.listen_as.get(key).into_iter().flatten().copied());
            accepts.extend(self.alternate_as.get(key).into_iter().flatten().copied());
            let Some(&i) = self.groups.get(key) else {
                continue;
            };
            let scope = self.draft.scope(*b, vrf, opened);
            let Some(group) = scope.groups.get_mut(i) else {
                continue;
            };
            if let Some((&a, span)) = group.settings.as_number.current() {
                accepts.insert(0, (a, span));
            }
            let mut seen: FxHashSet<Asn> = FxHashSet::default();
            accepts.retain(|(a, _)| seen.insert(*a));
            group.dynamic = true;
            group.listen_as = accepts;
        }
    }
}

/// The settings lines of a neighbor, a peer group and a template share.
fn is_setting(rest: &[&str]) -> bool {
    matches!(
        rest,
        [
            "remote-as"
                | "update-source"
                | "transport"
                | "passive"
                | "ebgp-multihop"
                | "ttl-security"
                | "password"
                | "shutdown"
                | "local-as",
            ..
        ]
    )
}

/// Applies one session setting (the words after `neighbor X`, or a
/// template's line).
fn apply(settings: &mut Settings, undo: bool, rest: &[&str], span: Span) -> Applied {
    match rest {
        // [IOS-N] `neighbor remote-as`; on a peer group, the members' AS.
        ["remote-as", ..] if undo => settings.as_number.undo(span),
        ["remote-as", asn, ..] => match Asn::parse(asn) {
            Some(a) => settings.as_number.set(a, span),
            None => return bad_asn(asn),
        },
        // [IOS-N] `neighbor update-source`: the TCP session starts from that
        // interface's address.
        ["update-source", ..] if undo => settings.connect_interface.undo(span),
        ["update-source", name @ ..] if !name.is_empty() => settings
            .connect_interface
            .set(ConnectSource::Interface(Name::from(name.concat())), span),
        // [IOS-BGP] `neighbor transport`: `connection-mode passive` only
        // accepts the peer's TCP connection, `active` only opens one.
        ["transport", "connection-mode", ..] if undo => settings.mode.undo(span),
        ["transport", "connection-mode", "passive", ..] => settings.mode.set(Mode::ListenOnly, span),
        ["transport", "connection-mode", "active", ..] => settings.mode.set(Mode::ConnectOnly, span),
        // EOS `neighbor X passive`: the switch never opens the connection
        // ([EOS-BGP] `neighbor passive`).
        ["passive", ..] if undo => settings.mode.undo(span),
        ["passive", ..] => settings.mode.set(Mode::ListenOnly, span),
        // [IOS-N] `neighbor ebgp-multihop [ttl]`, [EOS-BGP] `neighbor
        // ebgp-multihop`: without a TTL, 255.
        ["ebgp-multihop", ..] if undo => settings.more_mut().ebgp_max_hop.undo(span),
        ["ebgp-multihop"] => settings.more_mut().ebgp_max_hop.set(255, span),
        ["ebgp-multihop", n, ..] => match hops(n) {
            Some(n) => settings.more_mut().ebgp_max_hop.set(n, span),
            None => return Applied::Bad(format!("`{n}` is not a hop count (1-255)")),
        },
        // [IOS-N] `neighbor ttl-security hops N`, [IOS-SESSION] TTL security
        // check: packets must arrive with a TTL of at least 255 - N (GTSM).
        ["ttl-security", ..] if undo => settings.more_mut().valid_ttl_hops.undo(span),
        ["ttl-security", "hops", n, ..] => match hops(n) {
            Some(n) => settings.more_mut().valid_ttl_hops.set(n, span),
            None => return Applied::Bad(format!("`{n}` is not a hop count (1-254)")),
        },
        // [IOS-N] `neighbor password [0-7] string`: TCP MD5. Type 7 (and
        // any other but 0) is an encrypted form, which cannot be compared;
        // EOS saves its passwords as `password 7 …` ([EOS-BGP]).
        ["password", ..] if undo => settings.more_mut().auth.undo(span),
        ["password", words @ ..] if !words.is_empty() => {
            let auth = match words {
                [kind, text @ ..] if !text.is_empty() && is_type(kind) => {
                    if *kind == "0" {
                        Auth::Password {
                            simple: Some(password_hash(&text.join(" "))),
                        }
                    } else {
                        Auth::Password { simple: None }
                    }
                }
                _ => Auth::Password {
                    simple: Some(password_hash(&words.join(" "))),
                },
            };
            settings.more_mut().auth.set(auth, span);
        }
        // [IOS-N] `neighbor shutdown`: the session is administratively down.
        ["shutdown", ..] if undo => settings.ignore.undo(span),
        ["shutdown", ..] => settings.ignore.set((), span),
        // [IOS-N] `neighbor local-as N [no-prepend [replace-as [dual-as]]]`:
        // the session is opened with AS N; with `dual-as` the peer may use
        // either AS ([IOS-SESSION], dual-AS peering). EOS: `local-as N
        // no-prepend replace-as` ([EOS-BGP]).
        ["local-as", ..] if undo => settings.more_mut().fake_as.undo(span),
        ["local-as", asn, options @ ..] => match Asn::parse(asn) {
            Some(asn) => settings.more_mut().fake_as.set(
                FakeAs {
                    asn,
                    dual: options.contains(&"dual-as"),
                },
                span,
            ),
            None => return bad_asn(asn),
        },
        _ => return Applied::No,
    }
    Applied::Yes
}

fn bad_asn(asn: &str) -> Applied {
    Applied::Bad(format!(
        "`{asn}` is not an AS number (1-4294967295, or x.y)"
    ))
}

fn hops(n: &str) -> Option<u8> {
    n.parse::<u8>().ok().filter(|&n| n >= 1)
}

/// A password's encryption type: one digit.
fn is_type(word: &str) -> bool {
    word.len() == 1 && word.bytes().all(|b| b.is_ascii_digit())
}

/// The first set value along a template chain (own first), as one
/// assignment with its line.
fn pick<T: Clone>(chain: &[&Settings], of: impl Fn(&Settings) -> Option<&History<T>>) -> History<T> {
    let mut out = History::default();
    if let Some((value, span)) = chain.iter().find_map(|s| of(s)?.current()) {
        out.set(value.clone(), span);
    }
    out
}

/// The assignment in force, alone.
fn last_only<T: Clone>(h: &History<T>) -> History<T> {
    let mut out = History::default();
    if let Some((value, span)) = h.current() {
        out.set(value.clone(), span);
    }
    out
}

/// `base` followed by `later`, setting by setting.
fn merge(base: &mut Settings, later: Settings) {
    base.as_number.0.extend(later.as_number.0);
    base.mode.0.extend(later.mode.0);
    base.connect_interface.0.extend(later.connect_interface.0);
    base.ignore.0.extend(later.ignore.0);
    base.families.extend(later.families);
    if let Some(m) = later.more {
        let more = base.more_mut();
        let m = *m;
        more.fake_as.0.extend(m.fake_as.0);
        more.ebgp_max_hop.0.extend(m.ebgp_max_hop.0);
        more.valid_ttl_hops.0.extend(m.valid_ttl_hops.0);
        more.auth.0.extend(m.auth.0);
        more.reflect_client.extend(m.reflect_client);
        more.upe.extend(m.upe);
    }
}

fn new_group(name: &str, name_span: Span, decl: Span) -> Group {
    Group {
        name: Name::from(name),
        name_span,
        decl,
        quoted: false,
        unquoted_space: false,
        // A peer group gives its members only what it sets: no AS of its
        // own ([IOS-N] `neighbor peer-group (creating)`).
        kind: GroupKind::External,
        dynamic: false,
        settings: Settings::default(),
        listen_nets: Vec::new(),
        listen_as: Vec::new(),
    }
}

/// The family of an `address-family` line (its words after
/// `address-family`), and its VRF (IOS `address-family ipv4 vrf V`).
fn family_of<'w>(words: &[&'w str]) -> (Family, Option<&'w str>) {
    let vrf = words
        .iter()
        .position(|w| *w == "vrf")
        .and_then(|i| words.get(i + 1))
        .copied();
    let family = match words {
        ["ipv4"] | ["ipv4", "unicast", ..] | ["ipv4", "vrf", ..] => Family::Ipv4Unicast,
        ["ipv6"] | ["ipv6", "unicast", ..] | ["ipv6", "vrf", ..] => Family::Ipv6Unicast,
        ["vpnv4", ..] | ["vpn-ipv4", ..] => Family::Vpnv4,
        ["vpnv6", ..] | ["vpn-ipv6", ..] => Family::Vpnv6,
        ["l2vpn", "evpn", ..] | ["evpn", ..] => Family::Evpn,
        ["ipv4", "labeled-unicast", ..] => Family::LabeledUnicast,
        _ => Family::Other,
    };
    (family, vrf)
}

/// Whether an IPv6 address is link-local (fe80::/10).
fn is_link_local(addr: IpAddr) -> bool {
    matches!(addr, IpAddr::V6(a) if a.segments()[0] & 0xffc0 == 0xfe80)
}

/// Whether a neighbor word was meant as an address (digits and dots, or
/// hex digits and colons) rather than a peer group name.
fn looks_like_address(word: &str) -> bool {
    let v4 = word.contains('.') && word.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    let v6 = word.contains("::")
        || (word.matches(':').count() >= 2
            && word
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.' || b == b'%'));
    v4 || v6
}

/// The banner a `banner TYPE …` line starts, if its text runs past the
/// line. `rest`: the line after `banner TYPE`; `words`: how many words the
/// line has.
fn banner_of(rest: &str, words: usize) -> Option<Banner> {
    if words <= 2 || rest.is_empty() {
        // EOS: the text follows up to a line `EOF`.
        return Some(Banner {
            delimiter: "EOF".to_string(),
            whole_line: true,
        });
    }
    let delimiter: String = if rest.starts_with("^C") {
        "^C".to_string()
    } else {
        rest.chars().next()?.to_string()
    };
    let after = rest.get(delimiter.len()..).unwrap_or("");
    if after.contains(delimiter.as_str()) {
        return None;
    }
    Some(Banner {
        delimiter,
        whole_line: false,
    })
}
