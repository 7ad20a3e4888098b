use super::{Finding, Label, NetworkRule, Remedy, scope_key, scope_place};
use crate::graph::Network;
use crate::model::{ConnectSource, History, Settings};

/// A setting made dead by a later command for the same peer or group in
/// the same scope.
pub struct OverriddenSetting;

fn source_text(src: &ConnectSource) -> String {
    match src {
        ConnectSource::Interface(i) => i.to_string(),
        ConnectSource::Address(a) => a.to_string(),
        ConnectSource::InterfaceAddress(i, a) => format!("{i} {a}"),
    }
}

struct Ctx<'a> {
    rule: &'static str,
    device: &'a str,
    place: String,
    key_base: &'a dyn Fn(&str) -> String,
}

impl Ctx<'_> {
    fn history<T>(
        &self,
        target: &str,
        setting: &str,
        history: &History<T>,
        show: impl Fn(&T) -> String,
        out: &mut Vec<Finding>,
    ) {
        let value_at = |span| {
            history
                .0
                .iter()
                .find(|a| a.span == span)
                .and_then(|a| a.value.as_ref())
                .map(&show)
                .unwrap_or_default()
        };
        for (dead, winner) in history.overridden() {
            let (was, now) = (value_at(dead), value_at(winner));
            let message = if was == now {
                format!(
                    "`peer {target} {now}` is given twice {}; the first line has no effect",
                    self.place
                )
            } else {
                format!(
                    "`peer {target} {was}` never takes effect {}: a later `peer {target} {now}` replaces it",
                    self.place
                )
            };
            let finding = Finding::new(
                    self.rule,
                    message,
                    Label::new(dead, "this line is overridden"),
                    (self.key_base)(&format!("{target} {setting} {was}")),
                )
                .related(Label::new(winner, "this later line wins"))
                .help("delete the overridden line so the configuration says what the device does (`peerlint check --fix` does it)")
                .about_device(self.device)
                .about_target(target);
            out.push(finding.remedy(Remedy::delete_line("Delete the overridden line", dead)));
        }
    }

    fn settings(&self, target: &str, s: &Settings, out: &mut Vec<Finding>) {
        self.history(target, "mode", &s.mode, |m| m.keyword().to_string(), out);
        self.history(
            target,
            "as-number",
            &s.as_number,
            |a| format!("as-number {a}"),
            out,
        );
        self.history(
            target,
            "connect-interface",
            &s.connect_interface,
            |c| format!("connect-interface {}", source_text(c)),
            out,
        );
    }
}

impl NetworkRule for OverriddenSetting {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        // Only a setting given twice can be overridden: scopes and peers
        // without one are passed over before any name is formatted.
        let repeated = |s: &Settings| {
            s.mode.0.len() > 1 || s.as_number.0.len() > 1 || s.connect_interface.0.len() > 1
        };
        for (device, instance, scope) in super::scopes(&net.devices) {
            let any = scope.groups.iter().any(|g| repeated(&g.settings))
                || scope
                    .peers
                    .iter()
                    .any(|p| repeated(&p.settings) || p.group.0.len() > 1);
            if !any {
                continue;
            }
            let key_base = |what: &str| scope_key(device, instance, scope, what);
            let ctx = Ctx {
                rule: id,
                device: &device.name,
                place: scope_place(device, instance, scope),
                key_base: &key_base,
            };
            for group in scope.groups.iter().filter(|g| repeated(&g.settings)) {
                ctx.settings(&super::pair::quote_name(&group.name), &group.settings, out);
            }
            for peer in &scope.peers {
                if !repeated(&peer.settings) && peer.group.0.len() < 2 {
                    continue;
                }
                let target = peer.addr.to_string();
                ctx.settings(&target, &peer.settings, out);
                ctx.history(
                    &target,
                    "group",
                    &peer.group,
                    |g| format!("group {}", super::pair::quote_name(g)),
                    out,
                );
            }
        }
    }
}
