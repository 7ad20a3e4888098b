use super::{Finding, Label, Rule, pair};
use crate::graph::{Network, Status};

/// A peer whose remote address belongs to a device in the input that has
/// no peer back.
pub struct HalfOpenSession;

impl Rule for HalfOpenSession {
    fn id(&self) -> &'static str {
        "half-open-session"
    }

    fn check(&self, net: &Network, out: &mut Vec<Finding>) {
        for (p, end) in net.peers.iter().enumerate() {
            let Status::HalfOpen { owners } = &end.status else {
                continue;
            };
            let (device, _, peer) = net.peer(p);
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
            let message = format!(
                "{} points at {}, {what}; the session can never come up",
                net.describe(p),
                names.join(" and ")
            );
            let mut finding = Finding::new(
                self.id(),
                message,
                Label::new(peer.decl, format!("{} is configured here", net.describe(p))),
                pair::end_key(net, p),
            )
            .help(format!(
                "configure the other end on {} (`peer <address of {}> as-number {}`), or remove this peer",
                owner.name, device.name, end.remote_as
            ))
            .about_peer(net, p);
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
