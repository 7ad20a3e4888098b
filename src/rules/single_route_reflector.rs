use std::collections::BTreeMap;

use super::ibgp_not_propagated::names;
use super::{Finding, Label, NetworkRule};
use crate::graph::{Network, PeerId, SpeakerId};
use crate::model::Family;

/// A route reflector client whose every reflector is one device.
pub struct SingleRouteReflector;

impl NetworkRule for SingleRouteReflector {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        // Per client speaker and family: the reflectors' devices, each with
        // the reflector's peer towards the client.
        let mut served: BTreeMap<(SpeakerId, Family), BTreeMap<usize, PeerId>> = BTreeMap::new();
        let routes = net.routes();
        for fr in &routes.families {
            for r in &fr.reflectors {
                let device = net.speakers[r.speaker].device;
                for &p in &r.clients {
                    let Some(session) = net.session_of(p) else {
                        continue;
                    };
                    let remote = if session.a == p { session.b } else { session.a };
                    let client = net.peers[remote].speaker;
                    served
                        .entry((client, fr.family))
                        .or_default()
                        .entry(device)
                        .or_insert(p);
                }
            }
        }
        // One note per client and reflector, with the families it alone
        // serves.
        let mut notes: BTreeMap<(SpeakerId, usize), (PeerId, Vec<Family>)> = BTreeMap::new();
        for ((client, family), reflectors) in served {
            if reflectors.len() != 1 {
                continue;
            }
            let Some((&device, &p)) = reflectors.iter().next() else {
                continue;
            };
            notes
                .entry((client, device))
                .or_insert((p, Vec::new()))
                .1
                .push(family);
        }
        for ((client, _), (p, families)) in notes {
            out.push(note(id, net, client, p, &families));
        }
    }
}

fn note(id: &'static str, net: &Network, client: SpeakerId, p: PeerId, families: &[Family]) -> Finding {
    let end = &net.peers[p];
    let rr = end.speaker;
    let (rr_device, scope, peer) = net.peer(p);
    let fams: Vec<&str> = families.iter().map(|f| f.name()).collect();
    let fams = fams.join(", ");
    let routes = net.routes();
    let cut: Vec<&str> = families
        .iter()
        .filter(|f| {
            routes
                .family(**f)
                .is_some_and(|fr| fr.cut_points.contains(&rr))
        })
        .map(|f| f.name())
        .collect();
    let client_name = net.speaker_name(client);
    let rr_name = net.speaker_name(rr);
    let mut message = format!(
        "{client_name} has one route reflector in {fams}, {rr_name}: while {rr_name} is down, {client_name} gets no reflected routes and reflects none of its own"
    );
    if !cut.is_empty() {
        message.push_str(&format!(
            "; {rr_name} is also a cut point of the {} session graph: losing it splits the speakers in two",
            cut.join(", ")
        ));
    }
    let line = families
        .iter()
        .find_map(|f| scope.reflect_client(peer, *f))
        .unwrap_or(peer.decl);
    let key = format!("{client_name}/{fams}/{rr_name}");
    let mut finding = Finding::new(
        id,
        message,
        Label::new(line, format!("{client_name} is a client of {rr_name}")),
        key,
    )
    .related(Label::new(
        net.speaker_line(client),
        format!("{client_name} has no other reflector"),
    ))
    .help(format!(
        "make {client_name} a client of a second route reflector as well (`peer <address of {}> reflect-client` on it), so that it keeps its routes when {rr_name} fails",
        names(net, &[client], 1)
    ))
    .about_device(&net.speaker_scope(client).0.name)
    .about_device(&rr_device.name);
    finding.about.peers.push(end.addr.to_string());
    finding
}
