use super::{Finding, Label, NetworkRule, pair};
use crate::graph::{FarEnd, Network, PeerId};
use crate::state::Verdict;

/// A session the configurations let establish, shown down by a device's
/// capture (`--state`).
pub struct SessionDownUnexplained;

/// How an end shows its session, as a clause: `Active (up/down 00:10:00)`.
fn state_of(net: &Network, p: PeerId) -> Option<String> {
    let row = net.state.as_ref()?.row_of(p)?;
    Some(match &row.up_down {
        Some(t) => format!("{} (up/down {t})", row.state.name()),
        None => row.state.name().to_string(),
    })
}

impl NetworkRule for SessionDownUnexplained {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        for p in pair::observed_once(net, Verdict::DownUnexplained) {
            let (device, _, peer) = net.peer(p);
            let end = &net.peers[p];
            let shown = state_of(net, p).unwrap_or_default();
            let mut finding;
            let far_name;
            let far_addr;
            match net.far_end(p) {
                FarEnd::Peer(q) => {
                    let (qd, _, qp) = net.peer(q);
                    far_name = qd.name.to_string();
                    far_addr = net.peers[q].addr;
                    let mut message = format!(
                        "{} shows {shown} in its capture, yet nothing in the configurations of {} and {} keeps this session down",
                        net.describe(p),
                        device.name,
                        qd.name
                    );
                    match net.state.as_ref().map(|o| (o.verdict(q), o.row_of(q))) {
                        Some((Verdict::DownUnexplained, _)) => {
                            message.push_str(&format!(
                                "; {} shows it {} too",
                                qd.name,
                                state_of(net, q).unwrap_or_default()
                            ));
                        }
                        Some((_, Some(row))) if row.state.is_up() => {
                            message.push_str(&format!(
                                "; {} shows it {}: the two captures were not taken at the same time",
                                qd.name,
                                row.state.name()
                            ));
                        }
                        _ => {}
                    }
                    finding = Finding::new(
                        id,
                        message,
                        Label::new(peer.decl, format!("{} is configured here", net.describe(p))),
                        pair::session_key(net, p, q),
                    )
                    .related(Label::new(
                        qp.decl,
                        format!("the other end, {}, is configured here", net.describe(q)),
                    ))
                    .about_peer(net, p)
                    .about_peer(net, q);
                }
                FarEnd::Device(d) => {
                    far_name = net.devices[d].name.to_string();
                    far_addr = end.local_addr.unwrap_or(end.addr);
                    finding = Finding::new(
                        id,
                        format!(
                            "{} shows {shown} in its capture, yet nothing in the configurations of {} and {} keeps this session down",
                            net.describe(p),
                            device.name,
                            far_name
                        ),
                        Label::new(
                            peer.decl,
                            format!("{} is configured here", net.describe(p)),
                        ),
                        pair::end_key(net, p),
                    )
                    .about_peer(net, p)
                    .about_device(&far_name);
                }
                FarEnd::Unknown => continue,
            }
            for label in pair::state_labels(net, p) {
                finding = finding.related(label);
            }
            // `Idle(Admin)` is a peer shut down by a command (`peer X
            // ignore`) the configuration read does not have.
            if net
                .state
                .as_ref()
                .and_then(|o| o.row_of(p))
                .is_some_and(|r| r.state == crate::state::PeerState::IdleAdmin)
            {
                finding.message.push_str(&format!(
                    "; Idle(Admin) means the peer was shut down by a command (`peer {} ignore`) that {}'s configuration does not have: the configuration read may be older than the capture",
                    end.addr, device.name
                ));
            }
            let ping = match end.local_addr {
                Some(src) => format!("`ping -a {src} {}`", end.addr),
                None => format!("`ping {}`", end.addr),
            };
            finding = finding.help(format!(
                "the cause is outside the configurations: check that {} reaches {} ({ping}, `display ip routing-table {}`), that no ACL, firewall or CPU-defend policy on the path drops TCP port 179, and the far device {far_name} itself (`display bgp peer {far_addr}` and its logs)",
                device.name, end.addr, end.addr
            ));
            out.push(finding);
        }
    }
}
