//! The network: every device's BGP speakers, the status of every configured
//! peer, and the sessions between them, held in a petgraph graph whose
//! nodes are speakers (device, BGP instance, VRF) and whose edges are
//! sessions.
//!
//! Matching works on addresses, never on all pairs: an index maps each
//! interface address to the devices (and VRFs) that own it; a peer looks up
//! its remote address there and then asks each owner whether one of its
//! peers points back at an address of its own device, in its own VRF, with
//! AS numbers that agree both ways. Then, for every session, each direction
//! is checked: can this end open the TCP connection and will the other end
//! accept it?

pub mod routes;
pub mod verdict;

use std::net::IpAddr;

use petgraph::graph::{EdgeIndex, NodeIndex, UnGraph};
use rayon::prelude::*;
use smallvec::SmallVec;

use crate::model::{
    Asn, ConnectSource, Device, EffectiveMode, FakeAs, GroupKind, IfAddr, Interface, Mode,
    PUBLIC_VRF, Peer, Problem, Scope,
};
use crate::source::Span;

/// Index of a speaker in [`Network::speakers`].
pub type SpeakerId = usize;
/// Index of a configured peer in [`Network::peers`].
pub type PeerId = usize;

/// One BGP speaker: a VRF scope of one BGP instance of one device.
#[derive(Debug)]
pub struct Speaker {
    pub device: usize,
    pub instance: usize,
    pub scope: usize,
    /// The AS of its IPv4 peers: the VPN instance's own `as-number`, else
    /// the BGP process's (the member AS inside a confederation).
    pub local_as: Asn,
    /// `confederation id`, if the instance is a confederation member.
    pub confederation: Option<Asn>,
    /// The member ASs of its confederation, its own included.
    pub confederation_members: Vec<Asn>,
    /// Its BGP router ID and where it comes from.
    pub router_id: Option<(std::net::Ipv4Addr, verdict::RouterIdSource)>,
    /// `router-id allow-same enable` on its BGP process.
    pub allow_same_router_id: bool,
    pub node: NodeIndex,
}

impl Speaker {
    /// How a peer whose own AS is `to` sees this speaker's AS `local`:
    /// inside its confederation the member AS, outside it the
    /// confederation ID.
    pub fn seen_as(&self, local: Asn, to: Asn) -> Asn {
        match self.confederation {
            Some(id) if !self.confederation_members.contains(&to) => id,
            _ => local,
        }
    }
}

/// The AS numbers one end establishes its session with: one, or, with
/// `fake-as … dual-as`, its fake AS and its real one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Presents {
    pub asn: Asn,
    pub also: Option<Asn>,
}

impl Presents {
    pub fn accepts(&self, asn: Asn) -> bool {
        self.asn == asn || self.also == Some(asn)
    }
}

/// Why a peer has, or has not, a remote end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// One compatible remote end.
    Matched { remote: PeerId },
    /// Accepted by a dynamic group (`group G listen`) of the remote speaker.
    Dynamic { speaker: SpeakerId, group: usize },
    /// The address belongs to devices in the input, none of which has a
    /// peer back.
    HalfOpen { owners: Vec<usize> },
    /// No device in the input owns the address.
    UnknownRemote,
    /// Several compatible remote ends.
    MultipleRemotes { remotes: Vec<PeerId> },
    /// The owner points back, but an AS number disagrees.
    AsMismatch { remote: PeerId },
    /// `peer X ignore` on this end or on the remote end.
    Ignored,
}

impl Status {
    pub fn name(&self) -> &'static str {
        match self {
            Status::Matched { .. } => "matched",
            Status::Dynamic { .. } => "dynamic",
            Status::HalfOpen { .. } => "half-open",
            Status::UnknownRemote => "unknown-remote",
            Status::MultipleRemotes { .. } => "multiple-remotes",
            Status::AsMismatch { .. } => "as-mismatch",
            Status::Ignored => "ignored",
        }
    }
}

/// A configured peer with its effective settings and its status.
#[derive(Debug)]
pub struct PeerEnd {
    pub speaker: SpeakerId,
    /// Index in the scope's peers.
    pub index: usize,
    pub addr: IpAddr,
    /// The AS of its speaker for the peer's address family (a VPN
    /// instance may have one of its own per family).
    pub local_as: Asn,
    /// `peer X fake-as` (or CE6800's `local-as`), its own or its group's.
    pub fake_as: Option<(FakeAs, Span)>,
    pub remote_as: Asn,
    /// The line that gives the remote AS.
    pub remote_as_span: Span,
    pub mode: EffectiveMode,
    /// The local address the session is opened from: the
    /// `connect-interface`, else the interface on the peer's subnet, else
    /// the interface on a link shared with the remote device. `None` when
    /// it cannot be known (multihop without `connect-interface`).
    pub local_addr: Option<IpAddr>,
    pub status: Status,
    /// Index in [`Network::sessions`] (or [`Network::dynamic_sessions`]
    /// for a `dynamic` peer) of the session this peer is an end of.
    pub session: Option<usize>,
    /// The address families it is enabled in.
    pub families: verdict::Families,
    /// What keeps this end from any session, on its own: no family, a
    /// source interface it lacks or that is shut, `ignore`.
    pub blockers: Blockers,
    /// Its kind of session, once its source address is known.
    pub session_type: verdict::SessionType,
}

impl PeerEnd {
    /// The AS numbers this end establishes its session with, towards a
    /// remote end whose own AS is `to`: its fake AS (with `dual-as` its
    /// real one too), else its AS as the remote sees it.
    pub fn presents(&self, sp: &Speaker, to: Asn) -> Presents {
        let real = sp.seen_as(self.local_as, to);
        match self.fake_as {
            Some((fake, _)) => Presents {
                asn: fake.asn,
                also: fake.dual.then_some(real),
            },
            None => Presents {
                asn: real,
                also: None,
            },
        }
    }

    /// The AS this end establishes its session with, as far as its own
    /// configuration tells: the remote AS it expects decides which side of
    /// a confederation the remote is on.
    pub fn presented_as(&self, sp: &Speaker) -> Asn {
        self.presents(sp, self.remote_as).asn
    }
}

/// What keeps a session from ever establishing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Blocker {
    /// Both ends only listen (a dynamic group only listens).
    BothListenOnly,
    /// Both ends only connect.
    BothConnectOnly,
    /// Neither direction can open it, for any other mix of modes and source
    /// addresses.
    NoDirection,
    /// An EBGP session that needs more than one hop, without `ebgp-max-hop`
    /// of 2 or more on an end.
    HopLimit,
    /// TCP authentication that cannot agree.
    Auth,
    /// GTSM that drops the other end's packets.
    Gtsm,
    /// Both ends have one router ID.
    SameRouterId,
    /// An end enabled in no address family.
    NotEnabled,
    /// An end's source interface is shut down.
    SourceDown,
    /// An end's `connect-interface` names no interface with an address.
    MissingSource,
    /// An end is `peer X ignore`.
    Ignored,
}

impl Blocker {
    const ALL: [Blocker; 11] = [
        Blocker::BothListenOnly,
        Blocker::BothConnectOnly,
        Blocker::NoDirection,
        Blocker::HopLimit,
        Blocker::Auth,
        Blocker::Gtsm,
        Blocker::SameRouterId,
        Blocker::NotEnabled,
        Blocker::SourceDown,
        Blocker::MissingSource,
        Blocker::Ignored,
    ];

    /// The rule that reports it.
    pub fn rule(self) -> &'static str {
        match self {
            Blocker::BothListenOnly => "both-listen-only",
            Blocker::BothConnectOnly => "both-connect-only",
            Blocker::NoDirection => "session-cannot-open",
            Blocker::HopLimit => "ebgp-hop-limit",
            Blocker::Auth => "auth-mismatch",
            Blocker::Gtsm => "gtsm-mismatch",
            Blocker::SameRouterId => "duplicate-router-id",
            Blocker::NotEnabled => "peer-not-enabled",
            Blocker::SourceDown => "source-interface-down",
            Blocker::MissingSource => "missing-source-interface",
            Blocker::Ignored => "peer-ignored",
        }
    }
}

/// A set of blockers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Blockers(u16);

impl Blockers {
    fn bit(b: Blocker) -> u16 {
        1 << Blocker::ALL.iter().position(|x| *x == b).unwrap_or(0)
    }

    pub fn of(b: Blocker) -> Blockers {
        Blockers(Self::bit(b))
    }

    pub fn contains(self, b: Blocker) -> bool {
        self.0 & Self::bit(b) != 0
    }

    pub fn add(&mut self, b: Blocker) {
        self.0 |= Self::bit(b);
    }

    pub fn union(self, other: Blockers) -> Blockers {
        Blockers(self.0 | other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// In the order of [`Blocker::ALL`].
    pub fn iter(self) -> impl Iterator<Item = Blocker> {
        Blocker::ALL.into_iter().filter(move |b| self.contains(*b))
    }

    /// The first, which names the rule a table shows.
    pub fn first(self) -> Option<Blocker> {
        self.iter().next()
    }
}

/// See [`Network::far_end`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FarEnd {
    Peer(PeerId),
    Device(usize),
    Unknown,
}

/// A session: two peers that point at each other.
#[derive(Debug)]
pub struct Session {
    pub a: PeerId,
    pub b: PeerId,
    pub edge: EdgeIndex,
    /// Whether `a` can open the session towards `b`.
    pub a_to_b: bool,
    pub b_to_a: bool,
    /// Everything that keeps it from establishing.
    pub blockers: Blockers,
}

/// A static peer accepted by a dynamic group on the remote speaker.
#[derive(Debug)]
pub struct DynamicSession {
    pub peer: PeerId,
    pub speaker: SpeakerId,
    /// Index of the group in the remote scope's groups.
    pub group: usize,
    pub edge: EdgeIndex,
    pub blockers: Blockers,
}

/// What an edge of the graph stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    Session(usize),
    Dynamic(usize),
}

#[derive(Debug)]
pub struct Network {
    pub devices: Vec<Device>,
    pub speakers: Vec<Speaker>,
    pub peers: Vec<PeerEnd>,
    pub sessions: Vec<Session>,
    pub dynamic_sessions: Vec<DynamicSession>,
    pub graph: UnGraph<SpeakerId, Edge>,
    pub problems: Vec<Problem>,
    /// Route propagation, worked out when first asked for.
    routes: std::sync::OnceLock<routes::Routes>,
    /// What the devices show (`--state` captures), matched with the peer
    /// ends; `None` without captures.
    pub state: Option<crate::state::Observed>,
}

impl Network {
    /// Which speakers' routes reach which, family by family.
    pub fn routes(&self) -> &routes::Routes {
        self.routes.get_or_init(|| routes::routes(self))
    }

    /// `PE1`, `PE1 vpn-instance A`, `PE1 bgp instance X`.
    pub fn speaker_name(&self, s: SpeakerId) -> String {
        let sp = &self.speakers[s];
        let (device, scope) = self.speaker_scope(s);
        let mut name = device.name.to_string();
        if let Some(instance) = &device.bgp[sp.instance].name {
            name.push_str(&format!(" bgp instance {instance}"));
        }
        if !scope.is_public() {
            name.push_str(&format!(" vpn-instance {}", scope.vrf));
        }
        name
    }

    /// The line that opens a speaker's BGP view: the `bgp` line, or the
    /// VPN instance's view.
    pub fn speaker_line(&self, s: SpeakerId) -> Span {
        let sp = &self.speakers[s];
        let (device, scope) = self.speaker_scope(s);
        match scope.span {
            Some(span) if !scope.is_public() => span,
            _ => device.bgp[sp.instance].span,
        }
    }

    pub fn speaker_scope(&self, s: SpeakerId) -> (&Device, &Scope) {
        let sp = &self.speakers[s];
        let device = &self.devices[sp.device];
        (device, &device.bgp[sp.instance].scopes[sp.scope])
    }

    /// The peer ends of a speaker: one run of [`Network::peers`], which
    /// holds them speaker by speaker.
    pub fn peers_of(&self, s: SpeakerId) -> std::ops::Range<PeerId> {
        let start = self.peers.partition_point(|e| e.speaker < s);
        start..start + self.peers[start..].partition_point(|e| e.speaker == s)
    }

    /// The model's peer behind a peer end, with its scope and device.
    pub fn peer(&self, p: PeerId) -> (&Device, &Scope, &Peer) {
        let end = &self.peers[p];
        let (device, scope) = self.speaker_scope(end.speaker);
        (device, scope, &scope.peers[end.index])
    }

    /// `peer 10.0.0.2 in vpn-instance A on PE1`.
    pub fn describe(&self, p: PeerId) -> String {
        let end = &self.peers[p];
        let sp = &self.speakers[end.speaker];
        let (device, scope) = self.speaker_scope(end.speaker);
        let instance = &device.bgp[sp.instance];
        // Each vendor's own word for a configured peer and for a VRF.
        let (peer, vrf) = match device.vendor {
            crate::model::Vendor::Huawei => ("peer", "vpn-instance"),
            crate::model::Vendor::Junos => ("neighbor", "routing-instance"),
            _ => ("neighbor", "vrf"),
        };
        let mut s = format!("{peer} {}", end.addr);
        if !scope.is_public() {
            s.push_str(&format!(" in {vrf} {}", scope.vrf));
        }
        if let Some(name) = &instance.name {
            s.push_str(&format!(" of bgp instance {name}"));
        }
        s.push_str(&format!(" on {}", device.name));
        s
    }

    /// The other end of a peer end's session: the remote peer that points
    /// back (matched, or with an AS that disagrees), the device whose
    /// dynamic group accepts it, or the device that owns its address
    /// without a peer back.
    pub fn far_end(&self, p: PeerId) -> FarEnd {
        match &self.peers[p].status {
            Status::Matched { remote } | Status::AsMismatch { remote } => FarEnd::Peer(*remote),
            Status::Dynamic { speaker, .. } => FarEnd::Device(self.speakers[*speaker].device),
            Status::HalfOpen { owners } => FarEnd::Device(owners[0]),
            _ => FarEnd::Unknown,
        }
    }

    /// The session a matched peer is an end of, if any.
    pub fn session_of(&self, p: PeerId) -> Option<&Session> {
        match self.peers[p].status {
            Status::Matched { .. } => self.peers[p].session.map(|s| &self.sessions[s]),
            _ => None,
        }
    }

    /// Whether the peer's session can ever establish: it has a session (or
    /// a dynamic group accepts it) that nothing blocks.
    pub fn can_establish(&self, p: PeerId) -> bool {
        self.blockers(p).is_empty()
            && match self.peers[p].status {
                Status::Matched { .. } => self.session_of(p).is_some(),
                Status::Dynamic { .. } => self.dynamic_session_of(p).is_some(),
                _ => false,
            }
    }

    /// Everything that keeps a peer's session from establishing: its
    /// session's blockers, or its own.
    pub fn blockers(&self, p: PeerId) -> Blockers {
        let own = self.peers[p].blockers;
        match self.peers[p].status {
            Status::Matched { .. } => self.session_of(p).map_or(own, |s| s.blockers),
            Status::Dynamic { .. } => self.dynamic_session_of(p).map_or(own, |d| d.blockers),
            _ => own,
        }
    }

    /// The dynamic session of a `dynamic` peer.
    pub fn dynamic_session_of(&self, p: PeerId) -> Option<&DynamicSession> {
        match self.peers[p].status {
            Status::Dynamic { .. } => self.peers[p].session.map(|s| &self.dynamic_sessions[s]),
            _ => None,
        }
    }
}

/// The VRF an interface's addresses belong to. A binding to a VPN instance
/// the device never defines leaves the interface in the public network, as
/// the device would.
pub fn effective_vrf<'d>(device: &'d Device, iface: &'d Interface) -> &'d str {
    match iface.vpn() {
        Some((v, _)) if device.has_vpn_instance(v) => v,
        _ => PUBLIC_VRF,
    }
}

/// Addresses by owner: who owns an address, and what a device owns in a
/// VRF. Flat lists: no allocation per address, however many devices share
/// one.
struct AddressIndex<'d> {
    /// The addresses peers point at, sorted, without repeats; searched by
    /// bisection.
    owners: Vec<Owner<'d>>,
    /// Device by device, each device's by VRF.
    own: Vec<Owned<'d>>,
    /// Where each device's entries start in `own` (and, last, the end).
    own_start: Vec<usize>,
}

/// An address, a device that owns it and the VRF it is in.
type Owner<'d> = (IpAddr, usize, &'d str);

/// A VRF and an address line in it.
type Owned<'d> = (&'d str, &'d IfAddr);

impl<'d> AddressIndex<'d> {
    /// Indexes every address a device owns, and the owners of the
    /// addresses in `targets`.
    fn new(devices: &'d [Device], targets: &rustc_hash::FxHashSet<IpAddr>) -> Self {
        let own_start = starts(devices.iter().map(Device::address_count));
        // Each device's part of one list, filled in parallel: no list per
        // device gathered and copied.
        let mut own: Vec<Option<Owned>> = vec![None; own_start[devices.len()]];
        let mut owners: Vec<Owner> = cut(&mut own, &own_start)
            .into_par_iter()
            .zip(devices.par_iter().enumerate())
            .flat_map_iter(|(part, (d, device))| {
                let mut owners: SmallVec<[Owner; 2]> = SmallVec::new();
                let entries = device.interfaces.iter().flat_map(|iface| {
                    let vrf = effective_vrf(device, iface);
                    iface.addresses.iter().map(move |a| (vrf, a))
                });
                for (place, (vrf, a)) in part.iter_mut().zip(entries) {
                    if targets.contains(&a.addr) {
                        owners.push((a.addr, d, vrf));
                    }
                    *place = Some((vrf, a));
                }
                part.sort_by_key(|o| o.map(|o| o.0));
                owners
            })
            .collect();
        let own = settle(own);
        owners.par_sort_unstable();
        owners.dedup();
        AddressIndex {
            owners,
            own,
            own_start,
        }
    }

    /// The devices and VRFs that own an address.
    fn owners(&self, addr: IpAddr) -> &[Owner<'d>] {
        let start = self.owners.partition_point(|o| o.0 < addr);
        let end = start + self.owners[start..].partition_point(|o| o.0 == addr);
        &self.owners[start..end]
    }

    /// The entries of one device.
    fn of_device(&self, device: usize) -> &[Owned<'d>] {
        match (self.own_start.get(device), self.own_start.get(device + 1)) {
            (Some(&a), Some(&b)) => &self.own[a..b],
            _ => &[],
        }
    }

    /// What a device owns in a VRF.
    fn own<'s>(&'s self, device: usize, vrf: &'s str) -> impl Iterator<Item = &'d IfAddr> + 's {
        let entries = self.of_device(device);
        let start = entries.partition_point(|o| o.0 < vrf);
        entries[start..]
            .iter()
            .take_while(move |o| o.0 == vrf)
            .map(|o| o.1)
    }

    /// What a device owns, in any VRF.
    fn device(&self, device: usize) -> impl Iterator<Item = &'d IfAddr> + '_ {
        self.of_device(device).iter().map(|o| o.1)
    }
}

/// What matching the peers of some devices finds: a [`Network`] without
/// its devices, so that others can read the devices meanwhile.
pub struct Links {
    speakers: Vec<Speaker>,
    peers: Vec<PeerEnd>,
    sessions: Vec<Session>,
    dynamic_sessions: Vec<DynamicSession>,
    graph: UnGraph<SpeakerId, Edge>,
    problems: Vec<Problem>,
}

impl Links {
    /// The network of these links and the devices they were found in.
    pub fn with(self, devices: Vec<Device>) -> Network {
        Network {
            devices,
            speakers: self.speakers,
            peers: self.peers,
            sessions: self.sessions,
            dynamic_sessions: self.dynamic_sessions,
            graph: self.graph,
            problems: self.problems,
            routes: std::sync::OnceLock::new(),
            state: None,
        }
    }
}

/// Matches every peer of the devices.
pub fn link(devices: &[Device]) -> Links {
    let mut graph = UnGraph::new_undirected();
    let mut speakers = Vec::new();
    // Speakers by device and VRF: a flat list sorted once, searched by
    // bisection.
    let mut by_vrf: Vec<(usize, &str, SpeakerId)> = Vec::new();
    for (d, device) in devices.iter().enumerate() {
        for (i, instance) in device.bgp.iter().enumerate() {
            // Only confederation members need the list.
            let members = match instance.confederation {
                Some(_) => {
                    let mut m = instance.confederation_peers.clone();
                    m.push(instance.asn);
                    m
                }
                None => Vec::new(),
            };
            for (s, scope) in instance.scopes.iter().enumerate() {
                // A scope without peers or groups (the public network of a
                // PE that only peers in VPNs) speaks to nobody.
                if scope.peers.is_empty() && scope.groups.is_empty() {
                    continue;
                }
                let id = speakers.len();
                // A VPN instance with an AS of its own is no confederation
                // member (NE40E `as-number`: the two exclude each other).
                let confederation = match instance.confederation {
                    Some((a, _)) if !scope.has_own_as() => Some(a),
                    _ => None,
                };
                speakers.push(Speaker {
                    device: d,
                    instance: i,
                    scope: s,
                    local_as: scope.local_as(instance.asn, true),
                    confederation,
                    confederation_members: members.clone(),
                    router_id: verdict::router_id(device, instance, scope),
                    allow_same_router_id: instance.allow_same_router_id,
                    node: graph.add_node(id),
                });
                by_vrf.push((d, scope.vrf.as_str(), id));
            }
        }
    }

    // Devices come in order, so only each device's VRFs need sorting.
    by_vrf.sort_unstable();
    let mut problems = Vec::new();
    let (mut peers, peer_ids) = crate::timed("graph: peers", || {
        configured_peers(devices, &speakers, &mut problems)
    });
    // Only addresses some peer points at need their owners known.
    let index = crate::timed("graph: address index", || {
        let targets: rustc_hash::FxHashSet<IpAddr> = peers.iter().map(|p| p.addr).collect();
        AddressIndex::new(devices, &targets)
    });

    let matcher = Matcher {
        devices,
        speakers: &speakers,
        index: &index,
        by_vrf: &by_vrf,
        peer_ids: &peer_ids,
    };
    // Each peer's status depends only on the others' settings: matched in
    // parallel, collected in order.
    let statuses: Vec<Status> = crate::timed("graph: matching", || {
        (0..peers.len())
            .into_par_iter()
            .map(|p| matcher.status(&peers, p))
            .collect()
    });
    for (end, status) in peers.iter_mut().zip(statuses) {
        end.status = status;
    }
    // A match that is not returned (the remote peer pairs with another
    // device that owns the same address) leaves this end without a peer.
    for p in 0..peers.len() {
        if let Status::Matched { remote } = peers[p].status
            && matches!(peers[remote].status, Status::Matched { remote: r } if r != p)
        {
            peers[p].status = Status::HalfOpen {
                owners: vec![speakers[peers[remote].speaker].device],
            };
        }
    }
    // A session that the remote end ignores is ignored at both ends.
    for p in 0..peers.len() {
        if let Status::Matched { remote } = peers[p].status
            && peers[remote].status == Status::Ignored
        {
            peers[p].status = Status::Ignored;
        }
    }
    // Source addresses that only a shared link tells.
    for p in 0..peers.len() {
        if peers[p].local_addr.is_some() {
            continue;
        }
        let remote_device = match &peers[p].status {
            Status::Matched { remote } => Some(speakers[peers[*remote].speaker].device),
            Status::Dynamic { speaker, .. } => Some(speakers[*speaker].device),
            _ => None,
        };
        if let Some(c) = remote_device {
            peers[p].local_addr = matcher.shared_link_source(&peers[p], c);
        }
    }

    // Each end's kind of session, and what keeps it from any session on
    // its own.
    let own: Vec<(verdict::SessionType, Blockers)> = crate::timed("graph: verdicts", || {
        (0..peers.len())
            .into_par_iter()
            .map(|p| {
                (
                    matcher.session_type(&peers[p]),
                    matcher.end_blockers(&peers, p),
                )
            })
            .collect()
    });
    for (end, (session_type, own)) in peers.iter_mut().zip(own) {
        end.session_type = session_type;
        end.blockers = own;
    }

    let mut sessions = Vec::new();
    let mut dynamic_sessions = Vec::new();
    for a in 0..peers.len() {
        match peers[a].status {
            Status::Matched { remote: b }
                if a < b && peers[b].status == (Status::Matched { remote: a }) =>
            {
                let a_to_b = can_open(&peers[a], peers[b].mode.mode, peers[b].addr);
                let b_to_a = can_open(&peers[b], peers[a].mode.mode, peers[a].addr);
                let mut blockers = peers[a]
                    .blockers
                    .union(peers[b].blockers)
                    .union(matcher.pair_blockers(&peers, a, b, [a_to_b, b_to_a]));
                if let Some(b) = blocker(peers[a].mode.mode, peers[b].mode.mode, a_to_b || b_to_a) {
                    blockers.add(b);
                }
                let edge = graph.add_edge(
                    speakers[peers[a].speaker].node,
                    speakers[peers[b].speaker].node,
                    Edge::Session(sessions.len()),
                );
                peers[a].session = Some(sessions.len());
                peers[b].session = Some(sessions.len());
                sessions.push(Session {
                    a,
                    b,
                    edge,
                    a_to_b,
                    b_to_a,
                    blockers,
                });
            }
            Status::Dynamic { speaker, group } => {
                // A dynamic group only accepts connections.
                let mut blockers = peers[a].blockers;
                if peers[a].mode.mode == Mode::ListenOnly {
                    blockers.add(Blocker::BothListenOnly);
                }
                let edge = graph.add_edge(
                    speakers[peers[a].speaker].node,
                    speakers[speaker].node,
                    Edge::Dynamic(dynamic_sessions.len()),
                );
                peers[a].session = Some(dynamic_sessions.len());
                dynamic_sessions.push(DynamicSession {
                    peer: a,
                    speaker,
                    group,
                    edge,
                    blockers,
                });
            }
            _ => {}
        }
    }

    Links {
        speakers,
        peers,
        sessions,
        dynamic_sessions,
        graph,
        problems,
    }
}

/// Whether `from` can open the session towards a remote end in mode
/// `to_mode` that has configured `expected` as the address of `from`.
fn can_open(from: &PeerEnd, to_mode: Mode, expected: IpAddr) -> bool {
    from.mode.mode != Mode::ListenOnly
        && to_mode != Mode::ConnectOnly
        && from.local_addr.is_none_or(|src| src == expected)
}

fn blocker(a: Mode, b: Mode, some_direction: bool) -> Option<Blocker> {
    match (a, b) {
        (Mode::ListenOnly, Mode::ListenOnly) => Some(Blocker::BothListenOnly),
        (Mode::ConnectOnly, Mode::ConnectOnly) => Some(Blocker::BothConnectOnly),
        _ if !some_direction => Some(Blocker::NoDirection),
        _ => None,
    }
}

/// Every peer with a remote AS, with its effective settings. Peers without
/// one are problems: VRP would not have created them.
fn configured_peers(
    devices: &[Device],
    speakers: &[Speaker],
    problems: &mut Vec<Problem>,
) -> (Vec<PeerEnd>, PeerSlots) {
    let first = starts(speakers.iter().map(|sp| {
        devices[sp.device].bgp[sp.instance].scopes[sp.scope]
            .peers
            .len()
    }));

    // One list with a place for every configured peer, each speaker's part
    // filled in parallel; the places of the peers VRP would not create are
    // then dropped in place. A network's peer ends are its largest list:
    // it is written once, not gathered per speaker and copied.
    let mut ends: Vec<Option<PeerEnd>> = Vec::new();
    ends.resize_with(first[speakers.len()], || None);
    problems.par_extend(
        cut(&mut ends, &first)
            .into_par_iter()
            .zip(speakers.par_iter().enumerate())
            .flat_map_iter(|(part, (id, sp))| speaker_peers(&devices[sp.device], id, sp, part)),
    );
    let mut slots = vec![NO_PEER; ends.len()];
    let mut next = 0;
    for (slot, end) in slots.iter_mut().zip(&ends) {
        if end.is_some() {
            *slot = next;
            next += 1;
        }
    }
    (settle(ends), PeerSlots { first, slots })
}

/// Where each of consecutive parts of the given lengths starts in one list,
/// and, last, where the list ends.
fn starts(lens: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(lens.scan(0, |end, n| {
        *end += n;
        Some(*end)
    }));
    starts
}

/// The places of a list that were filled, in order, in the list's own
/// memory (`filter_map` over the list's items reuses it; `flatten` would
/// copy them to a new one).
#[allow(clippy::filter_map_identity)]
fn settle<T>(list: Vec<Option<T>>) -> Vec<T> {
    list.into_iter().filter_map(|item| item).collect()
}

/// `list` cut into its consecutive parts that start at `starts` (the last
/// of which is where the list ends), to be filled each on its own.
fn cut<'a, T>(mut list: &'a mut [T], starts: &[usize]) -> Vec<&'a mut [T]> {
    starts
        .windows(2)
        .map(|w| {
            let (part, rest) = std::mem::take(&mut list).split_at_mut(w[1] - w[0]);
            list = rest;
            part
        })
        .collect()
}

/// No peer end: the peer line made none (VRP would not create the peer).
const NO_PEER: u32 = u32::MAX;

/// The peer end of each configured peer, by speaker and position in its
/// scope: one array, no hashing.
struct PeerSlots {
    /// Where each speaker's peers start in `slots` (and, last, the end).
    first: Vec<usize>,
    slots: Vec<u32>,
}

impl PeerSlots {
    fn get(&self, speaker: SpeakerId, index: usize) -> Option<PeerId> {
        let slot = *self.slots.get(self.first.get(speaker)? + index)?;
        (slot != NO_PEER).then_some(slot as PeerId)
    }
}

/// The peer ends of one speaker, each in its place in `ends`, and the
/// notices about the peers VRP would refuse (their places stay empty).
fn speaker_peers(
    device: &Device,
    id: SpeakerId,
    sp: &Speaker,
    ends: &mut [Option<PeerEnd>],
) -> Vec<Problem> {
    let instance = &device.bgp[sp.instance];
    let scope = &instance.scopes[sp.scope];
    let mut problems = Vec::new();
    for ((index, peer), place) in scope.peers.iter().enumerate().zip(ends) {
        let local_as = scope.local_as(instance.asn, peer.addr.is_ipv4());
        let Some((remote_as, remote_as_span)) = scope.effective_as(peer, local_as) else {
            // A member of a group that does not exist is already an
            // `undefined-group` finding.
            let missing_group = peer.group.current().is_some() && scope.group_of(peer).is_none();
            if !missing_group {
                let message = match device.vendor {
                    crate::model::Vendor::Huawei => format!(
                        "peer {} on {} has no AS number (neither its own nor its group's); VRP does not create such a peer",
                        peer.addr, device.name
                    ),
                    _ => format!(
                        "neighbor {} on {} has no remote AS (neither its own nor its group's): it has no session",
                        peer.addr, device.name
                    ),
                };
                problems.push(Problem {
                    span: peer.decl,
                    message,
                });
            }
            continue;
        };
        *place = Some(PeerEnd {
            speaker: id,
            index,
            addr: peer.addr,
            local_as,
            // A fake AS "takes effect only for EBGP peers" (NE40E `peer
            // fake-as`): towards a peer of the local AS it is not used.
            fake_as: scope
                .effective_fake_as(peer)
                .filter(|_| remote_as != local_as),
            remote_as,
            remote_as_span,
            families: verdict::families(instance, scope, peer),
            blockers: Blockers::default(),
            session_type: verdict::SessionType::Ebgp,
            mode: scope.effective_mode(peer),
            local_addr: configured_source(device, scope, peer),
            status: Status::UnknownRemote,
            session: None,
        });
    }
    problems
}

/// The source address a peer's own configuration tells: its
/// `connect-interface`, else the device's interface on the peer's subnet
/// (the longest prefix wins).
fn configured_source(device: &Device, scope: &Scope, peer: &Peer) -> Option<IpAddr> {
    let v4 = peer.addr.is_ipv4();
    match scope.effective_source(peer).map(|(src, _)| src) {
        Some(ConnectSource::Address(a)) | Some(ConnectSource::InterfaceAddress(_, a)) => Some(*a),
        Some(ConnectSource::Interface(name)) => device
            .interface(name)
            .and_then(|i| i.addresses.iter().find(|a| a.addr.is_ipv4() == v4))
            .map(|a| a.addr),
        // Subnets first (integer tests), VRFs (name lookups) only for the
        // interfaces on the peer's subnet.
        None => device
            .interfaces
            .iter()
            .flat_map(|i| i.addresses.iter().map(move |a| (i, a)))
            .filter(|(_, a)| a.addr != peer.addr && a.contains(peer.addr))
            .filter(|(i, _)| effective_vrf(device, i) == scope.vrf)
            .map(|(_, a)| a)
            .max_by_key(|a| a.prefix)
            .map(|a| a.addr),
    }
}

struct Matcher<'a> {
    devices: &'a [Device],
    speakers: &'a [Speaker],
    index: &'a AddressIndex<'a>,
    by_vrf: &'a [(usize, &'a str, SpeakerId)],
    peer_ids: &'a PeerSlots,
}

impl Matcher<'_> {
    /// The speakers of a device in a VRF (one per BGP instance).
    fn speakers_of<'s>(
        &'s self,
        device: usize,
        vrf: &'s str,
    ) -> impl Iterator<Item = SpeakerId> + 's {
        // The device's speakers by number alone (a device has few), then
        // its VRF among them.
        let start = self.by_vrf.partition_point(|e| e.0 < device);
        self.by_vrf[start..]
            .iter()
            .take_while(move |e| e.0 == device)
            .filter(move |e| e.1 == vrf)
            .map(|e| e.2)
    }

    fn scope(&self, s: SpeakerId) -> &Scope {
        let sp = &self.speakers[s];
        &self.devices[sp.device].bgp[sp.instance].scopes[sp.scope]
    }

    fn status(&self, peers: &[PeerEnd], p: PeerId) -> Status {
        let end = &peers[p];
        let sp = &self.speakers[end.speaker];
        let scope = self.scope(end.speaker);
        if scope.is_ignored(&scope.peers[end.index]) {
            return Status::Ignored;
        }
        let v4 = end.addr.is_ipv4();
        // Short lists, held in place: this runs once per peer.
        let mine: SmallVec<[&IfAddr; 16]> = self
            .index
            .own(sp.device, &scope.vrf)
            .filter(|a| a.addr.is_ipv4() == v4)
            .collect();
        let mut compatible: SmallVec<[PeerId; 2]> = SmallVec::new();
        let mut mismatched: SmallVec<[PeerId; 2]> = SmallVec::new();
        let mut dynamic: SmallVec<[(SpeakerId, usize); 2]> = SmallVec::new();
        let mut owner_devices: SmallVec<[usize; 2]> = SmallVec::new();
        for &(_, c, vrf) in self.index.owners(end.addr) {
            // The device's own address in the peer's VRF is no remote end;
            // in another VRF it is (two VPN instances cabled together).
            if c == sp.device && vrf == scope.vrf.as_str() {
                continue;
            }
            owner_devices.push(c);
            for cs in self.speakers_of(c, vrf) {
                let csp = &self.speakers[cs];
                let cscope = self.scope(cs);
                for a in &mine {
                    let Some(q) = cscope.peer_position(a.addr) else {
                        continue;
                    };
                    let Some(qid) = self.peer_ids.get(cs, q) else {
                        continue;
                    };
                    if compatible.contains(&qid) || mismatched.contains(&qid) {
                        continue;
                    }
                    let q = &peers[qid];
                    let agree = end.presents(sp, q.local_as).accepts(q.remote_as)
                        && q.presents(csp, end.local_as).accepts(end.remote_as);
                    if agree {
                        compatible.push(qid);
                    } else {
                        mismatched.push(qid);
                    }
                }
                if let Some(g) = self.dynamic_group(end, sp, &mine, cs) {
                    dynamic.push((cs, g));
                }
            }
        }
        if compatible.len() > 1
            && let Some(src) = end.local_addr
        {
            // The remote peer aimed at this end's own source address wins.
            let aimed: SmallVec<[PeerId; 2]> = compatible
                .iter()
                .copied()
                .filter(|&q| peers[q].addr == src)
                .collect();
            if aimed.len() == 1 {
                compatible = aimed;
            }
        }
        if compatible.len() > 1 {
            // The same subnet reused in several VRFs between the same
            // routers (VRF-lite, an MLAG pair's peer links): the remote
            // peer in the VRF of the same name is the one this end's
            // interface faces.
            let same_vrf: SmallVec<[PeerId; 2]> = compatible
                .iter()
                .copied()
                .filter(|&q| self.scope(peers[q].speaker).vrf == scope.vrf)
                .collect();
            if same_vrf.len() == 1 {
                compatible = same_vrf;
            }
        }
        owner_devices.sort_unstable();
        owner_devices.dedup();
        match (compatible.as_slice(), mismatched.first(), dynamic.first()) {
            ([q], _, _) => Status::Matched { remote: *q },
            ([], Some(&q), _) => Status::AsMismatch { remote: q },
            ([], None, Some(&(speaker, group))) => Status::Dynamic { speaker, group },
            ([], None, None) if owner_devices.is_empty() => Status::UnknownRemote,
            ([], None, None) => Status::HalfOpen {
                owners: owner_devices.into_vec(),
            },
            (many, _, _) => Status::MultipleRemotes {
                remotes: many.to_vec(),
            },
        }
    }

    /// A dynamic group on `cs` that accepts this peer: its `listen-net`
    /// holds the peer's source address (any address of the device when the
    /// source is unknown) and its kind and `listen-as` admit the peer's AS.
    fn dynamic_group(
        &self,
        end: &PeerEnd,
        sp: &Speaker,
        mine: &[&IfAddr],
        cs: SpeakerId,
    ) -> Option<usize> {
        let csp = &self.speakers[cs];
        let cscope = self.scope(cs);
        let process = self.devices[csp.device].bgp[csp.instance].asn;
        let group_as = cscope.local_as(process, end.addr.is_ipv4());
        if end.remote_as != csp.seen_as(group_as, end.local_as) {
            return None;
        }
        let from_ok = |net: &(IpAddr, u8, Span)| {
            let range = IfAddr {
                addr: net.0,
                prefix: net.1,
                secondary: false,
                span: net.2,
            };
            match end.local_addr {
                Some(src) => range.contains(src),
                None => mine.iter().any(|a| range.contains(a.addr)),
            }
        };
        let seen = end.presents(sp, group_as);
        cscope.groups.iter().position(|g| {
            g.dynamic
                && g.listen_nets.iter().any(from_ok)
                && match g.kind {
                    GroupKind::Internal => seen.accepts(group_as),
                    GroupKind::External | GroupKind::ConfederationExternal => {
                        g.listen_any_as || g.listen_as.iter().any(|(a, _)| seen.accepts(*a))
                    }
                }
        })
    }

    fn session_type(&self, end: &PeerEnd) -> verdict::SessionType {
        let sp = &self.speakers[end.speaker];
        verdict::session_type(&self.devices[sp.device], self.scope(end.speaker), sp, end)
    }

    /// What keeps an end from any session on its own.
    fn end_blockers(&self, peers: &[PeerEnd], p: PeerId) -> Blockers {
        let end = &peers[p];
        let sp = &self.speakers[end.speaker];
        let device = &self.devices[sp.device];
        let scope = self.scope(end.speaker);
        let peer = &scope.peers[end.index];
        let mut out = Blockers::default();
        if end.families.is_empty() {
            out.add(Blocker::NotEnabled);
        }
        if verdict::missing_source(device, scope, peer).is_some() {
            out.add(Blocker::MissingSource);
        } else if device.interfaces.iter().any(|i| i.shutdown().is_some())
            && verdict::source_interface(device, scope, peer, end.local_addr)
                .is_some_and(|i| verdict::shut(device, i).is_some())
        {
            out.add(Blocker::SourceDown);
        }
        if end.status == Status::Ignored {
            out.add(Blocker::Ignored);
        }
        out
    }

    /// What two ends of a session disagree on: hop limits, GTSM, TCP
    /// authentication, router IDs.
    fn pair_blockers(&self, peers: &[PeerEnd], a: PeerId, b: PeerId, opens: [bool; 2]) -> Blockers {
        use verdict::SessionType;
        let mut out = Blockers::default();
        let side = |p: PeerId| {
            let end = &peers[p];
            let sp = &self.speakers[end.speaker];
            let scope = self.scope(end.speaker);
            let peer = &scope.peers[end.index];
            let ttl = scope.ttl(peer);
            (
                sp,
                end.session_type,
                ttl.max_hop.map(|(n, _)| n),
                ttl.gtsm.map(|(n, _)| n),
                scope.effective(peer, |m| &m.auth).map(|(auth, _)| auth),
            )
        };
        let (spa, ta, hop_a, gtsm_a, auth_a) = side(a);
        let (spb, tb, hop_b, gtsm_b, auth_b) = side(b);
        let ebgp = |t: SessionType| {
            matches!(
                t,
                SessionType::EbgpDirect | SessionType::EbgpMultihop | SessionType::Ebgp
            )
        };
        // NE40E `peer ebgp-max-hop`: without it EBGP runs over a directly
        // connected link only; between loopbacks it needs 2 or more, at
        // both ends (each sends with its own limit). A direction is
        // multihop when the end that dials does it from an address not on
        // a subnet with the address it dials. The hop limit blocks a
        // session when every direction that modes and source addresses
        // leave open is multihop and an end lacks it. GTSM peers count as
        // indirectly connected and take no `ebgp-max-hop`.
        if ebgp(ta) && ebgp(tb) && gtsm_a.is_none() && gtsm_b.is_none() {
            let short = |hop: Option<u8>| hop.unwrap_or(1) < 2;
            let hops_ok = !(short(hop_a) || short(hop_b));
            let usable =
                |open: bool, t: SessionType| open && (t != SessionType::EbgpMultihop || hops_ok);
            if (opens[0] || opens[1]) && !usable(opens[0], ta) && !usable(opens[1], tb) {
                out.add(Blocker::HopLimit);
            }
        }
        // NE40E `peer valid-ttl-hops`: GTSM accepts TTLs from 255-N+1 up;
        // an EBGP end without it sends its `ebgp-max-hop` (1 by default).
        // The TTL an IBGP end sends is not documented: not judged.
        let drops = |gtsm: Option<u8>,
                     other: SessionType,
                     other_hop: Option<u8>,
                     other_gtsm: Option<u8>| {
            let Some(n) = gtsm else { return false };
            other_gtsm.is_none()
                && verdict::sent_ttl(other, other_hop)
                    .is_some_and(|ttl| u16::from(ttl) < 256 - u16::from(n))
        };
        if drops(gtsm_a, tb, hop_b, gtsm_b) || drops(gtsm_b, ta, hop_a, gtsm_a) {
            out.add(Blocker::Gtsm);
        }
        if verdict::auth_differs(auth_a, auth_b) {
            out.add(Blocker::Auth);
        }
        // NE40E configuration guide, Starting a BGP Process: equal router
        // IDs never make an IBGP session, and an EBGP one only with
        // `router-id allow-same enable`. VRP's own choice of router ID is
        // not compared: it depends on the order of a restart. The guides
        // say nothing of confederation EBGP: not judged. Between two
        // devices of other vendors, no VRP end refuses: not judged either
        // (RFC 6286 lets EBGP peers share an ID, and vendors differ).
        let huawei = |sp: &Speaker| self.devices[sp.device].vendor == crate::model::Vendor::Huawei;
        if let (Some((ra, sa)), Some((rb, sb))) = (spa.router_id, spb.router_id)
            && (huawei(spa) || huawei(spb))
            && ra == rb
            && ta != SessionType::Confed
            && sa != verdict::RouterIdSource::Auto
            && sb != verdict::RouterIdSource::Auto
            && (ta == SessionType::Ibgp || !(spa.allow_same_router_id || spb.allow_same_router_id))
        {
            out.add(Blocker::SameRouterId);
        }
        out
    }

    /// The address a peer dials from when only a link to the remote device
    /// can tell: its interface on a subnet that holds one of the remote
    /// device's addresses. A shut interface carries no route, so it is no
    /// such link.
    fn shared_link_source(&self, end: &PeerEnd, remote_device: usize) -> Option<IpAddr> {
        let sp = &self.speakers[end.speaker];
        let vrf = &self.scope(end.speaker).vrf;
        let device = &self.devices[sp.device];
        let down: Vec<crate::source::Span> = device
            .interfaces
            .iter()
            .filter(|i| verdict::shut(device, i).is_some())
            .flat_map(|i| i.addresses.iter().map(|a| a.span))
            .collect();
        let v4 = end.addr.is_ipv4();
        let theirs: Vec<IpAddr> = self
            .index
            .device(remote_device)
            .map(|a| a.addr)
            .filter(|a| a.is_ipv4() == v4)
            .collect();
        let mut links: Vec<&IfAddr> = self
            .index
            .own(sp.device, vrf)
            .filter(|a| {
                a.addr.is_ipv4() == v4
                    && !down.contains(&a.span)
                    && theirs.iter().any(|t| *t != a.addr && a.contains(*t))
            })
            .collect();
        links.sort_by_key(|a| (a.span, a.addr));
        links.dedup_by_key(|a| a.addr);
        match links.as_slice() {
            [one] => Some(one.addr),
            _ => None,
        }
    }
}
