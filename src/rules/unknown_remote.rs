use super::{Finding, Label, NetworkRule, pair};
use crate::graph::{Network, Status};

/// A peer whose remote address no device in the input owns: normal at the
/// edge of the audited set, so only a note.
pub struct UnknownRemote;

impl NetworkRule for UnknownRemote {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        for (p, end) in net.peers.iter().enumerate() {
            if end.status != Status::UnknownRemote {
                continue;
            }
            let (_, _, peer) = net.peer(p);
            let message = format!(
                "no device in the checked configurations owns {}, so the session of {} cannot be checked",
                end.addr,
                net.describe(p)
            );
            out.push(
                Finding::new(
                    id,
                    message,
                    Label::new(
                        peer.decl,
                        "the remote end is outside the checked configurations",
                    ),
                    pair::end_key(net, p),
                )
                .help("add the remote device's configuration to the run to check this session")
                .about_peer(net, p),
            );
        }
    }
}
