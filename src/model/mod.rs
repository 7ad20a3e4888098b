//! The typed VRP model of one device: interfaces and their addresses, VPN
//! instances, BGP instances with their per-VRF scopes, groups and peers.
//! Every setting keeps the full history of its assignments, each with its
//! span, so rules can say which line made a setting and which lines died.
//!
//! The model knows one device at a time; the network is the graph's job.

mod build;
mod neutral;

pub use build::{Overlay, build_device, build_device_with};
pub use neutral::{Draft, Vendor, password_hash};

/// What the model reads of each system-level block; the syntax stage skips
/// the rest without tokenizing it. Of an interface, only its addresses and
/// VPN binding matter: the lines of an access port (`port …`, `stp …`,
/// descriptions) are not kept.
pub fn reads_block(first_words: &[&str]) -> Keep {
    let words = match first_words {
        ["undo", rest @ ..] => rest,
        w => w,
    };
    match words {
        ["interface", ..] => Keep::Lines(reads_interface_line),
        // A VPN instance matters by its name and its route targets; an
        // EVPN instance or a bridge domain by its route targets.
        ["ip", "vpn-instance", ..] => Keep::HeaderLines(reads_vpn_line),
        ["evpn", "vpn-instance", ..] | ["bridge-domain", ..] => Keep::Lines(reads_vpn_line),
        ["sysname", ..] | ["bgp", ..] | ["router", "id", ..] => Keep::All,
        _ => Keep::Nothing,
    }
}

/// Whether a command inside an interface can give or take an address or a
/// VPN binding: `[undo] ip address|binding …`, `[undo] ipv6 address …`,
/// judged on its first words as written. Most lines of an interface (ports,
/// descriptions, QoS) are refused on their first bytes.
pub fn reads_interface_line(command: &str) -> bool {
    let command = word_after(command, "undo").unwrap_or(command);
    if command == "shutdown" {
        return true;
    }
    match word_after(command, "ip") {
        Some(rest) => word_after(rest, "address")
            .or_else(|| word_after(rest, "binding"))
            .is_some(),
        None => {
            word_after(command, "ipv6").is_some_and(|rest| word_after(rest, "address").is_some())
        }
    }
}

/// Whether a line right inside a VPN instance, EVPN instance or bridge
/// domain can hold route targets: `vpn-target` itself, or the view that
/// holds them (` ipv4-family`, ` ipv6-family`, ` evpn`).
pub fn reads_vpn_line(command: &str) -> bool {
    let command = word_after(command, "undo").unwrap_or(command);
    ["vpn-target", "ipv4-family", "ipv6-family", "evpn"]
        .iter()
        .any(|w| word_after(command, w).is_some())
}

/// What follows `word` and the blanks after it, when `text` starts with
/// that word (a whole word: a blank or the end comes next).
fn word_after<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let rest = text.strip_prefix(word)?;
    match rest.as_bytes().first() {
        None => Some(rest),
        Some(&b) if crate::syntax::lexer::is_blank(b) => {
            Some(rest.trim_start_matches(crate::syntax::lexer::is_blank_char))
        }
        Some(_) => None,
    }
}

use rustc_hash::FxHashMap as HashMap;
use std::fmt;
use std::net::IpAddr;

use serde::Serialize;

use crate::source::{FileId, Span};
use crate::syntax::Keep;

/// A name in the model (device, interface, VPN instance, group): held in
/// place when short, as nearly all are, so a network of millions of them
/// does not allocate each.
pub type Name = compact_str::CompactString;

/// The name VRP gives the public network (the global routing table).
pub const PUBLIC_VRF: &str = "_public_";

/// An AS number, compared by value whatever way it was written, and shown
/// the way it was written: asplain (`65537`) or asdot (`1.1`, the second
/// field `true`).
#[derive(Clone, Copy, Debug)]
pub struct Asn(pub u32, pub bool);

impl PartialEq for Asn {
    fn eq(&self, other: &Asn) -> bool {
        self.0 == other.0
    }
}

impl Eq for Asn {}

impl PartialOrd for Asn {
    fn partial_cmp(&self, other: &Asn) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Asn {
    fn cmp(&self, other: &Asn) -> std::cmp::Ordering {
        self.0.cmp(&other.0)
    }
}

impl std::hash::Hash for Asn {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

/// The integer, in JSON: what tools compare.
impl Serialize for Asn {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.0)
    }
}

impl Asn {
    /// An AS number written asplain.
    pub const fn plain(n: u32) -> Asn {
        Asn(n, false)
    }

    /// `65001` (asplain) or `1.10` (asdot: high and low 16 bits).
    pub fn parse(s: &str) -> Option<Asn> {
        match s.split_once('.') {
            None => s.parse::<u32>().ok().filter(|&n| n > 0).map(Asn::plain),
            Some((hi, lo)) => {
                let hi: u16 = hi.parse().ok()?;
                let lo: u16 = lo.parse().ok()?;
                let n = (u32::from(hi) << 16) | u32::from(lo);
                (n > 0).then_some(Asn(n, true))
            }
        }
    }

    /// The written form when it is not the integer's (asdot), for JSON's
    /// `*_text` fields.
    pub fn text(self) -> Option<String> {
        self.1.then(|| self.to_string())
    }
}

impl fmt::Display for Asn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.1 {
            write!(f, "{}.{}", self.0 >> 16, self.0 & 0xFFFF)
        } else {
            write!(f, "{}", self.0)
        }
    }
}

/// How an end opens its BGP session: the tri-state `listen-only` /
/// `connect-only` setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Listens and connects (the default).
    Both,
    ListenOnly,
    ConnectOnly,
}

impl Mode {
    pub fn keyword(self) -> &'static str {
        match self {
            Mode::Both => "default",
            Mode::ListenOnly => "listen-only",
            Mode::ConnectOnly => "connect-only",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword())
    }
}

/// Pushes onto a list that most often ends with one item: room is made
/// for exactly one at first, so the list is neither grown past what it
/// needs nor copied again when it is trimmed.
fn push_small<T>(list: &mut Vec<T>, item: T) {
    if list.capacity() == 0 {
        list.reserve_exact(1);
    }
    list.push(item);
}

/// One assignment of a setting; `value: None` is an `undo`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assign<T> {
    pub value: Option<T>,
    /// The whole command line that made the assignment.
    pub span: Span,
}

/// Every assignment of one setting, in input order. The last one decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct History<T>(pub Vec<Assign<T>>);

impl<T> Default for History<T> {
    fn default() -> Self {
        History(Vec::new())
    }
}

impl<T> History<T> {
    pub fn set(&mut self, value: T, span: Span) {
        push_small(
            &mut self.0,
            Assign {
                value: Some(value),
                span,
            },
        );
    }

    pub fn undo(&mut self, span: Span) {
        push_small(&mut self.0, Assign { value: None, span });
    }

    /// The value in force and the line that set it; `None` when never set
    /// or last undone.
    pub fn current(&self) -> Option<(&T, Span)> {
        let last = self.0.last()?;
        last.value.as_ref().map(|v| (v, last.span))
    }

    /// Assignments that a later assignment replaced, each with the line
    /// that finally wins over it. An `undo` is a deliberate reset, not an
    /// override: what it undoes is not reported, and it ends a run.
    pub fn overridden(&self) -> Vec<(Span, Span)> {
        let mut out = Vec::new();
        let mut run: Vec<Span> = Vec::new();
        let flush = |run: &mut Vec<Span>, out: &mut Vec<(Span, Span)>| {
            if let Some(&winner) = run.last() {
                out.extend(run[..run.len() - 1].iter().map(|&dead| (dead, winner)));
            }
            run.clear();
        };
        for a in &self.0 {
            match a.value {
                Some(_) => run.push(a.span),
                None => flush(&mut run, &mut out),
            }
        }
        flush(&mut run, &mut out);
        out
    }
}

/// Where a peer's TCP session starts from (`peer X connect-interface …`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConnectSource {
    Interface(Name),
    Address(IpAddr),
    InterfaceAddress(Name, IpAddr),
}

/// `peer X fake-as N [dual-as]`: the AS the local end presents to that
/// peer instead of its own (NE40E `peer fake-as (BGP view)`; the same
/// command exists for groups and in the VPN instance views). With
/// `dual-as`, the local end establishes the session with either AS.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FakeAs {
    pub asn: Asn,
    pub dual: bool,
}

/// TCP authentication of a session (NE40E `peer password`, `peer
/// keychain`, `peer tcp-ao`; the three exclude each other).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Auth {
    /// TCP MD5: `simple` holds a hash of a plaintext password (two can be
    /// compared; the password itself is never kept), `None` for a
    /// ciphertext, which cannot be compared.
    Password {
        simple: Option<u64>,
    },
    Keychain(Name),
    TcpAo(Name),
    /// `peer X tcp-ao disable`: none, whatever the group has.
    Disabled,
}

impl Auth {
    /// The kind, as `sessions` shows it: never the secret.
    pub fn kind(&self) -> &'static str {
        match self {
            Auth::Password { .. } => "password",
            Auth::Keychain(_) => "keychain",
            Auth::TcpAo(_) => "tcp-ao",
            Auth::Disabled => "none",
        }
    }
}

/// An address family a peer is enabled in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    Ipv4Unicast,
    Ipv6Unicast,
    Vpnv4,
    Vpnv6,
    Evpn,
    LabeledUnicast,
    /// Every other family (flow, multicast VPN, link state…): enabling a
    /// peer there makes its session, peerlint compares no more.
    Other,
}

impl Family {
    /// The family of an address-family view, from its words:
    /// `ipv4-family unicast`, `ipv6-family vpnv6`, `l2vpn-family evpn`.
    pub fn of_view(words: &[&str]) -> Family {
        match words {
            ["ipv4-family"] | ["ipv4-family", "unicast", ..] => Family::Ipv4Unicast,
            ["ipv6-family"] | ["ipv6-family", "unicast", ..] => Family::Ipv6Unicast,
            ["ipv4-family", "vpnv4", ..] => Family::Vpnv4,
            ["ipv6-family", "vpnv6", ..] => Family::Vpnv6,
            ["l2vpn-family", "evpn", ..] => Family::Evpn,
            ["ipv4-family", "labeled-unicast", ..] | ["ipv4-labeled-unicast", ..] => {
                Family::LabeledUnicast
            }
            _ => Family::Other,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Family::Ipv4Unicast => "ipv4-unicast",
            Family::Ipv6Unicast => "ipv6-unicast",
            Family::Vpnv4 => "vpnv4",
            Family::Vpnv6 => "vpnv6",
            Family::Evpn => "evpn",
            Family::LabeledUnicast => "labeled-unicast",
            Family::Other => "other",
        }
    }

    /// Every family, `Other` last.
    pub const ALL: [Family; 7] = [
        Family::Ipv4Unicast,
        Family::Ipv6Unicast,
        Family::Vpnv4,
        Family::Vpnv6,
        Family::Evpn,
        Family::LabeledUnicast,
        Family::Other,
    ];

    /// The family of a name as [`Family::name`] writes it (not `other`).
    pub fn from_name(name: &str) -> Option<Family> {
        Family::ALL
            .into_iter()
            .find(|f| *f != Family::Other && f.name() == name)
    }

    /// The view a family is configured in, as typed in the BGP view.
    pub fn view(self) -> &'static str {
        match self {
            Family::Ipv4Unicast => "ipv4-family unicast",
            Family::Ipv6Unicast => "ipv6-family unicast",
            Family::Vpnv4 => "ipv4-family vpnv4",
            Family::Vpnv6 => "ipv6-family vpnv6",
            Family::Evpn => "l2vpn-family evpn",
            Family::LabeledUnicast => "ipv4-family labeled-unicast",
            Family::Other => "",
        }
    }
}

/// `peer X enable` (or `undo peer X enable`) in one address family.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FamilyLine {
    pub family: Family,
    pub enable: bool,
    pub span: Span,
}

/// Route targets (`vpn-target X export-extcommunity|import-extcommunity|
/// both`) of one kind of route, each list sorted, as written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Targets {
    pub export: Vec<Name>,
    pub import: Vec<Name>,
}

impl Targets {
    /// Whether a route exported with `exported` targets is imported here.
    pub fn imports_any(&self, exported: &[Name]) -> bool {
        exported
            .iter()
            .any(|rt| self.import.binary_search(rt).is_ok())
    }
}

/// A device's route targets by the routes they mark: those of its VPN
/// instances' IPv4 family (VRP5 writes them right in the instance), of
/// their IPv6 family, and of EVPN (`vpn-target … evpn`, EVPN instances,
/// bridge domains).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RouteTargets {
    pub v4: Targets,
    pub v6: Targets,
    pub evpn: Targets,
}

impl RouteTargets {
    /// The targets of a VPN family's routes (`None` for other families).
    pub fn of(&self, family: Family) -> Option<&Targets> {
        match family {
            Family::Vpnv4 => Some(&self.v4),
            Family::Vpnv6 => Some(&self.v6),
            Family::Evpn => Some(&self.evpn),
            _ => None,
        }
    }
}

/// A route reflector's setting in one address family view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReflectorSetting {
    /// `reflector cluster-id N|A.B.C.D` (`None` for its `undo`): the
    /// default is the router ID (NE40E `reflector cluster-id`).
    /// The ID, and whether it was written as an IPv4 address.
    ClusterId(Option<(u32, bool)>),
    /// `reflect between-clients` (on by default) or its `undo` (NE40E
    /// `reflect between-clients`).
    BetweenClients(bool),
    /// `policy vpn-target` (on by default: VPN routes are filtered by the
    /// import targets of the local VPN instances) or its `undo` (NE40E
    /// `policy vpn-target (BGP-VPNv4 address family view)`).
    PolicyVpnTarget(bool),
}

/// A [`ReflectorSetting`] with its family and line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReflectorLine {
    pub family: Family,
    pub setting: ReflectorSetting,
    pub span: Span,
}

/// A peer's TTL handling ([`Scope::ttl`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ttl {
    /// `ebgp-max-hop N`.
    pub max_hop: Option<(u8, Span)>,
    /// `valid-ttl-hops N` (GTSM).
    pub gtsm: Option<(u8, Span)>,
}

/// The settings most peers never have, held apart so that the common peer
/// stays small.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MoreSettings {
    pub fake_as: History<FakeAs>,
    /// `peer X ebgp-max-hop [N]` (255 when N is left out).
    pub ebgp_max_hop: History<u8>,
    /// `peer X valid-ttl-hops [N]`: GTSM (255 when N is left out).
    pub valid_ttl_hops: History<u8>,
    /// `peer X password`, `peer X keychain`, `peer X tcp-ao policy`.
    pub auth: History<Auth>,
    /// `[undo] peer X reflect-client`, family by family, in order: the
    /// local speaker reflects routes to and from the peer in that family
    /// only (NE40E `peer reflect-client`: valid in the address family it
    /// is configured in, not inherited by others).
    pub reflect_client: Vec<FamilyLine>,
    /// `[undo] peer X upe`, family by family: the peer is a UPE of this
    /// SPE in a HoVPN (NE40E `peer upe (BGP-VPNv4 address family view)`).
    pub upe: Vec<FamilyLine>,
}

/// The settings a peer and a group share.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    pub as_number: History<Asn>,
    pub mode: History<Mode>,
    pub connect_interface: History<ConnectSource>,
    pub ignore: History<()>,
    /// `peer X enable` / `undo peer X enable`, family by family, in order.
    pub families: Vec<FamilyLine>,
    pub more: Option<Box<MoreSettings>>,
}

impl Settings {
    /// The rarer settings, made on first use.
    pub fn more_mut(&mut self) -> &mut MoreSettings {
        self.more.get_or_insert_with(Default::default)
    }

    /// A rarer setting in force, if any.
    pub fn get<T>(&self, of: impl Fn(&MoreSettings) -> &History<T>) -> Option<(&T, Span)> {
        self.more.as_deref().and_then(|m| of(m).current())
    }

    /// Whether the last `[undo] peer X enable` in a family enabled it.
    pub fn family(&self, family: Family) -> Option<&FamilyLine> {
        self.families.iter().rev().find(|f| f.family == family)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GroupKind {
    Internal,
    External,
    ConfederationExternal,
}

/// A group: `group G [internal|external]` or the dynamic
/// `group G listen [internal|external|confederation-external]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// The name as VRP would store it (quotes removed).
    pub name: Name,
    /// The name as written (including quotes, or every word of a name that
    /// holds unquoted spaces).
    pub name_span: Span,
    /// The `group` line.
    pub decl: Span,
    pub quoted: bool,
    /// The name was written as several words without quotes.
    pub unquoted_space: bool,
    pub kind: GroupKind,
    pub dynamic: bool,
    pub settings: Settings,
    /// `peer G listen-net A [len|mask]`.
    pub listen_nets: Vec<(IpAddr, u8, Span)>,
    /// `peer G listen-as N…`.
    pub listen_as: Vec<(Asn, Span)>,
    /// The AS numbers it accepts are decided by something peerlint does
    /// not read (an EOS `peer-filter` it cannot list, a Junos
    /// `peer-as-list`): any AS is taken as accepted, so that no peer it
    /// accepts is reported without a remote end.
    pub listen_any_as: bool,
}

/// A configured peer: `peer <address> …`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Peer {
    pub addr: IpAddr,
    /// The first line that configured the peer.
    pub decl: Span,
    /// Made in an address-family view (` ipv4-family vpn-instance V`,
    /// VRP5's only VPN view): enabled in that family without a `peer X
    /// enable` line.
    pub made_in_family: bool,
    /// Membership (`peer X group G`): the group name.
    pub group: History<Name>,
    pub settings: Settings,
}

/// A command that names a group: membership or a group-level setting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupRef {
    pub name: Name,
    /// The command line.
    pub span: Span,
    /// The group name as written.
    pub name_span: Span,
}

/// The peers and groups of one VRF of one BGP instance. VRP8 writes a VRF's
/// peers in ` vpn-instance V` and ` ipv4-family vpn-instance V` /
/// ` ipv6-family vpn-instance V`; all of them land in one scope.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    pub vrf: Name,
    /// The first line that opened the scope (the `bgp` line for the public
    /// network).
    pub span: Option<Span>,
    pub groups: Vec<Group>,
    pub peers: Vec<Peer>,
    pub group_refs: Vec<GroupRef>,
    /// `as-number N` in a VPN instance's BGP views: the AS its IPv4 peers
    /// are established with instead of the BGP process's (NE40E
    /// `as-number`, BGP-VPN instance IPv4 address family view; CE6800
    /// `as-number ipv4 N` in the BGP-VPN instance view).
    pub as_number: History<Asn>,
    /// The same for its IPv6 peers (` ipv6-family vpn-instance V`).
    pub as_number6: History<Asn>,
    /// A VPN instance's own `router-id X` (`None` for `router-id
    /// auto-select`).
    pub router_id: History<Option<std::net::Ipv4Addr>>,
    /// The route reflector's own settings, family by family, in order:
    /// `reflector cluster-id`, `[undo] reflect between-clients`, `[undo]
    /// policy vpn-target`.
    pub reflector: Vec<ReflectorLine>,
    /// The families in whose view the speaker originates routes
    /// (`network`, `import-route`, `aggregate`), each once.
    pub originates: Vec<Family>,
    /// Peers by address while the scope is built.
    peer_index: HashMap<IpAddr, usize>,
    /// Peers by address once it is built: sorted, in one block (a route
    /// reflector's scope holds thousands).
    peer_keys: Vec<(IpAddr, u32)>,
    group_index: HashMap<Name, usize>,
}

/// A member's effective connection mode and the line that decides it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EffectiveMode {
    pub mode: Mode,
    /// The line that makes the mode: the peer's own line or its group's;
    /// `None` for the default.
    pub source: Option<Span>,
    pub from_group: bool,
    /// The group's own mode, when the member's own setting differs from it.
    pub group_mode: Option<(Mode, Span)>,
}

impl<T> History<T> {
    fn shrink(&mut self) {
        self.0.shrink_to_fit();
    }
}

impl Settings {
    fn shrink(&mut self) {
        self.as_number.shrink();
        self.mode.shrink();
        self.connect_interface.shrink();
        self.ignore.shrink();
        self.families.shrink_to_fit();
    }
}

impl Scope {
    /// Trims every list to its length.
    fn shrink(&mut self) {
        for p in &mut self.peers {
            p.group.shrink();
            p.settings.shrink();
        }
        for g in &mut self.groups {
            g.settings.shrink();
        }
        self.peers.shrink_to_fit();
        self.groups.shrink_to_fit();
        self.group_refs.shrink_to_fit();
        self.reflector.shrink_to_fit();
        self.originates.shrink_to_fit();
        self.peer_index = HashMap::default();
        self.peer_keys = (self.peers.iter().enumerate())
            .map(|(i, p)| (p.addr, i as u32))
            .collect();
        self.peer_keys.sort_unstable();
    }

    /// Puts peers and groups in the order they were declared, and makes
    /// their indexes right again. `groups_moved`: groups were removed
    /// since the group index was last right. An index whose list is in
    /// order and untouched is kept as it is.
    fn reindex(&mut self, groups_moved: bool) {
        if !self.peers.is_sorted_by_key(|p| p.decl) {
            self.peers.sort_by_key(|p| p.decl);
            self.peer_index = self
                .peers
                .iter()
                .enumerate()
                .map(|(i, p)| (p.addr, i))
                .collect();
        }
        if groups_moved || !self.groups.is_sorted_by_key(|g| g.decl) {
            self.groups.sort_by_key(|g| g.decl);
            self.group_index = self
                .groups
                .iter()
                .enumerate()
                .map(|(i, g)| (g.name.clone(), i))
                .collect();
        }
    }

    fn peer_or_new(&mut self, addr: IpAddr, line: Span) -> usize {
        if let Some(&i) = self.peer_index.get(&addr) {
            return i;
        }
        self.peers.push(Peer {
            addr,
            decl: line,
            made_in_family: false,
            group: History::default(),
            settings: Settings::default(),
        });
        self.peer_index.insert(addr, self.peers.len() - 1);
        self.peers.len() - 1
    }

    fn remove_peer(&mut self, addr: IpAddr) {
        if let Some(i) = self.peer_index.remove(&addr) {
            self.peers.swap_remove(i);
            if let Some(moved) = self.peers.get(i) {
                self.peer_index.insert(moved.addr, i);
            }
        }
    }

    /// The group of that name, created as a placeholder when a setting
    /// names it before (or without) its `group` line.
    fn group_or_placeholder(&mut self, name: &str, name_span: Span, line: Span) -> usize {
        if let Some(&i) = self.group_index.get(name) {
            return i;
        }
        self.groups.push(Group {
            name: Name::from(name),
            name_span,
            decl: line,
            quoted: false,
            unquoted_space: false,
            kind: GroupKind::Internal,
            dynamic: false,
            settings: Settings::default(),
            listen_nets: Vec::new(),
            listen_as: Vec::new(),
            listen_any_as: false,
        });
        self.group_index
            .insert(Name::from(name), self.groups.len() - 1);
        self.groups.len() - 1
    }

    pub fn is_public(&self) -> bool {
        self.vrf == PUBLIC_VRF
    }

    pub fn peer(&self, addr: IpAddr) -> Option<&Peer> {
        self.peer_position(addr).map(|i| &self.peers[i])
    }

    /// Index in [`Scope::peers`] of the peer with that address (once the
    /// scope is built).
    pub fn peer_position(&self, addr: IpAddr) -> Option<usize> {
        let at = self.peer_keys.binary_search_by_key(&addr, |k| k.0).ok()?;
        Some(self.peer_keys[at].1 as usize)
    }

    pub fn group(&self, name: &str) -> Option<&Group> {
        self.group_index.get(name).map(|&i| &self.groups[i])
    }

    /// The references to each group name, in order of first use.
    pub fn refs_by_name(&self) -> Vec<(&str, Vec<&GroupRef>)> {
        let mut at: HashMap<&str, usize> = HashMap::default();
        let mut out: Vec<(&str, Vec<&GroupRef>)> = Vec::new();
        for r in &self.group_refs {
            let i = *at.entry(&r.name).or_insert_with(|| {
                out.push((&r.name, Vec::new()));
                out.len() - 1
            });
            out[i].1.push(r);
        }
        out
    }

    /// The group a peer belongs to, if that group exists.
    pub fn group_of(&self, peer: &Peer) -> Option<&Group> {
        peer.group.current().and_then(|(g, _)| self.group(g))
    }

    /// The member's own setting wins over its group's; with none of its own
    /// a member takes its group's; else the default (listens and connects).
    pub fn effective_mode(&self, peer: &Peer) -> EffectiveMode {
        let group = self.group_of(peer);
        let group_mode = group.and_then(|g| g.settings.mode.current().map(|(m, s)| (*m, s)));
        if let Some((&mode, span)) = peer.settings.mode.current() {
            return EffectiveMode {
                mode,
                source: Some(span),
                from_group: false,
                group_mode: group_mode.filter(|(m, _)| *m != mode),
            };
        }
        match group_mode {
            Some((mode, span)) => EffectiveMode {
                mode,
                source: Some(span),
                from_group: true,
                group_mode: None,
            },
            None => EffectiveMode {
                mode: Mode::Both,
                source: None,
                from_group: false,
                group_mode: None,
            },
        }
    }

    /// The remote AS of a peer: its own `as-number`, else its group's, else
    /// the local AS when the group is internal.
    pub fn effective_as(&self, peer: &Peer, local_as: Asn) -> Option<(Asn, Span)> {
        if let Some((&asn, span)) = peer.settings.as_number.current() {
            return Some((asn, span));
        }
        let group = self.group_of(peer)?;
        if let Some((&asn, span)) = group.settings.as_number.current() {
            return Some((asn, span));
        }
        (group.kind == GroupKind::Internal && !group.dynamic).then_some((local_as, group.decl))
    }

    /// Where the peer's session starts from, and the line that says so: its
    /// own `connect-interface`, else its group's.
    pub fn effective_source<'s>(&'s self, peer: &'s Peer) -> Option<(&'s ConnectSource, Span)> {
        peer.settings.connect_interface.current().or_else(|| {
            self.group_of(peer)
                .and_then(|g| g.settings.connect_interface.current())
        })
    }

    /// The AS the peer's end presents instead of its own: its own `fake-as`,
    /// else its group's.
    pub fn effective_fake_as(&self, peer: &Peer) -> Option<(FakeAs, Span)> {
        self.effective(peer, |m| &m.fake_as)
            .map(|(&f, span)| (f, span))
    }

    /// A rarer setting of a peer: its own, else its group's.
    pub fn effective<'s, T>(
        &'s self,
        peer: &'s Peer,
        of: impl Fn(&MoreSettings) -> &History<T> + Copy,
    ) -> Option<(&'s T, Span)> {
        peer.settings
            .get(of)
            .or_else(|| self.group_of(peer).and_then(|g| g.settings.get(of)))
    }

    /// A peer's TTL handling: its `ebgp-max-hop` and its GTSM
    /// (`valid-ttl-hops`), each with its line. VRP keeps the two apart on
    /// one peer or group (NE40E `peer valid-ttl-hops`), and a member's own
    /// settings take precedence over its group's (NE40E `group`): a peer
    /// that sets either takes neither from its group. The pages do not say
    /// how a group's one and a member's other combine; this reading is the
    /// one that makes no session fail that could come up.
    pub fn ttl(&self, peer: &Peer) -> Ttl {
        let own = |s: &Settings| Ttl {
            max_hop: s.get(|m| &m.ebgp_max_hop).map(|(n, l)| (*n, l)),
            gtsm: s.get(|m| &m.valid_ttl_hops).map(|(n, l)| (*n, l)),
        };
        let mine = own(&peer.settings);
        if mine.max_hop.is_some() || mine.gtsm.is_some() {
            return mine;
        }
        self.group_of(peer).map_or(mine, |g| own(&g.settings))
    }

    /// The AS the scope's peers of one family are established with: the
    /// VPN instance's own `as-number`, else the BGP process's.
    pub fn local_as(&self, process: Asn, v4: bool) -> Asn {
        let own = if v4 {
            &self.as_number
        } else {
            &self.as_number6
        };
        own.current().map_or(process, |(&a, _)| a)
    }

    /// Whether the scope has an AS of its own for some family.
    pub fn has_own_as(&self) -> bool {
        self.as_number.current().is_some() || self.as_number6.current().is_some()
    }

    /// `peer X ignore` on the peer or its group.
    /// The line that makes a peer this speaker's route reflector client in
    /// a family: the peer's own last `[undo] peer X reflect-client` there,
    /// else its group's (a member's own setting takes precedence, NE40E
    /// `group`).
    pub fn reflect_client(&self, peer: &Peer, family: Family) -> Option<Span> {
        self.family_flag(peer, family, |m| &m.reflect_client)
    }

    /// The line that makes a peer a UPE of this SPE in a family (NE40E
    /// `peer upe`), its own or its group's.
    pub fn upe(&self, peer: &Peer, family: Family) -> Option<Span> {
        self.family_flag(peer, family, |m| &m.upe)
    }

    /// A per-family flag of a peer: its own last line in the family, else
    /// its group's.
    fn family_flag(
        &self,
        peer: &Peer,
        family: Family,
        of: impl Fn(&MoreSettings) -> &Vec<FamilyLine> + Copy,
    ) -> Option<Span> {
        let last = |s: &Settings| {
            s.more
                .as_deref()
                .and_then(|m| of(m).iter().rev().find(|l| l.family == family))
                .map(|l| (l.enable, l.span))
        };
        last(&peer.settings)
            .or_else(|| self.group_of(peer).and_then(|g| last(&g.settings)))
            .and_then(|(on, span)| on.then_some(span))
    }

    /// A group's own last `[undo] peer G reflect-client` in a family.
    pub fn group_reflects(&self, group: &Group, family: Family) -> Option<Span> {
        group
            .settings
            .more
            .as_deref()
            .and_then(|m| m.reflect_client.iter().rev().find(|l| l.family == family))
            .and_then(|l| l.enable.then_some(l.span))
    }

    /// The last line of one kind of reflector setting in a family.
    fn reflector_line(
        &self,
        family: Family,
        kind: impl Fn(ReflectorSetting) -> bool,
    ) -> Option<&ReflectorLine> {
        self.reflector
            .iter()
            .rev()
            .find(|l| l.family == family && kind(l.setting))
    }

    /// `reflector cluster-id` in force in a family, with its line.
    pub fn cluster_id(&self, family: Family) -> Option<(u32, Span)> {
        self.cluster_id_written(family)
            .map(|(id, _, span)| (id, span))
    }

    /// `reflector cluster-id` in force in a family: the ID, whether it was
    /// written as an IPv4 address, and its line.
    pub fn cluster_id_written(&self, family: Family) -> Option<(u32, bool, Span)> {
        let line = self.reflector_line(family, |s| matches!(s, ReflectorSetting::ClusterId(_)))?;
        match line.setting {
            ReflectorSetting::ClusterId(Some((id, dotted))) => Some((id, dotted, line.span)),
            _ => None,
        }
    }

    /// The `undo reflect between-clients` in force in a family.
    pub fn between_clients_off(&self, family: Family) -> Option<Span> {
        let line =
            self.reflector_line(family, |s| matches!(s, ReflectorSetting::BetweenClients(_)))?;
        (line.setting == ReflectorSetting::BetweenClients(false)).then_some(line.span)
    }

    /// The `undo policy vpn-target` in force in a family.
    pub fn vpn_target_filter_off(&self, family: Family) -> Option<Span> {
        let line = self.reflector_line(family, |s| {
            matches!(s, ReflectorSetting::PolicyVpnTarget(_))
        })?;
        (line.setting == ReflectorSetting::PolicyVpnTarget(false)).then_some(line.span)
    }

    pub fn is_ignored(&self, peer: &Peer) -> bool {
        peer.settings.ignore.current().is_some()
            || self
                .group_of(peer)
                .is_some_and(|g| g.settings.ignore.current().is_some())
    }
}

/// One BGP process: `bgp N` (the base instance) or `bgp N instance X`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BgpInstance {
    pub asn: Asn,
    /// The `bgp` line.
    pub span: Span,
    /// `None` for the base instance.
    pub name: Option<Name>,
    /// Scopes in order of VRF name, the public one included when it has
    /// anything.
    pub scopes: Vec<Scope>,
    /// `confederation id N`: the AS that peers outside the confederation see.
    pub confederation: Option<(Asn, Span)>,
    /// `confederation peer-as A B …`: the other member ASs.
    pub confederation_peers: Vec<Asn>,
    /// The last `confederation peer-as` line.
    pub confederation_peers_line: Option<Span>,
    /// `router-id X` in the BGP view.
    pub router_id: History<std::net::Ipv4Addr>,
    /// `router-id vpn-instance auto-select`: VPN instances choose their own.
    pub vpn_router_id_auto: bool,
    /// `router-id allow-same enable`: EBGP sessions between equal router
    /// IDs come up (CE6800 `router-id allow-same enable`).
    pub allow_same_router_id: bool,
    /// `undo default ipv4-unicast`: peers made after it are not enabled in
    /// IPv4 unicast on their own (NE40E `default ipv4-unicast`).
    pub no_default_ipv4_unicast: Option<Span>,
}

impl BgpInstance {
    pub fn display_name(&self) -> String {
        match &self.name {
            None => format!("bgp {}", self.asn),
            Some(n) => format!("bgp {} instance {}", self.asn, n),
        }
    }
}

/// An address on an interface.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IfAddr {
    pub addr: IpAddr,
    pub prefix: u8,
    /// `sub` addresses (and every IPv6 address): a new primary does not
    /// replace them.
    pub secondary: bool,
    pub span: Span,
}

/// `addr` with all but its first `prefix` bits cleared.
pub fn network_of(addr: IpAddr, prefix: u8) -> IpAddr {
    match addr {
        IpAddr::V4(a) => {
            let bits = u32::from(prefix.min(32));
            let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
            IpAddr::V4((u32::from(a) & mask).into())
        }
        IpAddr::V6(a) => {
            let bits = u32::from(prefix.min(128));
            let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
            IpAddr::V6((u128::from(a) & mask).into())
        }
    }
}

impl IfAddr {
    /// The subnet: its network address and prefix length.
    pub fn network(&self) -> (IpAddr, u8) {
        (network_of(self.addr, self.prefix), self.prefix)
    }

    /// Whether `other` lies in this address's subnet.
    pub fn contains(&self, other: IpAddr) -> bool {
        self.addr.is_ipv4() == other.is_ipv4() && network_of(other, self.prefix) == self.network().0
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interface {
    /// The name as written (`LoopBack0`, `Loopback 1`).
    pub name: Name,
    /// Most interfaces have one address: it is held in place.
    pub addresses: smallvec::SmallVec<[IfAddr; 1]>,
    /// What few interfaces have (boxed: an interface is held for every
    /// addressed port of every device).
    rare: Option<Box<InterfaceRare>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct InterfaceRare {
    /// `ip binding vpn-instance V`.
    vpn: Option<(Name, Span)>,
    /// `shutdown`: the line (physical interfaces are up by default, NE40E
    /// and CE6800 `shutdown (interface view)`).
    shutdown: Option<Span>,
    /// Addresses the file does not write out ([`Unwritten`] bits).
    unwritten: u8,
}

/// Addresses an interface has that its configuration does not write out.
pub struct Unwritten;

impl Unwritten {
    /// IPv4: `ip address unnumbered`, `dhcp-alloc`, `ppp-negotiate`,
    /// `bootp-alloc`.
    pub const V4: u8 = 1;
    /// IPv6 global: `ipv6 address auto global|dhcp`, or a prefix with
    /// `eui-64` (the host part comes from the MAC address).
    pub const V6: u8 = 2;
    /// IPv6 link-local: `ipv6 address X link-local` or `ipv6 address auto
    /// link-local`. Every link reuses these addresses: they are not matched
    /// across the network.
    pub const LINK_LOCAL: u8 = 4;
}

impl Interface {
    pub fn new(name: Name) -> Interface {
        Interface {
            name,
            addresses: smallvec::SmallVec::new(),
            rare: None,
        }
    }

    /// `ip binding vpn-instance V`: the VPN instance and the line.
    pub fn vpn(&self) -> Option<&(Name, Span)> {
        self.rare.as_deref()?.vpn.as_ref()
    }

    /// The `shutdown` line, if the interface is shut.
    pub fn shutdown(&self) -> Option<Span> {
        self.rare.as_deref()?.shutdown
    }

    /// Whether it has an address of a kind ([`Unwritten`]) that the file
    /// does not write out.
    pub fn unwritten(&self, kind: u8) -> bool {
        self.rare
            .as_deref()
            .is_some_and(|r| r.unwritten & kind != 0)
    }

    /// Changes what few interfaces have; nothing is held for an interface
    /// that has none of it.
    fn change(&mut self, f: impl FnOnce(&mut InterfaceRare)) {
        let mut rare = self.rare.take().unwrap_or_default();
        f(&mut rare);
        if rare.vpn.is_some() || rare.shutdown.is_some() || rare.unwritten != 0 {
            self.rare = Some(rare);
        }
    }

    pub fn set_vpn(&mut self, vpn: Option<(Name, Span)>) {
        self.change(|r| r.vpn = vpn);
    }

    pub fn set_shutdown(&mut self, line: Option<Span>) {
        self.change(|r| r.shutdown = line);
    }

    /// Gives (or takes away) an address of a kind the file does not write out.
    pub fn set_unwritten(&mut self, kind: u8, on: bool) {
        self.change(|r| {
            r.unwritten = if on {
                r.unwritten | kind
            } else {
                r.unwritten & !kind
            }
        });
    }

    /// Whether it is a loopback interface (`LoopBack0`, `Loopback 1`).
    pub fn is_loopback(&self) -> bool {
        self.name
            .get(..8)
            .is_some_and(|p| p.eq_ignore_ascii_case("loopback"))
            // Junos `lo0.0`.
            || (self.name.starts_with("lo0") && !self.name[3..].starts_with(|c: char| c.is_ascii_alphanumeric()))
    }

    /// Whether it holds anything beyond its name.
    pub fn is_configured(&self) -> bool {
        !self.addresses.is_empty() || self.rare.is_some()
    }

    /// Whether it has an address of a family, written or not.
    pub fn has_address(&self, v4: bool) -> bool {
        let unwritten = if v4 { Unwritten::V4 } else { Unwritten::V6 };
        self.unwritten(unwritten) || self.addresses.iter().any(|a| a.addr.is_ipv4() == v4)
    }

    /// Whether it has an IPv6 link-local address: written, automatic, or
    /// the one VRP makes with a global address (NE40E `ipv6 address
    /// link-local`).
    pub fn has_link_local(&self) -> bool {
        self.unwritten(Unwritten::LINK_LOCAL) || self.has_address(false)
    }

    /// The interface a sub-interface belongs to (`GigabitEthernet0/1/0` of
    /// `GigabitEthernet0/1/0.100`).
    pub fn parent_name(&self) -> Option<&str> {
        self.name.rsplit_once('.').map(|(parent, _)| parent)
    }
}

/// An interface name as VRP compares it: case-insensitive, spaces between
/// type and number ignored.
fn key_chars(name: &str) -> impl Iterator<Item = char> + '_ {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
}

/// [`key_chars`] of an ASCII name (nearly every interface name).
fn ascii_key(name: &str) -> impl Iterator<Item = u8> + '_ {
    name.bytes()
        .filter(|b| !b.is_ascii_whitespace())
        .map(|b| b.to_ascii_lowercase())
}

/// Whether two interface names name the same interface, without building
/// either key.
pub fn same_interface(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        ascii_key(a).eq(ascii_key(b))
    } else {
        key_chars(a).eq(key_chars(b))
    }
}

/// Whether `short` names the interface `full` with its type cut short, as
/// VRP takes it when typed (`g0/0/1`, `loop 0` for `GigabitEthernet0/0/1`,
/// `LoopBack0`): the type, the letters before the number, begins the full
/// one, and the numbers are the same.
pub fn abbreviates(short: &str, full: &str) -> bool {
    let split = |name: &str| -> (String, String) {
        let key: String = key_chars(name).collect();
        match key.find(|c: char| c.is_ascii_digit()) {
            Some(at) => (key[..at].to_string(), key[at..].to_string()),
            None => (key, String::new()),
        }
    };
    let ((st, sn), (ft, fnum)) = (split(short), split(full));
    !st.is_empty() && !sn.is_empty() && sn == fnum && ft.starts_with(&st)
}

/// A hash of an interface name's [`key_chars`].
fn key_hash(name: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, Hasher};
    let mut h = BuildHasherDefault::<rustc_hash::FxHasher>::default().build_hasher();
    if name.is_ascii() {
        ascii_key(name).for_each(|b| h.write_u32(u32::from(b)));
    } else {
        key_chars(name).for_each(|c| h.write_u32(c as u32));
    }
    h.finish()
}

/// A line peerlint could not make sense of, or a peer VRP would not
/// create (the graph reports those).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    /// The `sysname`, else the file stem.
    pub name: Name,
    pub name_span: Option<Span>,
    pub file: FileId,
    pub interfaces: Vec<Interface>,
    /// `ip vpn-instance V` definitions.
    pub vpn_instances: Vec<(Name, Span)>,
    /// The route targets of its VPN instances, EVPN instances and bridge
    /// domains, all together.
    pub route_targets: RouteTargets,
    pub bgp: Vec<BgpInstance>,
    pub problems: Vec<Problem>,
    /// A VRP8 device (NE, CE): changes need `commit`.
    pub vrp8: bool,
    /// Whose configuration it is.
    pub vendor: Vendor,
    /// The system's `router id X`.
    pub router_id: History<std::net::Ipv4Addr>,
    /// Interfaces by a hash of the compared name, sorted (no string per
    /// key and no table: a network holds millions of interfaces).
    interface_keys: Vec<(u64, u32)>,
    /// VPN instance names.
    vpn_index: HashMap<Name, usize>,
}

impl Device {
    /// The interface of that name, written in full or, as typed in a
    /// transcript, with its type cut short ([`abbreviates`]).
    pub fn interface(&self, name: &str) -> Option<&Interface> {
        let key = key_hash(name);
        let start = self.interface_keys.partition_point(|k| k.0 < key);
        self.interface_keys[start..]
            .iter()
            .take_while(|k| k.0 == key)
            .map(|k| &self.interfaces[k.1 as usize])
            .find(|i| same_interface(&i.name, name))
            .or_else(|| {
                self.interfaces
                    .iter()
                    .find(|i| abbreviates(name, &i.name) || abbreviates(&i.name, name))
            })
    }

    /// How many addresses its interfaces hold.
    pub fn address_count(&self) -> usize {
        self.interfaces.iter().map(|i| i.addresses.len()).sum()
    }

    /// Whether `ip vpn-instance <name>` defines the VPN instance.
    pub fn has_vpn_instance(&self, name: &str) -> bool {
        self.vpn_index.contains_key(name)
    }

    /// Indexes the interfaces, once they are all known, by their names'
    /// hashes (`keys[i]` for `interfaces[i]`).
    fn index_interfaces(&mut self, keys: &[u64]) {
        debug_assert!(
            keys.len() == self.interfaces.len()
                && keys
                    .iter()
                    .zip(&self.interfaces)
                    .all(|(&k, i)| k == key_hash(&i.name))
        );
        self.interface_keys = keys
            .iter()
            .enumerate()
            .map(|(i, &k)| (k, i as u32))
            .collect();
        self.interface_keys.sort_unstable();
    }

    /// Makes the VPN instance index right again after instances were removed.
    fn index_vpn_instances(&mut self) {
        self.vpn_index = self
            .vpn_instances
            .iter()
            .enumerate()
            .map(|(i, (n, _))| (n.clone(), i))
            .collect();
    }

    /// The VRF an interface's addresses belong to.
    pub fn vrf_of<'d>(&'d self, iface: &'d Interface) -> &'d str {
        iface.vpn().map_or(PUBLIC_VRF, |(v, _)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asdot_and_asplain_compare_by_value() {
        assert_eq!(Asn::parse("65001.10"), Some(Asn::plain(65001 * 65536 + 10)));
        assert_eq!(Asn::parse("65001.10").unwrap().to_string(), "65001.10");
        assert_eq!(Asn::parse("4259905546").unwrap().to_string(), "4259905546");
        assert_eq!(Asn::parse("1.0"), Asn::parse("65536"));
        assert_eq!(Asn::parse("0"), None);
        assert_eq!(Asn::parse("70000.1"), None);
        assert_eq!(Asn::parse("x"), None);
    }

    #[test]
    fn overridden_runs_end_at_undo() {
        let s = |n| Span::new(FileId(0), n, n + 1);
        let mut h = History::default();
        h.set(Mode::ListenOnly, s(1));
        h.set(Mode::ConnectOnly, s(2));
        h.set(Mode::ConnectOnly, s(3));
        h.undo(s(4));
        h.set(Mode::ListenOnly, s(5));
        assert_eq!(h.overridden(), vec![(s(1), s(3)), (s(2), s(3))]);
        assert_eq!(h.current(), Some((&Mode::ListenOnly, s(5))));
    }

    #[test]
    fn subnets() {
        let a = IfAddr {
            addr: "10.0.0.1".parse().unwrap(),
            prefix: 31,
            secondary: false,
            span: Span::new(FileId(0), 0, 0),
        };
        assert!(a.contains("10.0.0.0".parse().unwrap()));
        assert!(!a.contains("10.0.0.2".parse().unwrap()));
        assert!(!a.contains("::1".parse().unwrap()));
    }

    #[test]
    fn typed_interface_types_may_be_cut_short() {
        assert!(abbreviates("g0/0/1", "GigabitEthernet0/0/1"));
        assert!(abbreviates("loop 0", "LoopBack0"));
        assert!(abbreviates("Eth-Trunk1.10", "Eth-Trunk1.10"));
        assert!(!abbreviates("g0/0/1", "GigabitEthernet0/0/10"));
        assert!(!abbreviates("GE1/0/1", "GigabitEthernet1/0/1"));
        assert!(!abbreviates("Ethernet0/0/1", "GigabitEthernet0/0/1"));
        assert!(!abbreviates("0/0/1", "GigabitEthernet0/0/1"));
    }

    #[test]
    fn interface_names_compare_loosely() {
        assert!(same_interface("Loopback 1", "LoopBack1"));
        assert!(same_interface("loopback 1", "LOOPBACK1"));
        assert!(!same_interface("LoopBack1", "LoopBack10"));
        assert_eq!(key_hash("Loopback 1"), key_hash("LoopBack1"));
    }
}
