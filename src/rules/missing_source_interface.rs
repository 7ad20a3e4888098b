use super::{Finding, Label, NetworkRule, pair};
use crate::graph::verdict::missing_source;
use crate::graph::{Blocker, Network};

/// `peer X connect-interface` names an interface the device does not have,
/// or one without an address of the peer's family, or an address no
/// interface holds: the session has no source to start from (NE40E `peer
/// connect-interface`).
pub struct MissingSourceInterface;

impl NetworkRule for MissingSourceInterface {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        for (p, end) in net.peers.iter().enumerate() {
            if !end.blockers.contains(Blocker::MissingSource) {
                continue;
            }
            let (device, scope, peer) = net.peer(p);
            let Some(why) = missing_source(device, scope, peer) else {
                continue;
            };
            let line = scope
                .effective_source(peer)
                .map_or(peer.decl, |(_, span)| span);
            // Each vendor's word for the setting.
            let setting = match device.vendor {
                crate::model::Vendor::Huawei => "connect-interface",
                crate::model::Vendor::Junos => "local-address",
                _ => "update-source",
            };
            let message = format!(
                "the session of {} can never come up: its `{setting}` gives it no source address ({why})",
                net.describe(p)
            );
            let finding = Finding::new(
                id,
                message,
                Label::new(line, "this source does not exist"),
                pair::end_key(net, p),
            )
            .help(source_help(net, p))
            .about_peer(net, p);
            out.push(pair::with_other_end(finding, net, p, "is the other end"));
        }
    }
}

/// The interface that holds the address the other end configured for this
/// device, named in the exact command; else what to do.
fn source_help(net: &Network, p: crate::graph::PeerId) -> String {
    let (device, _, _) = net.peer(p);
    let expected = match net.peers[p].status {
        crate::graph::Status::Matched { remote } | crate::graph::Status::AsMismatch { remote } => {
            Some(net.peers[remote].addr)
        }
        _ => None,
    };
    let holder = expected.and_then(|addr| {
        device
            .interfaces
            .iter()
            .find(|i| i.addresses.iter().any(|a| a.addr == addr))
            .map(|i| (addr, i))
    });
    // Another vendor's device: its own source setting (`update-source`,
    // Junos `local-address`).
    let native = holder.and_then(|(addr, iface)| {
        let setting = match device.vendor {
            crate::model::Vendor::Junos => format!("local-address {addr}"),
            _ => format!("update-source {}", iface.name),
        };
        pair::native_change(net, p, &setting, false).map(|c| (addr, c))
    });
    if let Some((addr, change)) = native {
        return format!(
            "on {}, {} (the interface with {addr}, the address the other end peers with)",
            device.name,
            pair::run_text(&change)
        );
    }
    match holder {
        Some((addr, iface)) => format!(
            "on {}, in {}, run `peer {} connect-interface {}` (the interface with {addr}, the address the other end peers with)",
            device.name,
            pair::view_of(net, p),
            net.peers[p].addr,
            iface.name
        ),
        None => format!(
            "name an interface of {} that has an address of the peer's family, or add the address to one: the other end's configuration does not tell which address it expects",
            device.name
        ),
    }
}
