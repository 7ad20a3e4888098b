use std::collections::BTreeSet;

use super::{Finding, Label, Rule, pair};
use crate::graph::{Network, PeerId, Status};

/// Two peers that point at each other while an AS number disagrees.
pub struct RemoteAsMismatch;

impl Rule for RemoteAsMismatch {
    fn id(&self) -> &'static str {
        "remote-as-mismatch"
    }

    fn check(&self, net: &Network, out: &mut Vec<Finding>) {
        let mut done: BTreeSet<(PeerId, PeerId)> = BTreeSet::new();
        for (p, end) in net.peers.iter().enumerate() {
            let Status::AsMismatch { remote: q } = end.status else {
                continue;
            };
            if !done.insert((p.min(q), p.max(q))) {
                continue;
            }
            let (sp, sq) = (
                &net.speakers[end.speaker],
                &net.speakers[net.peers[q].speaker],
            );
            // What each end should have configured for the other.
            let p_should = sq.as_seen_by(sp);
            let q_should = sp.as_seen_by(sq);
            let p_wrong = end.remote_as != p_should;
            let q_wrong = net.peers[q].remote_as != q_should;
            let (wrong, right, should) = match (p_wrong, q_wrong) {
                (false, true) => (q, p, q_should),
                _ => (p, q, p_should),
            };
            let (wd, _, _) = net.peer(wrong);
            let (rd, _, _) = net.peer(right);
            let mut message = format!(
                "{} expects AS {}, but {} runs AS {should}; the session never establishes",
                net.describe(wrong),
                net.peers[wrong].remote_as,
                rd.name
            );
            if p_wrong && q_wrong {
                message.push_str(&format!(
                    " (and {} expects AS {} where {} presents AS {})",
                    net.describe(right),
                    net.peers[right].remote_as,
                    wd.name,
                    if right == p { p_should } else { q_should }
                ));
            }
            let (_, _, right_peer) = net.peer(right);
            out.push(
                Finding::new(
                    self.id(),
                    message,
                    Label::new(
                        net.peers[wrong].remote_as_span,
                        format!("AS {} is wrong here", net.peers[wrong].remote_as),
                    ),
                    pair::session_key(net, p, q),
                )
                .related(Label::new(
                    right_peer.decl,
                    format!("{} points back from AS {should}", net.describe(right)),
                ))
                .help(format!(
                    "on {}, set the remote AS to {should}: `peer {} as-number {should}`",
                    wd.name, net.peers[wrong].addr
                ))
                .about_peer(net, wrong)
                .about_peer(net, right),
            );
        }
    }
}
