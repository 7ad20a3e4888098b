use super::{Finding, Label, Rule, scope_key, scope_place};
use crate::graph::Network;
use crate::model::{BgpInstance, Scope};

/// A peer setting or membership that names a group never created in its
/// scope.
pub struct UndefinedGroup;

/// A likely intended name: a case-only difference first (names are
/// case-sensitive), then a close spelling, then the same group in another
/// scope of the instance.
fn suggestion(name: &str, scope: &Scope, instance: &BgpInstance) -> Option<String> {
    if let Some(g) = scope
        .groups
        .iter()
        .find(|g| g.name.eq_ignore_ascii_case(name))
    {
        return Some(format!(
            "did you mean `{}`? group names are case-sensitive",
            g.name
        ));
    }
    let close = scope
        .groups
        .iter()
        .map(|g| (strsim::levenshtein(&g.name, name), &g.name))
        .filter(|(d, g)| *d <= 2 && g.chars().count() > 3)
        .min();
    if let Some((_, g)) = close {
        return Some(format!("did you mean `{g}`?"));
    }
    instance
        .scopes
        .iter()
        .find(|s| s.vrf != scope.vrf && s.group(name).is_some())
        .map(|s| {
            let where_ = if s.is_public() {
                "the public BGP view".to_string()
            } else {
                format!("vpn-instance {}", s.vrf)
            };
            format!("group `{name}` exists in {where_}; groups do not cross into other VRFs, so create it here too")
        })
}

impl Rule for UndefinedGroup {
    fn id(&self) -> &'static str {
        "undefined-group"
    }

    fn check(&self, net: &Network, out: &mut Vec<Finding>) {
        for (device, instance, scope) in super::scopes(net) {
            for (name, refs) in scope.refs_by_name() {
                if scope.group(name).is_some() {
                    continue;
                }
                let r = refs[0];
                let message = format!(
                    "group `{}` is used but never created {}",
                    r.name,
                    scope_place(device, instance, scope)
                );
                let mut finding = Finding::new(
                    self.id(),
                    message,
                    Label::new(r.name_span, "no `group` line creates this group"),
                    scope_key(device, instance, scope, &format!("group {}", r.name)),
                )
                .about_device(&device.name)
                .about_group(&r.name);
                for other in refs.iter().skip(1).filter(|o| o.span != r.span) {
                    finding = finding.related(Label::new(other.name_span, "also used here"));
                }
                finding.help = Some(match suggestion(&r.name, scope, instance) {
                    Some(s) => s,
                    None => format!(
                        "create it first: `group {} external` (or `internal`) in the same view",
                        super::pair::quote_name(&r.name)
                    ),
                });
                out.push(finding);
            }
        }
    }
}
