//! What the session rules share: finding sessions whose two ends are in the
//! same connection mode, and describing each end.

use crate::graph::{Blocker, FarEnd, Network, PeerId, SpeakerId, Status};
use crate::model::{Family, Mode, Vendor};
use crate::vendor::render::{self, Subject};

use super::{Change, Finding, Label, Remedy};

/// The identity of a peer end for keys: device, instance, VRF, address.
pub(super) fn end_key(net: &Network, p: PeerId) -> String {
    let end = &net.peers[p];
    let sp = &net.speakers[end.speaker];
    let (device, scope) = net.speaker_scope(end.speaker);
    let instance = device.bgp[sp.instance].name.as_deref().unwrap_or("");
    format!("{}/{}/{}/{}", device.name, instance, scope.vrf, end.addr)
}

/// A key for a session that does not depend on which end is first.
pub(super) fn session_key(net: &Network, a: PeerId, b: PeerId) -> String {
    let (mut x, mut y) = (end_key(net, a), end_key(net, b));
    if y < x {
        std::mem::swap(&mut x, &mut y);
    }
    format!("{x}|{y}")
}

/// Where a peer's mode comes from, for a label: "on the peer" or "from
/// group G".
pub(super) fn mode_origin(net: &Network, p: PeerId) -> String {
    let end = &net.peers[p];
    let (_, scope, peer) = net.peer(p);
    if end.mode.from_group {
        let group = scope.group_of(peer).map_or("?", |g| g.name.as_str());
        format!("inherited from group {group}")
    } else {
        "set on the peer".to_string()
    }
}

/// The group of an end, when the group itself sets `mode`: resetting the
/// end's own line alone would leave it in that mode.
fn group_setting(net: &Network, p: PeerId, mode: Mode) -> Option<&str> {
    let (_, scope, peer) = net.peer(p);
    scope
        .group_of(peer)
        .filter(|g| g.settings.mode.current().is_some_and(|(m, _)| *m == mode))
        .map(|g| g.name.as_str())
}

/// The commands that reset an end's mode, as typed in its BGP view: its own
/// line, and its group's when the group sets the same mode (a member whose
/// line is undone takes its group's mode).
fn undo_commands(net: &Network, p: PeerId, mode: Mode) -> Vec<String> {
    let end = &net.peers[p];
    let kw = mode.keyword();
    let mut commands = Vec::new();
    if !end.mode.from_group {
        commands.push(format!("undo peer {} {kw}", end.addr));
    }
    if let Some(group) = group_setting(net, p, mode) {
        commands.push(format!("undo peer {} {kw}", quote_name(group)));
    }
    commands
}

/// The commands of [`undo_commands`] for a help text.
fn undo_text(net: &Network, p: PeerId, mode: Mode) -> String {
    undo_commands(net, p, mode).join("`, then `")
}

/// Where an end's lines are typed on a device of a vendor other than
/// Huawei; `None` on a Huawei device, whose views the functions above give.
pub(super) fn native_at(net: &Network, p: PeerId) -> Option<render::At> {
    let end = &net.peers[p];
    let sp = &net.speakers[end.speaker];
    let (device, scope, peer) = net.peer(p);
    (device.vendor != Vendor::Huawei).then(|| render::At {
        vendor: device.vendor,
        asn: device.bgp[sp.instance].asn.to_string(),
        vrf: (!scope.is_public()).then(|| scope.vrf.to_string()),
        peer: end.addr,
        group: peer.group.current().map(|(g, _)| g.to_string()),
    })
}

/// A change in the end's own vendor's CLI that sets (or, with `remove`,
/// removes) a setting on the end itself.
pub(super) fn native_change(
    net: &Network,
    p: PeerId,
    setting: &str,
    remove: bool,
) -> Option<Change> {
    let at = native_at(net, p)?;
    let (device, _, _) = net.peer(p);
    let (views, command) = render::command(&at, Subject::Peer, setting, remove);
    Some(Change::native(device, views, vec![command]))
}

/// The change that enables (or disables) an end in a family on a device of
/// another vendor ([`render::family_command`]).
pub(super) fn native_family_change(
    net: &Network,
    p: PeerId,
    family: Family,
    enable: bool,
) -> Option<Change> {
    let at = native_at(net, p)?;
    let (device, _, peer) = net.peer(p);
    let group_level = peer.settings.families.is_empty();
    let (views, command) = render::family_command(&at, family, enable, group_level)?;
    Some(Change::native(device, views, vec![command]))
}

/// The change that enables (or disables) an end in a family, in its
/// device's words: `[undo] peer X enable` in the family's VRP view, or
/// [`native_family_change`]; `None` where the end's scope has no such
/// family or its vendor's words here do not cover it.
pub(super) fn family_change(
    net: &Network,
    p: PeerId,
    family: Family,
    enable: bool,
) -> Option<Change> {
    if native_at(net, p).is_some() {
        return native_family_change(net, p, family, enable);
    }
    let (device, _, _) = net.peer(p);
    let views = family_views(net, p, family)?;
    let undo = if enable { "" } else { "undo " };
    let command = format!("{undo}peer {} enable", net.peers[p].addr);
    Some(Change::on(device, views, vec![command]))
}

/// [`run_text`], with VRP's views said as VRP's help texts say them:
/// `in bgp 100, ipv4-family vpnv4, run `…``.
pub(super) fn run_in(change: &Change) -> String {
    match change.vendor {
        Vendor::Huawei => format!(
            "in {}, run `{}`",
            change.views.join(", "),
            change.commands.join("; ")
        ),
        _ => run_text(change),
    }
}

/// A help text's "where, run what" for a change: `in bgp 100, run `…``
/// for VRP, `under `router bgp 65001`, run `…``, `in configuration mode,
/// run `…`` for the others.
pub(super) fn run_text(change: &Change) -> String {
    format!(
        "{}, run `{}`",
        render::place(&change.views),
        change.commands.join("`, then `")
    )
}

/// The change that resets an end's mode on a device of another vendor: its
/// own line and, when its group makes the same mode, the group's (IOS XR
/// types the two in different views: the group's is left to the help).
fn native_mode_fix(net: &Network, p: PeerId, mode: Mode) -> Option<Change> {
    let at = native_at(net, p)?;
    let setting = render::mode_setting(at.vendor, mode)?;
    let (device, _, _) = net.peer(p);
    let mut views: Option<Vec<String>> = None;
    let mut commands = Vec::new();
    if !net.peers[p].mode.from_group {
        let (v, c) = render::command(&at, Subject::Peer, setting, true);
        views = Some(v);
        commands.push(c);
    }
    if group_setting(net, p, mode).is_some() {
        let (v, c) = render::command(&at, Subject::Group, setting, true);
        if views.as_ref().is_none_or(|x| *x == v) {
            views = Some(v);
            commands.push(c);
        }
    }
    Some(Change::native(device, views.unwrap_or_default(), commands))
}

/// The line that makes an end's mode, as its configuration writes it.
pub(super) fn mode_line(net: &Network, p: PeerId) -> String {
    let end = &net.peers[p];
    let (device, scope, peer) = net.peer(p);
    let subject = match end.mode.from_group {
        true => scope
            .group_of(peer)
            .map_or("?", |g| g.name.as_str())
            .to_string(),
        false => end.addr.to_string(),
    };
    render::mode_line(device.vendor, end.mode.mode, &subject)
}

/// "in bgp 100, run `undo peer …`" for the help of a mode finding.
fn mode_run_text(net: &Network, p: PeerId, mode: Mode) -> String {
    match native_mode_fix(net, p, mode) {
        Some(change) => run_text(&change),
        None => format!("in {}, run `{}`", view_of(net, p), undo_text(net, p, mode)),
    }
}

pub(super) fn quote_name(name: &str) -> String {
    if name.contains(' ') {
        format!("\"{name}\"")
    } else {
        name.to_string()
    }
}

/// Where to type a command for an end: `bgp 100, vpn-instance A`.
pub(super) fn view_of(net: &Network, p: PeerId) -> String {
    let end = &net.peers[p];
    let sp = &net.speakers[end.speaker];
    let (device, scope) = net.speaker_scope(end.speaker);
    let mut view = device.bgp[sp.instance].display_name();
    if !scope.is_public() {
        view.push_str(&format!(", vpn-instance {}", scope.vrf));
    }
    view
}

/// The views, from the system view, where an end's peer lines are typed.
pub(super) fn views_of(net: &Network, p: PeerId) -> Vec<String> {
    let end = &net.peers[p];
    let sp = &net.speakers[end.speaker];
    let (device, scope) = net.speaker_scope(end.speaker);
    let mut views = vec![device.bgp[sp.instance].display_name()];
    if !scope.is_public() {
        let family = if end.addr.is_ipv4() {
            "ipv4-family"
        } else {
            "ipv6-family"
        };
        views.push(format!("{family} vpn-instance {}", scope.vrf));
    }
    views
}

/// The views where an end is enabled in a family; `None` when its scope
/// has no such family (a VPN instance has no VPNv4 or EVPN of its own).
pub(super) fn family_views(net: &Network, p: PeerId, family: Family) -> Option<Vec<String>> {
    speaker_family_views(net, net.peers[p].speaker, family)
}

/// The views of a speaker's family: `bgp 100` then `ipv4-family vpnv4`,
/// or a VPN instance's family view.
pub(super) fn speaker_family_views(
    net: &Network,
    s: SpeakerId,
    family: Family,
) -> Option<Vec<String>> {
    let sp = &net.speakers[s];
    let (device, scope) = net.speaker_scope(s);
    let view = match (scope.is_public(), family) {
        (true, f) => f.view().to_string(),
        (false, Family::Ipv4Unicast) => format!("ipv4-family vpn-instance {}", scope.vrf),
        (false, Family::Ipv6Unicast) => format!("ipv6-family vpn-instance {}", scope.vrf),
        (false, Family::LabeledUnicast) => {
            format!("ipv4-labeled-unicast vpn-instance {}", scope.vrf)
        }
        (false, _) => return None,
    };
    Some(vec![device.bgp[sp.instance].display_name(), view])
}

/// `the public network` or `vpn-instance A`.
pub(super) fn vrf_name(vrf: &str) -> String {
    if vrf == crate::model::PUBLIC_VRF {
        "the public network".to_string()
    } else {
        format!("vpn-instance {vrf}")
    }
}

/// The change that resets an end's mode to the default.
pub(super) fn mode_fix(net: &Network, p: PeerId, mode: Mode) -> Change {
    if let Some(change) = native_mode_fix(net, p, mode) {
        return change;
    }
    let (device, _, _) = net.peer(p);
    Change::on(device, views_of(net, p), undo_commands(net, p, mode))
}

/// [`mode_fix`] as a remedy.
pub(super) fn mode_remedy(net: &Network, p: PeerId, mode: Mode) -> Remedy {
    let (device, _, _) = net.peer(p);
    Remedy::commands(
        format!(
            "reset the {} of {} on {}",
            mode.keyword(),
            net.peers[p].addr,
            device.name
        ),
        mode_fix(net, p, mode),
    )
}

/// Orders a session's two ends: the one to change first is primary. An end
/// whose mode a peer line alone sets comes before one whose group sets it
/// (changing a group touches every member); between two groups, the one
/// whose change touches fewer peers; then by device name.
pub(super) fn order(net: &Network, a: PeerId, b: PeerId) -> (PeerId, PeerId) {
    let rank = |p: PeerId| {
        let mode = net.peers[p].mode.mode;
        let group = group_setting(net, p, mode);
        (group.is_some(), touched(net, p, group), end_key(net, p))
    };
    if rank(b) < rank(a) { (b, a) } else { (a, b) }
}

/// How many peers resetting an end's mode touches: the end itself for a
/// mode of its own; with a group that sets it too, every member that takes
/// the group's mode.
fn touched(net: &Network, p: PeerId, group: Option<&str>) -> usize {
    let own = usize::from(!net.peers[p].mode.from_group);
    let Some(group) = group else {
        return own;
    };
    let (_, scope, _) = net.peer(p);
    let members = scope
        .peers
        .iter()
        .filter(|m| {
            m.group.current().is_some_and(|(g, _)| g == group)
                && m.settings.mode.current().is_none()
        })
        .count();
    own + members
}

/// The line that best shows an end's part in a session: its mode line when
/// it has a mode, else its `connect-interface`, else its first line.
pub(super) fn end_line(net: &Network, p: PeerId) -> crate::source::Span {
    let end = &net.peers[p];
    let (_, scope, peer) = net.peer(p);
    if let Some(span) = end.mode.source {
        return span;
    }
    scope
        .effective_source(peer)
        .map_or(peer.decl, |(_, span)| span)
}

/// A finding about one end, with the other end of its session (when it
/// has one) related: `says` what that end is to it.
pub(super) fn with_other_end(finding: Finding, net: &Network, p: PeerId, says: &str) -> Finding {
    match net.peers[p].status {
        Status::Matched { remote } => {
            let (_, _, rpeer) = net.peer(remote);
            finding
                .related(Label::new(
                    rpeer.decl,
                    format!("{} {says}", net.describe(remote)),
                ))
                .about_peer(net, remote)
        }
        _ => finding,
    }
}

/// The two ends of each session a blocker keeps down, in [`order`].
pub(super) fn blocked(
    net: &Network,
    blocker: Blocker,
) -> impl Iterator<Item = (PeerId, PeerId)> + '_ {
    net.sessions
        .iter()
        .filter(move |s| s.blockers.contains(blocker))
        .map(|s| order(net, s.a, s.b))
}

/// One finding per session whose two ends are both effectively `mode`,
/// and, for listen-only, per static peer facing a dynamic group (which only
/// listens).
pub(super) fn same_mode(
    net: &Network,
    rule: &'static str,
    blocker: Blocker,
    mode: Mode,
    consequence: &str,
    out: &mut Vec<Finding>,
) {
    let kw = mode.keyword();
    for (p, q) in blocked(net, blocker) {
        let (Some(p_line), Some(q_line)) = (net.peers[p].mode.source, net.peers[q].mode.source)
        else {
            continue;
        };
        let (pd, _, _) = net.peer(p);
        let (qd, _, _) = net.peer(q);
        // Between two VRP devices, both lines say `listen-only`; across
        // vendors, each end's own line is quoted.
        let quoted = match pd.vendor == Vendor::Huawei && qd.vendor == Vendor::Huawei {
            true => String::new(),
            false => format!(
                " (`{}` on {}, `{}` on {})",
                mode_line(net, p),
                pd.name,
                mode_line(net, q),
                qd.name
            ),
        };
        let message = format!(
            "the session between {} and {} can never come up: both ends are {kw}{quoted}, so {consequence}",
            pd.name, qd.name
        );
        let primary = Label::new(
            p_line,
            format!("{} is {kw} here ({})", net.describe(p), mode_origin(net, p)),
        );
        let related = Label::new(
            q_line,
            format!("{} is {kw} too ({})", net.describe(q), mode_origin(net, q)),
        );
        let help = format!(
            "keep {kw} on one end only: on {}, {}",
            pd.name,
            mode_run_text(net, p, mode)
        );
        out.push(
            Finding::new(rule, message, primary, session_key(net, p, q))
                .related(related)
                .help(help)
                .about_peer(net, p)
                .about_peer(net, q)
                .remedy(mode_remedy(net, p, mode))
                .remedy(mode_remedy(net, q, mode)),
        );
    }
    if blocker != Blocker::BothListenOnly {
        return;
    }
    for d in net
        .dynamic_sessions
        .iter()
        .filter(|d| d.blockers.contains(blocker))
    {
        let p = d.peer;
        let Some(p_line) = net.peers[p].mode.source else {
            continue;
        };
        let (pd, _, _) = net.peer(p);
        let (cd, cscope) = net.speaker_scope(d.speaker);
        let group = &cscope.groups[d.group];
        let message = format!(
            "the session between {} and {} can never come up: {} is listen-only and {}'s dynamic group {} only accepts connections, so {consequence}",
            pd.name, cd.name, pd.name, cd.name, group.name
        );
        let primary = Label::new(
            p_line,
            format!("{} is {kw} here ({})", net.describe(p), mode_origin(net, p)),
        );
        let related = Label::new(
            group.decl,
            format!(
                "dynamic group {} on {} only listens for this peer",
                group.name, cd.name
            ),
        );
        let help = format!("let {} dial out: {}", pd.name, mode_run_text(net, p, mode));
        let key = format!("{}|{}/dynamic {}", end_key(net, p), cd.name, group.name);
        out.push(
            Finding::new(rule, message, primary, key)
                .related(related)
                .help(help)
                .about_peer(net, p)
                .about_device(&cd.name)
                .about_group(&group.name)
                .remedy(mode_remedy(net, p, mode)),
        );
    }
}

/// The ends whose capture shows them with a verdict, one per session: an
/// end whose matched remote has the same verdict is left to the lower of
/// the two.
pub(super) fn observed_once(
    net: &Network,
    verdict: crate::state::Verdict,
) -> impl Iterator<Item = PeerId> + '_ {
    net.state.iter().flat_map(move |observed| {
        observed
            .with_verdict(verdict)
            .filter(move |&p| match net.far_end(p) {
                FarEnd::Peer(q) => !(q < p && observed.verdict(q) == verdict),
                _ => true,
            })
    })
}

/// The labels of the rows that show a session's ends, this end first.
pub(super) fn state_labels(net: &Network, p: PeerId) -> Vec<Label> {
    let Some(observed) = &net.state else {
        return Vec::new();
    };
    let mut ends = vec![p];
    if let FarEnd::Peer(q) = net.far_end(p) {
        ends.push(q);
    }
    ends.into_iter()
        .filter_map(|e| {
            observed
                .row_of(e)
                .map(|row| Label::new(row.span, crate::state::shows(row)))
        })
        .collect()
}
