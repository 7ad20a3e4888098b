use super::{Change, Finding, Label, NetworkRule, Remedy, pair};
use crate::graph::verdict::{shut, source_interface};
use crate::graph::{Blocker, Network};
use crate::model::Vendor;

/// The interface a session starts from (its `connect-interface`, or the one
/// holding its local address) is shut down, or is a sub-interface of one
/// that is (NE40E `shutdown (interface view)`; physical interfaces are up
/// unless shut).
pub struct SourceInterfaceDown;

/// The change that brings an interface up, in its device's words: VRP
/// `undo shutdown`, IOS, IOS XR and EOS `no shutdown` in the interface,
/// Junos `delete interfaces X [unit N] disable` (Junos `disable
/// (Interface)`: at the interface or at one logical unit).
fn bring_up(device: &crate::model::Device, name: &str) -> Change {
    match device.vendor {
        Vendor::Huawei => Change::on(
            device,
            vec![format!("interface {name}")],
            vec!["undo shutdown".to_string()],
        ),
        Vendor::Junos => {
            let path = match name.rsplit_once('.') {
                Some((ifd, unit)) => format!("{ifd} unit {unit}"),
                None => name.to_string(),
            };
            Change::native(
                device,
                Vec::new(),
                vec![format!("delete interfaces {path} disable")],
            )
        }
        _ => Change::native(
            device,
            vec![format!("interface {name}")],
            vec!["no shutdown".to_string()],
        ),
    }
}

impl NetworkRule for SourceInterfaceDown {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        for (p, end) in net.peers.iter().enumerate() {
            if !end.blockers.contains(Blocker::SourceDown) {
                continue;
            }
            let (device, scope, peer) = net.peer(p);
            let Some(iface) = source_interface(device, scope, peer, end.local_addr) else {
                continue;
            };
            let Some((down, span)) = shut(device, iface) else {
                continue;
            };
            let via = if down.name == iface.name {
                String::new()
            } else {
                format!(", a sub-interface of {}", down.name)
            };
            let message = format!(
                "the session of {} can never come up: it starts from {}{via}, which is shut down",
                net.describe(p),
                iface.name
            );
            let finding = Finding::new(
                id,
                message,
                Label::new(span, format!("{} is shut down here", down.name)),
                format!("{}|{}", pair::end_key(net, p), down.name),
            )
            .related(Label::new(
                peer.decl,
                format!("{} starts from {}", net.describe(p), iface.name),
            ))
            .help(match device.vendor {
                Vendor::Huawei => format!(
                    "bring the interface up: on {}, in `interface {}`, run `undo shutdown`",
                    device.name, down.name
                ),
                _ => format!(
                    "bring the interface up: on {}, {}",
                    device.name,
                    pair::run_text(&bring_up(device, &down.name))
                ),
            })
            .about_peer(net, p)
            .remedy(Remedy::commands(
                format!("bring {} up on {}", down.name, device.name),
                bring_up(device, &down.name),
            ));
            out.push(pair::with_other_end(finding, net, p, "is the other end"));
        }
    }
}
