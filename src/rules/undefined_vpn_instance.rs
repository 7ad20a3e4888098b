use super::{DeviceRule, Finding, Label};
use crate::model::Device;

/// An interface bound to a VPN instance the device never defines.
pub struct UndefinedVpnInstance;

impl DeviceRule for UndefinedVpnInstance {
    fn check(&self, id: &'static str, devices: &[Device], out: &mut Vec<Finding>) {
        for device in devices {
            for iface in &device.interfaces {
                let Some((vrf, line)) = iface.vpn() else {
                    continue;
                };
                if device.has_vpn_instance(vrf) {
                    continue;
                }
                let message = format!(
                    "interface {} on {} is bound to vpn-instance {vrf}, which {} never defines; the device refuses the binding and the interface stays in the public network",
                    iface.name, device.name, device.name
                );
                let close = device
                    .vpn_instances
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(vrf) || strsim::levenshtein(n, vrf) <= 2);
                let help = match close {
                    Some((n, _)) => format!("did you mean vpn-instance `{n}`?"),
                    None => format!(
                        "define it first: `ip vpn-instance {vrf}` with its `ipv4-family` route distinguisher"
                    ),
                };
                let mut finding = Finding::new(
                    id,
                    message,
                    Label::new(
                        *line,
                        format!("vpn-instance {vrf} does not exist on {}", device.name),
                    ),
                    format!("{}/interface {}/{vrf}", device.name, iface.name),
                )
                .help(help)
                .about_device(&device.name);
                if let Some((_, span)) = close {
                    finding =
                        finding.related(Label::new(*span, "a VPN instance with a similar name"));
                }
                out.push(finding);
            }
        }
    }
}
