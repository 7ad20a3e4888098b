use std::collections::BTreeMap;

use super::{Finding, Label, NetworkRule};
use crate::graph::routes::Client;
use crate::graph::{Network, SpeakerId};
use crate::model::Family;

/// A route reflector client whose every reflector is one device.
pub struct SingleRouteReflector;

impl NetworkRule for SingleRouteReflector {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        // Per client speaker and family: the reflectors' devices, each with
        // its reflector speaker and the client's line there.
        type Served<'n> = BTreeMap<usize, (SpeakerId, &'n Client)>;
        let mut served: BTreeMap<(SpeakerId, Family), Served> = BTreeMap::new();
        let routes = net.routes();
        for fr in &routes.families {
            for r in &fr.reflectors {
                let device = net.speakers[r.speaker].device;
                for c in &r.clients {
                    // A reflector that serves clients of its own keeps
                    // their routes whatever its own reflectors do.
                    if fr.reflector(c.speaker).is_some() {
                        continue;
                    }
                    served
                        .entry((c.speaker, fr.family))
                        .or_default()
                        .entry(device)
                        .or_insert((r.speaker, c));
                }
            }
        }
        // One note per client and reflector, with the families it alone
        // serves.
        type Note<'n> = (SpeakerId, &'n Client, Vec<Family>);
        let mut notes: BTreeMap<(SpeakerId, usize), Note> = BTreeMap::new();
        for ((client, family), reflectors) in served {
            let mut only = reflectors.into_iter();
            let (Some((device, (rr, c))), None) = (only.next(), only.next()) else {
                continue;
            };
            notes
                .entry((client, device))
                .or_insert((rr, c, Vec::new()))
                .2
                .push(family);
        }
        for ((client, _), (rr, c, families)) in notes {
            out.push(note(id, net, client, rr, c, &families));
        }
    }
}

fn note(
    id: &'static str,
    net: &Network,
    client: SpeakerId,
    rr: SpeakerId,
    c: &Client,
    families: &[Family],
) -> Finding {
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
        "{client_name} has one route reflector in {fams}, {rr_name}: while {rr_name} is down, {client_name} receives no reflected routes, and no other client receives {client_name}'s"
    );
    if !cut.is_empty() {
        message.push_str(&format!(
            "; {rr_name} is also a cut point of the {} session graph: losing it splits the speakers in two",
            cut.join(", ")
        ));
    }
    let key = format!("{client_name}/{fams}/{rr_name}");
    let mut finding = Finding::new(
        id,
        message,
        Label::new(c.line, format!("{client_name} is a client of {rr_name}")),
        key,
    )
    .related(Label::new(
        net.speaker_line(client),
        format!("{client_name} has no other reflector"),
    ))
    .help(format!(
        "make {client_name} a client of a second route reflector as well (`peer <its address> reflect-client` on that reflector), so that it keeps its routes when {rr_name} fails"
    ))
    .about_device(&net.speaker_scope(client).0.name)
    .about_device(&net.speaker_scope(rr).0.name);
    if let Some(p) = c.peer {
        finding.about.peers.push(net.peers[p].addr.to_string());
    }
    finding
}
