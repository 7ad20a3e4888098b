//! `peerlint sessions`: one row per configured peer, like Batfish's
//! session-compatibility table, with the connection modes Batfish ignores.

use serde::Serialize;

use crate::Analysis;
use crate::graph::{FarEnd, Network, PeerId, Status};
use crate::model::Mode;
use crate::rules;

/// One configured peer and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Row {
    pub device: String,
    /// `None` for the base BGP instance.
    pub instance: Option<String>,
    pub vrf: String,
    pub peer: String,
    /// The address the session starts from; `None` when it cannot be known
    /// (multihop without `connect-interface`).
    pub local_ip: Option<String>,
    /// The AS this end establishes the session with: its fake AS, else its
    /// VPN instance's own AS, else the BGP process's (the confederation ID
    /// towards peers outside a confederation).
    pub local_as: u32,
    /// The AS as its line writes it, when that is not the integer (asdot).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_as_text: Option<String>,
    pub remote_as: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote_as_text: Option<String>,
    pub status: &'static str,
    pub remote_device: Option<String>,
    pub local_mode: &'static str,
    pub remote_mode: Option<&'static str>,
    pub can_establish: bool,
    /// The rule that explains why the session cannot establish.
    pub rule: Option<&'static str>,
    /// `ibgp`, `ebgp-direct`, `ebgp-multihop`, `ebgp` (hops unknown),
    /// `confed`.
    pub session_type: &'static str,
    /// The address families this end is enabled in.
    pub families: Vec<&'static str>,
    /// Its TCP authentication: `none`, `password`, `keychain`, `tcp-ao`
    /// (the kind, never the secret).
    pub auth: &'static str,
    /// `ebgp-max-hop N`, `gtsm N` or `default`.
    pub ttl: String,
    /// Its BGP router ID, and where it comes from (`bgp`, `vpn-instance`,
    /// `system`, `auto`).
    pub router_id: Option<String>,
    pub router_id_source: Option<&'static str>,
    /// Every rule that keeps the session from establishing.
    pub blockers: Vec<&'static str>,
    /// This end's route reflector role towards the remote, in any family:
    /// `reflector` (`peer X reflect-client` here), `client` (the remote
    /// end reflects for it), `both`, or none.
    pub reflector_role: Option<&'static str>,
    /// With `--state`: the state a capture shows for this peer
    /// (`Established`, `Idle`, `Active`…), or `None` when no row shows it.
    pub observed: Option<&'static str>,
    /// With `--state`: `explained`, `confirmed`, `down-unexplained`,
    /// `contradiction`, `not-observed` or `outside`; `None` without
    /// captures.
    pub verdict: Option<&'static str>,
    /// With `--state`: the capture row, as `path:line`.
    pub observed_at: Option<String>,
    pub path: String,
    pub line: usize,
}

fn row(analysis: &Analysis, p: PeerId) -> Row {
    let net: &Network = &analysis.network;
    let end = &net.peers[p];
    let sp = &net.speakers[end.speaker];
    let (device, scope, peer) = net.peer(p);
    let (remote_device, remote_mode) = match net.far_end(p) {
        FarEnd::Peer(q) => (
            Some(net.peer(q).0.name.clone()),
            Some(net.peers[q].mode.mode.keyword()),
        ),
        // A dynamic group only listens.
        FarEnd::Device(d) => (
            Some(net.devices[d].name.clone()),
            matches!(end.status, Status::Dynamic { .. }).then(|| Mode::ListenOnly.keyword()),
        ),
        FarEnd::Unknown => (None, None),
    };
    // The AS this end establishes its session with (a fake AS, a VPN
    // instance's own AS), as the remote end sees it.
    // With `dual-as`, the one of its two that the remote end expects.
    let (toward, expected) = match &end.status {
        Status::Matched { remote } | Status::AsMismatch { remote } => (
            net.peers[*remote].local_as,
            Some(net.peers[*remote].remote_as),
        ),
        _ => (end.remote_as, None),
    };
    let presents = end.presents(sp, toward);
    let local_as = match presents.also {
        Some(real) if expected == Some(real) => real,
        _ => presents.asn,
    };
    let rule = rules::rule_for_peer(net, p);
    let can_establish = net.can_establish(p);
    let mut blockers: Vec<&'static str> = net.blockers(p).iter().map(|b| b.rule()).collect();
    if blockers.is_empty()
        && let Some(r) = rule
    {
        blockers.push(r);
    }
    let ttl = match scope.ttl(peer) {
        crate::model::Ttl {
            gtsm: Some((n, _)), ..
        } => format!("gtsm {n}"),
        crate::model::Ttl {
            max_hop: Some((n, _)),
            ..
        } => format!("ebgp-max-hop {n}"),
        _ => "default".to_string(),
    };
    let auth = crate::graph::verdict::auth_of(scope.effective(peer, |m| &m.auth).map(|(a, _)| a))
        .map_or("none", |a| a.kind());
    let reflects = |p: PeerId| !crate::graph::routes::reflects_for(net, p).is_empty();
    let remote_reflects = match end.status {
        Status::Matched { remote } => reflects(remote),
        // A dynamic group of the remote speaker that reflects.
        Status::Dynamic { speaker, group } => {
            let (_, scope) = net.speaker_scope(speaker);
            scope.groups.get(group).is_some_and(|g| {
                crate::graph::routes::FAMILIES
                    .iter()
                    .any(|f| scope.group_reflects(g, *f).is_some())
            })
        }
        _ => false,
    };
    let reflector_role = match (reflects(p), remote_reflects) {
        (true, true) => Some("both"),
        (true, false) => Some("reflector"),
        (false, true) => Some("client"),
        (false, false) => None,
    };
    // The line the model recorded: no need to read the file again.
    let path = analysis.sources.get(peer.decl.file).display.clone();
    let state = net.state.as_ref();
    let shown = state.and_then(|s| s.row_of(p));
    Row {
        device: device.name.to_string(),
        instance: device.bgp[sp.instance].name.as_ref().map(|n| n.to_string()),
        vrf: scope.vrf.to_string(),
        peer: end.addr.to_string(),
        local_ip: end.local_addr.map(|a| a.to_string()),
        local_as: local_as.0,
        local_as_text: local_as.text(),
        remote_as: end.remote_as.0,
        remote_as_text: end.remote_as.text(),
        status: end.status.name(),
        remote_device: remote_device.map(|n| n.to_string()),
        local_mode: end.mode.mode.keyword(),
        remote_mode,
        can_establish,
        rule,
        session_type: end.session_type.name(),
        families: end.families.iter().map(|f| f.name()).collect(),
        auth,
        ttl,
        router_id: sp.router_id.map(|(a, _)| a.to_string()),
        router_id_source: sp.router_id.map(|(_, s)| s.name()),
        blockers,
        reflector_role,
        observed: shown.map(|r| r.state.name()),
        verdict: state.map(|s| s.verdict(p).name()),
        observed_at: shown.map(|r| {
            format!(
                "{}:{}",
                analysis.sources.get(r.span.file).display,
                r.span.line
            )
        }),
        path,
        line: peer.decl.line as usize,
    }
}

/// Every configured peer, sorted by device, instance, VRF and address.
pub fn rows(analysis: &Analysis) -> Vec<Row> {
    let mut rows: Vec<(Row, std::net::IpAddr)> = (0..analysis.network.peers.len())
        .map(|p| (row(analysis, p), analysis.network.peers[p].addr))
        .collect();
    rows.sort_by(|(a, ai), (b, bi)| {
        (&a.device, &a.instance, &a.vrf, ai, &a.path).cmp(&(
            &b.device,
            &b.instance,
            &b.vrf,
            bi,
            &b.path,
        ))
    });
    rows.into_iter().map(|(r, _)| r).collect()
}

pub fn json(analysis: &Analysis) -> String {
    let mut s = serde_json::to_string_pretty(&rows(analysis)).unwrap_or_default();
    s.push('\n');
    s
}

const HEADER: [&str; 24] = [
    "device",
    "instance",
    "vrf",
    "peer",
    "local_ip",
    "local_as",
    "remote_as",
    "status",
    "remote_device",
    "local_mode",
    "remote_mode",
    "can_establish",
    "rule",
    "session_type",
    "families",
    "auth",
    "ttl",
    "router_id",
    "router_id_source",
    "blockers",
    "reflector_role",
    "observed",
    "verdict",
    "observed_at",
];

fn cells(r: &Row) -> [String; 24] {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    [
        r.device.clone(),
        opt(&r.instance),
        r.vrf.clone(),
        r.peer.clone(),
        opt(&r.local_ip),
        r.local_as_text
            .clone()
            .unwrap_or_else(|| r.local_as.to_string()),
        r.remote_as_text
            .clone()
            .unwrap_or_else(|| r.remote_as.to_string()),
        r.status.to_string(),
        opt(&r.remote_device),
        r.local_mode.to_string(),
        r.remote_mode.unwrap_or_default().to_string(),
        r.can_establish.to_string(),
        r.rule.unwrap_or_default().to_string(),
        r.session_type.to_string(),
        r.families.join(" "),
        r.auth.to_string(),
        r.ttl.clone(),
        opt(&r.router_id),
        r.router_id_source.unwrap_or_default().to_string(),
        r.blockers.join(" "),
        r.reflector_role.unwrap_or_default().to_string(),
        r.observed.unwrap_or_default().to_string(),
        r.verdict.unwrap_or_default().to_string(),
        opt(&r.observed_at),
    ]
}

pub fn csv(analysis: &Analysis) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(HEADER);
    for r in rows(analysis) {
        // Names from configurations may hold control characters: shown
        // escaped, as in every output.
        let _ = w.write_record(cells(&r).map(|c| super::printable(&c).into_owned()));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// An aligned table for a terminal, with a closing count per status.
pub fn text(analysis: &Analysis) -> String {
    let rows = rows(analysis);
    let mut shown = vec![0usize, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 19];
    let state = analysis.network.state.as_ref();
    if state.is_some() {
        shown.extend([21, 22]);
    }
    let table: Vec<[String; 24]> = rows
        .iter()
        .map(|r| cells(r).map(|c| super::printable(&c).into_owned()))
        .collect();
    let mut widths = [0usize; 24];
    for (i, h) in HEADER.iter().enumerate() {
        widths[i] = h.len();
    }
    for r in &table {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut s = shown
            .iter()
            .map(|&i| format!("{:<w$}", cells[i], w = widths[i]))
            .collect::<Vec<_>>()
            .join("  ");
        s.truncate(s.trim_end().len());
        s.push('\n');
        s
    };
    let header: Vec<String> = HEADER.iter().map(|h| h.to_string()).collect();
    let mut out = line(&header);
    for r in &table {
        out.push_str(&line(r));
    }
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for r in &rows {
        *counts.entry(r.status).or_default() += 1;
    }
    let counts: Vec<String> = counts.iter().map(|(k, v)| format!("{v} {k}")).collect();
    let blocked = rows
        .iter()
        .filter(|r| r.status == "matched" && !r.can_establish)
        .count();
    out.push_str(&format!(
        "\n{} peers: {}; {} matched peers cannot establish\n",
        rows.len(),
        counts.join(", "),
        blocked
    ));
    if let Some(observed) = state {
        out.push_str(&format!("observed: {}\n", observed.summary()));
        if !observed.unmatched.is_empty() {
            out.push_str("\nunmatched rows (captured peers the configurations do not have):\n");
            for &r in &observed.unmatched {
                let row = &observed.rows[r as usize];
                let at = super::locate(&analysis.sources, row.span);
                let vrf = if row.vrf == crate::model::PUBLIC_VRF {
                    String::new()
                } else {
                    format!(" vpn-instance {}", super::printable(&row.vrf))
                };
                out.push_str(&format!(
                    "  {}:{}: {}{vrf} peer {} {}\n",
                    super::printable(&at.path),
                    at.line,
                    super::printable(&row.host),
                    row.addr,
                    row.state.name()
                ));
            }
        }
    }
    out
}
