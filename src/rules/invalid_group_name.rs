use super::{DeviceRule, Finding, Label, scope_key, scope_place};
use crate::model::Device;

/// A group name that VRP would refuse: 1 to 47 characters, no spaces
/// unless the name is in double quotes.
pub struct InvalidGroupName;

/// The longest group name VRP accepts, in characters.
pub const MAX_GROUP_NAME: usize = 47;

/// Why a group name is invalid, or `None` when VRP takes it.
pub fn name_problem(name: &str, quoted: bool, unquoted_space: bool) -> Option<String> {
    let len = name.chars().count();
    if unquoted_space {
        return Some(format!(
            "group name `{name}` holds spaces but is not in double quotes; VRP reads the first word as the name and refuses the rest"
        ));
    }
    if len == 0 {
        return Some("the group name is empty; VRP needs 1 to 47 characters".to_string());
    }
    if len > MAX_GROUP_NAME {
        return Some(format!(
            "group name `{name}` is {len} characters long; VRP accepts 1 to {MAX_GROUP_NAME}"
        ));
    }
    if name.contains('?') {
        return Some(format!(
            "group name `{name}` contains `?`, which the VRP command line takes as a request for help"
        ));
    }
    if !quoted && name.parse::<std::net::IpAddr>().is_ok() {
        return Some(format!(
            "group name `{name}` is an IP address, so `peer {name} …` would name a peer, not the group"
        ));
    }
    None
}

impl DeviceRule for InvalidGroupName {
    fn check(&self, id: &'static str, devices: &[Device], out: &mut Vec<Finding>) {
        for (device, instance, scope) in super::scopes(devices) {
            // The references by name, gathered once a name is found wanting.
            let mut refs: Option<std::collections::HashMap<&str, Vec<&crate::model::GroupRef>>> =
                None;
            for group in &scope.groups {
                let Some(problem) = name_problem(&group.name, group.quoted, group.unquoted_space)
                else {
                    continue;
                };
                let message = format!("{problem} ({})", scope_place(device, instance, scope));
                let primary = Label::new(group.name_span, "this name is refused by VRP");
                let help = if group.unquoted_space {
                    format!("put the name in double quotes: `group \"{}\"`", group.name)
                } else {
                    format!(
                        "rename the group to at most {} characters, without `?`, and update every `peer … group` line that names it",
                        MAX_GROUP_NAME
                    )
                };
                let mut finding = Finding::new(
                    id,
                    message,
                    primary,
                    scope_key(device, instance, scope, &format!("group {}", group.name)),
                )
                .help(help)
                .about_device(&device.name)
                .about_group(&group.name);
                let refs = refs.get_or_insert_with(|| scope.refs_by_name().into_iter().collect());
                for r in refs.get(group.name.as_str()).into_iter().flatten() {
                    finding = finding.related(Label::new(r.name_span, "the group is used here"));
                }
                out.push(finding);
            }
        }
    }
}
