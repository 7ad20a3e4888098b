use super::{Change, Finding, Label, NetworkRule, Remedy, pair};
use crate::graph::{Blocker, Network, PeerId};

/// An EBGP session that needs more than one hop, where an end lacks
/// `peer X ebgp-max-hop` of 2 or more (NE40E `peer ebgp-max-hop`: without
/// it EBGP runs over a directly connected link only; between loopbacks it
/// needs 2 or more, and "it must also be used on the other end").
pub struct EbgpHopLimit;

/// An end's `ebgp-max-hop`, own or its group's, and its line.
fn max_hop(net: &Network, p: PeerId) -> Option<(u8, crate::source::Span)> {
    let (_, scope, peer) = net.peer(p);
    scope.ttl(peer).max_hop
}

/// Why the session takes more than one hop, as seen from an end.
fn why_multihop(net: &Network, p: PeerId) -> String {
    let end = &net.peers[p];
    let (device, scope, peer) = net.peer(p);
    match (scope.effective_source(peer).map(|(src, _)| src), end.local_addr) {
        (Some(crate::model::ConnectSource::Interface(name)), _) => {
            format!("{} sources it from {name}", device.name)
        }
        (_, Some(local)) => format!(
            "{} sources it from {local}, which is not on a subnet with {}",
            device.name, end.addr
        ),
        (_, None) => format!("{} shares no subnet with {}", device.name, end.addr),
    }
}

/// The command that lets an end's session cross the hops: 2 when its
/// device shares a link with the other end's (loopbacks over a direct
/// link), else the default of 255.
fn command(net: &Network, p: PeerId, q: PeerId) -> String {
    let (pd, _, _) = net.peer(p);
    let (qd, _, _) = net.peer(q);
    let linked = pd.interfaces.iter().flat_map(|i| &i.addresses).any(|a| {
        qd.interfaces
            .iter()
            .flat_map(|i| &i.addresses)
            .any(|b| a.addr != b.addr && a.prefix < 32 && a.contains(b.addr))
    });
    let addr = net.peers[p].addr;
    if linked {
        format!("peer {addr} ebgp-max-hop 2")
    } else {
        format!("peer {addr} ebgp-max-hop")
    }
}

impl NetworkRule for EbgpHopLimit {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        for (p, q) in pair::blocked(net, Blocker::HopLimit) {
            let short = |e: PeerId| max_hop(net, e).is_none_or(|(n, _)| n < 2);
            // The end that lacks it first; both may.
            let (p, q) = if !short(p) && short(q) { (q, p) } else { (p, q) };
            let (pd, _, p_peer) = net.peer(p);
            let (qd, _, q_peer) = net.peer(q);
            let label = |e: PeerId, decl| match max_hop(net, e) {
                Some((n, span)) if n < 2 => (span, format!("{} allows {n} hop only", net.describe(e))),
                Some((n, span)) => (span, format!("{} allows {n} hops", net.describe(e))),
                None => (decl, format!("{} has no `ebgp-max-hop`", net.describe(e))),
            };
            let (p_line, p_says) = label(p, p_peer.decl);
            let (q_line, q_says) = label(q, q_peer.decl);
            let lacking: Vec<&str> = [(p, &pd.name), (q, &qd.name)]
                .into_iter()
                .filter(|(e, _)| short(*e))
                .map(|(_, n)| n.as_str())
                .collect();
            let lack = match lacking.as_slice() {
                [one] => format!("{one} has"),
                _ => format!("{} have", lacking.join(" and ")),
            };
            let message = format!(
                "the EBGP session between {} and {} can never come up: it crosses more than one hop ({}), and {lack} no `ebgp-max-hop` of 2 or more, so VRP only tries it over a directly connected link",
                pd.name,
                qd.name,
                why_multihop(net, p),
            );
            let mut finding = Finding::new(id, message, Label::new(p_line, p_says), pair::session_key(net, p, q))
                .related(Label::new(q_line, q_says))
                .about_peer(net, p)
                .about_peer(net, q);
            let fix_p = command(net, p, q);
            if short(q) {
                let fix_q = command(net, q, p);
                finding = finding.help(format!(
                    "on both ends: on {}, in {}, run `{fix_p}`; on {}, in {}, run `{fix_q}`",
                    pd.name,
                    pair::view_of(net, p),
                    qd.name,
                    pair::view_of(net, q)
                ));
            } else {
                finding = finding
                    .help(format!("on {}, in {}, run `{fix_p}`", pd.name, pair::view_of(net, p)))
                    .remedy(Remedy::commands(
                        format!("let {} cross the hops", pd.name),
                        Change::on(pd, pair::views_of(net, p), vec![fix_p]),
                    ));
            }
            out.push(finding);
        }
    }
}
