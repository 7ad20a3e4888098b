//! Why a session cannot come up, beyond who opens it: what each end
//! lacks on its own (an address family, a source interface that exists
//! and is up) and what the two ends disagree on (hop limits, TCP
//! authentication, GTSM, router IDs). Each fact is grounded in Huawei's
//! command reference; where it is silent, no blocker is claimed.

use std::net::{IpAddr, Ipv4Addr};

use crate::model::{Auth, BgpInstance, ConnectSource, Device, Family, Interface, Peer, Scope};

use super::{PeerEnd, Speaker, effective_vrf};

/// The address families a peer is enabled in, as a set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Families(u8);

const FAMILIES: [Family; 7] = Family::ALL;

impl Families {
    fn bit(f: Family) -> u8 {
        1 << FAMILIES.iter().position(|x| *x == f).unwrap_or(6)
    }

    pub fn contains(self, f: Family) -> bool {
        self.0 & Self::bit(f) != 0
    }

    fn set(&mut self, f: Family, on: bool) {
        if on {
            self.0 |= Self::bit(f);
        } else {
            self.0 &= !Self::bit(f);
        }
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// A set of the families given.
    pub fn of(families: impl IntoIterator<Item = Family>) -> Families {
        let mut set = Families::default();
        for f in families {
            set.set(f, true);
        }
        set
    }

    /// The families both have.
    pub fn intersection(self, other: Families) -> Families {
        Families(self.0 & other.0)
    }

    pub fn iter(self) -> impl Iterator<Item = Family> {
        FAMILIES.into_iter().filter(move |f| self.contains(*f))
    }
}

/// The families a peer is enabled in:
/// - an IPv4 peer of the public network is enabled in IPv4 unicast on its
///   own, unless `undo default ipv4-unicast` came before it (NE40E `peer
///   enable`, `default ipv4-unicast`); an IPv6 peer only by `peer X
///   enable` (NE40E `peer enable (BGP-IPv6 unicast address family view)`);
/// - a peer made in a VPN instance's address family view (VRP5's only VPN
///   view) is enabled there; one made in VRP8's BGP-VPN instance view
///   needs `peer X enable` in a family (NE40E `vpn-instance (BGP view)`);
/// - then its group's `[undo] peer G enable`, then its own, each family
///   by the last line.
pub fn families(instance: &BgpInstance, scope: &Scope, peer: &Peer) -> Families {
    let mut on = Families::default();
    let v4 = peer.addr.is_ipv4();
    if scope.is_public() {
        let defaulted = instance
            .no_default_ipv4_unicast
            .is_none_or(|undone| undone > peer.decl);
        if v4 && defaulted {
            on.set(Family::Ipv4Unicast, true);
        }
    } else if peer.made_in_family {
        let f = if v4 {
            Family::Ipv4Unicast
        } else {
            Family::Ipv6Unicast
        };
        on.set(f, true);
    }
    let group = scope.group_of(peer).map(|g| &g.settings.families);
    for lines in group.into_iter().chain([&peer.settings.families]) {
        for line in lines {
            on.set(line.family, line.enable);
        }
    }
    on
}

/// Where a router ID comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouterIdSource {
    /// `router-id` in the BGP view (a VPN instance without its own takes
    /// it too).
    Bgp,
    /// A VPN instance's own `router-id`.
    VpnInstance,
    /// The system's `router id`.
    System,
    /// VRP's own choice: the largest loopback address, else the largest
    /// interface address. It depends on the order the device restored its
    /// interfaces after a restart (NE40E `router id`), so it is never
    /// compared.
    Auto,
}

impl RouterIdSource {
    pub fn name(self) -> &'static str {
        match self {
            RouterIdSource::Bgp => "bgp",
            RouterIdSource::VpnInstance => "vpn-instance",
            RouterIdSource::System => "system",
            RouterIdSource::Auto => "auto",
        }
    }
}

/// The BGP router ID of a speaker and where it comes from (NE40E
/// `router-id (BGP view)`, `router-id (BGP-VPN instance IPv4 address family
/// view)`, `router id`).
pub fn router_id(
    device: &Device,
    instance: &BgpInstance,
    scope: &Scope,
) -> Option<(Ipv4Addr, RouterIdSource)> {
    let auto = || auto_router_id(device, &scope.vrf).map(|a| (a, RouterIdSource::Auto));
    let bgp = instance.router_id.current().map(|(a, _)| *a);
    if scope.is_public() {
        return match (bgp, device.router_id.current()) {
            (Some(a), _) => Some((a, RouterIdSource::Bgp)),
            (None, Some((a, _))) => Some((*a, RouterIdSource::System)),
            (None, None) => auto(),
        };
    }
    match scope.router_id.current() {
        Some((Some(a), _)) => Some((*a, RouterIdSource::VpnInstance)),
        Some((None, _)) => auto(),
        None if instance.vpn_router_id_auto => auto(),
        None => match bgp {
            Some(a) => Some((a, RouterIdSource::Bgp)),
            None => auto(),
        },
    }
}

/// VRP's choice in a VRF: the largest loopback IPv4 address, else the
/// largest IPv4 address of any interface.
fn auto_router_id(device: &Device, vrf: &str) -> Option<Ipv4Addr> {
    let in_vrf = |i: &&Interface| effective_vrf(device, i) == vrf;
    let largest = |loopbacks: bool| {
        device
            .interfaces
            .iter()
            .filter(in_vrf)
            .filter(|i| !loopbacks || i.is_loopback())
            .flat_map(|i| i.addresses.iter())
            .filter_map(|a| match a.addr {
                IpAddr::V4(v4) => Some(v4),
                IpAddr::V6(_) => None,
            })
            .max()
    };
    largest(true).or_else(|| largest(false))
}

/// The interface a peer's session starts from: the one its
/// `connect-interface` names, else the one holding its local address.
pub fn source_interface<'d>(
    device: &'d Device,
    scope: &Scope,
    peer: &Peer,
    local: Option<IpAddr>,
) -> Option<&'d Interface> {
    match scope.effective_source(peer).map(|(src, _)| src) {
        Some(ConnectSource::Interface(name) | ConnectSource::InterfaceAddress(name, _)) => {
            device.interface(name)
        }
        _ => {
            let local = local?;
            device.interfaces.iter().find(|i| {
                effective_vrf(device, i) == scope.vrf && i.addresses.iter().any(|a| a.addr == local)
            })
        }
    }
}

/// The line that shuts an interface, or the interface it belongs to (a
/// sub-interface of a shut interface is down too).
pub fn shut<'d>(
    device: &'d Device,
    iface: &'d Interface,
) -> Option<(&'d Interface, crate::source::Span)> {
    if let Some(span) = iface.shutdown() {
        return Some((iface, span));
    }
    let parent = device.interface(iface.parent_name()?)?;
    parent.shutdown().map(|span| (parent, span))
}

/// Why a peer's `connect-interface` cannot give it a source address: the
/// device has no such interface, or none with an address of the peer's
/// family, or no interface holds the address it names.
pub fn missing_source(device: &Device, scope: &Scope, peer: &Peer) -> Option<String> {
    let v4 = peer.addr.is_ipv4();
    let family = if v4 { "IPv4" } else { "IPv6" };
    match scope.effective_source(peer)?.0 {
        ConnectSource::Interface(name) | ConnectSource::InterfaceAddress(name, _) => {
            // A link-local peer is reached from the link-local address of
            // the interface named (NE40E configuration guide, Configuring
            // IPv6 Peers).
            let has = |i: &Interface| match is_link_local(peer.addr) {
                true => i.has_link_local(),
                false => i.has_address(v4),
            };
            match device.interface(name) {
                Some(i) if has(i) => None,
                Some(_) => Some(format!("{name} has no {family} address on {}", device.name)),
                None => Some(format!(
                    "{} has no interface {name} with an {family} address",
                    device.name
                )),
            }
        }
        ConnectSource::Address(a) => {
            let owned = device
                .interfaces
                .iter()
                .any(|i| i.addresses.iter().any(|x| x.addr == *a));
            (!owned).then(|| format!("no interface of {} holds {a}", device.name))
        }
    }
}

/// How two ends are connected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionType {
    Ibgp,
    /// EBGP over a subnet both ends are on.
    EbgpDirect,
    EbgpMultihop,
    /// EBGP where the end's source address is not known (multihop without
    /// `connect-interface`): not judged.
    Ebgp,
    /// Between two member ASs of one confederation.
    Confed,
}

impl SessionType {
    pub fn name(self) -> &'static str {
        match self {
            SessionType::Ibgp => "ibgp",
            SessionType::EbgpDirect => "ebgp-direct",
            SessionType::EbgpMultihop => "ebgp-multihop",
            SessionType::Ebgp => "ebgp",
            SessionType::Confed => "confed",
        }
    }
}

/// An end's kind of session, from its own configuration: IBGP when its
/// remote AS is its own, confederation EBGP towards a member AS of its
/// confederation, EBGP direct when its source address is on a subnet that
/// holds the peer's address (a loopback's is not), multihop when it is not
/// or when the peer is on none of the device's links, else EBGP from a
/// source the files do not tell.
pub fn session_type(device: &Device, scope: &Scope, sp: &Speaker, end: &PeerEnd) -> SessionType {
    if end.remote_as == end.local_as {
        return SessionType::Ibgp;
    }
    if sp.confederation.is_some() && sp.confederation_members.contains(&end.remote_as) {
        return SessionType::Confed;
    }
    match end.local_addr {
        None if off_every_link(device, scope, end.addr) => SessionType::EbgpMultihop,
        None => SessionType::Ebgp,
        Some(_) if shares_subnet(device, end.local_addr, end.addr) => SessionType::EbgpDirect,
        Some(_) => SessionType::EbgpMultihop,
    }
}

/// Whether an IPv6 address is link-local (fe80::/10).
pub fn is_link_local(addr: IpAddr) -> bool {
    matches!(addr, IpAddr::V6(a) if a.segments()[0] & 0xffc0 == 0xfe80)
}

/// Whether a peer address is on none of a device's links in the scope's
/// VPN instance, so that whatever interface the session leaves by, the
/// peer is more than one hop away: the device has addresses of that family
/// there, none of them (a loopback's included) is on a subnet that holds
/// the peer's, and none is left out of the file (unnumbered, DHCP, PPP,
/// EUI-64, automatic). A link-local peer is always on a link.
fn off_every_link(device: &Device, scope: &Scope, peer: IpAddr) -> bool {
    if is_link_local(peer) {
        return false;
    }
    let v4 = peer.is_ipv4();
    let unwritten = if v4 {
        crate::model::Unwritten::V4
    } else {
        crate::model::Unwritten::V6
    };
    let mut seen = false;
    for i in device
        .interfaces
        .iter()
        .filter(|i| effective_vrf(device, i) == scope.vrf)
    {
        if i.unwritten(unwritten) {
            return false;
        }
        for a in i.addresses.iter().filter(|a| a.addr.is_ipv4() == v4) {
            if a.contains(peer) {
                return false;
            }
            seen = true;
        }
    }
    seen
}

/// Whether a device's interface that holds `local` is on a subnet that
/// holds `remote` (an address on a loopback holds no other address).
fn shares_subnet(device: &Device, local: Option<IpAddr>, remote: IpAddr) -> bool {
    let Some(local) = local else {
        return false;
    };
    device.interfaces.iter().any(|i| {
        !i.is_loopback()
            && i.addresses
                .iter()
                .any(|a| a.addr == local && a.addr != remote && a.contains(remote))
    })
}

/// TCP authentication as it matters on the wire: none, or a kind with what
/// can be compared.
pub fn auth_of(auth: Option<&Auth>) -> Option<&Auth> {
    auth.filter(|a| !matches!(a, Auth::Disabled))
}

/// Whether two ends' TCP authentication can never agree: one end has it
/// and the other not, they use different kinds, or two plaintext passwords
/// differ. Ciphertexts and keychains are never claimed to differ: the
/// files do not tell.
pub fn auth_differs(a: Option<&Auth>, b: Option<&Auth>) -> bool {
    match (auth_of(a), auth_of(b)) {
        (None, None) => false,
        (Some(_), None) | (None, Some(_)) => true,
        (Some(x), Some(y)) => match (x, y) {
            (Auth::Password { simple: Some(p) }, Auth::Password { simple: Some(q) }) => p != q,
            _ => x.kind() != y.kind(),
        },
    }
}

/// The TTL an end sends with when it has no GTSM: its `ebgp-max-hop` (1
/// for EBGP without one, NE40E `peer ebgp-max-hop`); `None` for IBGP and
/// confederation EBGP, whose TTL the command reference does not give.
pub fn sent_ttl(kind: SessionType, ebgp_max_hop: Option<u8>) -> Option<u8> {
    match kind {
        SessionType::Ibgp | SessionType::Confed => None,
        _ => Some(ebgp_max_hop.unwrap_or(1)),
    }
}
