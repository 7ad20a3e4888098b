use super::{Change, Finding, Label, NetworkRule, Remedy, pair};
use crate::graph::verdict::RouterIdSource;
use crate::graph::{Blocker, Network, PeerId};
use crate::source::Span;

/// The two ends of a session have one BGP router ID: VRP never brings up
/// an IBGP session between equal router IDs, nor an EBGP one without
/// `router-id allow-same enable` (NE40E configuration guide, Starting a
/// BGP Process; CE6800 `router-id allow-same enable`). Router IDs VRP
/// chooses itself are not compared.
pub struct DuplicateRouterId;

/// The line that gives an end's router ID, and how to name where it is.
fn source(net: &Network, p: PeerId) -> Option<(Span, String)> {
    let sp = &net.speakers[net.peers[p].speaker];
    let (device, scope) = net.speaker_scope(net.peers[p].speaker);
    let instance = &device.bgp[sp.instance];
    match sp.router_id?.1 {
        RouterIdSource::Bgp => instance
            .router_id
            .current()
            .map(|(_, s)| match device.vendor {
                crate::model::Vendor::Huawei => {
                    (s, format!("`router-id` of {}", instance.display_name()))
                }
                _ => (s, format!("the router ID of `router bgp {}`", instance.asn)),
            }),
        RouterIdSource::VpnInstance => scope
            .router_id
            .current()
            .map(|(_, s)| (s, format!("the `router-id` of vpn-instance {}", scope.vrf))),
        RouterIdSource::System => device.router_id.current().map(|(_, s)| {
            let what = match device.vendor {
                crate::model::Vendor::Huawei => "the system's `router id`",
                _ => "the system's router ID",
            };
            (s, what.to_string())
        }),
        RouterIdSource::Auto => None,
    }
}

impl NetworkRule for DuplicateRouterId {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        // Every router ID in use: a proposed one must be none of them.
        let mut taken: Option<rustc_hash::FxHashSet<std::net::Ipv4Addr>> = None;
        for (p, q) in pair::blocked(net, Blocker::SameRouterId) {
            let (Some((p_line, p_from)), Some((q_line, q_from))) = (source(net, p), source(net, q))
            else {
                continue;
            };
            let Some((rid, _)) = net.speakers[net.peers[p].speaker].router_id else {
                continue;
            };
            let (pd, pscope, _) = net.peer(p);
            let (qd, _, _) = net.peer(q);
            let same_device = pd.file == qd.file && pd.name == qd.name;
            let who = |e: PeerId| {
                let (d, scope, _) = net.peer(e);
                if same_device && !scope.is_public() {
                    format!("vpn-instance {} of {}", scope.vrf, d.name)
                } else {
                    d.name.to_string()
                }
            };
            let from = if p_from == q_from {
                format!("both from {p_from}")
            } else {
                format!("from {p_from} and {q_from}")
            };
            let message = format!(
                "the session between {} and {} can never come up: both have router ID {rid} ({from}), and VRP refuses a BGP session between equal router IDs",
                who(p),
                who(q)
            );
            let mut finding = Finding::new(
                id,
                message,
                Label::new(p_line, format!("{} has router ID {rid} from here", who(p))),
                pair::session_key(net, p, q),
            )
            // Both from one line (two VPN instances of one device): the
            // other end's peer line shows where it is.
            .related(if q_line == p_line {
                Label::new(net.peer(q).2.decl, format!("{} takes it too", who(q)))
            } else {
                Label::new(q_line, format!("{} has it too", who(q)))
            })
            .about_peer(net, p)
            .about_peer(net, q);
            if !pscope.is_public() {
                // A VPN instance can choose its own from its interfaces.
                let views = pair::views_of(net, p);
                finding = finding
                    .help(format!(
                        "give vpn-instance {} its own router ID: on {}, in {}, run `router-id auto-select` (or `router-id` with an address of its own)",
                        pscope.vrf,
                        pd.name,
                        views.join(", ")
                    ))
                    .remedy(Remedy::commands(
                        format!("a router ID of its own for vpn-instance {}", pscope.vrf),
                        Change::on(pd, views, vec!["router-id auto-select".to_string()]),
                    ));
            } else {
                // A loopback address of an end whose ID is its BGP view's
                // (not a VPN instance's own), that no speaker uses as its
                // router ID.
                let taken = taken.get_or_insert_with(|| {
                    net.speakers
                        .iter()
                        .filter_map(|sp| sp.router_id.map(|(a, _)| a))
                        .collect()
                });
                let loopback = |d: &crate::model::Device| {
                    d.interfaces
                        .iter()
                        .filter(|i| i.is_loopback())
                        .flat_map(|i| i.addresses.iter())
                        .find_map(|a| match a.addr {
                            std::net::IpAddr::V4(v4) if !taken.contains(&v4) => Some(v4),
                            _ => None,
                        })
                };
                let public = |e: PeerId| net.peer(e).1.is_public();
                let pick = [(pd, p), (qd, q)]
                    .into_iter()
                    .filter(|(_, e)| public(*e))
                    .find_map(|(d, e)| loopback(d).map(|a| (d, e, a)));
                finding = match pick {
                    // Another vendor's device, in its words: IOS and IOS XR
                    // `bgp router-id`, EOS `router-id` under `router bgp`,
                    // Junos `routing-options router-id`.
                    Some((d, e, addr)) if d.vendor != crate::model::Vendor::Huawei => {
                        let asn = net.speakers[net.peers[e].speaker].local_as;
                        let (views, command) = match d.vendor {
                            crate::model::Vendor::Junos => (
                                Vec::new(),
                                format!("set routing-options router-id {addr}"),
                            ),
                            crate::model::Vendor::Eos => (
                                vec![format!("router bgp {asn}")],
                                format!("router-id {addr}"),
                            ),
                            _ => (
                                vec![format!("router bgp {asn}")],
                                format!("bgp router-id {addr}"),
                            ),
                        };
                        let change = Change::native(d, views, vec![command]);
                        finding
                            .help(format!(
                                "give {} a router ID of its own: {} (its loopback address)",
                                d.name,
                                pair::run_text(&change)
                            ))
                            .remedy(Remedy::commands(
                                format!("a router ID of its own for {}", d.name),
                                change,
                            ))
                    }
                    Some((d, e, addr)) => {
                        let views = vec![pair::views_of(net, e)[0].clone()];
                        finding
                            .help(format!(
                                "give {} a router ID of its own: in {}, run `router-id {addr}` (its loopback address)",
                                d.name, views[0]
                            ))
                            .remedy(Remedy::commands(
                                format!("a router ID of its own for {}", d.name),
                                Change::on(d, views, vec![format!("router-id {addr}")]),
                            ))
                    }
                    None => finding.help(format!(
                        "give {} or {} a router ID no other BGP speaker has (`router-id` with an address of its own, in the BGP view): neither has a loopback address to propose",
                        pd.name, qd.name
                    )),
                };
            }
            out.push(finding);
        }
    }
}
