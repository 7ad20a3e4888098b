use super::{Change, Finding, Label, NetworkRule, Remedy, pair};
use crate::graph::{Network, Status};

/// `peer X ignore` (or its group's): the session is down on purpose, its
/// peer held in Idle (NE40E `peer ignore`). A note: it never fails a run.
pub struct PeerIgnored;

impl NetworkRule for PeerIgnored {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        for (p, end) in net.peers.iter().enumerate() {
            if end.status != Status::Ignored {
                continue;
            }
            let (device, scope, peer) = net.peer(p);
            let own = peer.settings.ignore.current();
            let group = scope.group_of(peer);
            let Some((_, line)) = own.or_else(|| group.and_then(|g| g.settings.ignore.current()))
            else {
                continue;
            };
            let target = match (own, group) {
                (None, Some(g)) => pair::quote_name(&g.name),
                _ => end.addr.to_string(),
            };
            let from = if own.is_some() {
                String::new()
            } else {
                format!(" (from group {target})")
            };
            let command = format!("undo peer {target} ignore");
            // Another vendor's `shutdown` on the neighbor (Cisco IOS, IOS
            // XR and EOS `neighbor shutdown`), undone in its words.
            let native = match own {
                Some(_) => pair::native_change(net, p, "shutdown", true),
                None => pair::native_at(net, p).map(|at| {
                    let (views, command) = crate::vendor::render::command(
                        &at,
                        crate::vendor::render::Subject::Group,
                        "shutdown",
                        true,
                    );
                    Change::native(device, views, vec![command])
                }),
            };
            let (what, help, change) = match native {
                Some(c) => (
                    format!(
                        "{} is shut down: {} keeps its session down on purpose",
                        net.describe(p),
                        device.name
                    ),
                    format!(
                        "when the session should come up: on {}, {}",
                        device.name,
                        pair::run_text(&c)
                    ),
                    c,
                ),
                None => (
                    format!(
                        "{} is ignored{from}: VRP keeps its session down on purpose",
                        net.describe(p)
                    ),
                    format!(
                        "when the session should come up: on {}, in {}, run `{command}`",
                        device.name,
                        pair::view_of(net, p)
                    ),
                    Change::on(device, pair::views_of(net, p), vec![command]),
                ),
            };
            out.push(
                Finding::new(
                    id,
                    what,
                    Label::new(line, "the session is held down here"),
                    pair::end_key(net, p),
                )
                .help(help)
                .about_peer(net, p)
                .remedy(Remedy::commands(
                    format!("stop ignoring {}", end.addr),
                    change,
                )),
            );
        }
    }
}
