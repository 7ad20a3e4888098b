use super::{Finding, Label, NetworkRule, pair};
use crate::graph::{Network, Status};

/// A peer for which several devices could be the remote end.
pub struct MultipleRemotes;

impl NetworkRule for MultipleRemotes {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        for (p, end) in net.peers.iter().enumerate() {
            let Status::MultipleRemotes { remotes } = &end.status else {
                continue;
            };
            let (_, _, peer) = net.peer(p);
            let names: Vec<String> = remotes
                .iter()
                .map(|&q| net.peer(q).0.name.to_string())
                .collect();
            let message = format!(
                "{} could be any of {} remote ends ({}): each owns {} and points back with matching AS numbers",
                net.describe(p),
                remotes.len(),
                names.join(", "),
                end.addr
            );
            let mut finding = Finding::new(
                id,
                message,
                Label::new(peer.decl, "this peer has several candidate remote ends"),
                pair::end_key(net, p),
            )
            .help("give every device its own address on the link (a duplicate address makes the session flap between them)")
            .about_peer(net, p);
            for &q in remotes {
                let (_, _, qp) = net.peer(q);
                finding = finding.related(Label::new(
                    qp.decl,
                    format!("{} points back", net.describe(q)),
                ));
            }
            out.push(finding);
        }
    }
}
