use super::{Change, Finding, Label, NetworkRule, pair};
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
    // Another vendor's end is quoted in its own words.
    let quote = |p: PeerId, d: &crate::model::Device| match d.vendor {
        crate::model::Vendor::Huawei => String::new(),
        _ => format!(" (`{}`)", pair::mode_line(net, p)),
    };
    if f.mode.mode == Mode::ListenOnly {
        out.push(format!("{} is listen-only{}", fd.name, quote(from, fd)));
    }
    if t.mode.mode == Mode::ConnectOnly {
        out.push(format!(
            "{} is connect-only{} and refuses it",
            td.name,
            quote(to, td)
        ));
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

/// Every change that opens `from` → `to`: its modes reset, and its source
/// moved to the interface holding the address the other end expects;
/// `None` when no interface of its device holds that address.
fn direction_fix(net: &Network, from: PeerId, to: PeerId) -> Option<Vec<Change>> {
    let (f, t) = (&net.peers[from], &net.peers[to]);
    let mut changes = Vec::new();
    if f.mode.mode == Mode::ListenOnly {
        changes.push(pair::mode_fix(net, from, Mode::ListenOnly));
    }
    if t.mode.mode == Mode::ConnectOnly {
        changes.push(pair::mode_fix(net, to, Mode::ConnectOnly));
    }
    if f.local_addr.is_some_and(|src| src != t.addr) {
        let (fd, _, _) = net.peer(from);
        let iface = fd
            .interfaces
            .iter()
            .find(|i| i.addresses.iter().any(|a| a.addr == t.addr))?;
        let setting = match fd.vendor {
            // Junos names the source by its address (`local-address`).
            crate::model::Vendor::Junos => format!("local-address {}", t.addr),
            _ => format!("update-source {}", iface.name),
        };
        changes.push(
            pair::native_change(net, from, &setting, false).unwrap_or_else(|| {
                Change::on(
                    fd,
                    pair::views_of(net, from),
                    vec![format!("peer {} connect-interface {}", f.addr, iface.name)],
                )
            }),
        );
    }
    Some(changes)
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
            // The direction that needs the fewest changes, spelled out.
            let fix = [direction_fix(net, p, q), direction_fix(net, q, p)]
                .into_iter()
                .flatten()
                .filter(|c| !c.is_empty())
                .min_by_key(Vec::len);
            let help = match fix {
                Some(changes) => format!(
                    "make one direction work: {}",
                    changes
                        .iter()
                        .map(|c| match c.vendor {
                            crate::model::Vendor::Huawei => format!(
                                "on {}, in {}, run `{}`",
                                c.device,
                                c.views.join(", "),
                                c.commands.join("; ")
                            ),
                            _ => format!("on {}, {}", c.device, pair::run_text(c)),
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                None => "make one direction work: the dialling end must not be listen-only, the other end must not be connect-only, and the dialling end's source address (its `connect-interface`) must be the address the other end configured for it; neither device has an interface with the address the other expects, so there is no command to propose".to_string(),
            };
            let mut finding = Finding::new(id, message, primary, pair::session_key(net, p, q))
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
