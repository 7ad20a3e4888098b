use super::{Change, Finding, Label, NetworkRule, Remedy, pair};
use crate::graph::{Blocker, Network, PeerId};
use crate::model::Family;

/// A peer enabled in no address family: VRP opens no session for it.
/// IPv4 peers of the public network are enabled in IPv4 unicast on their
/// own (NE40E `peer enable`), unless `undo peer X enable` or `undo default
/// ipv4-unicast` took it away; IPv6 peers need `peer X enable` in an IPv6
/// family (NE40E `peer enable (BGP-IPv6 unicast address family view)`);
/// peers of VRP8's BGP-VPN instance view need it in `ipv4-family
/// vpn-instance V` (NE40E `vpn-instance (BGP view)`).
pub struct PeerNotEnabled;

/// Why an end is enabled nowhere, in words, with the line that took its
/// last family away, if one did.
fn why(net: &Network, p: PeerId) -> (String, Option<crate::source::Span>) {
    let end = &net.peers[p];
    let sp = &net.speakers[end.speaker];
    let (device, scope, peer) = net.peer(p);
    let undone = peer
        .settings
        .families
        .iter()
        .rev()
        .chain(
            scope
                .group_of(peer)
                .into_iter()
                .flat_map(|g| g.settings.families.iter().rev()),
        )
        .find(|l| !l.enable);
    if let Some(line) = undone {
        return (
            format!(
                "`undo peer … enable` took {} away, and no other family has it",
                line.family.name()
            ),
            Some(line.span),
        );
    }
    if !scope.is_public() {
        return (
            format!(
                "it was made in the BGP-VPN instance view of vpn-instance {}, whose peers need `peer {} enable` in `{}-family vpn-instance {}`",
                scope.vrf,
                end.addr,
                if end.addr.is_ipv4() { "ipv4" } else { "ipv6" },
                scope.vrf
            ),
            None,
        );
    }
    if let Some(span) = device.bgp[sp.instance].no_default_ipv4_unicast {
        return (
            "`undo default ipv4-unicast` keeps new peers out of IPv4 unicast".to_string(),
            Some(span),
        );
    }
    (
        "an IPv6 peer is enabled only by `peer … enable` in an IPv6 family".to_string(),
        None,
    )
}

/// The views and the command that enable an end in its address's unicast
/// family.
fn enable(net: &Network, p: PeerId) -> (Vec<String>, String) {
    let end = &net.peers[p];
    let family = if end.addr.is_ipv4() {
        Family::Ipv4Unicast
    } else {
        Family::Ipv6Unicast
    };
    // Every scope has its unicast families.
    let views = pair::family_views(net, p, family).unwrap_or_default();
    (views, format!("peer {} enable", end.addr))
}

impl NetworkRule for PeerNotEnabled {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        for (p, end) in net.peers.iter().enumerate() {
            if !end.blockers.contains(Blocker::NotEnabled) {
                continue;
            }
            let (device, _, peer) = net.peer(p);
            let (reason, undo_line) = why(net, p);
            let message = match device.vendor {
                crate::model::Vendor::Huawei => format!(
                    "{} is enabled in no address family, so VRP never opens its session: {reason}",
                    net.describe(p)
                ),
                _ => format!(
                    "{} is enabled in no address family, so {} never opens its session: {}",
                    net.describe(p),
                    device.name,
                    match undo_line {
                        Some(_) => "a line takes its last family away",
                        None => "no address family is activated for it",
                    }
                ),
            };
            let family = if end.addr.is_ipv4() {
                Family::Ipv4Unicast
            } else {
                Family::Ipv6Unicast
            };
            let native = pair::native_family_change(net, p, family, true);
            let (views, command) = match &native {
                Some(c) => (c.views.clone(), c.commands.join("`, then `")),
                None => enable(net, p),
            };
            let mut finding = Finding::new(
                id,
                message,
                Label::new(peer.decl, format!("{} is configured here", net.describe(p))),
                pair::end_key(net, p),
            )
            .help(match &native {
                Some(c) => format!("on {}, {}", device.name, pair::run_text(c)),
                None => format!(
                    "on {}, in {}, run `{command}`",
                    device.name,
                    views.join(", ")
                ),
            })
            .about_peer(net, p)
            .remedy(Remedy::commands(
                format!("enable {} on {}", end.addr, device.name),
                native.unwrap_or_else(|| Change::on(device, views, vec![command])),
            ));
            if let Some(span) = undo_line {
                finding = finding.related(Label::new(span, "this takes it out"));
            }
            out.push(pair::with_other_end(finding, net, p, "waits for it"));
        }
    }
}
