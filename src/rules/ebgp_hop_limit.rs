use super::{Change, Finding, Label, NetworkRule, Remedy, pair};
use crate::graph::{Blocker, Network, PeerId};
use crate::model::Vendor;

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
    match (
        scope.effective_source(peer).map(|(src, _)| src),
        end.local_addr,
    ) {
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

/// The hops an end's session needs to be allowed: 2 when its device
/// shares a link with the other end's (loopbacks over a direct link),
/// else `None` for the default of the command left without a count (255).
fn hops(net: &Network, p: PeerId, q: PeerId) -> Option<u8> {
    let (pd, _, _) = net.peer(p);
    let (qd, _, _) = net.peer(q);
    let linked = pd.interfaces.iter().flat_map(|i| &i.addresses).any(|a| {
        qd.interfaces
            .iter()
            .flat_map(|i| &i.addresses)
            .any(|b| a.addr != b.addr && a.prefix < 32 && a.contains(b.addr))
    });
    linked.then_some(2)
}

/// The VRP command that lets an end's session cross the hops ([`hops`]).
fn command(net: &Network, p: PeerId, q: PeerId) -> String {
    let addr = net.peers[p].addr;
    match hops(net, p, q) {
        Some(n) => format!("peer {addr} ebgp-max-hop {n}"),
        None => format!("peer {addr} ebgp-max-hop"),
    }
}

/// Each vendor's name for the setting: VRP `ebgp-max-hop`, IOS, IOS XR
/// and EOS `ebgp-multihop`, Junos `multihop`.
fn setting_name(vendor: Vendor) -> &'static str {
    match vendor {
        Vendor::Huawei => "ebgp-max-hop",
        Vendor::Junos => "multihop",
        _ => "ebgp-multihop",
    }
}

/// [`command`] on a device of another vendor, with where to type it:
/// `neighbor X ebgp-multihop 2` (Cisco IOS `neighbor ebgp-multihop`, EOS
/// `neighbor ebgp-multihop`), IOS XR `ebgp-multihop 2`, Junos `multihop
/// ttl 2`; the hop count as [`hops`] chooses it, written out (255 is each
/// vendor's own default when the count is left out).
fn native_command(net: &Network, p: PeerId, q: PeerId) -> Option<Change> {
    let (pd, _, _) = net.peer(p);
    let hops = hops(net, p, q).unwrap_or(255);
    let setting = match pd.vendor {
        Vendor::Junos => format!("multihop ttl {hops}"),
        _ => format!("ebgp-multihop {hops}"),
    };
    pair::native_change(net, p, &setting, false)
}

/// "on PE1, in bgp 100, run `…`" in the end's own words.
fn run_on(net: &Network, p: PeerId, q: PeerId) -> String {
    let (pd, _, _) = net.peer(p);
    match native_command(net, p, q) {
        Some(change) => format!("on {}, {}", pd.name, pair::run_text(&change)),
        None => format!(
            "on {}, in {}, run `{}`",
            pd.name,
            pair::view_of(net, p),
            command(net, p, q)
        ),
    }
}

impl NetworkRule for EbgpHopLimit {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        for (p, q) in pair::blocked(net, Blocker::HopLimit) {
            let short = |e: PeerId| max_hop(net, e).is_none_or(|(n, _)| n < 2);
            // The end that lacks it first; both may.
            let (p, q) = if !short(p) && short(q) {
                (q, p)
            } else {
                (p, q)
            };
            let (pd, _, p_peer) = net.peer(p);
            let (qd, _, q_peer) = net.peer(q);
            let label = |e: PeerId, decl| match max_hop(net, e) {
                Some((n, span)) if n < 2 => {
                    (span, format!("{} allows {n} hop only", net.describe(e)))
                }
                Some((n, span)) => (span, format!("{} allows {n} hops", net.describe(e))),
                None => (
                    decl,
                    format!(
                        "{} has no `{}`",
                        net.describe(e),
                        setting_name(net.peer(e).0.vendor)
                    ),
                ),
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
            let message = if pd.vendor == Vendor::Huawei && qd.vendor == Vendor::Huawei {
                format!(
                    "the EBGP session between {} and {} can never come up: it crosses more than one hop ({}), and {lack} no `ebgp-max-hop` of 2 or more, so VRP only tries it over a directly connected link",
                    pd.name,
                    qd.name,
                    why_multihop(net, p),
                )
            } else {
                // Across vendors, each lacking end's own setting is named.
                let lack: Vec<String> = [(p, pd), (q, qd)]
                    .into_iter()
                    .filter(|(e, _)| short(*e))
                    .map(|(_, d)| {
                        format!(
                            "{} has no `{}` of 2 or more",
                            d.name,
                            setting_name(d.vendor)
                        )
                    })
                    .collect();
                format!(
                    "the EBGP session between {} and {} can never come up: it crosses more than one hop ({}), and {}, so an end without it only tries the session over a directly connected link",
                    pd.name,
                    qd.name,
                    why_multihop(net, p),
                    lack.join(" and ")
                )
            };
            let mut finding = Finding::new(
                id,
                message,
                Label::new(p_line, p_says),
                pair::session_key(net, p, q),
            )
            .related(Label::new(q_line, q_says))
            .about_peer(net, p)
            .about_peer(net, q);
            let fix_p = command(net, p, q);
            if short(q) {
                finding = finding.help(format!(
                    "on both ends: {}; {}",
                    run_on(net, p, q),
                    run_on(net, q, p)
                ));
            } else {
                let change = native_command(net, p, q)
                    .unwrap_or_else(|| Change::on(pd, pair::views_of(net, p), vec![fix_p]));
                finding = finding.help(run_on(net, p, q)).remedy(Remedy::commands(
                    format!("let {} cross the hops", pd.name),
                    change,
                ));
            }
            out.push(finding);
        }
    }
}
