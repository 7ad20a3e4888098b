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
            let message = format!(
                "the session of {} can never come up: its `connect-interface` gives it no source address ({why})",
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

/// A source the device has: a loopback with an address of the peer's
/// family, named in the exact command; else what to do.
fn source_help(net: &Network, p: crate::graph::PeerId) -> String {
    let (device, _, _) = net.peer(p);
    let v4 = net.peers[p].addr.is_ipv4();
    let loopback = device
        .interfaces
        .iter()
        .filter(|i| i.is_loopback() && i.has_address(v4))
        .min_by(|a, b| a.name.cmp(&b.name));
    match loopback {
        Some(lo) => format!(
            "on {}, in {}, run `peer {} connect-interface {}` (its loopback with an address of the peer's family), or add the address the session should start from",
            device.name,
            pair::view_of(net, p),
            net.peers[p].addr,
            lo.name
        ),
        None => format!(
            "name an interface of {} that has an address of the peer's family, or add the address to one: {} has no loopback with one to propose",
            device.name, device.name
        ),
    }
}
