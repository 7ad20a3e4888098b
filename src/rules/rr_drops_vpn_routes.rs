use super::{Change, DeviceRule, Finding, Label, Remedy};
use crate::model::{Device, Family};

/// A VPNv4/VPNv6 route reflector that still filters VPN routes by its own
/// import targets.
pub struct RrDropsVpnRoutes;

impl DeviceRule for RrDropsVpnRoutes {
    fn check(&self, id: &'static str, devices: &[Device], out: &mut Vec<Finding>) {
        for device in devices {
            for instance in &device.bgp {
                let Some(scope) = instance.scopes.iter().find(|s| s.is_public()) else {
                    continue;
                };
                for family in [Family::Vpnv4, Family::Vpnv6] {
                    if scope.vpn_target_filter_off(family).is_some() {
                        continue;
                    }
                    // The first client line: a peer's, or a group's with
                    // a member.
                    let client = scope
                        .peers
                        .iter()
                        .filter_map(|p| scope.reflect_client(p, family).map(|l| (l, p)))
                        .min_by_key(|(l, _)| l.start);
                    let Some((line, peer)) = client else {
                        continue;
                    };
                    let view = family.view();
                    let holds = if device.vpn_instances.is_empty() {
                        "it holds no VPN instance, so it drops every VPN route its clients send".to_string()
                    } else {
                        "it drops every VPN route whose export targets none of its own VPN instances imports".to_string()
                    };
                    let message = format!(
                        "{} reflects {} routes (`peer {} reflect-client` in `{view}`) but keeps filtering them by the import targets of its own VPN instances (no `undo policy vpn-target`): {holds}, and its clients never receive those routes",
                        device.name,
                        family.name(),
                        peer.addr
                    );
                    let finding = Finding::new(
                        id,
                        message,
                        Label::new(line, format!("{} reflects {} routes", device.name, family.name())),
                        format!("{}/{}/{}", device.name, instance.display_name(), family.name()),
                    )
                    .help(format!(
                        "run `undo policy vpn-target` in the `{view}` view of {}",
                        device.name
                    ))
                    .about_device(&device.name)
                    .remedy(Remedy::commands(
                        format!("stop filtering reflected {} routes on {}", family.name(), device.name),
                        Change::on(
                            device,
                            vec![instance.display_name(), view.to_string()],
                            vec!["undo policy vpn-target".to_string()],
                        ),
                    ));
                    out.push(finding);
                }
            }
        }
    }
}
