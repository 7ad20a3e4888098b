use super::{Finding, Label, NetworkRule, scope_key, scope_place};
use crate::graph::Network;
use crate::model::{BgpInstance, Scope};

/// A peer setting or membership that names a group never created in its
/// scope.
pub struct UndefinedGroup;

/// What a group name that no `group` line creates was likely meant to be.
enum Meant<'s> {
    /// A group of the scope whose name differs only in case (names are
    /// case-sensitive) or by a slip of at most two letters.
    Group { name: &'s str, case_only: bool },
    /// The group exists in another VRF of the instance.
    ElsewhereIn(&'s Scope),
}

/// A likely intended name: a case-only difference first, then a close
/// spelling, then the same group in another scope of the instance.
fn meant<'s>(name: &str, scope: &'s Scope, instance: &'s BgpInstance) -> Option<Meant<'s>> {
    if let Some(g) = scope
        .groups
        .iter()
        .find(|g| g.name.eq_ignore_ascii_case(name))
    {
        return Some(Meant::Group {
            name: &g.name,
            case_only: true,
        });
    }
    let close = scope
        .groups
        .iter()
        .map(|g| (strsim::levenshtein(&g.name, name), &g.name))
        .filter(|(d, g)| *d <= 2 && g.chars().count() > 3)
        .min();
    if let Some((_, g)) = close {
        return Some(Meant::Group {
            name: g,
            case_only: false,
        });
    }
    instance
        .scopes
        .iter()
        .find(|s| s.vrf != scope.vrf && s.group(name).is_some())
        .map(Meant::ElsewhereIn)
}

impl NetworkRule for UndefinedGroup {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        for (device, instance, scope) in super::scopes(&net.devices) {
            // Nearly every scope names only groups it has.
            if scope
                .group_refs
                .iter()
                .all(|r| scope.group(&r.name).is_some())
            {
                continue;
            }
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
                    id,
                    message,
                    Label::new(r.name_span, "no `group` line creates this group"),
                    scope_key(device, instance, scope, &format!("group {}", r.name)),
                )
                .about_device(&device.name)
                .about_group(&r.name);
                for other in refs.iter().skip(1).filter(|o| o.span != r.span) {
                    finding = finding.related(Label::new(other.name_span, "also used here"));
                }
                let quoted = super::pair::quote_name(&r.name);
                finding.help = Some(match meant(&r.name, scope, instance) {
                    Some(Meant::Group { name, case_only }) => {
                        // Every reference, spelled as the group is.
                        let written = super::pair::quote_name(name);
                        let mut edits: Vec<(crate::source::Span, String)> = Vec::new();
                        for reference in &refs {
                            if !edits.iter().any(|(s, _)| *s == reference.name_span) {
                                edits.push((reference.name_span, written.clone()));
                            }
                        }
                        finding.remedies.push(super::Remedy::replace(
                            format!("Write the name as `{written}`"),
                            edits,
                        ));
                        let how = "`peerlint check --fix --unsafe-fixes` writes it so";
                        if case_only {
                            format!("did you mean `{name}`? group names are case-sensitive ({how})")
                        } else {
                            format!("did you mean `{name}`? ({how})")
                        }
                    }
                    Some(Meant::ElsewhereIn(s)) => {
                        let where_ = if s.is_public() {
                            "the public BGP view".to_string()
                        } else {
                            format!("vpn-instance {}", s.vrf)
                        };
                        format!(
                            "group `{}` exists in {where_}; groups do not cross into other VRFs, so create it here too",
                            r.name
                        )
                    }
                    None => format!(
                        "create it first: `group {quoted} external` (or `internal`) in the same view"
                    ),
                });
                out.push(finding);
            }
        }
    }
}
