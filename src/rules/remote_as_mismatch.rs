use std::collections::BTreeSet;

use super::{Change, Finding, Label, NetworkRule, Remedy, pair};
use crate::graph::{Network, PeerId, Status};

/// Two peers that point at each other while an AS number disagrees.
pub struct RemoteAsMismatch;

impl NetworkRule for RemoteAsMismatch {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        let mut done: BTreeSet<(PeerId, PeerId)> = BTreeSet::new();
        for (p, end) in net.peers.iter().enumerate() {
            let Status::AsMismatch { remote: q } = end.status else {
                continue;
            };
            if !done.insert((p.min(q), p.max(q))) {
                continue;
            }
            out.push(
                confederation_gap(id, net, p, q)
                    .or_else(|| confederation_gap(id, net, q, p))
                    .unwrap_or_else(|| wrong_as(id, net, p, q)),
            );
        }
    }
}

/// The AS an end's remote presents to it, as the `as-number` it should
/// have configured.
fn should_be(net: &Network, p: PeerId, q: PeerId) -> crate::model::Asn {
    let (ep, eq) = (&net.peers[p], &net.peers[q]);
    eq.presents(&net.speakers[eq.speaker], ep.local_as).asn
}

/// One end (or both) configured an AS the other end does not present.
fn wrong_as(rule: &'static str, net: &Network, p: PeerId, q: PeerId) -> Finding {
    let accepts = |a: PeerId, b: PeerId| {
        let (ea, eb) = (&net.peers[a], &net.peers[b]);
        eb.presents(&net.speakers[eb.speaker], ea.local_as)
            .accepts(ea.remote_as)
    };
    let (p_wrong, q_wrong) = (!accepts(p, q), !accepts(q, p));
    let (wrong, right) = match (p_wrong, q_wrong) {
        (false, true) => (q, p),
        _ => (p, q),
    };
    let should = should_be(net, wrong, right);
    let (wd, _, _) = net.peer(wrong);
    let (rd, _, right_peer) = net.peer(right);
    let presents = match net.peers[right].fake_as {
        Some(_) => "presents the fake AS",
        None => "runs AS",
    };
    let mut message = format!(
        "{} expects AS {}, but {} {presents} {should}; the session never establishes",
        net.describe(wrong),
        net.peers[wrong].remote_as,
        rd.name
    );
    if p_wrong && q_wrong {
        message.push_str(&format!(
            " (and {} expects AS {} where {} presents AS {})",
            net.describe(right),
            net.peers[right].remote_as,
            wd.name,
            should_be(net, right, wrong)
        ));
    }
    Finding::new(
        rule,
        message,
        Label::new(
            net.peers[wrong].remote_as_span,
            format!("AS {} is wrong here", net.peers[wrong].remote_as),
        ),
        pair::session_key(net, p, q),
    )
    .related(Label::new(
        right_peer.decl,
        format!("{} points back from AS {should}", net.describe(right)),
    ))
    .help(match native_remote_as(net, wrong, should) {
        Some(change) => format!(
            "on {}, set the remote AS to {should}: {}",
            wd.name,
            pair::run_text(&change)
        ),
        None => format!(
            "on {}, in {}, set the remote AS to {should}: `peer {} as-number {should}`",
            wd.name,
            pair::view_of(net, wrong),
            net.peers[wrong].addr
        ),
    })
    .about_peer(net, wrong)
    .about_peer(net, right)
}

/// The command that sets an end's remote AS on a device of another vendor:
/// `neighbor X remote-as N` (IOS, EOS; IOS XR's `remote-as N` inside the
/// neighbor), Junos `peer-as N`.
fn native_remote_as(net: &Network, p: PeerId, asn: crate::model::Asn) -> Option<Change> {
    let (device, _, _) = net.peer(p);
    let setting = match device.vendor {
        crate::model::Vendor::Junos => format!("peer-as {asn}"),
        _ => format!("remote-as {asn}"),
    };
    pair::native_change(net, p, &setting, false)
}

/// Two members of one confederation in different member ASs, where the
/// device of `p` does not list the member AS of `q` in `confederation
/// peer-as`: it takes `q` for a peer outside the confederation and
/// presents the confederation ID, while `q` expects its member AS. The
/// configuration to change is that list, not either `as-number` line.
fn confederation_gap(rule: &'static str, net: &Network, p: PeerId, q: PeerId) -> Option<Finding> {
    let (ep, eq) = (&net.peers[p], &net.peers[q]);
    let (sp, sq) = (&net.speakers[ep.speaker], &net.speakers[eq.speaker]);
    let id = sp
        .confederation
        .filter(|id| sq.confederation == Some(*id))?;
    let missing = eq.local_as;
    if missing == ep.local_as || sp.confederation_members.contains(&missing) {
        return None;
    }
    let (pd, _, _) = net.peer(p);
    let (qd, _, q_peer) = net.peer(q);
    let instance = &pd.bgp[sp.instance];
    let line = instance
        .confederation_peers_line
        .or(instance.confederation.map(|(_, span)| span))?;
    let message = format!(
        "{} and {} are both members of confederation {id}, but {} does not list {}'s member AS {missing} in `confederation peer-as`: it presents the confederation ID {id} instead of AS {}, which {} expects; the session never establishes",
        pd.name, qd.name, pd.name, qd.name, ep.local_as, qd.name
    );
    let command = format!("confederation peer-as {missing}");
    Some(
        Finding::new(
            rule,
            message,
            Label::new(
                line,
                format!("{} lists no member AS {missing} here", pd.name),
            ),
            pair::session_key(net, p, q),
        )
        .related(Label::new(
            q_peer.decl,
            format!(
                "{} expects AS {} of its confederation peer",
                net.describe(q),
                eq.remote_as
            ),
        ))
        .help(format!(
            "on {}, in {}, run `{command}`",
            pd.name,
            instance.display_name()
        ))
        .about_peer(net, p)
        .about_peer(net, q)
        .remedy(Remedy::commands(
            format!("list member AS {missing} on {}", pd.name),
            Change::on(pd, vec![instance.display_name()], vec![command]),
        )),
    )
}
