//! The network: every device's BGP speakers, the status of every configured
//! peer, and the sessions between them, held in a petgraph graph whose
//! nodes are speakers (device, BGP instance, VRF) and whose edges are
//! sessions.
//!
//! Matching works on addresses, never on all pairs: an index maps each
//! interface address to the devices (and VRFs) that own it; a peer looks up
//! its remote address there and then asks each owner whether one of its
//! peers points back at an address of its own device, in its own VRF.

use std::collections::HashMap;
use std::net::IpAddr;

use petgraph::graph::{EdgeIndex, NodeIndex, UnGraph};

use crate::model::{Asn, ConnectSource, Device, EffectiveMode, PUBLIC_VRF, Peer, Scope};
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
    pub local_as: Asn,
    pub node: NodeIndex,
}

/// Why a peer has, or has not, a remote end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// One compatible remote end.
    Matched { remote: PeerId },
    /// The address belongs to devices in the input, none of which has a
    /// peer back.
    HalfOpen { owners: Vec<usize> },
    /// No device in the input owns the address.
    UnknownRemote,
    /// Several compatible remote ends.
    MultipleRemotes { remotes: Vec<PeerId> },
    /// The owner points back, but an AS number disagrees.
    AsMismatch { remote: PeerId },
    /// `peer X ignore` on this end (or its group).
    Ignored,
}

impl Status {
    pub fn name(&self) -> &'static str {
        match self {
            Status::Matched { .. } => "matched",
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
    pub remote_as: Asn,
    /// The line that gives the remote AS.
    pub remote_as_span: Span,
    pub mode: EffectiveMode,
    /// The local address the session is opened from, when it can be known.
    pub local_addr: Option<IpAddr>,
    pub status: Status,
}

/// A session: two peers that point at each other.
#[derive(Debug)]
pub struct Session {
    pub a: PeerId,
    pub b: PeerId,
    pub edge: EdgeIndex,
}

/// A fact about the network that stops a peer from being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphProblem {
    pub span: Span,
    pub message: String,
}

#[derive(Debug)]
pub struct Network {
    pub devices: Vec<Device>,
    pub speakers: Vec<Speaker>,
    pub peers: Vec<PeerEnd>,
    pub sessions: Vec<Session>,
    pub graph: UnGraph<SpeakerId, usize>,
    pub problems: Vec<GraphProblem>,
}

impl Network {
    pub fn speaker_scope(&self, s: SpeakerId) -> (&Device, &Scope) {
        let sp = &self.speakers[s];
        let device = &self.devices[sp.device];
        (device, &device.bgp[sp.instance].scopes[sp.scope])
    }

    /// The model's peer behind a peer end, with its scope and device.
    pub fn peer(&self, p: PeerId) -> (&Device, &Scope, &Peer) {
        let end = &self.peers[p];
        let (device, scope) = self.speaker_scope(end.speaker);
        (device, scope, &scope.peers[end.index])
    }

    /// `peer 10.0.0.2 in vpn-instance A on PE1` style description.
    pub fn describe(&self, p: PeerId) -> String {
        let end = &self.peers[p];
        let sp = &self.speakers[end.speaker];
        let (device, scope) = self.speaker_scope(end.speaker);
        let instance = &device.bgp[sp.instance];
        let mut s = format!("peer {}", end.addr);
        if !scope.is_public() {
            s.push_str(&format!(" in vpn-instance {}", scope.vrf));
        }
        if let Some(name) = &instance.name {
            s.push_str(&format!(" of bgp instance {name}"));
        }
        s.push_str(&format!(" on {}", device.name));
        s
    }
}

/// The VRF an interface's addresses belong to. A binding to a VPN instance
/// the device never defines leaves the interface in the public network, as
/// the device would.
fn effective_vrf<'d>(device: &'d Device, iface: &'d crate::model::Interface) -> &'d str {
    match &iface.vpn {
        Some((v, _)) if device.vpn_instances.iter().any(|(n, _)| n == v) => v,
        _ => PUBLIC_VRF,
    }
}

/// Builds the network from the devices and matches every peer.
pub fn build(devices: Vec<Device>) -> Network {
    // Address ownership: address -> (device, vrf) pairs.
    let mut owners: HashMap<IpAddr, Vec<(usize, &str)>> = HashMap::new();
    // Per device and VRF, the addresses it owns.
    let mut own: HashMap<(usize, &str), Vec<&crate::model::IfAddr>> = HashMap::new();
    for (d, device) in devices.iter().enumerate() {
        for iface in &device.interfaces {
            let vrf = effective_vrf(device, iface);
            for a in &iface.addresses {
                let list = owners.entry(a.addr).or_default();
                if !list.contains(&(d, vrf)) {
                    list.push((d, vrf));
                }
                own.entry((d, vrf)).or_default().push(a);
            }
        }
    }

    let mut graph = UnGraph::new_undirected();
    let mut speakers = Vec::new();
    let mut by_vrf: HashMap<(usize, &str), Vec<SpeakerId>> = HashMap::new();
    for (d, device) in devices.iter().enumerate() {
        for (i, instance) in device.bgp.iter().enumerate() {
            for (s, scope) in instance.scopes.iter().enumerate() {
                let id = speakers.len();
                let node = graph.add_node(id);
                speakers.push(Speaker {
                    device: d,
                    instance: i,
                    scope: s,
                    local_as: instance.asn,
                    node,
                });
                by_vrf.entry((d, scope.vrf.as_str())).or_default().push(id);
            }
        }
    }

    // Every configured peer with its effective settings.
    let mut peers = Vec::new();
    let mut problems = Vec::new();
    let mut peer_ids: HashMap<(SpeakerId, usize), PeerId> = HashMap::new();
    for (id, sp) in speakers.iter().enumerate() {
        let device = &devices[sp.device];
        let scope = &device.bgp[sp.instance].scopes[sp.scope];
        for (index, peer) in scope.peers.iter().enumerate() {
            let Some((remote_as, remote_as_span)) = scope.effective_as(peer, sp.local_as) else {
                // A member of a group that does not exist is already an
                // `undefined-group` finding.
                let missing_group =
                    peer.group.current().is_some() && scope.group_of(peer).is_none();
                if missing_group {
                    continue;
                }
                problems.push(GraphProblem {
                    span: peer.decl,
                    message: format!(
                        "peer {} on {} has no AS number (neither its own nor its group's); VRP does not create such a peer",
                        peer.addr, device.name
                    ),
                });
                continue;
            };
            let local_addr = local_address(device, scope, peer);
            peer_ids.insert((id, index), peers.len());
            peers.push(PeerEnd {
                speaker: id,
                index,
                addr: peer.addr,
                remote_as,
                remote_as_span,
                mode: scope.effective_mode(peer),
                local_addr,
                status: Status::UnknownRemote,
            });
        }
    }

    // Matching.
    for p in 0..peers.len() {
        let end = &peers[p];
        let sp = &speakers[end.speaker];
        let device = &devices[sp.device];
        let scope = &device.bgp[sp.instance].scopes[sp.scope];
        if scope.is_ignored(&scope.peers[end.index]) {
            peers[p].status = Status::Ignored;
            continue;
        }
        let mine: &[&crate::model::IfAddr] = own
            .get(&(sp.device, scope.vrf.as_str()))
            .map_or(&[], Vec::as_slice);
        let mut compatible = Vec::new();
        let mut mismatched = Vec::new();
        let mut owner_devices = Vec::new();
        for &(c, vrf) in owners.get(&end.addr).map_or(&[][..], Vec::as_slice) {
            if c == sp.device {
                continue;
            }
            owner_devices.push(c);
            for &cs in by_vrf.get(&(c, vrf)).map_or(&[][..], Vec::as_slice) {
                let csp = &speakers[cs];
                let cscope = &devices[c].bgp[csp.instance].scopes[csp.scope];
                for a in mine
                    .iter()
                    .filter(|a| a.addr.is_ipv4() == end.addr.is_ipv4())
                {
                    let Some(q) = cscope.peer_position(a.addr) else {
                        continue;
                    };
                    let Some(&qid) = peer_ids.get(&(cs, q)) else {
                        continue;
                    };
                    if compatible.contains(&qid) || mismatched.contains(&qid) {
                        continue;
                    }
                    let q_end = &peers[qid];
                    if q_end.remote_as == sp.local_as && end.remote_as == csp.local_as {
                        compatible.push(qid);
                    } else {
                        mismatched.push(qid);
                    }
                }
            }
        }
        if compatible.len() > 1 {
            // The remote peer aimed at this end's own source address wins.
            if let Some(src) = end.local_addr {
                let aimed: Vec<PeerId> = compatible
                    .iter()
                    .copied()
                    .filter(|&q| peers[q].addr == src)
                    .collect();
                if aimed.len() == 1 {
                    compatible = aimed;
                }
            }
        }
        owner_devices.sort_unstable();
        owner_devices.dedup();
        peers[p].status = match (compatible.as_slice(), mismatched.first()) {
            ([q], _) => Status::Matched { remote: *q },
            ([], Some(&q)) => Status::AsMismatch { remote: q },
            ([], None) if owner_devices.is_empty() => Status::UnknownRemote,
            ([], None) => Status::HalfOpen {
                owners: owner_devices,
            },
            (many, _) => Status::MultipleRemotes {
                remotes: many.to_vec(),
            },
        };
    }

    // Sessions: pairs of peers matched to each other.
    let mut sessions = Vec::new();
    for a in 0..peers.len() {
        if let Status::Matched { remote: b } = peers[a].status
            && a < b
            && peers[b].status == (Status::Matched { remote: a })
        {
            let edge = graph.add_edge(
                speakers[peers[a].speaker].node,
                speakers[peers[b].speaker].node,
                sessions.len(),
            );
            sessions.push(Session { a, b, edge });
        }
    }

    Network {
        devices,
        speakers,
        peers,
        sessions,
        graph,
        problems,
    }
}

/// The address a peer's session starts from: its `connect-interface`, else
/// the device's interface on the peer's subnet (the longest prefix wins).
/// `None` when it cannot be known (multihop without `connect-interface`).
fn local_address(device: &Device, scope: &Scope, peer: &Peer) -> Option<IpAddr> {
    let v4 = peer.addr.is_ipv4();
    match scope.effective_source(peer) {
        Some(ConnectSource::Address(a)) | Some(ConnectSource::InterfaceAddress(_, a)) => {
            return Some(*a);
        }
        Some(ConnectSource::Interface(name)) => {
            return device
                .interface(name)
                .and_then(|i| i.addresses.iter().find(|a| a.addr.is_ipv4() == v4))
                .map(|a| a.addr);
        }
        None => {}
    }
    device
        .interfaces
        .iter()
        .filter(|i| effective_vrf(device, i) == scope.vrf)
        .flat_map(|i| i.addresses.iter())
        .filter(|a| a.addr != peer.addr && a.contains(peer.addr))
        .max_by_key(|a| a.prefix)
        .map(|a| a.addr)
}
