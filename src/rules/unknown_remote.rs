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
            let link_local = crate::graph::verdict::is_link_local(end.addr);
            let message = if link_local {
                // Every link reuses link-local addresses: owning one says
                // nothing about which device is at the other end.
                format!(
                    "{} is a link-local address, which peerlint does not pair across the network, so the session of {} cannot be checked",
                    end.addr,
                    net.describe(p)
                )
            } else {
                format!(
                    "no device in the checked configurations owns {}, so the session of {} cannot be checked",
                    end.addr,
                    net.describe(p)
                )
            };
            out.push(
                Finding::new(
                    id,
                    message,
                    Label::new(
                        peer.decl,
                        match link_local {
                            true => "the remote end is on this link, which the configurations do not tell",
                            false => "the remote end is outside the checked configurations",
                        },
                    ),
                    pair::end_key(net, p),
                )
                .help(match link_local {
                    true => "check this session by hand, or peer a global address",
                    false => "add the remote device's configuration to the run to check this session",
                })
                .about_peer(net, p),
            );
        }
    }
}
