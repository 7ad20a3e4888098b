use super::{Change, Finding, Label, NetworkRule, Remedy, pair};
use crate::graph::{Blocker, Network, PeerId};
use crate::source::Span;

/// GTSM that drops the other end's packets: `peer X valid-ttl-hops N` on
/// one end only, where the other end (EBGP, without GTSM) sends a TTL below
/// 255-N+1; or GTSM and `ebgp-max-hop` on one peer, which VRP keeps apart
/// (NE40E `peer valid-ttl-hops`: "must be enabled on both ends", and
/// mutually exclusive with EBGP-MAX-HOP).
pub struct GtsmMismatch;

fn gtsm(net: &Network, p: PeerId) -> Option<(u8, Span)> {
    let (_, scope, peer) = net.peer(p);
    scope.effective(peer, |m| &m.valid_ttl_hops).map(|(n, s)| (*n, s))
}

fn max_hop(net: &Network, p: PeerId) -> Option<(u8, Span)> {
    let (_, scope, peer) = net.peer(p);
    scope.effective(peer, |m| &m.ebgp_max_hop).map(|(n, s)| (*n, s))
}

impl NetworkRule for GtsmMismatch {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        for s in net
            .sessions
            .iter()
            .filter(|s| s.blockers.contains(Blocker::Gtsm))
        {
            let (p, q) = pair::order(net, s.a, s.b);
            // One end with both settings.
            let both = [p, q]
                .into_iter()
                .find(|&e| gtsm(net, e).is_some() && max_hop(net, e).is_some());
            if let Some(e) = both {
                let (ed, _, _) = net.peer(e);
                let (Some((n, g_line)), Some((m, h_line))) = (gtsm(net, e), max_hop(net, e)) else {
                    continue;
                };
                let (later, earlier) = if g_line > h_line { (g_line, h_line) } else { (h_line, g_line) };
                let other = if e == p { q } else { p };
                let command = format!("undo peer {} ebgp-max-hop", net.peers[e].addr);
                out.push(
                    Finding::new(
                        id,
                        format!(
                            "{} has both GTSM (`valid-ttl-hops {n}`) and `ebgp-max-hop {m}`, which VRP keeps apart on one peer: the session with {} does not get the TTL handling it was written for",
                            net.describe(e),
                            net.peer(other).0.name
                        ),
                        Label::new(later, "this line conflicts"),
                        pair::session_key(net, p, q),
                    )
                    .related(Label::new(earlier, "with this one"))
                    .help(format!(
                        "keep one: GTSM already lets the session cross hops; on {}, in {}, run `{command}`",
                        ed.name,
                        pair::view_of(net, e)
                    ))
                    .about_peer(net, e)
                    .about_peer(net, other)
                    .remedy(Remedy::commands(
                        format!("drop ebgp-max-hop on {}", ed.name),
                        Change {
                            device: ed.name.to_string(),
                            file: ed.file,
                            views: pair::views_of(net, e),
                            commands: vec![command],
                        },
                    )),
                );
                continue;
            }
            // GTSM on one end only: the end without it first.
            let (p, q) = if gtsm(net, p).is_some() { (q, p) } else { (p, q) };
            let Some((n, q_line)) = gtsm(net, q) else {
                continue;
            };
            let (pd, _, p_peer) = net.peer(p);
            let (qd, _, _) = net.peer(q);
            let ttl = max_hop(net, p).map_or(1, |(m, _)| m);
            let message = format!(
                "the session between {} and {} can never come up: {} accepts its BGP packets only with a TTL of {} or more (`valid-ttl-hops {n}`), and {} sends them with TTL {ttl} (EBGP without GTSM)",
                pd.name,
                qd.name,
                qd.name,
                256 - u16::from(n),
                pd.name
            );
            let command = format!("peer {} valid-ttl-hops {n}", net.peers[p].addr);
            out.push(
                Finding::new(
                    id,
                    message,
                    Label::new(p_peer.decl, format!("{} has no GTSM", net.describe(p))),
                    pair::session_key(net, p, q),
                )
                .related(Label::new(q_line, format!("{} has GTSM here", net.describe(q))))
                .help(format!(
                    "configure GTSM on both ends: on {}, in {}, run `{command}`",
                    pd.name,
                    pair::view_of(net, p)
                ))
                .about_peer(net, p)
                .about_peer(net, q)
                .remedy(Remedy::commands(
                    format!("GTSM on {} too", pd.name),
                    Change {
                        device: pd.name.to_string(),
                        file: pd.file,
                        views: pair::views_of(net, p),
                        commands: vec![command],
                    },
                )),
            );
        }
    }
}
