use std::collections::BTreeSet;

use super::{Change, Finding, Label, NetworkRule, Remedy, pair};
use crate::graph::routes::{Cause, Domain, FamilyRoutes, Gap, cluster_text};
use crate::graph::{Network, PeerId, SpeakerId};
use crate::model::Family;

/// How many receivers a message names and a finding points at.
const NAMED: usize = 4;

/// The views of a speaker's family; the BGP view where the speaker's
/// scope has no such family.
pub(super) fn speaker_family_views(net: &Network, s: SpeakerId, family: Family) -> Vec<String> {
    pair::speaker_family_views(net, s, family).unwrap_or_else(|| {
        let (device, _) = net.speaker_scope(s);
        vec![device.bgp[net.speakers[s].instance].display_name()]
    })
}

/// A speaker's ends that can establish, with their remote ends.
fn up(net: &Network, s: SpeakerId) -> impl Iterator<Item = (PeerId, PeerId)> + '_ {
    net.peers_of(s)
        .filter_map(move |p| match net.peers[p].status {
            crate::graph::Status::Matched { remote } if net.can_establish(p) => Some((p, remote)),
            _ => None,
        })
}

/// A reflector of the domain with a session to `r`, and the address it
/// has configured for `r`.
fn reflector_towards(
    net: &Network,
    fr: &FamilyRoutes,
    d: &Domain,
    r: SpeakerId,
) -> Option<(SpeakerId, std::net::IpAddr)> {
    up(net, r).find_map(|(_, remote)| {
        let rr = net.peers[remote].speaker;
        (fr.reflector(rr).is_some() && d.speakers.binary_search(&rr).is_ok())
            .then_some((rr, net.peers[remote].addr))
    })
}

/// The speaker of a domain with the most IBGP sessions that can
/// establish, and the addresses of its peers in the domain.
fn hub_of(net: &Network, d: &Domain) -> Option<(SpeakerId, Vec<std::net::IpAddr>)> {
    d.speakers
        .iter()
        .map(|&s| {
            let addrs: Vec<std::net::IpAddr> = up(net, s)
                .filter(|(_, remote)| {
                    d.speakers
                        .binary_search(&net.peers[*remote].speaker)
                        .is_ok()
                })
                .map(|(p, _)| net.peers[p].addr)
                .collect();
            (s, addrs)
        })
        .max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.0.cmp(&a.0)))
        .filter(|(_, addrs)| !addrs.is_empty())
}

/// The address a speaker opens its IBGP sessions from, when one of them
/// tells.
fn source_of(net: &Network, s: SpeakerId) -> Option<std::net::IpAddr> {
    net.peers[net.peers_of(s)]
        .iter()
        .filter(|e| e.remote_as == e.local_as)
        .find_map(|e| e.local_addr)
}

/// The reflectors of a family among a domain's speakers.
fn reflectors_in(fr: &FamilyRoutes, d: &Domain) -> Vec<SpeakerId> {
    d.speakers
        .iter()
        .copied()
        .filter(|&s| fr.reflector(s).is_some())
        .collect()
}

/// `PE1`, `PE1, PE2 and 3 more`.
pub(super) fn names(net: &Network, speakers: &[SpeakerId], max: usize) -> String {
    let mut shown: Vec<String> = speakers
        .iter()
        .take(max)
        .map(|&s| net.speaker_name(s))
        .collect();
    let more = speakers.len().saturating_sub(max);
    if more > 0 {
        shown.push(format!("{more} more"));
    }
    match shown.len() {
        0 => String::new(),
        1 => shown.remove(0),
        n => format!("{} and {}", shown[..n - 1].join(", "), shown[n - 1]),
    }
}

/// Speakers of one AS and family whose routes never reach each other.
pub struct IbgpNotPropagated;

impl NetworkRule for IbgpNotPropagated {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        let routes = net.routes();
        for fr in &routes.families {
            for d in &fr.domains {
                for gap in &d.gaps {
                    out.push(finding(id, net, fr, d, gap));
                }
            }
        }
    }
}

fn finding(id: &'static str, net: &Network, fr: &FamilyRoutes, d: &Domain, gap: &Gap) -> Finding {
    let family = fr.family.name();
    let receivers = &gap.receivers;
    // Receivers by class, in the order of the classes' first speakers.
    let mut by_class: std::collections::BTreeMap<usize, Vec<SpeakerId>> = Default::default();
    for &r in receivers {
        by_class.entry(d.class_of[&r]).or_default().push(r);
    }
    let mut groups: Vec<Vec<SpeakerId>> = by_class.into_values().collect();
    groups.sort_by_key(|g| g[0]);
    // `PE3 gets none from PE1 and PE2`, for the first few receivers.
    let mut told: Vec<String> = Vec::new();
    for members in groups.iter().take(3) {
        let origins = fr.missed_by(net, d, gap, members[0]);
        let who = names(net, members, 2);
        let others: Vec<SpeakerId> = origins
            .iter()
            .copied()
            .filter(|s| members.binary_search(s).is_err())
            .collect();
        // Speakers that behave alike and miss each other's routes.
        let mutual = members.len() > 1 && members[1..].iter().all(|m| origins.contains(m));
        told.push(match (mutual, others.is_empty()) {
            (true, true) => format!("{who} get none of each other's routes"),
            (true, false) => format!(
                "{who} get none of each other's routes, nor any from {}",
                names(net, &others, 3)
            ),
            (false, _) => {
                let verb = if members.len() == 1 { "gets" } else { "get" };
                format!("{who} {verb} none from {}", names(net, &others, 3))
            }
        });
    }
    if groups.len() > 3 {
        told.push("…".to_string());
    }
    let told = told.join("; ");
    let sp = &net.speakers[d.speakers[0]];
    let domain_as = match sp.confederation {
        Some(c) => format!("confederation {c}"),
        None => format!("AS {}", sp.local_as),
    };
    let count = receivers.len();
    let (speakers, receive) = if count == 1 {
        ("speaker", "receives")
    } else {
        ("speakers", "receive")
    };
    let reflectors_of = |ids: &mut dyn Iterator<Item = SpeakerId>| -> Vec<SpeakerId> {
        let mut v: Vec<SpeakerId> = ids.collect();
        v.sort_unstable();
        v
    };
    let (message, primary, mut related, help, remedies, cause_key) = match &gap.cause {
        Cause::ClusterId(cid) => {
            let sharing = reflectors_of(&mut reflectors_in(fr, d).into_iter().filter(|&s| {
                fr.reflector(s)
                    .and_then(|r| r.cluster_id)
                    .is_some_and(|(c, _)| c == *cid)
            }));
            // As the first of them writes it.
            let shown = fr
                .reflector(sharing[0])
                .and_then(|r| r.cluster_text.clone())
                .unwrap_or_else(|| cluster_text(*cid, false));
            let line = |s: SpeakerId| {
                fr.reflector(s)
                    .and_then(|r| r.cluster_id)
                    .and_then(|(_, l)| l)
                    .unwrap_or_else(|| net.speaker_line(s))
            };
            let message = format!(
                "{} share cluster ID {shown} in {family}, so each drops the routes the {} reflect{}, and {count} {speakers} of {domain_as} miss routes: {told}",
                names(net, &sharing, 3),
                if sharing.len() == 2 {
                    "other"
                } else {
                    "others"
                },
                if sharing.len() == 2 { "s" } else { "" }
            );
            let primary = Label::new(
                line(sharing[0]),
                format!("cluster ID {shown} on {}", net.speaker_name(sharing[0])),
            );
            let related: Vec<Label> = sharing[1..]
                .iter()
                .map(|&s| {
                    Label::new(
                        line(s),
                        format!("the same cluster ID on {}", net.speaker_name(s)),
                    )
                })
                .collect();
            let help = "give the reflectors that serve different clients cluster IDs of their own (`reflector cluster-id`), or make every client a client of each of them".to_string();
            (
                message,
                primary,
                related,
                help,
                Vec::new(),
                format!("cluster-{cid}"),
            )
        }
        Cause::BetweenClients(refl) => {
            let line = |s: SpeakerId| {
                fr.reflector(s)
                    .and_then(|r| r.between_clients_off)
                    .unwrap_or_else(|| net.speaker_line(s))
            };
            let message = format!(
                "{} does not reflect {family} routes between its clients (`undo reflect between-clients`), and its clients are not fully meshed: {count} {speakers} of {domain_as} miss routes: {told}",
                names(net, refl, 3)
            );
            let primary = Label::new(
                line(refl[0]),
                format!(
                    "{} reflects no client's routes to its other clients",
                    net.speaker_name(refl[0])
                ),
            );
            let related: Vec<Label> = refl[1..]
                .iter()
                .map(|&s| Label::new(line(s), "the same here"))
                .collect();
            let remedies = refl
                .iter()
                .map(|&s| {
                    let (device, _) = net.speaker_scope(s);
                    Remedy::commands(
                        format!("reflect between clients on {}", device.name),
                        Change::on(
                            device,
                            speaker_family_views(net, s, fr.family),
                            vec!["reflect between-clients".to_string()],
                        ),
                    )
                })
                .collect();
            let help = format!(
                "let {} reflect between its clients again (`reflect between-clients`), or configure the sessions between its clients",
                net.speaker_name(refl[0])
            );
            let key = format!("between-clients-{}", net.speaker_name(refl[0]));
            (message, primary, related, help, remedies, key)
        }
        Cause::NoPath => {
            let in_domain = !reflectors_in(fr, d).is_empty();
            // A reflector of another family is no reflector of this one
            // (NE40E `peer reflect-client`: valid in its address family).
            let elsewhere: Vec<String> = net
                .routes()
                .families
                .iter()
                .filter(|other| other.family != fr.family)
                .flat_map(|other| {
                    reflectors_in(other, d).into_iter().map(move |r| {
                        format!(
                            "{} reflects {} only",
                            net.speaker_name(r),
                            other.family.name()
                        )
                    })
                })
                .take(2)
                .collect();
            let why = match (in_domain, elsewhere.is_empty()) {
                (true, _) => "no session and no route reflector carries them".to_string(),
                (false, true) => {
                    "the speakers are not fully meshed and no route reflector serves them"
                        .to_string()
                }
                (false, false) => format!(
                    "the speakers are not fully meshed and no route reflector serves them in {family} ({}: `reflect-client` holds in the family it is configured in)",
                    elsewhere.join("; ")
                ),
            };
            let message = format!(
                "{count} {speakers} of {domain_as} never {receive} some of its {family} routes: {why}: {told}"
            );
            let primary = Label::new(
                net.speaker_line(receivers[0]),
                format!("{} misses routes", net.speaker_name(receivers[0])),
            );
            let r = receivers[0];
            let missed = fr.missed_by(net, d, gap, r);
            let (help, remedies) = match (in_domain, missed.first()) {
                (true, _) => match reflector_towards(net, fr, d, r) {
                    Some((rr, addr)) => {
                        let (device, _) = net.speaker_scope(rr);
                        let views = speaker_family_views(net, rr, fr.family);
                        let command = format!("peer {addr} reflect-client");
                        (
                            format!(
                                "make {} a client of {}: in {}, run `{command}`; or configure the IBGP sessions it lacks",
                                net.speaker_name(r),
                                net.speaker_name(rr),
                                views.join(", ")
                            ),
                            vec![Remedy::commands(
                                format!("make {} a client of {}", net.speaker_name(r), device.name),
                                Change::on(device, views, vec![command]),
                            )],
                        )
                    }
                    None => (
                        format!(
                            "make {} a client of a route reflector (`peer <its address> reflect-client` there: no reflector has a session with it yet), or configure the IBGP sessions it lacks",
                            net.speaker_name(r)
                        ),
                        Vec::new(),
                    ),
                },
                (false, Some(&o)) => match (source_of(net, r), source_of(net, o)) {
                    (Some(ra), Some(oa)) => {
                        // Each end peers with the other's AS (its member AS
                        // inside a confederation), in its own VRF's view.
                        let session = |s: SpeakerId, to: std::net::IpAddr, other: SpeakerId| {
                            let (device, scope) = net.speaker_scope(s);
                            let asn = net.speakers[other].local_as;
                            let mut commands = vec![format!("peer {to} as-number {asn}")];
                            if to.is_ipv6() || fr.family != Family::Ipv4Unicast {
                                commands.push(format!("peer {to} enable"));
                            }
                            let views = if commands.len() > 1 || !scope.is_public() {
                                speaker_family_views(net, s, fr.family)
                            } else {
                                vec![device.bgp[net.speakers[s].instance].display_name()]
                            };
                            (device, views, commands)
                        };
                        let (rd, rv, rc) = session(r, oa, o);
                        let (od, ov, oc) = session(o, ra, r);
                        // The speaker with the most sessions could reflect
                        // for the others.
                        let hub = hub_of(net, d);
                        let reflect = hub.map_or(String::new(), |(h, addrs)| {
                            let shown: Vec<String> = addrs
                                .iter()
                                .take(3)
                                .map(|a| format!("peer {a} reflect-client"))
                                .collect();
                            let more = if addrs.len() > 3 { "; …" } else { "" };
                            format!(
                                "; or make {} a route reflector for the others (in {}, run `{}`{more})",
                                net.speaker_name(h),
                                speaker_family_views(net, h, fr.family).join(", "),
                                shown.join("; ")
                            )
                        });
                        (
                            format!(
                                "configure the IBGP session between {} and {} (on {}, in {}, run `{}`; on {}, in {}, run `{}`), and so on until the speakers are fully meshed{reflect}",
                                rd.name,
                                od.name,
                                rd.name,
                                rv.join(", "),
                                rc.join("; "),
                                od.name,
                                ov.join(", "),
                                oc.join("; "),
                            ),
                            vec![
                                Remedy::commands(
                                    format!("peer {} with {}", rd.name, od.name),
                                    Change::on(rd, rv, rc),
                                ),
                                Remedy::commands(
                                    format!("peer {} with {}", od.name, rd.name),
                                    Change::on(od, ov, oc),
                                ),
                            ],
                        )
                    }
                    _ => (
                        "configure the IBGP sessions that complete the full mesh, or make one speaker a route reflector with the others as its clients (`peer <address> reflect-client`: the addresses the speakers use are not known)".to_string(),
                        Vec::new(),
                    ),
                },
                (false, None) => (
                    "configure the IBGP sessions that complete the full mesh, or make one speaker a route reflector with the others as its clients".to_string(),
                    Vec::new(),
                ),
            };
            (
                message,
                primary,
                Vec::new(),
                help,
                remedies,
                "no-path".to_string(),
            )
        }
    };
    let skip = usize::from(matches!(gap.cause, Cause::NoPath));
    for &s in receivers.iter().skip(skip).take(NAMED - skip) {
        related.push(Label::new(
            net.speaker_line(s),
            format!("{} misses routes", net.speaker_name(s)),
        ));
    }
    let key = format!("{}/{family}/{}", net.speaker_name(d.speakers[0]), cause_key);
    let mut finding = Finding::new(id, message, primary, key).help(help);
    finding.related.extend(related);
    for r in remedies {
        finding = finding.remedy(r);
    }
    let devices: BTreeSet<String> = receivers
        .iter()
        .map(|&s| net.speaker_scope(s).0.name.to_string())
        .collect();
    finding.about.devices = devices.into_iter().collect();
    finding
}
