use super::{Finding, Label, NetworkRule, pair};
use crate::graph::{Blocker, Network, PeerId};
use crate::model::Mode;

/// A matched session where neither direction can open the TCP connection,
/// for a reason other than both ends sharing one mode.
pub struct SessionCannotOpen;

/// Why `from` cannot open the session towards `to`.
fn reasons(net: &Network, from: PeerId, to: PeerId) -> Vec<String> {
    let (f, t) = (&net.peers[from], &net.peers[to]);
    let (fd, _, _) = net.peer(from);
    let (td, _, _) = net.peer(to);
    let mut out = Vec::new();
    if f.mode.mode == Mode::ListenOnly {
        out.push(format!("{} is listen-only", fd.name));
    }
    if t.mode.mode == Mode::ConnectOnly {
        out.push(format!("{} is connect-only and refuses it", td.name));
    }
    if let Some(src) = f.local_addr
        && src != t.addr
    {
        out.push(format!(
            "{} dials from {src}, but {} expects it at {}",
            fd.name, td.name, t.addr
        ));
    }
    out
}

/// The fix that opens `from` → `to` when only modes stand in its way.
fn mode_only_fix(net: &Network, from: PeerId, to: PeerId) -> Option<crate::rules::Remedy> {
    let (f, t) = (&net.peers[from], &net.peers[to]);
    if f.local_addr.is_some_and(|src| src != t.addr) {
        return None;
    }
    let mut fixes = Vec::new();
    if f.mode.mode == Mode::ListenOnly {
        fixes.push(pair::mode_remedy(net, from, Mode::ListenOnly));
    }
    if t.mode.mode == Mode::ConnectOnly {
        fixes.push(pair::mode_remedy(net, to, Mode::ConnectOnly));
    }
    // One change on one device only: two would need two scripts.
    match fixes.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

impl NetworkRule for SessionCannotOpen {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        for (p, q) in pair::blocked(net, Blocker::NoDirection) {
            let (pd, _, _) = net.peer(p);
            let (qd, _, _) = net.peer(q);
            let pq = reasons(net, p, q).join(" and ");
            let qp = reasons(net, q, p).join(" and ");
            let message = format!(
                "the session between {} and {} can never come up: {} cannot open it ({pq}), and {} cannot either ({qp})",
                pd.name, qd.name, pd.name, qd.name
            );
            let primary = Label::new(pair::end_line(net, p), format!("{}: {pq}", net.describe(p)));
            let related = Label::new(pair::end_line(net, q), format!("{}: {qp}", net.describe(q)));
            let help = "make one direction work: the dialling end must not be listen-only, the other end must not be connect-only, and the dialling end's source address (its `connect-interface`) must be the address the other end configured for it";
            let mut finding =
                Finding::new(id, message, primary, pair::session_key(net, p, q))
                    .related(related)
                    .help(help)
                    .about_peer(net, p)
                    .about_peer(net, q);
            // Where a mode alone blocks the one direction whose source
            // address is right, resetting that mode repairs the session.
            if let Some(fix) = mode_only_fix(net, p, q).or_else(|| mode_only_fix(net, q, p)) {
                finding = finding.remedy(fix);
            }
            out.push(finding);
        }
    }
}
