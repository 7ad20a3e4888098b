use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

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
        // The reflectors of each family's domain a client is in, to name
        // a second one.
        let mut others: Others = FxHashMap::default();
        for fr in &routes.families {
            for d in &fr.domains {
                let refl: Vec<SpeakerId> = d
                    .speakers
                    .iter()
                    .copied()
                    .filter(|&s| fr.reflector(s).is_some())
                    .collect();
                if refl.len() < 2 {
                    continue;
                }
                let refl = std::rc::Rc::new(refl);
                for &s in &d.speakers {
                    others.insert((fr.family, s), refl.clone());
                }
            }
        }
        for ((client, _), (rr, c, families)) in notes {
            out.push(note(id, net, &others, client, rr, c, &families));
        }
    }
}

/// By family and speaker, the reflectors of its domain.
type Others = FxHashMap<(Family, SpeakerId), std::rc::Rc<Vec<SpeakerId>>>;

fn note(
    id: &'static str,
    net: &Network,
    others: &Others,
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
    .help(second_reflector(net, others, client, rr, c, families))
    .about_device(&net.speaker_scope(client).0.name)
    .about_device(&net.speaker_scope(rr).0.name);
    if let Some(p) = c.peer {
        finding.about.peers.push(net.peers[p].addr.to_string());
    }
    finding
}

/// How to give a client a second reflector: another reflector of the
/// family in the network, told the client's address as the first one has
/// it.
fn second_reflector(
    net: &Network,
    others: &Others,
    client: SpeakerId,
    rr: SpeakerId,
    c: &Client,
    families: &[Family],
) -> String {
    let client_name = net.speaker_name(client);
    let rr_name = net.speaker_name(rr);
    let addr = c.peer.map(|p| net.peers[p].addr);
    let rr_device = net.speakers[rr].device;
    // Another reflector of the client's domain, on another device, in the
    // same VRF.
    let rr_public = net.speaker_scope(rr).1.is_public();
    let other = families.iter().find_map(|f| {
        others.get(&(*f, client))?.iter().find_map(|&r| {
            (net.speakers[r].device != rr_device && net.speaker_scope(r).1.is_public() == rr_public)
                .then_some((r, *f))
        })
    });
    match (other, addr) {
        (Some((other, _)), Some(addr))
            if net.devices[net.speakers[other].device].vendor != crate::model::Vendor::Huawei =>
        {
            // Another vendor's reflector: its own word for a client
            // (`route-reflector-client`, Junos `cluster`).
            format!(
                "make {client_name} a client of {} as well, so that it keeps its routes when {rr_name} fails: configure {addr} as a route reflector client there",
                net.speaker_name(other)
            )
        }
        (Some((other, f)), Some(addr)) => {
            let views = super::ibgp_not_propagated::speaker_family_views(net, other, f);
            let asn = net.speakers[other].local_as;
            format!(
                "make {client_name} a client of {} as well, so that it keeps its routes when {rr_name} fails: on {}, in {}, run `peer {addr} reflect-client` (with `peer {addr} as-number {asn}` in its BGP view if it has no such peer yet)",
                net.speaker_name(other),
                net.speaker_name(other),
                views.join(", ")
            )
        }
        (None, Some(addr)) => format!(
            "make {client_name} a client of a second route reflector as well, so that it keeps its routes when {rr_name} fails (`peer {addr} reflect-client` there; the network has no other reflector in {} yet)",
            families
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        (_, None) => format!(
            "make {client_name} a client of a second route reflector as well, so that it keeps its routes when {rr_name} fails (`peer <its address> reflect-client` there: it is a member of a dynamic group, whose address no line names)"
        ),
    }
}
