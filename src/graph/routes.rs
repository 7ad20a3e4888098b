//! Routes over the peering graph: for every address family, which
//! speakers' routes reach which other speakers under IBGP's rules.
//!
//! The sessions that can establish with a family enabled at both ends, and
//! that stay inside an AS (IBGP) or a confederation (between member ASs),
//! are read from [`Network::graph`]: one undirected petgraph graph per
//! family, whose connected components are the routing domains. Within a
//! domain a route moves under these rules:
//! - a speaker sends the routes it originates, and those it learned over
//!   EBGP or from another member AS of its confederation, to every peer;
//! - a route learned over IBGP is passed on only by a route reflector
//!   (NE40E `peer reflect-client`): from a client to every IBGP peer, from
//!   a non-client to its clients only; `undo reflect between-clients`
//!   stops client-to-client reflection (NE40E `reflect between-clients`);
//! - a reflector adds its cluster ID (`reflector cluster-id`, else its
//!   router ID: NE40E `reflector cluster-id`) to the route's cluster list
//!   when it reflects, and drops a route whose cluster list holds its own;
//! - a route crosses between member ASs of a confederation as over EBGP:
//!   the member AS boundary is where propagation starts again.
//!
//! Route policies and best-path selection are not modelled:
//! a route counts as reaching a speaker when any path these rules allow
//! carries it there, so a gap reported is a gap in every case.
//!
//! Speakers that behave alike are taken together: those with the same
//! neighbours in the same roles (clients of the same reflectors, or the
//! members of a full mesh) form one class, and the search runs over
//! classes. A route's state at a class is how it was learned and which of
//! the cluster IDs that several reflectors share it has passed; these
//! states and the moves between them form a directed petgraph graph, whose
//! strongly connected components, taken in reverse topological order, give
//! every class the classes its routes reach.

use petgraph::algo::articulation_points::articulation_points;
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex, UnGraph};
use petgraph::unionfind::UnionFind;
use rustc_hash::{FxHashMap, FxHashSet};

use super::verdict::{Families, SessionType};
use super::{Edge, Network, PeerId, SpeakerId, Status};
use crate::model::Family;
use crate::source::Span;

/// The families whose propagation is followed.
pub const FAMILIES: [Family; 5] = [
    Family::Ipv4Unicast,
    Family::Ipv6Unicast,
    Family::Vpnv4,
    Family::Vpnv6,
    Family::Evpn,
];

/// The most classes of speakers a domain's search takes on: the gaps are
/// pairs of classes.
pub const MAX_CLASSES: usize = 500;

/// The most states of routes the searches of one domain take on (a route's
/// state holds the shared cluster IDs it has passed, which can multiply).
pub const MAX_STATES: usize = 200_000;

/// Propagation in every family that has IBGP sessions.
#[derive(Debug, Default)]
pub struct Routes {
    pub families: Vec<FamilyRoutes>,
}

/// Propagation in one family.
#[derive(Debug)]
pub struct FamilyRoutes {
    pub family: Family,
    /// The sessions that carry the family inside an AS or confederation:
    /// [`Network::graph`] with its other sessions left out (node indices
    /// are the same; edge weights are indices in [`Network::sessions`]).
    pub graph: UnGraph<SpeakerId, usize>,
    /// The speakers that reflect routes in this family.
    pub reflectors: Vec<Reflector>,
    /// The reflectors whose loss splits a domain (articulation points of
    /// the graph).
    pub cut_points: FxHashSet<SpeakerId>,
    pub domains: Vec<Domain>,
    /// By speaker: whether it has routes of this family to send (see
    /// [`origins`]).
    pub origin: Vec<bool>,
    /// The UPEs of a HoVPN: their SPE sends them a default route instead
    /// of the routes (NE40E `peer upe`), so they miss none.
    pub upes: FxHashSet<SpeakerId>,
}

/// A speaker with route reflector clients in one family.
#[derive(Debug)]
pub struct Reflector {
    pub speaker: SpeakerId,
    /// Its cluster ID and the `reflector cluster-id` line; `None` for the
    /// line when it is the router ID.
    pub cluster_id: Option<(u32, Option<Span>)>,
    /// The cluster ID as written (a router ID's dotted).
    pub cluster_text: Option<String>,
    /// Its clients whose sessions carry the family and can establish.
    pub clients: Vec<Client>,
    pub between_clients_off: Option<Span>,
}

/// A reflector's client.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Client {
    pub speaker: SpeakerId,
    /// The `peer X|G reflect-client` (or `peer X upe`) line on the
    /// reflector.
    pub line: Span,
    /// The reflector's peer towards it (`None` for a dynamic group's
    /// member).
    pub peer: Option<PeerId>,
}

/// The speakers a family's routes can travel between (a connected
/// component of its graph), in classes of speakers that behave alike.
#[derive(Debug)]
pub struct Domain {
    /// Sorted.
    pub speakers: Vec<SpeakerId>,
    /// Each class's speakers, sorted; classes in the order of their first
    /// speaker.
    pub classes: Vec<Vec<SpeakerId>>,
    /// Each speaker's class, by speaker.
    pub class_of: FxHashMap<SpeakerId, usize>,
    /// Whether it was searched: a domain of more than [`MAX_CLASSES`]
    /// classes (speakers that all peer differently, with no reflector
    /// design), or whose searches take more than [`MAX_STATES`] states,
    /// is not.
    pub searched: bool,
    /// The routes that never arrive, by cause.
    pub gaps: Vec<Gap>,
}

/// Pairs of classes where one's routes never reach the other.
#[derive(Debug)]
pub struct Gap {
    pub cause: Cause,
    /// (origin class, receiving class), sorted. An origin class that is
    /// its own receiver: its speakers miss each other's routes.
    pub pairs: Vec<(usize, usize)>,
    /// The speakers that miss routes they would use, sorted.
    pub receivers: Vec<SpeakerId>,
}

/// Why routes do not arrive.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cause {
    /// Reflectors sharing this cluster ID drop what the others reflect.
    ClusterId(u32),
    /// These reflectors do not reflect between their clients.
    BetweenClients(Vec<SpeakerId>),
    /// No session and no reflector carries them.
    NoPath,
}

impl FamilyRoutes {
    /// Whether `r` would use routes `o` sends: every route of a unicast
    /// family; in a VPN family and EVPN, a route whose export targets a VPN
    /// instance (or EVPN instance, or bridge domain) of `r` imports.
    pub fn wants(&self, net: &Network, o: SpeakerId, r: SpeakerId) -> bool {
        if o == r || !self.origin[o] {
            return false;
        }
        match self.family {
            f @ (Family::Vpnv4 | Family::Vpnv6 | Family::Evpn) => {
                let of = |s: SpeakerId| net.devices[net.speakers[s].device].route_targets.of(f);
                match (of(r), of(o)) {
                    (Some(r), Some(o)) => r.imports_any(&o.export),
                    _ => false,
                }
            }
            _ => true,
        }
    }

    /// The speakers whose routes `r` misses in a gap of a domain.
    pub fn missed_by(&self, net: &Network, d: &Domain, gap: &Gap, r: SpeakerId) -> Vec<SpeakerId> {
        let Some(&rc) = d.class_of.get(&r) else {
            return Vec::new();
        };
        let mut out: Vec<SpeakerId> = gap
            .pairs
            .iter()
            .filter(|(_, c)| *c == rc)
            .flat_map(|(o, _)| d.classes[*o].iter().copied())
            .filter(|&o| self.wants(net, o, r))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    pub fn reflector(&self, s: SpeakerId) -> Option<&Reflector> {
        self.reflectors
            .binary_search_by_key(&s, |r| r.speaker)
            .ok()
            .map(|i| &self.reflectors[i])
    }
}

/// A cluster ID as its line writes it: an IPv4 address or a number.
pub fn cluster_text(id: u32, dotted: bool) -> String {
    if dotted {
        std::net::Ipv4Addr::from(id).to_string()
    } else {
        id.to_string()
    }
}

impl Routes {
    pub fn family(&self, family: Family) -> Option<&FamilyRoutes> {
        self.families.iter().find(|f| f.family == family)
    }
}

/// How a session stands from one end, in one family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Rel {
    /// Between member ASs of a confederation.
    confed: bool,
    /// It can establish (else it is one the session rules report).
    up: bool,
    /// The other end is this end's client.
    their_reflector: bool,
    /// This end is the other end's client.
    my_reflector: bool,
}

/// A session from one end: the other end and how it stands.
type Neighbour = (SpeakerId, Rel);

const PLAIN: Rel = Rel {
    confed: false,
    up: true,
    their_reflector: false,
    my_reflector: false,
};

/// How a route was learned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Learned {
    /// Originated, or learned over EBGP or from another member AS.
    Own,
    FromClient,
    FromNonClient,
}

/// What a class of speakers does with routes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Behaviour {
    reflector: bool,
    /// Its bit among the cluster IDs several reflectors share.
    cluster_bit: Option<u8>,
    between_off: bool,
}

/// What a variant of the search leaves out, to find a gap's cause.
#[derive(Clone, Copy, Default)]
struct Variant {
    /// Cluster bits never dropped on.
    ignore_bits: u64,
    /// A class made to reflect between its clients.
    between_on: Option<usize>,
    /// Every session meant to carry the family taken as up.
    all_up: bool,
}

/// A domain reduced to classes: each class's behaviour, its size, and its
/// sessions with classes (deduplicated).
struct Quotient {
    behaviour: Vec<Behaviour>,
    size: Vec<usize>,
    edges: Vec<Vec<(usize, Rel)>>,
}

/// Each end's roles towards its remote, read once: the families in which
/// it reflects for the remote (`peer X reflect-client`, or `peer X upe`,
/// whose routes an SPE reflects too), and those in which the remote is its
/// UPE.
struct Roles {
    reflects: Vec<Families>,
    upe: Vec<Families>,
    /// The devices that own the addresses of ignored peers.
    owners: FxHashMap<std::net::IpAddr, Vec<usize>>,
}

/// The families in which an end reflects for its remote: its own or its
/// group's `peer X reflect-client` there.
pub fn reflects_for(net: &Network, p: PeerId) -> Families {
    let (_, scope, peer) = net.peer(p);
    Families::of(
        FAMILIES
            .into_iter()
            .filter(|f| scope.reflect_client(peer, *f).is_some()),
    )
}

/// Works out propagation in every family.
pub fn routes(net: &Network) -> Routes {
    use rayon::prelude::*;
    let (reflects, upe): (Vec<Families>, Vec<Families>) = (0..net.peers.len())
        .into_par_iter()
        .map(|p| {
            let (_, scope, peer) = net.peer(p);
            let upe = Families::of(
                FAMILIES
                    .into_iter()
                    .filter(|f| scope.upe(peer, *f).is_some()),
            );
            let reflects = Families::of(reflects_for(net, p).iter().chain(upe.iter()));
            (reflects, upe)
        })
        .unzip();
    // Who owns the address of an ignored peer: the session it would have.
    let ignored: FxHashSet<std::net::IpAddr> = net
        .peers
        .iter()
        .filter(|e| e.status == Status::Ignored)
        .map(|e| e.addr)
        .collect();
    let mut owners: FxHashMap<std::net::IpAddr, Vec<usize>> = FxHashMap::default();
    if !ignored.is_empty() {
        for (d, device) in net.devices.iter().enumerate() {
            for iface in &device.interfaces {
                for a in &iface.addresses {
                    if ignored.contains(&a.addr) {
                        owners.entry(a.addr).or_default().push(d);
                    }
                }
            }
        }
    }
    let roles = Roles {
        reflects,
        upe,
        owners,
    };
    let families = FAMILIES
        .par_iter()
        .filter_map(|&f| family_routes(net, &roles, f))
        .collect();
    Routes { families }
}

/// Whether a session is meant to carry a family inside an AS or
/// confederation (`Some`), between member ASs (`confed`), and whether it
/// can establish (`up`).
fn carries(net: &Network, session: usize, family: Family) -> Option<(bool, bool)> {
    let s = &net.sessions[session];
    let (a, b) = (&net.peers[s.a], &net.peers[s.b]);
    if !a.families.intersection(b.families).contains(family) {
        return None;
    }
    let up = s.blockers.is_empty();
    match (a.session_type, b.session_type) {
        (SessionType::Ibgp, SessionType::Ibgp) => Some((false, up)),
        (SessionType::Confed, SessionType::Confed) => Some((true, up)),
        _ => None,
    }
}

/// The same for a static peer accepted by a dynamic group: the group must
/// be enabled in the family (its own `peer G enable`, else IPv4 unicast in
/// the public network by default).
fn carries_dynamic(net: &Network, d: usize, family: Family) -> Option<(bool, bool)> {
    let ds = &net.dynamic_sessions[d];
    let end = &net.peers[ds.peer];
    if !end.families.contains(family) {
        return None;
    }
    let (_, scope) = net.speaker_scope(ds.speaker);
    let group = scope.groups.get(ds.group)?;
    let enabled = match group.settings.family(family) {
        Some(line) => line.enable,
        None => family == Family::Ipv4Unicast && scope.is_public(),
    };
    if !enabled {
        return None;
    }
    let up = ds.blockers.is_empty();
    match end.session_type {
        SessionType::Ibgp => Some((false, up)),
        SessionType::Confed => Some((true, up)),
        _ => None,
    }
}

/// The speakers a peer that has no session is meant to have one with: the
/// owner of a half-open or ignored peer's address (its speaker of the
/// peer's AS, in the public network), the remote of an AS mismatch, each
/// of several remotes. Only IBGP and confederation peers of the family.
fn intended(net: &Network, roles: &Roles, p: PeerId, family: Family) -> Vec<(SpeakerId, bool)> {
    let end = &net.peers[p];
    let confed = match end.session_type {
        SessionType::Ibgp => false,
        SessionType::Confed => true,
        _ => return Vec::new(),
    };
    if !end.families.contains(family) {
        return Vec::new();
    }
    // Speakers are made device by device: a device's are one run.
    let owner_speaker = |owner: usize| {
        let start = net.speakers.partition_point(|sp| sp.device < owner);
        (start..net.speakers.len())
            .take_while(|&t| net.speakers[t].device == owner)
            .find(|&t| {
                net.speakers[t].local_as == end.remote_as && net.speaker_scope(t).1.is_public()
            })
    };
    let public = net.speaker_scope(end.speaker).1.is_public();
    let targets: Vec<SpeakerId> = match &end.status {
        Status::HalfOpen { owners } if public => {
            owners.iter().filter_map(|&o| owner_speaker(o)).collect()
        }
        Status::Ignored if public => roles
            .owners
            .get(&end.addr)
            .map(|owners| owners.iter().filter_map(|&o| owner_speaker(o)).collect())
            .unwrap_or_default(),
        Status::AsMismatch { remote } => vec![net.peers[*remote].speaker],
        Status::MultipleRemotes { remotes } => {
            remotes.iter().map(|r| net.peers[*r].speaker).collect()
        }
        _ => Vec::new(),
    };
    targets.into_iter().map(|t| (t, confed)).collect()
}

fn family_routes(net: &Network, roles: &Roles, family: Family) -> Option<FamilyRoutes> {
    let reflects = |p: PeerId| roles.reflects[p].contains(family);
    let any = (0..net.sessions.len()).any(|s| carries(net, s, family).is_some())
        || (0..net.dynamic_sessions.len()).any(|d| carries_dynamic(net, d, family).is_some());
    if !any {
        return None;
    }
    // The sessions that can establish: what routes travel over.
    let graph: UnGraph<SpeakerId, usize> = net.graph.filter_map(
        |_, &s| Some(s),
        |_, edge| match *edge {
            Edge::Session(s) => carries(net, s, family).filter(|(_, up)| *up).map(|_| s),
            Edge::Dynamic(d) => carries_dynamic(net, d, family)
                .filter(|(_, up)| *up)
                .map(|_| d),
        },
    );
    let n = net.speakers.len();
    // Every speaker's sessions in the family, from its own end: those that
    // can establish, and those meant to that cannot (a blocked session, a
    // half-open, ignored or mismatched peer), whose gaps the session rules
    // report.
    let mut adj: Vec<Vec<(SpeakerId, Rel)>> = vec![Vec::new(); n];
    let mut clients: FxHashMap<SpeakerId, Vec<Client>> = FxHashMap::default();
    let mut upes: FxHashSet<SpeakerId> = FxHashSet::default();
    let mut link = |sa: SpeakerId, sb: SpeakerId, confed: bool, up: bool, ra: bool, rb: bool| {
        if sa == sb {
            return;
        }
        adj[sa].push((
            sb,
            Rel {
                confed,
                up,
                their_reflector: ra,
                my_reflector: rb,
            },
        ));
        adj[sb].push((
            sa,
            Rel {
                confed,
                up,
                their_reflector: rb,
                my_reflector: ra,
            },
        ));
    };
    // The reflector's line for a client.
    let client_line = |p: PeerId| {
        let (_, scope, peer) = net.peer(p);
        scope
            .reflect_client(peer, family)
            .or_else(|| scope.upe(peer, family))
            .unwrap_or(peer.decl)
    };
    for (i, s) in net.sessions.iter().enumerate() {
        let Some((confed, up)) = carries(net, i, family) else {
            continue;
        };
        let (ra, rb) = if confed {
            (false, false)
        } else {
            (reflects(s.a), reflects(s.b))
        };
        let (sa, sb) = (net.peers[s.a].speaker, net.peers[s.b].speaker);
        link(sa, sb, confed, up, ra, rb);
        for (p, from, to) in [(s.a, sa, sb), (s.b, sb, sa)] {
            if roles.upe[p].contains(family) && !confed {
                upes.insert(to);
            }
            if up && from != to && reflects(p) && !confed {
                clients.entry(from).or_default().push(Client {
                    speaker: to,
                    line: client_line(p),
                    peer: Some(p),
                });
            }
        }
    }
    for (d, ds) in net.dynamic_sessions.iter().enumerate() {
        let Some((confed, up)) = carries_dynamic(net, d, family) else {
            continue;
        };
        let (_, scope) = net.speaker_scope(ds.speaker);
        let group_line = scope
            .groups
            .get(ds.group)
            .and_then(|g| scope.group_reflects(g, family));
        let (ra, rb) = if confed {
            (false, false)
        } else {
            (reflects(ds.peer), group_line.is_some())
        };
        let sa = net.peers[ds.peer].speaker;
        link(sa, ds.speaker, confed, up, ra, rb);
        if up && sa != ds.speaker {
            if let Some(line) = group_line.filter(|_| !confed) {
                clients.entry(ds.speaker).or_default().push(Client {
                    speaker: sa,
                    line,
                    peer: None,
                });
            }
            if ra {
                clients.entry(sa).or_default().push(Client {
                    speaker: ds.speaker,
                    line: client_line(ds.peer),
                    peer: Some(ds.peer),
                });
            }
        }
    }
    for (p, end) in net.peers.iter().enumerate() {
        for (t, confed) in intended(net, roles, p, family) {
            let ra = !confed && reflects(p);
            link(end.speaker, t, confed, false, ra, false);
        }
    }
    for list in &mut adj {
        list.sort_unstable();
        list.dedup();
    }
    let mut reflectors: Vec<Reflector> = clients
        .into_iter()
        .map(|(speaker, mut clients)| {
            clients.sort_unstable();
            clients.dedup_by_key(|c| c.speaker);
            let (_, scope) = net.speaker_scope(speaker);
            let (cluster_id, cluster_text) = match scope.cluster_id_written(family) {
                Some((id, dotted, line)) => {
                    (Some((id, Some(line))), Some(cluster_text(id, dotted)))
                }
                None => match net.speakers[speaker].router_id {
                    Some((id, _)) => (Some((u32::from(id), None)), Some(id.to_string())),
                    None => (None, None),
                },
            };
            Reflector {
                speaker,
                cluster_id,
                cluster_text,
                clients,
                between_clients_off: scope.between_clients_off(family),
            }
        })
        .collect();
    reflectors.sort_by_key(|r| r.speaker);
    // Only a reflector's being one is ever told.
    let cut_points = if reflectors.is_empty() {
        FxHashSet::default()
    } else {
        articulation_points(&graph)
            .into_iter()
            .map(|node| graph[node])
            .filter(|s| reflectors.binary_search_by_key(s, |r| r.speaker).is_ok())
            .collect()
    };
    // Domains: the speakers joined by sessions meant to carry the family.
    let mut joined = UnionFind::<usize>::new(n);
    for (s, list) in adj.iter().enumerate() {
        for &(t, _) in list {
            joined.union(s, t);
        }
    }
    let mut members: FxHashMap<usize, Vec<SpeakerId>> = FxHashMap::default();
    for (s, list) in adj.iter().enumerate() {
        if !list.is_empty() {
            members.entry(joined.find(s)).or_default().push(s);
        }
    }
    let mut domains: Vec<Domain> = members
        .into_values()
        .filter(|c| c.len() > 1)
        .map(|speakers| domain(speakers, &adj, &reflectors))
        .collect();
    domains.sort_by_key(|d| d.speakers[0]);
    let origin = origins(net, family, &domains);
    let mut routes = FamilyRoutes {
        family,
        graph,
        reflectors,
        cut_points,
        domains,
        origin,
        upes,
    };
    // Only the gaps of routes someone would use remain.
    let mut domains = std::mem::take(&mut routes.domains);
    for d in &mut domains {
        let mut gaps = std::mem::take(&mut d.gaps);
        for gap in &mut gaps {
            let mut receivers: Vec<SpeakerId> = Vec::new();
            gap.pairs.retain(|&(o, r)| {
                let before = receivers.len();
                receivers.extend(wanting(&routes, net, &d.classes[o], &d.classes[r]));
                receivers.len() > before
            });
            receivers.sort_unstable();
            receivers.dedup();
            gap.receivers = receivers;
        }
        gaps.retain(|g| !g.pairs.is_empty());
        d.gaps = gaps;
    }
    routes.domains = domains;
    Some(routes)
}

/// The speakers of `receivers` that would use a route of some speaker of
/// `origins` (see [`FamilyRoutes::wants`]), in time linear in the two
/// classes: the origins' export targets are gathered once.
fn wanting(
    fr: &FamilyRoutes,
    net: &Network,
    origins: &[SpeakerId],
    receivers: &[SpeakerId],
) -> Vec<SpeakerId> {
    let senders: Vec<SpeakerId> = origins.iter().copied().filter(|&o| fr.origin[o]).collect();
    let (Some(&first), second) = (senders.first(), senders.get(1)) else {
        return Vec::new();
    };
    // Someone other than itself sends.
    let other = |r: SpeakerId| second.is_some() || first != r;
    match fr.family {
        f @ (Family::Vpnv4 | Family::Vpnv6 | Family::Evpn) => {
            let targets = |s: SpeakerId| net.devices[net.speakers[s].device].route_targets.of(f);
            // How many senders export each target: a receiver among them
            // does not miss its own.
            let mut exported: FxHashMap<&crate::model::Name, usize> = FxHashMap::default();
            for t in senders.iter().filter_map(|&o| targets(o)) {
                for e in &t.export {
                    *exported.entry(e).or_default() += 1;
                }
            }
            receivers
                .iter()
                .copied()
                .filter(|&r| !fr.upes.contains(&r))
                .filter(|&r| {
                    let Some(mine) = targets(r) else {
                        return false;
                    };
                    let sends = senders.binary_search(&r).is_ok();
                    mine.import.iter().any(|t| {
                        let own = usize::from(sends && mine.export.binary_search(t).is_ok());
                        exported.get(t).is_some_and(|&n| n > own)
                    })
                })
                .collect()
        }
        _ => receivers
            .iter()
            .copied()
            .filter(|&r| !fr.upes.contains(&r) && other(r))
            .collect(),
    }
}

/// By speaker, whether it has routes of a family to send: routes it
/// originates (`network`, `import-route`, `aggregate` in the family's
/// view); routes of an EBGP peer that is not in the input (configured in
/// the family); in a VPN family or EVPN, the routes of its device's
/// instances that export route targets; for a VPN instance's speaker, what
/// its device imports from a VPN family. Then, until nothing changes, the
/// routes an EBGP session that can establish brings from a speaker that
/// has some, or whose domain has some.
fn origins(net: &Network, family: Family, domains: &[Domain]) -> Vec<bool> {
    let mut origin: Vec<bool> = (0..net.speakers.len())
        .map(|s| net.speaker_scope(s).1.originates.contains(&family))
        .collect();
    let vpn = matches!(family, Family::Vpnv4 | Family::Vpnv6 | Family::Evpn);
    let external = |t: SessionType| !matches!(t, SessionType::Ibgp | SessionType::Confed);
    let mut vpn_devices: FxHashSet<usize> = FxHashSet::default();
    for end in &net.peers {
        let sp = &net.speakers[end.speaker];
        if external(end.session_type)
            && end.families.contains(family)
            && end.status == Status::UnknownRemote
        {
            origin[end.speaker] = true;
        }
        if end.families.contains(Family::Vpnv4) || end.families.contains(Family::Vpnv6) {
            vpn_devices.insert(sp.device);
        }
    }
    for (s, sp) in net.speakers.iter().enumerate() {
        let device = &net.devices[sp.device];
        let public = net.speaker_scope(s).1.is_public();
        let exports = device
            .route_targets
            .of(family)
            .is_some_and(|t| !t.export.is_empty());
        if vpn && public && exports {
            origin[s] = true;
        }
        if !vpn && !public && vpn_devices.contains(&sp.device) {
            origin[s] = true;
        }
    }
    let mut domain_of: FxHashMap<SpeakerId, usize> = FxHashMap::default();
    for (i, d) in domains.iter().enumerate() {
        for &s in &d.speakers {
            domain_of.insert(s, i);
        }
    }
    // The EBGP sessions that can establish with the family at both ends,
    // by speaker.
    let mut links: FxHashMap<SpeakerId, Vec<SpeakerId>> = FxHashMap::default();
    for s in &net.sessions {
        let (a, b) = (&net.peers[s.a], &net.peers[s.b]);
        if s.blockers.is_empty()
            && external(a.session_type)
            && a.families.intersection(b.families).contains(family)
        {
            links.entry(a.speaker).or_default().push(b.speaker);
            links.entry(b.speaker).or_default().push(a.speaker);
        }
    }
    // A worklist of the speakers that send: each is taken once as an
    // origin and once as a member of a domain that has one.
    let mut has: Vec<bool> = vec![false; domains.len()];
    let mut todo: Vec<SpeakerId> = Vec::new();
    for (s, &o) in origin.iter().enumerate() {
        if o {
            todo.push(s);
            if let Some(&d) = domain_of.get(&s)
                && !has[d]
            {
                has[d] = true;
                todo.extend(domains[d].speakers.iter().copied());
            }
        }
    }
    while let Some(t) = todo.pop() {
        for &x in links.get(&t).map_or(&[][..], Vec::as_slice) {
            if origin[x] {
                continue;
            }
            origin[x] = true;
            todo.push(x);
            if let Some(&d) = domain_of.get(&x)
                && !has[d]
            {
                has[d] = true;
                todo.extend(domains[d].speakers.iter().copied());
            }
        }
    }
    origin
}

/// Classes and gaps of one domain.
fn domain(speakers: Vec<SpeakerId>, adj: &[Vec<(SpeakerId, Rel)>], refl: &[Reflector]) -> Domain {
    let reflector = |s: SpeakerId| refl.binary_search_by_key(&s, |r| r.speaker).ok();
    // Only the cluster IDs several reflectors share can drop a route.
    let mut ids: FxHashMap<u32, usize> = FxHashMap::default();
    for &s in &speakers {
        if let Some(id) = reflector(s).and_then(|r| refl[r].cluster_id) {
            *ids.entry(id.0).or_default() += 1;
        }
    }
    let mut shared: Vec<u32> = ids
        .into_iter()
        .filter(|&(_, n)| n > 1)
        .map(|(id, _)| id)
        .collect();
    shared.sort_unstable();
    shared.truncate(64);
    let behaviour_of = |s: SpeakerId| match reflector(s) {
        Some(r) => Behaviour {
            reflector: true,
            cluster_bit: refl[r]
                .cluster_id
                .and_then(|(id, _)| shared.binary_search(&id).ok())
                .map(|b| b as u8),
            between_off: refl[r].between_clients_off.is_some(),
        },
        None => Behaviour {
            reflector: false,
            cluster_bit: None,
            between_off: false,
        },
    };
    let classes = classes(&speakers, adj, &behaviour_of);
    let mut class_of: FxHashMap<SpeakerId, usize> = FxHashMap::default();
    for (c, members) in classes.iter().enumerate() {
        for &s in members {
            class_of.insert(s, c);
        }
    }
    let q = Quotient {
        behaviour: classes.iter().map(|c| behaviour_of(c[0])).collect(),
        size: classes.iter().map(Vec::len).collect(),
        edges: classes
            .iter()
            .map(|c| {
                let mut e: Vec<(usize, Rel)> =
                    adj[c[0]].iter().map(|&(n, r)| (class_of[&n], r)).collect();
                e.sort_unstable();
                e.dedup();
                e
            })
            .collect(),
    };
    // Pairs of classes are counted: beyond a bound, the domain is not
    // searched (and says so) rather than taking quadratic time and memory.
    let found = if classes.len() <= MAX_CLASSES {
        gaps(&q, &shared, &classes)
    } else {
        None
    };
    let searched = found.is_some();
    let gaps = found.unwrap_or_default();
    Domain {
        searched,
        speakers,
        classes,
        class_of,
        gaps,
    }
}

/// Speakers with the same behaviour and the same sessions in the same
/// roles: the same neighbours (clients of the same reflectors), or the
/// same neighbours and each other (a full mesh, where every session is a
/// plain IBGP one).
fn classes(
    speakers: &[SpeakerId],
    adj: &[Vec<(SpeakerId, Rel)>],
    behaviour: &dyn Fn(SpeakerId) -> Behaviour,
) -> Vec<Vec<SpeakerId>> {
    let mut open: FxHashMap<(Behaviour, &[Neighbour]), Vec<SpeakerId>> = FxHashMap::default();
    for &s in speakers {
        open.entry((behaviour(s), &adj[s])).or_default().push(s);
    }
    let mut out: Vec<Vec<SpeakerId>> = Vec::new();
    let mut closed: FxHashMap<(Behaviour, Vec<Neighbour>), Vec<SpeakerId>> = FxHashMap::default();
    for (key, members) in open {
        if members.len() > 1 {
            out.push(members);
            continue;
        }
        let s = members[0];
        let mut with_self = key.1.to_vec();
        let at = with_self.partition_point(|e| *e < (s, PLAIN));
        with_self.insert(at, (s, PLAIN));
        closed.entry((key.0, with_self)).or_default().push(s);
    }
    out.extend(closed.into_values());
    for c in &mut out {
        c.sort_unstable();
    }
    out.sort_unstable_by_key(|c| c[0]);
    out
}

/// The search's state at a class: how the route was learned and the
/// shared cluster IDs it has passed.
type State = (usize, Learned, u64);

/// The moves a route can make from a state.
fn moves(q: &Quotient, v: Variant, (u, learned, mask): State) -> Vec<State> {
    let b = q.behaviour[u];
    let between_off = b.between_off && v.between_on != Some(u);
    let bit = |c: usize| {
        q.behaviour[c]
            .cluster_bit
            .map_or(0, |b| (1u64 << b) & !v.ignore_bits)
    };
    let mut out = Vec::new();
    for &(w, rel) in &q.edges[u] {
        if !rel.up && !v.all_up {
            continue;
        }
        if rel.confed {
            out.push((w, Learned::Own, 0));
            continue;
        }
        let send = match learned {
            Learned::Own => true,
            Learned::FromClient => !(rel.their_reflector && between_off),
            Learned::FromNonClient => rel.their_reflector,
        };
        if !send {
            continue;
        }
        let mask = match learned {
            Learned::Own => mask,
            _ => mask | bit(u),
        };
        if q.behaviour[w].reflector && bit(w) & mask != 0 {
            continue;
        }
        let learned = if rel.my_reflector {
            Learned::FromClient
        } else {
            Learned::FromNonClient
        };
        out.push((w, learned, mask));
    }
    out
}

/// For every class, the classes its routes reach (bit sets), under a
/// variant of the rules.
fn reach(q: &Quotient, v: Variant, budget: &mut usize) -> Option<Vec<Vec<u64>>> {
    let classes = q.behaviour.len();
    let words = classes.div_ceil(64);
    let mut graph: DiGraph<State, ()> = DiGraph::new();
    let mut index: FxHashMap<State, NodeIndex> = FxHashMap::default();
    let mut todo: Vec<NodeIndex> = Vec::new();
    let mut node = |graph: &mut DiGraph<State, ()>, todo: &mut Vec<NodeIndex>, s: State| {
        *index.entry(s).or_insert_with(|| {
            let n = graph.add_node(s);
            todo.push(n);
            n
        })
    };
    let starts: Vec<NodeIndex> = (0..classes)
        .map(|c| node(&mut graph, &mut todo, (c, Learned::Own, 0)))
        .collect();
    while let Some(n) = todo.pop() {
        // States can multiply with the shared cluster IDs a route passes:
        // past the budget, the domain is not searched.
        *budget = budget.checked_sub(1)?;
        for next in moves(q, v, graph[n]) {
            let m = node(&mut graph, &mut todo, next);
            graph.update_edge(n, m, ());
        }
    }
    // Components in reverse topological order: each one's successors are
    // done before it.
    let sccs = tarjan_scc(&graph);
    let mut scc_of = vec![0usize; graph.node_count()];
    for (i, scc) in sccs.iter().enumerate() {
        for n in scc {
            scc_of[n.index()] = i;
        }
    }
    let mut sets: Vec<Vec<u64>> = Vec::with_capacity(sccs.len());
    for (i, scc) in sccs.iter().enumerate() {
        let mut set = vec![0u64; words];
        for &n in scc {
            let c = graph[n].0;
            set[c / 64] |= 1 << (c % 64);
            for m in graph.neighbors(n) {
                let j = scc_of[m.index()];
                if j != i {
                    for (w, o) in set.iter_mut().zip(&sets[j]) {
                        *w |= o;
                    }
                }
            }
        }
        sets.push(set);
    }
    // A class reaches what the moves from its start reach.
    Some(
        starts
            .iter()
            .map(|&s| {
                let mut set = vec![0u64; words];
                for m in graph.neighbors(s) {
                    for (w, o) in set.iter_mut().zip(&sets[scc_of[m.index()]]) {
                        *w |= o;
                    }
                }
                set
            })
            .collect(),
    )
}

/// The (origin, receiver) pairs whose routes do not arrive.
fn missing(q: &Quotient, reached: &[Vec<u64>]) -> FxHashSet<(usize, usize)> {
    let mut out = FxHashSet::default();
    for (o, set) in reached.iter().enumerate() {
        for r in 0..q.size.len() {
            if r == o && q.size[o] == 1 {
                continue;
            }
            if set[r / 64] & (1 << (r % 64)) == 0 {
                out.insert((o, r));
            }
        }
    }
    out
}

/// The gaps of a domain with their causes: what a shared cluster ID
/// drops, then what `undo reflect between-clients` stops, then the rest.
fn gaps(q: &Quotient, shared: &[u32], classes: &[Vec<SpeakerId>]) -> Option<Vec<Gap>> {
    let mut budget = MAX_STATES;
    let mut left = missing(q, &reach(q, Variant::default(), &mut budget)?);
    let mut gaps = Vec::new();
    if left.is_empty() {
        return Some(gaps);
    }
    // What sessions that cannot establish keep apart is theirs to report.
    let all_up = Variant {
        all_up: true,
        ..Variant::default()
    };
    let repaired = missing(q, &reach(q, all_up, &mut budget)?);
    left.retain(|p| repaired.contains(p));
    // Each cause in turn: the pairs a variant without it repairs.
    let mut variants: Vec<(Cause, Variant)> = shared
        .iter()
        .enumerate()
        .map(|(bit, &id)| {
            let v = Variant {
                ignore_bits: 1 << bit,
                ..Variant::default()
            };
            (Cause::ClusterId(id), v)
        })
        .collect();
    variants.extend(
        q.behaviour
            .iter()
            .enumerate()
            .filter(|(_, b)| b.between_off)
            .map(|(c, _)| {
                let v = Variant {
                    between_on: Some(c),
                    ..Variant::default()
                };
                (Cause::BetweenClients(classes[c].clone()), v)
            }),
    );
    for (cause, v) in variants {
        if left.is_empty() {
            break;
        }
        let still = missing(q, &reach(q, v, &mut budget)?);
        let mut pairs: Vec<(usize, usize)> = left.difference(&still).copied().collect();
        if pairs.is_empty() {
            continue;
        }
        pairs.sort_unstable();
        for p in &pairs {
            left.remove(p);
        }
        gaps.push(Gap {
            cause,
            pairs,
            receivers: Vec::new(),
        });
    }
    if !left.is_empty() {
        let mut pairs: Vec<(usize, usize)> = left.into_iter().collect();
        pairs.sort_unstable();
        gaps.push(Gap {
            cause: Cause::NoPath,
            pairs,
            receivers: Vec::new(),
        });
    }
    Some(gaps)
}
