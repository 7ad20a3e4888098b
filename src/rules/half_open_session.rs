use super::{Change, Finding, Label, NetworkRule, Remedy, pair};
use crate::graph::{Network, PeerId, Status, effective_vrf};
use crate::vendor::render;

/// The other end, configured on the owner of the address: a peer back to
/// this end's source address, in the owner's VRF, with this end's AS. Only
/// when the owner runs BGP and this end's source address is known.
fn other_end(net: &Network, p: PeerId, owner: usize) -> Option<Change> {
    let end = &net.peers[p];
    let src = end.local_addr?;
    let device = &net.devices[owner];
    let instance = device.bgp.first()?;
    let vrf = device
        .interfaces
        .iter()
        .find(|i| i.addresses.iter().any(|a| a.addr == end.addr))
        .map(|i| effective_vrf(device, i))?;
    let mut views = vec![instance.display_name()];
    if vrf != crate::model::PUBLIC_VRF {
        let family = if src.is_ipv4() {
            "ipv4-family"
        } else {
            "ipv6-family"
        };
        views.push(format!("{family} vpn-instance {vrf}"));
    }
    let local_as = end.presented_as(&net.speakers[end.speaker]);
    if device.vendor != crate::model::Vendor::Huawei {
        let at = render::At {
            vendor: device.vendor,
            asn: instance.asn.to_string(),
            vrf: (vrf != crate::model::PUBLIC_VRF).then(|| vrf.to_string()),
            peer: src,
            group: None,
        };
        let (views, commands) = render::add_neighbor(&at, &local_as.to_string())?;
        return Some(Change::native(device, views, commands));
    }
    Some(Change::on(
        device,
        views,
        vec![format!("peer {src} as-number {local_as}")],
    ))
}

/// The change that removes a peer, in its device's words.
fn remove(net: &Network, p: PeerId) -> Change {
    let (device, _, _) = net.peer(p);
    match pair::native_at(net, p) {
        Some(at) => {
            let (views, command) = render::remove_neighbor(&at);
            Change::native(device, views, vec![command])
        }
        None => Change::on(
            device,
            pair::views_of(net, p),
            vec![format!("undo peer {}", net.peers[p].addr)],
        ),
    }
}

/// A peer whose remote address belongs to a device in the input that has
/// no peer back.
pub struct HalfOpenSession;

impl NetworkRule for HalfOpenSession {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        for (p, end) in net.peers.iter().enumerate() {
            let Status::HalfOpen { owners } = &end.status else {
                continue;
            };
            let (device, scope, peer) = net.peer(p);
            let names: Vec<&str> = owners
                .iter()
                .map(|&o| net.devices[o].name.as_str())
                .collect();
            let owner = &net.devices[owners[0]];
            let what = if owner.bgp.is_empty() {
                "which runs no BGP".to_string()
            } else {
                format!("which has no peer configured back to {}", device.name)
            };
            let mut message = format!(
                "{} points at {}, {what}; the session can never come up",
                net.describe(p),
                names.join(" and ")
            );
            // The owner holds the address in another VRF: that is the
            // whole story.
            let held = owner.interfaces.iter().find_map(|i| {
                i.addresses
                    .iter()
                    .any(|a| a.addr == end.addr)
                    .then(|| effective_vrf(owner, i))
            });
            if let Some(vrf) = held.filter(|v| *v != scope.vrf.as_str()) {
                message.push_str(&format!(
                    "; {} holds {} in {}, while this peer is in {}",
                    owner.name,
                    end.addr,
                    pair::vrf_name(vrf),
                    pair::vrf_name(&scope.vrf)
                ));
            }
            let change = other_end(net, p, owners[0]);
            let help = match &change {
                Some(c) if c.vendor != crate::model::Vendor::Huawei => format!(
                    "configure the other end on {}: {}; or remove this peer",
                    c.device,
                    pair::run_text(c)
                ),
                Some(c) => format!(
                    "configure the other end on {}: in {}, run `{}`; or remove this peer",
                    c.device,
                    c.views.join(", "),
                    c.commands.join("; ")
                ),
                None if owner.vendor != crate::model::Vendor::Huawei => format!(
                    "configure the other end on {}: a neighbor for the address {} opens the session from, with remote AS {} (that address is not known: {} names no source interface and has no link to {}), or remove this peer",
                    owner.name,
                    device.name,
                    end.presented_as(&net.speakers[end.speaker]),
                    device.name,
                    owner.name
                ),
                None => format!(
                    "configure the other end on {} (`peer <address of {}> as-number {}`: the address {} opens the session from is not known, as it has no `connect-interface` and no link to {}), or remove this peer",
                    owner.name,
                    device.name,
                    end.presented_as(&net.speakers[end.speaker]),
                    device.name,
                    owner.name
                ),
            };
            let mut finding = Finding::new(
                id,
                message,
                Label::new(peer.decl, format!("{} is configured here", net.describe(p))),
                pair::end_key(net, p),
            )
            .help(help)
            .about_peer(net, p);
            // Configure the missing end; removing the stale peer is the
            // alternative.
            if let Some(change) = change {
                let title = format!("configure the other end on {}", change.device);
                finding = finding.remedy(Remedy::commands(title, change));
            }
            finding = finding.remedy(Remedy::commands(
                format!("remove peer {} from {}", end.addr, device.name),
                remove(net, p),
            ));
            for &o in owners {
                let addr_line = net.devices[o]
                    .interfaces
                    .iter()
                    .flat_map(|i| i.addresses.iter())
                    .find(|a| a.addr == end.addr);
                if let Some(a) = addr_line {
                    finding = finding.related(Label::new(
                        a.span,
                        format!("{} owns {} here", net.devices[o].name, end.addr),
                    ));
                }
            }
            out.push(finding);
        }
    }
}
