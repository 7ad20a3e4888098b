use super::{Finding, Label, NetworkRule, pair};
use crate::graph::Network;
use crate::model::Mode;

/// A group member whose own listen-only / connect-only differs from its
/// group's.
pub struct MemberOverridesGroup;

impl NetworkRule for MemberOverridesGroup {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        for (p, end) in net.peers.iter().enumerate() {
            let (Some((group_mode, group_line)), Some(own_line)) =
                (end.mode.group_mode, end.mode.source)
            else {
                continue;
            };
            let (_, scope, peer) = net.peer(p);
            let group = scope.group_of(peer).map_or("?", |g| g.name.as_str());
            let own = end.mode.mode;
            let message = if group_mode == Mode::ListenOnly && own == Mode::ConnectOnly {
                format!(
                    "{} is connect-only while its group {group} is listen-only; VRP documents member-over-group precedence for listen-only only, so on the device the later of the two commands wins, and a saved configuration does not record which that was; peerlint takes the member's own connect-only",
                    net.describe(p)
                )
            } else {
                format!(
                    "{} is {own} while its group {group} is {group_mode}; the member's own setting wins",
                    net.describe(p)
                )
            };
            out.push(
                Finding::new(
                    id,
                    message,
                    Label::new(own_line, format!("the member's own {own}")),
                    format!("{}|group {group}", pair::end_key(net, p)),
                )
                .related(Label::new(group_line, format!("group {group} is {group_mode}")))
                .help("if the member should behave like its group, remove its own line; otherwise move it out of the group")
                .about_peer(net, p)
                .about_group(group)
                .remedy(crate::rules::Remedy::commands(
                    format!("remove the member's own {own}"),
                    crate::rules::Change {
                        // The member's own line goes; it follows its group again.
                        commands: vec![format!("undo peer {} {}", end.addr, own.keyword())],
                        ..pair::mode_fix(net, p, own)
                    },
                )),
            );
        }
    }
}
