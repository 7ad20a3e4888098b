use super::{Finding, Label, NetworkRule, pair};
use crate::graph::{FarEnd, Network};
use crate::state::Verdict;

/// A session the configurations say can never establish, shown
/// `Established` by a device's capture (`--state`).
pub struct StateContradictsConfig;

impl NetworkRule for StateContradictsConfig {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        for p in pair::observed_once(net, Verdict::Contradiction) {
            let (device, _, peer) = net.peer(p);
            let why = super::rule_for_peer(net, p).unwrap_or("a blocked session");
            let (key, other) = match net.far_end(p) {
                FarEnd::Peer(q) => (pair::session_key(net, p, q), Some(q)),
                _ => (pair::end_key(net, p), None),
            };
            let mut finding = Finding::new(
                id,
                format!(
                    "{} shows {} in its capture, but its configuration says the session can never come up ({why})",
                    net.describe(p),
                    net.state
                        .as_ref()
                        .and_then(|o| o.row_of(p))
                        .map_or("Established", |r| r.state.name())
                ),
                Label::new(
                    pair::end_line(net, p),
                    format!(
                        "{} is configured here; peerlint finds it blocked ({why})",
                        net.describe(p)
                    ),
                ),
                key,
            )
            .about_peer(net, p);
            if pair::end_line(net, p) != peer.decl {
                finding = finding.related(Label::new(peer.decl, "the peer is declared here"));
            }
            if let Some(q) = other {
                finding = finding
                    .related(Label::new(
                        pair::end_line(net, q),
                        format!("the other end, {}, is configured here", net.describe(q)),
                    ))
                    .about_peer(net, q);
            }
            for label in pair::state_labels(net, p) {
                finding = finding.related(label);
            }
            finding = finding.help(format!(
                "the capture may be older or newer than these configurations (a stale backup): take `display current-configuration` and `display bgp peer` on {} at the same time and check again; if both are current, peerlint misreads these lines: report it with the two files",
                device.name
            ));
            out.push(finding);
        }
    }
}
