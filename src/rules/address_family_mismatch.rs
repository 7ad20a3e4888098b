use super::{Finding, Label, NetworkRule, Remedy, pair};
use crate::graph::verdict::Families;
use crate::graph::{Network, PeerId};
use crate::model::Family;

/// An address family enabled towards the peer on one end only: the session
/// comes up, but that family's routes never cross it (the two ends
/// advertise different families and keep the ones they share; NE40E
/// `display bgp peer verbose` shows families as advertised, received or
/// both).
pub struct AddressFamilyMismatch;

/// The families peerlint compares. IPv4 unicast is not among them: VRP
/// enables it on its own for every IPv4 peer of the BGP view (and prints
/// the `peer X enable` it made), so one end that keeps it while the other
/// carries only VPN or IPv6 routes is the default left on, as in Huawei's
/// own 6VPE and carrier's carrier examples, not a forgotten step. Other
/// families (flow, multicast VPN…) are enabled where peerlint does not
/// name them.
const COMPARED: [Family; 5] = [
    Family::Ipv6Unicast,
    Family::Vpnv4,
    Family::Vpnv6,
    Family::Evpn,
    Family::LabeledUnicast,
];

/// The line that enables an end in a family: its own `peer X enable`, its
/// group's, else the line that made it (enabled on its own).
fn enable_line(net: &Network, p: PeerId, family: Family) -> crate::source::Span {
    let (_, scope, peer) = net.peer(p);
    peer.settings
        .family(family)
        .or_else(|| scope.group_of(peer).and_then(|g| g.settings.family(family)))
        .map_or(peer.decl, |l| l.span)
}

/// The families that some member of a group carries with its remote end:
/// by speaker, group name and family.
type Carried<'n> = std::collections::HashSet<(usize, &'n str, Family)>;

fn carried(net: &Network) -> Carried<'_> {
    let mut out = Carried::new();
    for s in &net.sessions {
        let both = net.peers[s.a]
            .families
            .intersection(net.peers[s.b].families);
        for x in [s.a, s.b] {
            let (_, scope, peer) = net.peer(x);
            if let Some(g) = scope.group_of(peer) {
                for f in COMPARED.into_iter().filter(|&f| both.contains(f)) {
                    out.insert((net.peers[x].speaker, g.name.as_str(), f));
                }
            }
        }
    }
    out
}

/// Whether an end takes a family from a group whose other members carry
/// it: a group that serves clients of several kinds (a route reflector's
/// VPNv4 and EVPN clients) enables on each member what only some of them
/// use, and that is the design, not a forgotten step.
fn from_a_mixed_group(net: &Network, carried: &Carried<'_>, p: PeerId, family: Family) -> bool {
    let (_, scope, peer) = net.peer(p);
    peer.settings.family(family).is_none()
        && scope.group_of(peer).is_some_and(|g| {
            g.settings.family(family).is_some()
                && carried.contains(&(net.peers[p].speaker, g.name.as_str(), family))
        })
}

impl NetworkRule for AddressFamilyMismatch {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        let mut groups: Option<Carried<'_>> = None;
        let compared = Families::of(COMPARED);
        // Labeled unicast is written in too many ways (VRP's own family
        // view or `peer label-route-capability` in IPv4 unicast, which the
        // VRP reader does not read; IOS `send-label`; Junos `family inet
        // labeled-unicast`) to be compared across vendors.
        let across = Families::of(
            COMPARED
                .into_iter()
                .filter(|f| *f != Family::LabeledUnicast),
        );
        for s in &net.sessions {
            let mixed = net.peer(s.a).0.vendor != net.peer(s.b).0.vendor;
            let compared = if mixed { across } else { compared };
            let (fa, fb) = (net.peers[s.a].families, net.peers[s.b].families);
            // An end enabled nowhere is `peer-not-enabled`'s; ends that
            // agree on what is compared are fine.
            if fa.is_empty()
                || fb.is_empty()
                || fa.intersection(compared) == fb.intersection(compared)
            {
                continue;
            }
            let (p, q) = pair::order(net, s.a, s.b);
            let (fp, fq) = (net.peers[p].families, net.peers[q].families);
            let only = |a: Families, b: Families| {
                COMPARED
                    .into_iter()
                    .filter(|f| compared.contains(*f))
                    .filter(|f| a.contains(*f) && !b.contains(*f))
                    .collect::<Vec<_>>()
            };
            let (mut on_p, mut on_q) = (only(fp, fq), only(fq, fp));
            let groups = groups.get_or_insert_with(|| carried(net));
            on_p.retain(|&f| !from_a_mixed_group(net, groups, p, f));
            on_q.retain(|&f| !from_a_mixed_group(net, groups, q, f));
            // The end that enables more first.
            let (p, q, extra, missing) = if on_p.is_empty() {
                (q, p, on_q, on_p)
            } else {
                (p, q, on_p, on_q)
            };
            let Some(&first) = extra.first() else {
                continue;
            };
            let (pd, _, _) = net.peer(p);
            let (qd, _, q_peer) = net.peer(q);
            let names = |fs: &[Family]| fs.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ");
            let mut message = format!(
                "{} enables {} towards {}, which does not enable it towards {}: the session comes up, but carries no {} routes",
                pd.name,
                names(&extra),
                qd.name,
                pd.name,
                names(&extra)
            );
            if !missing.is_empty() {
                message.push_str(&format!(
                    " (and {} enables {}, which {} does not)",
                    qd.name,
                    names(&missing),
                    pd.name
                ));
            }
            let mut finding = Finding::new(
                id,
                message,
                Label::new(
                    enable_line(net, p, first),
                    format!("{} is enabled in {} here", net.describe(p), first.name()),
                ),
                format!("{}|{}", pair::session_key(net, p, q), names(&extra)),
            )
            .related(Label::new(
                q_peer.decl,
                format!("{} is not enabled in {}", net.describe(q), first.name()),
            ))
            .about_peer(net, p)
            .about_peer(net, q);
            let one = extra.len() == 1 && missing.is_empty();
            // Each end's own words (`peer X enable`, `neighbor X activate`,
            // a Junos `family` line).
            let enable_q = pair::family_change(net, q, first, true);
            let q_native = pair::native_at(net, q).is_some();
            if let (true, Some(c)) = (one, enable_q) {
                finding = finding
                    .help(format!(
                        "enable it on {} too: {}; or, if {} should not carry it, remove it there",
                        qd.name,
                        pair::run_in(&c),
                        pd.name
                    ))
                    .remedy(Remedy::commands(
                        format!("enable {} on {}", first.name(), qd.name),
                        c,
                    ));
            } else if let (true, Some(c)) = (
                one,
                // Another vendor's end whose words cover no such line is
                // not said to be unable to carry the family.
                pair::family_change(net, p, first, false)
                    .filter(|c| !q_native || c.vendor != crate::model::Vendor::Huawei),
            ) {
                // The other end cannot carry it at all: remove it here.
                finding = finding
                    .help(format!(
                        "{} cannot carry {} towards {}: on {}, {}",
                        net.describe(q),
                        first.name(),
                        pd.name,
                        pd.name,
                        pair::run_in(&c)
                    ))
                    .remedy(Remedy::commands(
                        format!("remove {} on {}", first.name(), pd.name),
                        c,
                    ));
            } else if q_native && one {
                finding = finding.help(format!(
                    "enable {} on {} too, or, if {} should not carry it, remove it there",
                    first.name(),
                    qd.name,
                    pd.name
                ));
            } else {
                // Several families: each end's command in each view.
                let mut steps: Vec<String> = Vec::new();
                for (end, on, fams) in [(q, &qd.name, &extra), (p, &pd.name, &missing)] {
                    for f in fams.iter() {
                        if let Some(c) = pair::family_change(net, end, *f, true) {
                            steps.push(format!("on {on}, {}", pair::run_in(&c)));
                        }
                    }
                }
                finding = finding.help(if steps.is_empty() {
                    "enable the same address families at both ends, or remove the ones the other end cannot carry".to_string()
                } else {
                    format!(
                        "enable the same address families at both ends: {}; or remove the ones an end should not carry",
                        steps.join("; ")
                    )
                });
            }
            out.push(finding);
        }
    }
}
