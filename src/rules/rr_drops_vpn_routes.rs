use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use super::{Change, Finding, Label, NetworkRule, Remedy};
use crate::graph::{Network, PeerId, SpeakerId, Status};
use crate::model::{Family, Name};

/// A VPNv4, VPNv6 or EVPN route reflector that still filters VPN routes by
/// its own import targets (NE40E `policy vpn-target`, in the BGP-VPNv4,
/// BGP-VPNv6 and BGP-EVPN address family views: on by default).
pub struct RrDropsVpnRoutes;

impl NetworkRule for RrDropsVpnRoutes {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        // The clients of every public speaker, by family, in one pass.
        let mut clients: BTreeMap<(SpeakerId, Family), Vec<PeerId>> = BTreeMap::new();
        for (p, end) in net.peers.iter().enumerate() {
            if !net.speaker_scope(end.speaker).1.is_public() {
                continue;
            }
            for family in crate::graph::routes::reflects_for(net, p).iter() {
                if matches!(family, Family::Vpnv4 | Family::Vpnv6 | Family::Evpn) {
                    clients.entry((end.speaker, family)).or_default().push(p);
                }
            }
        }
        let mut importers: Option<Importers> = None;
        for ((s, family), peers) in clients {
            let sp = &net.speakers[s];
            let (device, scope) = net.speaker_scope(s);
            let instance = &device.bgp[sp.instance];
            if scope.vpn_target_filter_off(family).is_some() {
                continue;
            }
            let Some(own) = device.route_targets.of(family) else {
                continue;
            };
            {
                // The first client line, and the targets of the clients in
                // the input that it does not import.
                let mut first = None;
                let mut dropped: BTreeSet<(String, Name)> = BTreeSet::new();
                let mut known = 0;
                for p in peers {
                    let end = &net.peers[p];
                    let peer = &scope.peers[end.index];
                    let Some(line) = scope.reflect_client(peer, family) else {
                        continue;
                    };
                    if first.is_none_or(|(l, _): (crate::source::Span, _)| line.start < l.start) {
                        first = Some((line, end.addr));
                    }
                    if let Status::Matched { remote } = end.status {
                        known += 1;
                        let client = &net.devices[net.speakers[net.peers[remote].speaker].device];
                        if let Some(theirs) = client.route_targets.of(family) {
                            let importers = importers.get_or_insert_with(|| importers_of(net));
                            for t in &theirs.export {
                                // Lost only where another device would
                                // import it.
                                let own_import =
                                    usize::from(theirs.import.binary_search(t).is_ok());
                                let others = importers
                                    .get(&(kind(family), t.clone()))
                                    .map_or(0, |n| n - own_import);
                                if own.import.binary_search(t).is_err() && others > 0 {
                                    dropped.insert((client.name.to_string(), t.clone()));
                                }
                            }
                        }
                    }
                }
                let Some((line, addr)) = first else {
                    continue;
                };
                // A reflector that imports every target its clients export
                // drops nothing (the `policy vpn-target` page's usage).
                let what = if dropped.is_empty() && (known > 0 || !own.import.is_empty()) {
                    // Its clients in the input lose nothing another device
                    // would import; with clients outside it, nothing tells.
                    continue;
                } else if own.import.is_empty() {
                    "it imports no route target of its own, so it drops every such route its clients send".to_string()
                } else {
                    let shown: Vec<String> = dropped
                        .iter()
                        .take(3)
                        .map(|(d, t)| format!("{t} of {d}"))
                        .collect();
                    let more = dropped.len().saturating_sub(3);
                    let more = if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    };
                    format!(
                        "none of its own VPN instances imports {}{more}, so it drops those routes",
                        shown.join(", ")
                    )
                };
                let view = family.view();
                let message = format!(
                    "{} reflects {} routes (`peer {addr} reflect-client` in `{view}`) but filters them by its own import targets (no `undo policy vpn-target`): {what}, and its clients never receive them",
                    device.name,
                    family.name(),
                );
                let finding = Finding::new(
                    id,
                    message,
                    Label::new(
                        line,
                        format!("{} reflects {} routes", device.name, family.name()),
                    ),
                    format!(
                        "{}/{}/{}",
                        device.name,
                        instance.display_name(),
                        family.name()
                    ),
                )
                .help(format!(
                    "run `undo policy vpn-target` in the `{view}` view of {}",
                    device.name
                ))
                .about_device(&device.name)
                .remedy(Remedy::commands(
                    format!(
                        "stop filtering reflected {} routes on {}",
                        family.name(),
                        device.name
                    ),
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

/// How many devices import each route target, by kind (see [`kind`]).
type Importers = FxHashMap<(u8, Name), usize>;

/// The kind of targets a family's routes carry: VPNv4, VPNv6, EVPN.
fn kind(family: Family) -> u8 {
    match family {
        Family::Vpnv4 => 4,
        Family::Vpnv6 => 6,
        _ => 0,
    }
}

fn importers_of(net: &Network) -> Importers {
    let mut out = Importers::default();
    for device in &net.devices {
        for family in [Family::Vpnv4, Family::Vpnv6, Family::Evpn] {
            if let Some(t) = device.route_targets.of(family) {
                for rt in &t.import {
                    *out.entry((kind(family), rt.clone())).or_default() += 1;
                }
            }
        }
    }
    out
}
