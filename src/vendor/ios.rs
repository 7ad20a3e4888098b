//! Cisco IOS / IOS XE and Arista EOS configurations (running-config style,
//! nested by indentation) read into the neutral model.
//!
//! The two share one line grammar; where EOS writes a thing its own way
//! (`ip address A/L`, `vrf V` in an interface, `vrf instance V`, `vrf V`
//! blocks in `router bgp`, `neighbor X peer group G`, `neighbor X passive`,
//! `router-id X`) both forms are read in either dialect: a form a dialect
//! does not have never appears in its files, so reading both changes
//! nothing a file means.
//!
//! Where the pages found are silent, the reading chosen is the one that
//! reports no failure the device does not have; each such place says so.
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
//!   VRFs, `no bgp default ipv4-unicast`, `neighbor activate`, `neighbor
//!   ttl maximum-hops`, `peer-filter`);
//! - [IOS-DCC] Cisco IOS IP Routing: BGP Command Reference, `neighbor
//!   disable-connected-check`;
//! - [IOS-LABEL] Cisco IOS IP Routing: BGP Command Reference, `neighbor
//!   send-label` (with the MPLS configuration guides "BGP IPv4 labeled
//!   unicast" / "IPv6 Provider Edge over MPLS (6PE)" that use it);
//! - [BGP-GUIDE] NLNOG BGP Filter Guide, "TTL Security" (the same GTSM
//!   setting as each vendor writes it: EOS `neighbor X ttl maximum-hops 1`
//!   beside IOS `neighbor X ttl-security hops 1`).

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr};

use rustc_hash::{FxHashMap, FxHashSet};

use super::lines::{self, Line};
use crate::model::{
    Asn, Auth, ConnectSource, Device, Draft, FakeAs, Family, FamilyLine, Group, GroupKind,
    GroupRef, History, IfAddr, Mode, Name, PUBLIC_VRF, ReflectorLine, ReflectorSetting, Scope,
    Settings, Unwritten, Vendor, network_of, password_hash,
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
    /// EOS `peer-filter F`.
    PeerFilter(Name),
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

/// A template resolved: its line, its name, its settings with those it
/// inherits.
type Resolved = (Span, Span, Settings);

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
    /// EOS `bgp listen range … peer-filter F`: the filters each listen
    /// range group's ranges name, with the range line.
    listen_filters: FxHashMap<GroupKey, Vec<(Name, Span)>>,
    /// EOS `peer-filter F` and its `match as-range` entries.
    peer_filters: FxHashMap<Name, PeerFilter>,
    /// Peers configured so far, by process, VRF and address.
    peers: FxHashSet<(usize, Name, IpAddr)>,
    /// The scopes filled, in order, with their opening lines.
    scopes: Vec<(usize, Name, Span)>,
    scope_set: FxHashMap<(usize, Name), Span>,
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

/// An EOS `peer-filter F` ([EOS-BGP] `peer-filter`, `match as-range`): its
/// entries, each `[SEQ] match as-range A[-B] result accept|reject`, tried in
/// sequence order, the first that matches deciding.
#[derive(Default)]
struct PeerFilter {
    entries: Vec<FilterEntry>,
    /// A line in the filter that is not read (another kind of match): what
    /// the filter accepts is not known.
    opaque: bool,
}

#[derive(Clone, Copy)]
struct FilterEntry {
    seq: u32,
    low: u32,
    high: u32,
    accept: bool,
    span: Span,
}

/// The most AS numbers one peer filter's accepted ranges are listed for,
/// and the most a whole file lists: a listen range group keeps each AS it
/// accepts, so a filter that accepts more than this is not listed (see
/// [`Reader::filter_ranges`]).
const FILTER_AS_MAX: u64 = 65_536;
const FILTER_AS_BUDGET: u64 = 262_144;

/// AS numbers from the first to the last, and the line that accepts them.
type AsRange = (u32, u32, Span);

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
            listen_filters: FxHashMap::default(),
            peer_filters: FxHashMap::default(),
            peers: FxHashSet::default(),
            scopes: Vec::new(),
            scope_set: FxHashMap::default(),
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
            Block::PeerFilter(name) => {
                let name = name.clone();
                self.peer_filter_line(&name, undo, words, line.span);
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
            if let ["peer-filter", name, ..] = words {
                self.peer_filters.remove(*name);
            }
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
            // EOS `peer-filter F` ([EOS-BGP] `peer-filter`): the AS numbers
            // a `bgp listen range … peer-filter F` accepts.
            ["peer-filter", name] => {
                let name = Name::from(*name);
                self.peer_filters.entry(name.clone()).or_default();
                Block::PeerFilter(name)
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

    /// A line of EOS `peer-filter F` ([EOS-BGP] `peer-filter`, `match
    /// as-range`): `[SEQ] match as-range A[-B] result accept|reject`, the
    /// sequence number given by the switch when left out (the next ten);
    /// `no SEQ` removes an entry. A line of another form makes what the
    /// filter accepts unknown.
    fn peer_filter_line(&mut self, name: &Name, undo: bool, words: &[&'t str], span: Span) {
        let Some(filter) = self.peer_filters.get_mut(name) else {
            return;
        };
        let (seq, rest) = match words {
            [n, rest @ ..] if n.bytes().all(|b| b.is_ascii_digit()) => {
                (n.parse::<u32>().ok(), rest)
            }
            _ => (None, words),
        };
        if undo {
            match (seq, rest) {
                (Some(n), _) => filter.entries.retain(|e| e.seq != n),
                (None, ["match", ..]) => filter.opaque = true,
                _ => {}
            }
            return;
        }
        let entry = match rest {
            ["match", "as-range", range, "result", result, ..] => {
                let (low, high) = match range.split_once('-') {
                    Some((a, b)) => (Asn::parse(a), Asn::parse(b)),
                    None => (Asn::parse(range), Asn::parse(range)),
                };
                match (low, high, *result) {
                    (Some(low), Some(high), "accept" | "reject") if low.0 <= high.0 => {
                        Some((low.0, high.0, *result == "accept"))
                    }
                    _ => None,
                }
            }
            ["exit"] | [] => return,
            _ => None,
        };
        let Some((low, high, accept)) = entry else {
            filter.opaque = true;
            return;
        };
        let seq = seq.unwrap_or_else(|| {
            let last = filter.entries.iter().map(|e| e.seq).max().unwrap_or(0);
            last.saturating_add(10)
        });
        filter.entries.retain(|e| e.seq != seq);
        filter.entries.push(FilterEntry {
            seq,
            low,
            high,
            accept,
            span,
        });
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
                self.draft
                    .interface(name)
                    .set_unwritten(Unwritten::V4, true);
            }
            (false, ["ip", "unnumbered", ..]) => {
                self.draft
                    .interface(name)
                    .set_unwritten(Unwritten::V4, true);
            }
            // EOS `ip address virtual A/L`: the anycast gateway address
            // every switch of the fabric shares, no link of this one; other
            // keywords peerlint does not read.
            (false, ["ip", "address", addr, ..])
                if !addr.contains('/') && !looks_like_address(addr) => {}
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
                    // `ipv6 address virtual …` and other keywords.
                    (None, _) if !what.contains(':') => {}
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
            // IOS `vrf forwarding V` (older EOS releases write it too), `ip
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
        if let std::collections::hash_map::Entry::Vacant(e) =
            self.scope_set.entry((at.b, at.vrf.clone()))
        {
            e.insert(at.opened);
            self.scopes.push((at.b, at.vrf.clone(), at.opened));
        }
        self.draft.scope(at.b, &at.vrf, at.opened)
    }

    /// The group of that name in `at`'s scope, made (as an external,
    /// static group) on first use.
    fn group(&mut self, at: &BgpAt, name: &str, name_span: Span, span: Span) -> &mut Group {
        let key = (at.b, at.vrf.clone(), Name::from(name));
        if let std::collections::hash_map::Entry::Vacant(e) =
            self.scope_set.entry((at.b, at.vrf.clone()))
        {
            e.insert(at.opened);
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

    /// The families a `neighbor X route-reflector-client` line makes X a
    /// client in ([IOS-N] `neighbor route-reflector-client`; [EOS-BGP]): the
    /// address family it is written in. Right in `router bgp`, IOS means
    /// IPv4 unicast (the family the lines outside an address family
    /// configure); EOS writes it there for every family, and the pages found
    /// do not narrow it, so every family takes it (the reading that never
    /// says a route is not reflected when it is).
    fn reflect_families(&self, at: &BgpAt) -> Vec<Family> {
        match (at.level, self.vendor) {
            (Level::Family, _) => vec![at.family],
            (_, Vendor::Eos) => Family::ALL.to_vec(),
            _ => vec![Family::Ipv4Unicast],
        }
    }

    /// A route reflector setting of `at`'s scope: in `at`'s family inside an
    /// address family, in every family right in `router bgp` (IOS `bgp
    /// cluster-id` and `bgp client-to-client reflection` serve them all).
    fn reflector(&mut self, at: &BgpAt, setting: ReflectorSetting, span: Span) {
        let families = match at.level {
            Level::Family => vec![at.family],
            _ => Family::ALL.to_vec(),
        };
        let scope = self.scope(at);
        for family in families {
            scope.reflector.push(ReflectorLine {
                family,
                setting,
                span,
            });
        }
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
            // [IOS-BGP] `bgp cluster-id`: the cluster ID of a route reflector
            // (its router ID by default); a number or an IPv4 address.
            (Level::Router, _, ["bgp", "cluster-id", id, ..]) => {
                let value = match (undo, id.parse::<Ipv4Addr>(), id.parse::<u32>()) {
                    (true, _, _) => Some(None),
                    (false, Ok(a), _) => Some(Some((u32::from(a), true))),
                    (false, _, Ok(n)) => Some(Some((n, false))),
                    _ => None,
                };
                match value {
                    Some(v) => self.reflector(at, ReflectorSetting::ClusterId(v), span),
                    None => self
                        .draft
                        .problem(span, format!("`{id}` is not a cluster ID")),
                }
                Block::Skip
            }
            // [IOS-BGP] `bgp client-to-client reflection`: on by default; `no`
            // stops reflecting between clients.
            (Level::Router | Level::Family, _, ["bgp", "client-to-client", "reflection", ..]) => {
                self.reflector(at, ReflectorSetting::BetweenClients(!undo), span);
                Block::Skip
            }
            // `no bgp default route-target filter`: VPN routes no local VRF
            // imports are kept (Cisco IOS feature guide "MPLS VPN
            // Interautonomous System Support", `bgp default route-target
            // filter`).
            (Level::Router, _, ["bgp", "default", "route-target", "filter"]) => {
                let scope = self.scope(at);
                for family in [Family::Vpnv4, Family::Vpnv6] {
                    scope.reflector.push(ReflectorLine {
                        family,
                        setting: ReflectorSetting::PolicyVpnTarget(!undo),
                        span,
                    });
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
    /// listens); EOS `bgp listen range PREFIX peer group G remote-as N |
    /// peer-filter F` ([EOS-BGP]). `rest`: the words after `range`.
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
        let mut filter: Option<&'t str> = None;
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
                ["peer-filter", f, ..] => {
                    filter = Some(*f);
                    i += 2;
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
        let Some(name) = group else {
            return;
        };
        let key = (at.b, at.vrf.clone(), Name::from(name));
        if self.dynamic_set.insert(key.clone()) {
            self.dynamic.push(key.clone());
        }
        // EOS `peer-filter F`: the range accepts the AS numbers the filter
        // accepts, worked out once the whole file is read
        // ([`Reader::listen_groups`]).
        if let Some(f) = filter {
            self.listen_filters
                .entry(key.clone())
                .or_default()
                .push((Name::from(f), span));
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
            SendLabel,
            Reflect,
            Member(&'w str),
            Inherit(&'w str),
            Setting,
        }
        let act = match rest {
            ["activate", ..] => Act::Activate,
            ["send-label", ..] => Act::SendLabel,
            ["route-reflector-client", ..] => Act::Reflect,
            // IOS and older EOS `neighbor X peer-group G`, EOS `neighbor
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
        if !known && (undo || matches!(act, Act::Activate | Act::SendLabel | Act::Reflect)) {
            // A neighbor is made by its `remote-as`, its peer group or its
            // template ([IOS-N] `neighbor remote-as`); an `activate` (or a `no`
            // line) before any of them makes none. The pages found do not say
            // whether the device refuses the line or keeps a neighbor without
            // an AS; either way no session comes of it, which is what is said.
            if !undo && matches!(act, Act::Activate) {
                self.draft.problem(
                    span,
                    format!(
                        "neighbor {addr} is activated here, but no `remote-as`, peer group or template configures it before this line, so it has no session"
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
        let reflect = self.reflect_families(at);
        let text = self.text;
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
                // Deactivated in IPv4 unicast, it carries no labeled
                // routes there either.
                if undo
                    && at.family == Family::Ipv4Unicast
                    && peer.settings.family(Family::LabeledUnicast).is_some()
                {
                    peer.settings.families.push(FamilyLine {
                        family: Family::LabeledUnicast,
                        enable: false,
                        span,
                    });
                }
                Applied::Yes
            }
            Act::SendLabel => {
                if let Some(line) = send_label(at.family, undo, span) {
                    peer.settings.families.push(line);
                }
                Applied::Yes
            }
            Act::Reflect => {
                let lines = &mut peer.settings.more_mut().reflect_client;
                lines.extend(reflect.iter().map(|&family| FamilyLine {
                    family,
                    enable: !undo,
                    span,
                }));
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
            Act::Setting => apply(&mut peer.settings, undo, rest, span, text),
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
            ["route-reflector-client", ..] => {
                let reflect = self.reflect_families(at);
                let group = self.group(at, name, name_span, span);
                let lines = &mut group.settings.more_mut().reflect_client;
                lines.extend(reflect.iter().map(|&family| FamilyLine {
                    family,
                    enable: !undo,
                    span,
                }));
                Applied::Yes
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
            ["send-label", ..] => {
                let line = send_label(at.family, undo, span);
                let group = self.group(at, name, name_span, span);
                if let Some(line) = line {
                    group.settings.families.push(line);
                }
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
                let text = self.text;
                let group = self.group(at, name, name_span, span);
                apply(&mut group.settings, undo, rest, span, text)
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
        let text = self.text;
        let Some(template) = self.templates.get_mut(&(b, name.clone())) else {
            return;
        };
        let applied = match words {
            ["inherit", "peer-session", parent, ..] => {
                template.parent = (!undo).then(|| Name::from(*parent));
                Applied::Yes
            }
            _ => apply(&mut template.settings, undo, words, span, text),
        };
        if let Applied::Bad(message) = applied {
            self.draft.problem(span, message);
        }
    }

    /// A template's settings with those it inherits ([IOS-TPL]: a
    /// template's own setting overrides the one it inherits). The chain is
    /// cut at a loop and after 8 templates.
    fn resolve(&self, b: usize, name: &Name) -> Option<Resolved> {
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
        self.reflectors_keep_vpn_routes();
        // Only `neighbor G peer-group` makes a peer group ([IOS-N] `neighbor
        // peer-group (creating)`; here also a template or a listen range): a
        // group only other lines name does not exist, and those lines stay
        // as references for `undefined-group`.
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
        for (t, [export, import]) in [
            (&mut targets.v4, v4),
            (&mut targets.v6, v6),
            (&mut targets.evpn, evpn),
        ] {
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
        let mut resolved: FxHashMap<(usize, Name), Option<Resolved>> = FxHashMap::default();
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

    /// A route reflector keeps the VPN routes no local VRF imports: the
    /// Cisco pages found document `bgp default route-target filter` but not
    /// what a reflector does with it, and the IOS-like CLI of JunosE says
    /// route-target filtering is always off on a reflector with a client;
    /// that reading never reports routes dropped that are kept. A scope with
    /// a client in a VPN family gets its filtering off there, at the line
    /// that makes the first client.
    fn reflectors_keep_vpn_routes(&mut self) {
        let scopes = self.scopes.clone();
        for (b, vrf, opened) in scopes {
            let scope = self.draft.scope(b, &vrf, opened);
            for family in [Family::Vpnv4, Family::Vpnv6, Family::Evpn] {
                let client = scope
                    .peers
                    .iter()
                    .map(|p| &p.settings)
                    .chain(scope.groups.iter().map(|g| &g.settings))
                    .filter_map(|s| s.more.as_deref())
                    .flat_map(|m| m.reflect_client.iter())
                    .filter(|l| l.family == family && l.enable)
                    .map(|l| l.span)
                    .min();
                if let Some(span) = client
                    && scope.vpn_target_filter_off(family).is_none()
                {
                    scope.reflector.push(ReflectorLine {
                        family,
                        setting: ReflectorSetting::PolicyVpnTarget(false),
                        span,
                    });
                }
            }
        }
    }

    /// The opening line of a scope already made.
    fn opened(&self, b: usize, vrf: &Name) -> Option<Span> {
        self.scope_set.get(&(b, vrf.clone())).copied()
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
    /// ([IOS-DYN]), IOS `alternate-as`, EOS `remote-as` on the range line,
    /// and those an EOS `peer-filter` on the range line accepts.
    ///
    /// A filter whose accepted numbers cannot be listed
    /// ([`Reader::filter_ranges`]: not in the file, a line not read, more
    /// than [`FILTER_AS_MAX`] numbers, or the file's [`FILTER_AS_BUDGET`]
    /// spent) makes the group accept any AS (`Group::listen_any_as`), so
    /// that no peer it may accept is reported without a remote end.
    fn listen_groups(&mut self) {
        let dynamic = std::mem::take(&mut self.dynamic);
        let mut budget = FILTER_AS_BUDGET;
        let mut filters: FxHashMap<Name, Option<Vec<AsRange>>> = FxHashMap::default();
        for key in &dynamic {
            let (b, vrf, _) = key;
            let Some(opened) = self.opened(*b, vrf) else {
                continue;
            };
            let mut accepts: Vec<(Asn, Span)> = Vec::new();
            // A filter whose numbers cannot be listed: any AS.
            let mut any_as = false;
            accepts.extend(self.listen_as.get(key).into_iter().flatten().copied());
            accepts.extend(self.alternate_as.get(key).into_iter().flatten().copied());
            for (name, _) in self.listen_filters.get(key).into_iter().flatten() {
                let ranges = filters
                    .entry(name.clone())
                    .or_insert_with(|| self.filter_ranges(name));
                let Some(ranges) = ranges else {
                    any_as = true;
                    continue;
                };
                let count: u64 = ranges
                    .iter()
                    .map(|&(low, high, _)| u64::from(high - low) + 1)
                    .sum();
                if count > budget {
                    any_as = true;
                    continue;
                }
                budget -= count;
                for &(low, high, span) in ranges.iter() {
                    accepts.extend((low..=high).map(|a| (Asn::plain(a), span)));
                }
            }
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
            group.listen_any_as = any_as;
        }
    }
}

impl Reader<'_> {
    /// The AS numbers an EOS peer filter accepts, as ranges, each with the
    /// entry line that accepts it ([EOS-BGP] `peer-filter`): the entries
    /// are tried in sequence order and the first whose range holds an AS
    /// decides; an AS no entry holds is not accepted. (No copy of the EOS
    /// page on `peer-filter` was found in the pages searched: this is the
    /// first-match reading EOS sequence lists share; a filter read any
    /// other way adds nothing here rather than guess.) `None` when the
    /// filter is not in the file (what the switch does then is not found
    /// in the pages), holds a line not read, has more than 1024 entries, or
    /// accepts more than [`FILTER_AS_MAX`] numbers.
    fn filter_ranges(&self, name: &Name) -> Option<Vec<AsRange>> {
        let filter = self.peer_filters.get(name)?;
        if filter.opaque || filter.entries.len() > 1024 {
            return None;
        }
        let mut entries = filter.entries.clone();
        entries.sort_by_key(|e| e.seq);
        // The numbers an earlier entry decided, as sorted, disjoint ranges.
        let mut decided: Vec<(u64, u64)> = Vec::new();
        let mut out: Vec<AsRange> = Vec::new();
        let mut count: u64 = 0;
        for e in &entries {
            let (low, high) = (u64::from(e.low), u64::from(e.high));
            if e.accept {
                let mut from = low;
                for &(a, b) in decided.iter().filter(|&&(a, b)| b >= low && a <= high) {
                    if a > from {
                        out.push((from as u32, (a - 1) as u32, e.span));
                        count += a - from;
                    }
                    from = from.max(b + 1);
                }
                if from <= high {
                    out.push((from as u32, high as u32, e.span));
                    count += high - from + 1;
                }
                if count > FILTER_AS_MAX {
                    return None;
                }
            }
            decided.push((low, high));
            decided.sort_unstable();
            let mut merged: Vec<(u64, u64)> = Vec::with_capacity(decided.len());
            for (a, b) in decided.drain(..) {
                match merged.last_mut() {
                    Some(last) if a <= last.1 + 1 => last.1 = last.1.max(b),
                    _ => merged.push((a, b)),
                }
            }
            decided = merged;
        }
        Some(out)
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
                | "disable-connected-check"
                | "ttl-security"
                | "ttl"
                | "password"
                | "shutdown"
                | "local-as",
            ..
        ]
    )
}

/// Applies one session setting (the words after `neighbor X`, or a
/// template's line). `text`: the file, whose lines spans point at.
fn apply(settings: &mut Settings, undo: bool, rest: &[&str], span: Span, text: &str) -> Applied {
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
        ["transport", "connection-mode", "passive", ..] => {
            settings.mode.set(Mode::ListenOnly, span)
        }
        ["transport", "connection-mode", "active", ..] => {
            settings.mode.set(Mode::ConnectOnly, span)
        }
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
        // [IOS-DCC] `neighbor disable-connected-check`: an EBGP neighbor one
        // hop away whose address is not on a connected subnet (a loopback
        // over a direct link) is tried all the same. Its packets keep TTL 1,
        // which still reaches a directly connected neighbor's loopback; what
        // the hop-limit judgment asks is only whether more than a connected
        // subnet is allowed, so the line counts as an `ebgp-multihop 2`, with
        // its own line (a larger `ebgp-multihop` stays). `no` takes back only
        // what this line set.
        ["disable-connected-check", ..] if undo => {
            let hop = &mut settings.more_mut().ebgp_max_hop;
            let from_here = hop.current().is_some_and(|(_, line)| {
                text.get(line.range())
                    .is_some_and(|l| l.contains("disable-connected-check"))
            });
            if from_here {
                hop.undo(span);
            }
        }
        ["disable-connected-check", ..] => {
            let hop = &mut settings.more_mut().ebgp_max_hop;
            if hop.current().is_none_or(|(&n, _)| n < 2) {
                hop.set(2, span);
            }
        }
        // [IOS-N] `neighbor ttl-security hops N`, [IOS-SESSION] TTL security
        // check (GTSM): packets are sent with TTL 255 and must arrive with a
        // TTL of at least 255 - N (`hops 2` accepts 253 and up). The model's
        // GTSM count is VRP's `valid-ttl-hops`, which accepts 256 - N and up
        // (`valid-ttl-hops 1` only 255): IOS's N is the model's N + 1.
        ["ttl-security", ..] if undo => settings.more_mut().valid_ttl_hops.undo(span),
        ["ttl-security", "hops", n, ..] => match hops(n).filter(|&n| n <= 254) {
            Some(n) => settings
                .more_mut()
                .valid_ttl_hops
                .set(n.saturating_add(1), span),
            None => return Applied::Bad(format!("`{n}` is not a hop count (1-254)")),
        },
        // [EOS-BGP] `neighbor ttl maximum-hops N`: EOS's GTSM, packets sent
        // with TTL 255 to a neighbor at most N hops away; [BGP-GUIDE] gives
        // EOS `ttl maximum-hops 1` as the same setting as IOS `ttl-security
        // hops 1`. The lowest TTL EOS accepts for N is not in the pages
        // found; it is taken as IOS's, 255 - N and up (the model's N + 1),
        // the wider of the two readings, which never says a packet is
        // dropped that the switch accepts.
        ["ttl", "maximum-hops", ..] if undo => settings.more_mut().valid_ttl_hops.undo(span),
        ["ttl", "maximum-hops", n, ..] => match n.parse::<u8>() {
            Ok(n) => settings
                .more_mut()
                .valid_ttl_hops
                .set(n.saturating_add(1), span),
            Err(_) => return Applied::Bad(format!("`{n}` is not a hop count (0-254)")),
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

/// The family line a `[no] neighbor X send-label` makes in an address
/// family ([IOS-LABEL] `neighbor send-label`): in IPv4 unicast (`address-family
/// ipv4`, its VRF form, or right in `router bgp`) the neighbor exchanges
/// labeled IPv4 routes, peerlint's labeled-unicast family (VRP `ipv4-family
/// labeled-unicast`, IOS XR and Junos `labeled-unicast`). IPv4 unicast is
/// kept: whether IOS still offers plain IPv4 unicast besides is not in the
/// pages found, and peerlint does not compare IPv4 unicast between ends, so
/// keeping it raises nothing. In `address-family ipv6` the line makes 6PE:
/// IPv6 routes with labels to an IPv4 neighbor, which the other readers
/// take as IPv6 unicast (VRP `ipv6-family unicast` with `peer X
/// label-route-capability`, Junos `family inet6 labeled-unicast`): the
/// `activate` there already enables it, and nothing is added.
fn send_label(family: Family, undo: bool, span: Span) -> Option<FamilyLine> {
    (family == Family::Ipv4Unicast).then_some(FamilyLine {
        family: Family::LabeledUnicast,
        enable: !undo,
        span,
    })
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
fn pick<T: Clone>(
    chain: &[&Settings],
    of: impl Fn(&Settings) -> Option<&History<T>>,
) -> History<T> {
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
        listen_any_as: false,
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
        ["vpnv4"] | ["vpnv4", "unicast", ..] | ["vpn-ipv4", ..] => Family::Vpnv4,
        ["vpnv6"] | ["vpnv6", "unicast", ..] | ["vpn-ipv6", ..] => Family::Vpnv6,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::verdict::{Families, families};
    use crate::model::{BgpInstance, Peer};

    fn read(text: &str, vendor: Vendor) -> Device {
        lower(FileId(0), text, "stem", vendor)
    }

    fn scope<'d>(d: &'d Device, vrf: &str) -> &'d Scope {
        d.bgp[0]
            .scopes
            .iter()
            .find(|s| s.vrf == vrf)
            .unwrap_or_else(|| panic!("no scope {vrf}"))
    }

    fn peer<'d>(s: &'d Scope, addr: &str) -> &'d Peer {
        s.peer(addr.parse().unwrap())
            .unwrap_or_else(|| panic!("no peer {addr}"))
    }

    fn fams(i: &BgpInstance, s: &Scope, p: &Peer) -> Families {
        families(i, s, p)
    }

    fn at(text: &str, span: Span) -> &str {
        &text[span.range()]
    }

    fn names(list: &[Name]) -> Vec<&str> {
        list.iter().map(|n| n.as_str()).collect()
    }

    const PE: &str = "\
hostname PE1
!
vrf definition CUST
 rd 65000:1
 route-target export 65000:1
 route-target import 65000:1
 !
 address-family ipv4
  route-target import 65000:99
 exit-address-family
!
ip vrf LEGACY
 rd 65000:2
 route-target both 65000:2
!
interface Loopback0
 ip address 10.255.0.1 255.255.255.255
!
interface GigabitEthernet0/0/0
 description core
 ip address 10.0.0.1 255.255.255.252
 ip address 10.0.1.1 255.255.255.0 secondary
 ipv6 address 2001:DB8::1/64
 ipv6 address FE80::1 link-local
!
interface GigabitEthernet0/0/1
 vrf forwarding CUST
 ip address 192.168.1.1 255.255.255.252
 shutdown
!
interface GigabitEthernet0/0/2
 ip vrf forwarding LEGACY
 ip address 172.16.0.1 255.255.255.0
 no shutdown
!
interface GigabitEthernet0/0/3
 no ip address
 shutdown
!
router bgp 65000
 bgp router-id 10.255.0.1
 bgp log-neighbor-changes
 no bgp default ipv4-unicast
 template peer-session BASE
  password 7 0822455D0A16
  ebgp-multihop 4
 exit-peer-session
 !
 template peer-session IBGP
  remote-as 65000
  update-source Loopback0
  inherit peer-session BASE
 exit-peer-session
 !
 neighbor 10.255.0.2 inherit peer-session IBGP
 neighbor 10.255.0.3 inherit peer-session IBGP
 neighbor 10.255.0.3 update-source Loopback1
 neighbor 10.0.0.2 remote-as 65001
 neighbor 10.0.0.2 description upstream
 neighbor 10.0.0.2 password s3cret
 neighbor 10.0.0.2 ttl-security hops 1
 neighbor 10.0.0.2 local-as 64999 no-prepend replace-as dual-as
 neighbor 10.0.0.2 shutdown
 neighbor 2001:DB8::2 remote-as 65001
 !
 address-family ipv4
  neighbor 10.0.0.2 activate
 exit-address-family
 !
 address-family ipv6
  neighbor 2001:DB8::2 activate
 exit-address-family
 !
 address-family vpnv4
  neighbor 10.255.0.2 activate
  neighbor 10.255.0.2 send-community extended
  neighbor 10.255.0.3 activate
 exit-address-family
 !
 address-family ipv4 vrf CUST
  bgp router-id 192.168.1.1
  neighbor 192.168.1.2 remote-as 65100
  neighbor 192.168.1.2 transport connection-mode passive
  neighbor 192.168.1.2 activate
  neighbor 192.168.1.6 remote-as 65101
  no neighbor 192.168.1.6 activate
  neighbor CEGRP peer-group
  neighbor CEGRP remote-as 65102
  neighbor 192.168.1.10 peer-group CEGRP
 exit-address-family
!
end
";

    #[test]
    fn ios_pe_interfaces_and_vrfs() {
        let d = read(PE, Vendor::Ios);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        assert_eq!(d.vendor, Vendor::Ios);
        assert_eq!(d.name, "PE1");
        assert_eq!(at(PE, d.name_span.unwrap()), "hostname PE1");
        assert!(d.has_vpn_instance("CUST") && d.has_vpn_instance("LEGACY"));

        let lo = d.interface("Loopback0").unwrap();
        assert_eq!(lo.addresses.len(), 1);
        assert_eq!(lo.addresses[0].prefix, 32);
        let core = d.interface("GigabitEthernet0/0/0").unwrap();
        let addrs: Vec<(String, u8, bool)> = core
            .addresses
            .iter()
            .map(|a| (a.addr.to_string(), a.prefix, a.secondary))
            .collect();
        assert_eq!(
            addrs,
            [
                ("10.0.0.1".to_string(), 30, false),
                ("10.0.1.1".to_string(), 24, true),
                ("2001:db8::1".to_string(), 64, true),
            ]
        );
        assert_eq!(
            at(PE, core.addresses[0].span),
            "ip address 10.0.0.1 255.255.255.252"
        );
        assert!(core.has_link_local());
        let ce = d.interface("GigabitEthernet0/0/1").unwrap();
        let (vrf, line) = ce.vpn().unwrap();
        assert_eq!(vrf, "CUST");
        assert_eq!(at(PE, *line), "vrf forwarding CUST");
        assert_eq!(at(PE, ce.shutdown().unwrap()), "shutdown");
        assert_eq!(d.vrf_of(ce), "CUST");
        let legacy = d.interface("GigabitEthernet0/0/2").unwrap();
        assert_eq!(legacy.vpn().unwrap().0, "LEGACY");
        assert_eq!(legacy.shutdown(), None);
        // A shut interface without addresses is still kept.
        assert!(
            d.interface("GigabitEthernet0/0/3")
                .unwrap()
                .shutdown()
                .is_some()
        );

        // `vrf definition` targets serve IPv4 and IPv6; its `address-family
        // ipv4` ones and `ip vrf` ones IPv4 only.
        let rt = &d.route_targets;
        assert_eq!(names(&rt.v4.export), ["65000:1", "65000:2"]);
        assert_eq!(names(&rt.v4.import), ["65000:1", "65000:2", "65000:99"]);
        assert_eq!(names(&rt.v6.export), ["65000:1"]);
        assert_eq!(names(&rt.v6.import), ["65000:1"]);
        assert!(rt.evpn.export.is_empty());
    }

    #[test]
    fn ios_pe_bgp() {
        let d = read(PE, Vendor::Ios);
        let i = &d.bgp[0];
        assert_eq!(i.asn, Asn::plain(65000));
        assert_eq!(i.router_id.current().unwrap().0.to_string(), "10.255.0.1");
        assert_eq!(
            at(PE, i.no_default_ipv4_unicast.unwrap()),
            "no bgp default ipv4-unicast"
        );
        let public = scope(&d, PUBLIC_VRF);

        // Templates: IBGP inherits BASE; the group holds both, each with
        // the template line that sets it.
        let rr = peer(public, "10.255.0.2");
        assert_eq!(public.group_of(rr).unwrap().name, "IBGP");
        let (asn, line) = public.effective_as(rr, i.asn).unwrap();
        assert_eq!(asn, Asn::plain(65000));
        assert_eq!(at(PE, line), "remote-as 65000");
        let (src, line) = public.effective_source(rr).unwrap();
        assert_eq!(src, &ConnectSource::Interface(Name::from("Loopback0")));
        assert_eq!(at(PE, line), "update-source Loopback0");
        let (auth, line) = public.effective(rr, |m| &m.auth).unwrap();
        assert_eq!(auth, &Auth::Password { simple: None });
        assert_eq!(at(PE, line), "password 7 0822455D0A16");
        assert_eq!(public.ttl(rr).max_hop.map(|h| h.0), Some(4));
        let group = public.group("IBGP").unwrap();
        assert_eq!(at(PE, group.decl), "template peer-session IBGP");
        assert_eq!(at(PE, group.name_span), "IBGP");
        assert!(public.group("BASE").is_none());
        // The neighbor's own setting wins over its template's.
        let rr2 = peer(public, "10.255.0.3");
        let (src, line) = public.effective_source(rr2).unwrap();
        assert_eq!(src, &ConnectSource::Interface(Name::from("Loopback1")));
        assert_eq!(at(PE, line), "neighbor 10.255.0.3 update-source Loopback1");
        // Made after `no bgp default ipv4-unicast`: only VPNv4.
        assert_eq!(
            fams(i, public, rr).iter().collect::<Vec<_>>(),
            [Family::Vpnv4]
        );

        let up = peer(public, "10.0.0.2");
        assert_eq!(
            up.settings.as_number.current().unwrap().0,
            &Asn::plain(65001)
        );
        assert_eq!(at(PE, up.decl), "neighbor 10.0.0.2 remote-as 65001");
        assert_eq!(
            up.settings.get(|m| &m.auth).unwrap().0,
            &Auth::Password {
                simple: Some(password_hash("s3cret"))
            }
        );
        // `ttl-security hops 1` accepts TTL 254 and up: VRP's
        // `valid-ttl-hops 2`.
        assert_eq!(public.ttl(up).gtsm.map(|h| h.0), Some(2));
        assert_eq!(
            public.effective_fake_as(up).unwrap().0,
            FakeAs {
                asn: Asn::plain(64999),
                dual: true
            }
        );
        assert!(public.is_ignored(up));
        assert_eq!(
            fams(i, public, up).iter().collect::<Vec<_>>(),
            [Family::Ipv4Unicast]
        );
        let v6 = peer(public, "2001:db8::2");
        assert_eq!(
            fams(i, public, v6).iter().collect::<Vec<_>>(),
            [Family::Ipv6Unicast]
        );
        let line = v6.settings.families[0].span;
        assert_eq!(at(PE, line), "neighbor 2001:DB8::2 activate");

        // `address-family ipv4 vrf CUST`.
        let cust = scope(&d, "CUST");
        assert_eq!(at(PE, cust.span.unwrap()), "address-family ipv4 vrf CUST");
        assert_eq!(
            cust.router_id.current().unwrap().0.unwrap().to_string(),
            "192.168.1.1"
        );
        let ce = peer(cust, "192.168.1.2");
        assert!(ce.made_in_family);
        let mode = cust.effective_mode(ce);
        assert_eq!(mode.mode, Mode::ListenOnly);
        assert_eq!(
            at(PE, mode.source.unwrap()),
            "neighbor 192.168.1.2 transport connection-mode passive"
        );
        assert_eq!(
            fams(i, cust, ce).iter().collect::<Vec<_>>(),
            [Family::Ipv4Unicast]
        );
        let off = peer(cust, "192.168.1.6");
        assert!(fams(i, cust, off).is_empty());
        // A peer group of the VRF's own.
        let member = peer(cust, "192.168.1.10");
        assert!(member.made_in_family);
        let (asn, line) = cust.effective_as(member, i.asn).unwrap();
        assert_eq!(asn, Asn::plain(65102));
        assert_eq!(at(PE, line), "neighbor CEGRP remote-as 65102");
        assert!(public.group("CEGRP").is_none());
        assert_eq!(cust.peers.len(), 3);
    }

    const CE: &str = "\
hostname CE1
interface GigabitEthernet0/1
 ip address 192.168.1.2 255.255.255.252
router bgp 65100
 neighbor PE peer-group
 neighbor PE remote-as 65000
 neighbor PE transport connection-mode passive
 neighbor PE password 0 clear text
 neighbor 192.168.1.1 peer-group PE
 neighbor 192.168.1.5 peer-group PE
 neighbor 192.168.1.5 transport connection-mode active
 neighbor 192.168.1.9 peer-group MISSING
 neighbor UNDECLARED remote-as 1
 no neighbor 192.168.1.5 transport connection-mode
";

    #[test]
    fn ios_ce_peer_group_passive() {
        let d = read(CE, Vendor::Ios);
        let i = &d.bgp[0];
        let s = scope(&d, PUBLIC_VRF);
        let g = s.group("PE").unwrap();
        assert_eq!(at(CE, g.decl), "neighbor PE peer-group");
        assert_eq!(at(CE, g.name_span), "PE");
        assert_eq!(g.kind, GroupKind::External);
        assert!(!g.dynamic);
        assert_eq!(
            g.settings.get(|m| &m.auth).unwrap().0,
            &Auth::Password {
                simple: Some(password_hash("clear text"))
            }
        );
        let m = peer(s, "192.168.1.1");
        let (asn, line) = s.effective_as(m, i.asn).unwrap();
        assert_eq!(asn, Asn::plain(65000));
        assert_eq!(at(CE, line), "neighbor PE remote-as 65000");
        let mode = s.effective_mode(m);
        assert_eq!(mode.mode, Mode::ListenOnly);
        assert!(mode.from_group);
        assert_eq!(
            at(CE, mode.source.unwrap()),
            "neighbor PE transport connection-mode passive"
        );
        assert_eq!(
            fams(i, s, m).iter().collect::<Vec<_>>(),
            [Family::Ipv4Unicast]
        );
        // Its own `active` was taken back: the group's passive again.
        let m5 = peer(s, "192.168.1.5");
        assert_eq!(s.effective_mode(m5).mode, Mode::ListenOnly);
        assert_eq!(m5.settings.mode.0.len(), 2);
        // A group no line creates is not made; the lines naming it remain.
        assert!(s.group("MISSING").is_none());
        assert!(s.group("UNDECLARED").is_none());
        let missing = s.group_refs.iter().find(|r| r.name == "MISSING").unwrap();
        assert_eq!(at(CE, missing.name_span), "MISSING");
        assert_eq!(
            at(CE, missing.span),
            "neighbor 192.168.1.9 peer-group MISSING"
        );
        assert!(s.group_refs.iter().any(|r| r.name == "UNDECLARED"));
        assert!(d.problems.is_empty(), "{:?}", d.problems);
    }

    #[test]
    fn ios_listen_range() {
        let text = "\
hostname HUB
router bgp 65000
 bgp listen limit 200
 bgp listen range 10.10.0.0/16 peer-group SPOKES
 neighbor SPOKES peer-group
 neighbor SPOKES remote-as 65010 alternate-as 65011 65012
 neighbor SPOKES password 7 1511021F0725
 address-family ipv4
  neighbor SPOKES activate
 exit-address-family
 address-family ipv4 vrf BRANCH
  bgp listen range 172.16.0.0/12 peer-group B
  neighbor B peer-group
  neighbor B remote-as 65020
 exit-address-family
";
        let d = read(text, Vendor::Ios);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let s = scope(&d, PUBLIC_VRF);
        let g = s.group("SPOKES").unwrap();
        assert!(g.dynamic);
        assert_eq!(at(text, g.decl), "neighbor SPOKES peer-group");
        assert_eq!(g.listen_nets.len(), 1);
        assert_eq!(g.listen_nets[0].0.to_string(), "10.10.0.0");
        assert_eq!(g.listen_nets[0].1, 16);
        assert_eq!(
            at(text, g.listen_nets[0].2),
            "bgp listen range 10.10.0.0/16 peer-group SPOKES"
        );
        let accepts: Vec<u32> = g.listen_as.iter().map(|(a, _)| a.0).collect();
        assert_eq!(accepts, [65010, 65011, 65012]);
        assert_eq!(
            at(text, g.listen_as[0].1),
            "neighbor SPOKES remote-as 65010 alternate-as 65011 65012"
        );
        assert_eq!(g.settings.families.len(), 1);
        let b = scope(&d, "BRANCH");
        let g = b.group("B").unwrap();
        assert!(g.dynamic);
        assert_eq!(
            g.listen_as.iter().map(|(a, _)| a.0).collect::<Vec<_>>(),
            [65020]
        );
    }

    #[test]
    fn ios_templates_nest_and_override() {
        let text = "\
router bgp 1
 template peer-session C
  remote-as 3
  transport connection-mode passive
  inherit peer-session A
 exit-peer-session
 template peer-session B
  remote-as 2
  inherit peer-session C
 exit-peer-session
 template peer-session A
  update-source Loopback0
  inherit peer-session B
 exit-peer-session
 template peer-session GTSM
  ttl-security hops 2
  inherit peer-session HOP
 exit-peer-session
 template peer-session HOP
  ebgp-multihop 5
  local-as 7 no-prepend
 exit-peer-session
 neighbor 10.0.0.1 inherit peer-session A
 neighbor 10.0.0.1 transport connection-mode active
 neighbor 10.0.0.2 inherit peer-session A
 neighbor 10.0.0.3 inherit peer-session GTSM
 neighbor 10.0.0.4 inherit peer-session NOPE
 neighbor 10.0.0.4 remote-as 9
";
        let d = read(text, Vendor::Ios);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let i = &d.bgp[0];
        let s = scope(&d, PUBLIC_VRF);
        let p1 = peer(s, "10.0.0.1");
        let (asn, line) = s.effective_as(p1, i.asn).unwrap();
        // B's own remote-as overrides the C it inherits.
        assert_eq!(asn, Asn::plain(2));
        assert_eq!(at(text, line), "remote-as 2");
        let mode = s.effective_mode(p1);
        assert_eq!(mode.mode, Mode::ConnectOnly);
        assert_eq!(
            mode.group_mode.map(|(m, l)| (m, at(text, l))),
            Some((Mode::ListenOnly, "transport connection-mode passive"))
        );
        let p2 = peer(s, "10.0.0.2");
        assert_eq!(s.effective_mode(p2).mode, Mode::ListenOnly);
        assert!(s.effective_mode(p2).from_group);
        assert_eq!(
            at(text, s.effective_source(p2).unwrap().1),
            "update-source Loopback0"
        );
        // GTSM set in the template itself: the inherited multihop is not
        // taken with it; the local-as is.
        let p3 = peer(s, "10.0.0.3");
        let ttl = s.ttl(p3);
        assert_eq!(ttl.gtsm.map(|h| h.0), Some(3));
        assert_eq!(ttl.max_hop, None);
        assert_eq!(s.effective_fake_as(p3).unwrap().0.asn, Asn::plain(7));
        // A template never defined is a reference to a missing group.
        let p4 = peer(s, "10.0.0.4");
        assert!(s.group_of(p4).is_none());
        assert!(s.group_refs.iter().any(|r| r.name == "NOPE"));
        assert_eq!(s.groups.len(), 2);
    }

    const EOS: &str = "\
! device: leaf1 (DCS-7050SX3-48YC8, EOS-4.28.3M)
!
hostname leaf1
!
vrf instance TENANT
!
interface Ethernet1
   no switchport
   ip address 10.1.1.1/31
!
interface Ethernet2
   no switchport
   vrf TENANT
   ip address 10.2.2.1/31
   ip address 10.2.3.1/24 secondary
   shutdown
!
interface Loopback0
   ip address 10.255.1.1/32
!
interface Vlan10
   vrf TENANT
   ip address virtual 10.10.10.1/24
!
router bgp 65101
   router-id 10.255.1.1
   no bgp default ipv4-unicast
   maximum-paths 4 ecmp 4
   neighbor SPINES peer group
   neighbor SPINES remote-as 65100
   neighbor SPINES password 7 AQQvKeimxJu+uGQ/yYvv9w==
   neighbor SPINES ebgp-multihop
   neighbor EVPN peer group
   neighbor EVPN remote-as 65100
   neighbor EVPN update-source Loopback0
   neighbor EVPN ebgp-multihop 3
   neighbor EVPN passive
   neighbor 10.1.1.0 peer group SPINES
   neighbor 10.255.0.1 peer group EVPN
   neighbor 10.255.0.9 peer-group EVPN
   neighbor 10.255.0.9 local-as 65999 no-prepend replace-as
   neighbor 10.255.0.9 shutdown
   !
   address-family evpn
      neighbor EVPN activate
   !
   address-family ipv4
      neighbor SPINES activate
   !
   vrf TENANT
      rd 10.255.1.1:10
      route-target import evpn 10:10
      route-target export evpn 10:10
      router-id 10.255.1.1
      neighbor 10.2.2.0 remote-as 65200
      neighbor 10.2.2.0 passive
      neighbor 10.2.2.4 peer group SPINES
      bgp listen range 10.3.0.0/24 peer group DYN remote-as 65300
      redistribute connected
!
end
";

    #[test]
    fn eos_leaf() {
        assert_eq!(super::super::reader("Cisco IOS", EOS), Ok(Vendor::Eos));
        let d = read(EOS, Vendor::Eos);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        assert_eq!(d.vendor, Vendor::Eos);
        assert_eq!(d.name, "leaf1");
        assert!(d.has_vpn_instance("TENANT"));
        let e1 = d.interface("Ethernet1").unwrap();
        assert_eq!(e1.addresses[0].addr.to_string(), "10.1.1.1");
        assert_eq!(e1.addresses[0].prefix, 31);
        let e2 = d.interface("Ethernet2").unwrap();
        assert_eq!(at(EOS, e2.vpn().unwrap().1), "vrf TENANT");
        assert!(e2.shutdown().is_some());
        assert_eq!(e2.addresses.len(), 2);
        assert!(e2.addresses[1].secondary);
        let svi = d.interface("Vlan10").unwrap();
        assert!(svi.addresses.is_empty());
        assert_eq!(names(&d.route_targets.evpn.export), ["10:10"]);
        assert_eq!(names(&d.route_targets.evpn.import), ["10:10"]);
        assert!(d.route_targets.v4.export.is_empty());

        let i = &d.bgp[0];
        assert_eq!(i.router_id.current().unwrap().0.to_string(), "10.255.1.1");
        assert!(i.no_default_ipv4_unicast.is_some());
        let s = scope(&d, PUBLIC_VRF);
        let spine = peer(s, "10.1.1.0");
        assert_eq!(s.effective_as(spine, i.asn).unwrap().0, Asn::plain(65100));
        assert_eq!(
            s.effective(spine, |m| &m.auth).unwrap().0,
            &Auth::Password { simple: None }
        );
        assert_eq!(s.ttl(spine).max_hop.map(|h| h.0), Some(255));
        assert_eq!(
            fams(i, s, spine).iter().collect::<Vec<_>>(),
            [Family::Ipv4Unicast]
        );
        let evpn = peer(s, "10.255.0.1");
        let mode = s.effective_mode(evpn);
        assert_eq!(mode.mode, Mode::ListenOnly);
        assert_eq!(at(EOS, mode.source.unwrap()), "neighbor EVPN passive");
        assert_eq!(fams(i, s, evpn).iter().collect::<Vec<_>>(), [Family::Evpn]);
        assert_eq!(
            at(EOS, s.effective_source(evpn).unwrap().1),
            "neighbor EVPN update-source Loopback0"
        );
        let old = peer(s, "10.255.0.9");
        assert_eq!(s.group_of(old).unwrap().name, "EVPN");
        assert_eq!(
            s.effective_fake_as(old).unwrap().0,
            FakeAs {
                asn: Asn::plain(65999),
                dual: false
            }
        );
        assert!(s.is_ignored(old));

        let t = scope(&d, "TENANT");
        assert_eq!(at(EOS, t.span.unwrap()), "vrf TENANT");
        assert!(t.router_id.current().is_some());
        let ce = peer(t, "10.2.2.0");
        assert!(ce.made_in_family);
        assert_eq!(t.effective_mode(ce).mode, Mode::ListenOnly);
        assert_eq!(
            fams(i, t, ce).iter().collect::<Vec<_>>(),
            [Family::Ipv4Unicast]
        );
        // A VRF neighbor of a global peer group: the group's settings, the
        // VRF's families.
        let member = peer(t, "10.2.2.4");
        let (asn, line) = t.effective_as(member, i.asn).unwrap();
        assert_eq!(asn, Asn::plain(65100));
        assert_eq!(at(EOS, line), "neighbor SPINES remote-as 65100");
        assert!(t.group("SPINES").unwrap().settings.families.is_empty());
        assert_eq!(
            fams(i, t, member).iter().collect::<Vec<_>>(),
            [Family::Ipv4Unicast]
        );
        let dynamic = t.group("DYN").unwrap();
        assert!(dynamic.dynamic);
        assert_eq!(
            dynamic
                .listen_as
                .iter()
                .map(|(a, _)| a.0)
                .collect::<Vec<_>>(),
            [65300]
        );
        assert_eq!(dynamic.listen_nets[0].1, 24);
    }

    #[test]
    fn eos_v6_default_and_vrf_no_default() {
        let text = "\
router bgp 65001
   bgp default ipv6-unicast
   neighbor 2001:db8::1 remote-as 65002
   neighbor 2001:db8::2 remote-as 65002
   vrf RED
      no bgp default ipv4-unicast
      neighbor 10.0.0.1 remote-as 65003
      address-family ipv4
         neighbor 10.0.0.1 activate
   vrf BLUE
      neighbor 10.0.0.5 remote-as 65003
      address-family ipv4
         no neighbor 10.0.0.5 activate
   address-family ipv6
      no neighbor 2001:db8::2 activate
";
        let d = read(text, Vendor::Eos);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let i = &d.bgp[0];
        let s = scope(&d, PUBLIC_VRF);
        assert_eq!(
            fams(i, s, peer(s, "2001:db8::1"))
                .iter()
                .collect::<Vec<_>>(),
            [Family::Ipv6Unicast]
        );
        assert!(fams(i, s, peer(s, "2001:db8::2")).is_empty());
        let red = scope(&d, "RED");
        let p = peer(red, "10.0.0.1");
        assert!(!p.made_in_family);
        assert_eq!(
            fams(i, red, p).iter().collect::<Vec<_>>(),
            [Family::Ipv4Unicast]
        );
        let blue = scope(&d, "BLUE");
        assert!(fams(i, blue, peer(blue, "10.0.0.5")).is_empty());
    }

    #[test]
    fn negations_and_problems() {
        let text = "\
interface Gi1
 ip address 10.0.0.1 255.255.255.0
 ip address 10.0.0.9 255.255.255.0
 ip address 10.0.1.1 255.255.255.0 secondary
 no ip address 10.0.1.1 255.255.255.0 secondary
 ip address 10.0.0.300 255.255.255.0
 ip address 10.0.0.2 255.0.255.0
interface Gi2
 ip address 10.1.0.1 255.255.255.0
 no ip address
 ip unnumbered Loopback0
router bgp 1
 neighbor 10.9.9.9 activate
 neighbor 10.0.0.300 remote-as 2
 neighbor 10.0.0.5 remote-as 70000.1
 neighbor 10.0.0.5 remote-as 2
 neighbor 10.0.0.5 ebgp-multihop 300
 neighbor 10.0.0.5 shutdown
 no neighbor 10.0.0.5 shutdown
 no neighbor 10.0.0.6 shutdown
 neighbor 10.0.0.5 update-source Loopback 0
";
        let d = read(text, Vendor::Ios);
        let g1 = d.interface("Gi1").unwrap();
        // The second primary replaced the first; the secondary was removed.
        assert_eq!(g1.addresses.len(), 1);
        assert_eq!(g1.addresses[0].addr.to_string(), "10.0.0.9");
        let g2 = d.interface("Gi2").unwrap();
        assert!(g2.addresses.is_empty());
        assert!(g2.has_address(true));
        let lines: Vec<&str> = d.problems.iter().map(|p| at(text, p.span)).collect();
        assert_eq!(
            lines,
            [
                "ip address 10.0.0.300 255.255.255.0",
                "ip address 10.0.0.2 255.0.255.0",
                "neighbor 10.9.9.9 activate",
                "neighbor 10.0.0.300 remote-as 2",
                "neighbor 10.0.0.5 remote-as 70000.1",
                "neighbor 10.0.0.5 ebgp-multihop 300",
            ]
        );
        let s = scope(&d, PUBLIC_VRF);
        assert_eq!(s.peers.len(), 1);
        let p = peer(s, "10.0.0.5");
        assert!(!s.is_ignored(p));
        assert_eq!(
            s.effective_source(p).unwrap().0,
            &ConnectSource::Interface(Name::from("Loopback0"))
        );
    }

    #[test]
    fn banners_are_skipped() {
        let text = "\
hostname R1
banner motd ^C
router bgp 1
 neighbor 1.1.1.1 remote-as 2
^C
banner exec ^CHello^C
router bgp 3
 neighbor 3.3.3.3 remote-as 4
";
        let d = read(text, Vendor::Ios);
        assert_eq!(d.bgp.len(), 1);
        assert_eq!(d.bgp[0].asn, Asn::plain(3));
        let eos =
            "banner login\nrouter bgp 1\nEOF\nrouter bgp 5\n   neighbor 1.1.1.1 remote-as 2\n";
        let d = read(eos, Vendor::Eos);
        assert_eq!(d.bgp.len(), 1);
        assert_eq!(d.bgp[0].asn, Asn::plain(5));
    }

    #[test]
    fn route_reflector() {
        let text = "\
router bgp 65000
 bgp cluster-id 1.1.1.1
 no bgp client-to-client reflection
 neighbor RR-CLIENTS peer-group
 neighbor RR-CLIENTS remote-as 65000
 neighbor 10.0.0.1 peer-group RR-CLIENTS
 neighbor 10.0.0.2 remote-as 65000
 address-family vpnv4
  neighbor RR-CLIENTS route-reflector-client
  neighbor 10.0.0.1 activate
  neighbor 10.0.0.2 activate
 exit-address-family
";
        let d = read(text, Vendor::Ios);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let s = scope(&d, PUBLIC_VRF);
        let client = peer(s, "10.0.0.1");
        let line = s.reflect_client(client, Family::Vpnv4).unwrap();
        assert_eq!(at(text, line), "neighbor RR-CLIENTS route-reflector-client");
        assert!(s.reflect_client(client, Family::Ipv4Unicast).is_none());
        assert!(
            s.reflect_client(peer(s, "10.0.0.2"), Family::Vpnv4)
                .is_none()
        );
        assert_eq!(s.cluster_id(Family::Vpnv4).map(|c| c.0), Some(0x0101_0101));
        assert!(s.between_clients_off(Family::Ipv4Unicast).is_some());
        // A reflector keeps VPN routes whatever their targets.
        let off = s.vpn_target_filter_off(Family::Vpnv4).unwrap();
        assert_eq!(at(text, off), "neighbor RR-CLIENTS route-reflector-client");
        assert!(s.vpn_target_filter_off(Family::Vpnv6).is_none());
        // EOS writes `route-reflector-client` in `router bgp`: every family.
        let eos = "router bgp 1\n   neighbor 10.0.0.1 remote-as 1\n   neighbor 10.0.0.1 route-reflector-client\n";
        let d = read(eos, Vendor::Eos);
        let s = scope(&d, PUBLIC_VRF);
        let p = peer(s, "10.0.0.1");
        assert!(s.reflect_client(p, Family::Evpn).is_some());
        assert!(s.reflect_client(p, Family::Ipv4Unicast).is_some());
    }

    /// EOS `bgp listen range … peer-filter F`: the range accepts the AS
    /// numbers the filter accepts, the first entry (in sequence order) that
    /// holds an AS deciding.
    #[test]
    fn eos_listen_range_peer_filter() {
        let text = "\
hostname spine1
peer-filter LEAF-AS-RANGE
   10 match as-range 65011-65013 result accept
   20 match as-range 1-4294967295 result reject
   exit
peer-filter MIXED
   30 match as-range 1-4294967295 result reject
   20 match as-range 65100-65103 result accept
   10 match as-range 65100 result reject
   15 match as-range 65103 result accept
peer-filter ANY
   10 match as-range 1-4294967295 result accept
peer-filter GONE
   10 match as-range 65200 result accept
   20 match as-range 65201 result accept
   no 10
router bgp 65001
   bgp listen range 10.1.0.0/16 peer-group UNDERLAY-V4 peer-filter LEAF-AS-RANGE
   bgp listen range 2001:db8:1::/48 peer-group UNDERLAY-V6 peer-filter LEAF-AS-RANGE
   bgp listen range 10.2.0.0/16 peer-group MIX peer-filter MIXED
   bgp listen range 10.3.0.0/16 peer-group BIG peer-filter ANY
   bgp listen range 10.4.0.0/16 peer-group NONE peer-filter NOWHERE
   bgp listen range 10.5.0.0/16 peer-group LEFT peer-filter GONE
   neighbor UNDERLAY-V4 peer group
   neighbor UNDERLAY-V6 peer group
   neighbor MIX peer group
   neighbor BIG peer group
   neighbor NONE peer group
   neighbor LEFT peer group
";
        let d = read(text, Vendor::Eos);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let s = scope(&d, PUBLIC_VRF);
        let accepts = |name: &str| {
            let g = s.group(name).unwrap();
            assert!(g.dynamic);
            g.listen_as.iter().map(|(a, _)| a.0).collect::<Vec<_>>()
        };
        for name in ["UNDERLAY-V4", "UNDERLAY-V6"] {
            assert_eq!(accepts(name), [65011, 65012, 65013]);
            let g = s.group(name).unwrap();
            assert_eq!(
                at(text, g.listen_as[0].1),
                "10 match as-range 65011-65013 result accept"
            );
        }
        // 65100 is rejected by entry 10 before entry 20 accepts the rest;
        // 65103 is accepted by entry 15.
        assert_eq!(accepts("MIX"), [65103, 65101, 65102]);
        let mix = s.group("MIX").unwrap();
        assert_eq!(
            at(text, mix.listen_as[0].1),
            "15 match as-range 65103 result accept"
        );
        // Too many to list, not in the file: none listed, and any AS
        // taken as accepted.
        assert!(accepts("BIG").is_empty());
        assert!(accepts("NONE").is_empty());
        assert_eq!(accepts("LEFT"), [65201]);
        for name in ["BIG", "NONE"] {
            assert!(s.group(name).unwrap().listen_any_as, "{name}");
        }
        assert!(!mix.listen_any_as && !s.group("LEFT").unwrap().listen_any_as);
    }

    /// IOS `neighbor X disable-connected-check`: one hop to a loopback,
    /// read as a hop limit of 2 on that line.
    #[test]
    fn ios_disable_connected_check() {
        let text = "\
router bgp 65001
 neighbor 10.255.0.2 remote-as 65002
 neighbor 10.255.0.2 disable-connected-check
 neighbor 10.255.0.2 update-source Loopback0
 neighbor 10.255.0.3 remote-as 65003
 neighbor 10.255.0.3 ebgp-multihop 5
 neighbor 10.255.0.3 disable-connected-check
 neighbor 10.255.0.4 remote-as 65004
 neighbor 10.255.0.4 disable-connected-check
 no neighbor 10.255.0.4 disable-connected-check
 neighbor 10.255.0.5 remote-as 65005
 neighbor 10.255.0.5 ebgp-multihop 3
 no neighbor 10.255.0.5 disable-connected-check
 neighbor G peer-group
 neighbor G disable-connected-check
 neighbor 10.255.0.6 peer-group G
";
        let d = read(text, Vendor::Ios);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let s = scope(&d, PUBLIC_VRF);
        let hop = |addr: &str| {
            s.ttl(peer(s, addr))
                .max_hop
                .map(|(n, line)| (n, at(text, line)))
        };
        assert_eq!(
            hop("10.255.0.2"),
            Some((2, "neighbor 10.255.0.2 disable-connected-check"))
        );
        assert_eq!(s.ttl(peer(s, "10.255.0.2")).gtsm, None);
        // A larger `ebgp-multihop` stays.
        assert_eq!(
            hop("10.255.0.3"),
            Some((5, "neighbor 10.255.0.3 ebgp-multihop 5"))
        );
        assert_eq!(hop("10.255.0.4"), None);
        // `no` takes back only what the line set.
        assert_eq!(
            hop("10.255.0.5"),
            Some((3, "neighbor 10.255.0.5 ebgp-multihop 3"))
        );
        assert_eq!(
            hop("10.255.0.6"),
            Some((2, "neighbor G disable-connected-check"))
        );
    }

    /// EOS `neighbor X ttl maximum-hops N`: GTSM, accepting TTL 255 - N and
    /// up, the model's (VRP's) N + 1.
    #[test]
    fn eos_ttl_maximum_hops_is_gtsm() {
        let text = "\
router bgp 65101
   neighbor UNDERLAY peer group
   neighbor UNDERLAY ttl maximum-hops 1
   neighbor 10.1.1.1 peer group UNDERLAY
   neighbor 10.1.1.1 remote-as 65001
   neighbor 10.30.0.0 remote-as 65100
   neighbor 10.30.0.0 ttl maximum-hops 0
   neighbor 10.30.0.2 remote-as 65100
   neighbor 10.30.0.2 ttl maximum-hops 3
   no neighbor 10.30.0.2 ttl maximum-hops
";
        let d = read(text, Vendor::Eos);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let s = scope(&d, PUBLIC_VRF);
        let gtsm = |addr: &str| {
            s.ttl(peer(s, addr))
                .gtsm
                .map(|(n, line)| (n, at(text, line)))
        };
        assert_eq!(
            gtsm("10.1.1.1"),
            Some((2, "neighbor UNDERLAY ttl maximum-hops 1"))
        );
        assert_eq!(
            gtsm("10.30.0.0"),
            Some((1, "neighbor 10.30.0.0 ttl maximum-hops 0"))
        );
        assert_eq!(gtsm("10.30.0.2"), None);
        let bad = read(
            "router bgp 1\n   neighbor 10.0.0.1 remote-as 2\n   neighbor 10.0.0.1 ttl maximum-hops x\n",
            Vendor::Eos,
        );
        assert_eq!(bad.problems.len(), 1);
    }

    /// IOS `ttl-security hops N` accepts TTL 255 - N and up: VRP's
    /// `valid-ttl-hops N + 1`.
    #[test]
    fn ios_ttl_security_hops_off_by_one() {
        let text = "\
router bgp 65001
 neighbor 10.70.0.2 remote-as 65002
 neighbor 10.70.0.2 ttl-security hops 2
 neighbor 10.70.0.6 remote-as 65002
 neighbor 10.70.0.6 ttl-security hops 254
";
        let d = read(text, Vendor::Ios);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let s = scope(&d, PUBLIC_VRF);
        let (n, line) = s.ttl(peer(s, "10.70.0.2")).gtsm.unwrap();
        assert_eq!(n, 3);
        assert_eq!(at(text, line), "neighbor 10.70.0.2 ttl-security hops 2");
        assert_eq!(s.ttl(peer(s, "10.70.0.6")).gtsm.unwrap().0, 255);
    }

    /// IOS `neighbor X send-label`: labeled unicast in `address-family
    /// ipv4` (IPv4 unicast kept), nothing more in `address-family ipv6`
    /// (6PE is IPv6 unicast).
    #[test]
    fn ios_send_label() {
        let text = "\
router bgp 65000
 neighbor 10.255.0.2 remote-as 65000
 neighbor 10.255.0.3 remote-as 65000
 neighbor 10.255.0.4 remote-as 65000
 neighbor LU peer-group
 neighbor LU remote-as 65000
 neighbor 10.255.0.5 peer-group LU
 !
 address-family ipv4
  neighbor 10.255.0.2 activate
  neighbor 10.255.0.2 send-label
  neighbor 10.255.0.3 activate
  neighbor 10.255.0.4 activate
  neighbor 10.255.0.4 send-label explicit-null
  no neighbor 10.255.0.4 activate
  neighbor LU activate
  neighbor LU send-label
 exit-address-family
 !
 address-family ipv6
  neighbor 10.255.0.3 activate
  neighbor 10.255.0.3 send-label
 exit-address-family
";
        let d = read(text, Vendor::Ios);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let i = &d.bgp[0];
        let s = scope(&d, PUBLIC_VRF);
        let of = |addr: &str| fams(i, s, peer(s, addr)).iter().collect::<Vec<_>>();
        assert_eq!(
            of("10.255.0.2"),
            [Family::Ipv4Unicast, Family::LabeledUnicast]
        );
        let lu = peer(s, "10.255.0.2")
            .settings
            .family(Family::LabeledUnicast)
            .unwrap();
        assert_eq!(at(text, lu.span), "neighbor 10.255.0.2 send-label");
        assert_eq!(of("10.255.0.3"), [Family::Ipv4Unicast, Family::Ipv6Unicast]);
        assert!(of("10.255.0.4").is_empty());
        assert_eq!(
            of("10.255.0.5"),
            [Family::Ipv4Unicast, Family::LabeledUnicast]
        );
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let text = "\
router bgp 99999999999
router bgp
router bgp 0
router bgp 1
 neighbor
 neighbor 1.1.1.1
 neighbor 1.1.1.1 remote-as
 neighbor 1.1.1.1 remote-as 4294967296
 neighbor 1.1.1.1 ebgp-multihop -1
 neighbor 1.1.1.1 ttl-security hops
 neighbor 1.1.1.1 ttl-security hops 0
 neighbor 1.1.1.1 password
 neighbor 1.1.1.1 password 7
 neighbor 1.1.1.1 local-as
 neighbor 1.1.1.1 update-source
 neighbor 1.1.1.1 peer-group
 neighbor 1.1.1.1 peer group
 neighbor 1.1.1.1 inherit peer-session
 neighbor fe80::1%Gi0/0 remote-as 5
 neighbor G peer-group
 neighbor G remote-as 1 alternate-as x y 99999999999
 neighbor G peer-group
 no neighbor G peer-group
 neighbor ::::: remote-as 1
 neighbor \u{1F600} remote-as 1
 bgp listen range
 bgp listen range 10.0.0.0/99 peer-group G
 bgp listen range 10.0.0.0/8
 bgp listen range 10.0.0.0/8 peer-group
 bgp listen range 10.0.0.0/8 remote-as
 bgp router-id 300.1.1.1
 bgp confederation identifier
 bgp confederation peers x 1 2.2
 bgp cluster-id x
 bgp cluster-id
 neighbor 1.1.1.1 route-reflector-client
 neighbor G route-reflector-client
 neighbor 9.9.9.9 route-reflector-client
 template peer-session T
  inherit peer-session T
  remote-as 1
 template peer-session
 address-family
 address-family ipv4 vrf
 address-family ipv4 vrf V
  neighbor 2.2.2.2 inherit peer-session T
  neighbor 2.2.2.2 peer group G
   neighbor deeper remote-as 1
 vrf
 vrf W
  route-target
  route-target both
  route-target both evpn
  neighbor 3.3.3.3 peer-group G
interface
interface Gi1 point-to-point
 ip address
 ip address 1.1.1.1
 ip address 1.1.1.1/40
 ip address 1.1.1.1 999.0.0.0
 ipv6 address
 ipv6 address x
 ipv6 address 1::1/200
 ipv6 address NAME 2001::/64
 no ipv6 address
 no ip address x
 vrf
 vrf forwarding
ip vrf
vrf definition
 route-target import
\tneighbor 1.1.1.1 remote-as 1
peer-filter
peer-filter P
 match
 10 match as-range
 10 match as-range 5-1 result accept
 x match as-range 1-2 result accept
 4294967296 match as-range 1-4294967295 result accept
 99999999999999 match as-range 1.1-65535.65535 result accept
 no
 no 10
 exit
no peer-filter
router bgp 1
 bgp listen range 10.0.0.0/8 peer-group G peer-filter
 bgp listen range 10.0.0.0/8 peer-group G peer-filter P
 bgp listen range 10.0.0.0/8 peer-filter P peer-group
 neighbor 9.9.9.9 send-label
 neighbor 1.1.1.1 send-label explicit-null
 no neighbor 1.1.1.1 send-label
 neighbor 1.1.1.1 disable-connected-check
 no neighbor 1.1.1.1 disable-connected-check
 no neighbor 1.1.1.1 disable-connected-check
 neighbor 1.1.1.1 ttl
 neighbor 1.1.1.1 ttl maximum-hops
 neighbor 1.1.1.1 ttl maximum-hops 256
 neighbor 1.1.1.1 ttl maximum-hops 255
 neighbor G send-label
 neighbor G ttl maximum-hops 0
banner motd
banner motd ^
hostname
";
        let d = read(text, Vendor::Ios);
        assert!(!d.problems.is_empty());
        let d = read(text, Vendor::Eos);
        assert!(!d.problems.is_empty());
        // Truncated at every byte boundary.
        for end in (0..text.len()).filter(|&e| text.is_char_boundary(e)) {
            read(&text[..end], Vendor::Ios);
        }
        read("", Vendor::Ios);
        read("\r\n\r\n !\n\t\t\n", Vendor::Eos);
        read(&"router bgp 1\n".repeat(3), Vendor::Ios);
        read(PE.replace('\n', "\r\n").as_str(), Vendor::Ios);
        let deep: String = (0..200)
            .map(|i| format!("{}x{i}\n", " ".repeat(i)))
            .collect();
        read(&deep, Vendor::Ios);
    }

    #[test]
    fn many_groups_and_vrfs_read_quickly() {
        let mut text = String::from("router bgp 1\n");
        for n in 0..4000 {
            text.push_str(&format!(
                " neighbor G{n} peer-group\n neighbor G{n} remote-as {}\n neighbor 10.{}.{}.1 peer-group G{n}\n",
                n + 2,
                n / 256,
                n % 256
            ));
        }
        for n in 0..2000 {
            text.push_str(&format!(
                " address-family ipv4 vrf V{n}\n  neighbor 10.0.0.1 inherit peer-session T\n"
            ));
        }
        let started = std::time::Instant::now();
        let d = read(&text, Vendor::Ios);
        assert_eq!(scope(&d, PUBLIC_VRF).groups.len(), 4000);
        assert_eq!(scope(&d, PUBLIC_VRF).peers.len(), 4000);
        assert!(started.elapsed().as_secs() < 20);
    }
}
