use super::{Change, Finding, Label, NetworkRule, Remedy, pair};
use crate::graph::{Blocker, Network, PeerId};
use crate::model::Vendor;
use crate::source::Span;

/// GTSM that drops the other end's packets: `peer X valid-ttl-hops N` on
/// one end only, where the other end (EBGP, without GTSM) sends a TTL below
/// 255-N+1 (NE40E `peer valid-ttl-hops`: "must be enabled on both ends").
/// GTSM and `ebgp-max-hop` never meet on one peer: VRP refuses the second
/// of the two on a peer or group (the model says so where it reads it),
/// and a member's own one wins over its group's ([`crate::model::Scope::ttl`]).
pub struct GtsmMismatch;

fn gtsm(net: &Network, p: PeerId) -> Option<(u8, Span)> {
    let (_, scope, peer) = net.peer(p);
    scope.ttl(peer).gtsm
}

fn max_hop(net: &Network, p: PeerId) -> Option<(u8, Span)> {
    let (_, scope, peer) = net.peer(p);
    scope.ttl(peer).max_hop
}

impl NetworkRule for GtsmMismatch {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        for (p, q) in pair::blocked(net, Blocker::Gtsm) {
            // GTSM on one end only: the end without it first.
            let (p, q) = if gtsm(net, p).is_some() {
                (q, p)
            } else {
                (p, q)
            };
            let Some((n, q_line)) = gtsm(net, q) else {
                continue;
            };
            let (pd, _, p_peer) = net.peer(p);
            let (qd, _, _) = net.peer(q);
            let ttl = max_hop(net, p).map_or(1, |(m, _)| m);
            // GTSM accepts TTLs from 255-N+1 to 255.
            let accepted = match 256 - u16::from(n) {
                255 => "a TTL of 255".to_string(),
                low => format!("a TTL from {low} to 255"),
            };
            // VRP's own line is quoted; another vendor's GTSM line is
            // shown at the label.
            let quoted = match qd.vendor {
                Vendor::Huawei => format!(" (`valid-ttl-hops {n}`)"),
                _ => " (GTSM)".to_string(),
            };
            let message = format!(
                "the session between {} and {} can never come up: {} accepts its BGP packets only with {accepted}{quoted}, and {} sends them with TTL {ttl} (EBGP without GTSM)",
                pd.name, qd.name, qd.name, pd.name
            );
            let command = format!("peer {} valid-ttl-hops {n}", net.peers[p].addr);
            // Cisco IOS `neighbor ttl-security hops N`; IOS XR's
            // `ttl-security` takes no count (one hop).
            let native = match pd.vendor {
                // IOS accepts TTL 255-N and up, VRP 256-N: one hop less
                // (EOS `neighbor ttl maximum-hops` is read the same way).
                Vendor::Ios | Vendor::Eos => {
                    let hops = n.saturating_sub(1).max(1);
                    let setting = match pd.vendor {
                        Vendor::Eos => format!("ttl maximum-hops {hops}"),
                        _ => format!("ttl-security hops {hops}"),
                    };
                    pair::native_change(net, p, &setting, false)
                }
                Vendor::IosXr if n == 1 => pair::native_change(net, p, "ttl-security", false),
                _ => None,
            };
            out.push(
                Finding::new(
                    id,
                    message,
                    Label::new(p_peer.decl, format!("{} has no GTSM", net.describe(p))),
                    pair::session_key(net, p, q),
                )
                .related(Label::new(
                    q_line,
                    format!("{} has GTSM here", net.describe(q)),
                ))
                .help(match &native {
                    Some(c) => format!(
                        "configure GTSM on both ends: on {}, {}",
                        pd.name,
                        pair::run_text(c)
                    ),
                    None => format!(
                        "configure GTSM on both ends: on {}, in {}, run `{command}`",
                        pd.name,
                        pair::view_of(net, p)
                    ),
                })
                .about_peer(net, p)
                .about_peer(net, q)
                .remedy(Remedy::commands(
                    format!("GTSM on {} too", pd.name),
                    native.unwrap_or_else(|| Change::on(pd, pair::views_of(net, p), vec![command])),
                )),
            );
        }
    }
}
