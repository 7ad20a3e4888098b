//! Configuration meets reality: what the devices show (`display bgp peer`
//! captures, `--state`) put beside what the configurations say.
//!
//! [`capture`] reads the captures into rows; [`observe`] gives each
//! configured peer end the row that shows it and a [`Verdict`]: the
//! configurations' judgement of its session (from the graph's blockers)
//! against the state the device shows. "Down" is any state but
//! `Established` and `No neg` (which `display bgp vpnv4 all peer` prints
//! for a session that is up without that family: an
//! `address-family-mismatch`, not a session down).

pub mod capture;

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

pub use capture::{PeerState, Row};

use crate::Notice;
use crate::graph::{Network, PeerId, Status};

/// What the configurations and the capture, together, say of a peer end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// peerlint says it cannot establish; the device shows it down.
    Explained,
    /// It can establish, and the device shows it `Established`.
    Confirmed,
    /// It can establish, but the device shows it down: the configurations
    /// cannot explain it.
    DownUnexplained,
    /// peerlint says it cannot establish, but the device shows it
    /// `Established`.
    Contradiction,
    /// No capture has a row for it.
    NotObserved,
    /// Its remote is not in the network and a row shows it: the state is
    /// shown, without a verdict.
    Outside,
}

impl Verdict {
    pub const ALL: [Verdict; 6] = [
        Verdict::Explained,
        Verdict::Confirmed,
        Verdict::DownUnexplained,
        Verdict::Contradiction,
        Verdict::NotObserved,
        Verdict::Outside,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Verdict::Explained => "explained",
            Verdict::Confirmed => "confirmed",
            Verdict::DownUnexplained => "down-unexplained",
            Verdict::Contradiction => "contradiction",
            Verdict::NotObserved => "not-observed",
            Verdict::Outside => "outside",
        }
    }
}

/// What the configurations alone say of a peer end's session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Judgement {
    /// Nothing keeps it down.
    Can,
    /// Something in the configurations keeps it down for ever.
    Cannot,
    /// Several devices could answer (a duplicate address): it may come up
    /// with one of them, so neither state is a surprise.
    Either,
    /// The remote is not in the network.
    Outside,
}

fn judge(net: &Network, p: PeerId) -> Judgement {
    match &net.peers[p].status {
        Status::UnknownRemote => Judgement::Outside,
        Status::MultipleRemotes { .. } => Judgement::Either,
        Status::Matched { .. } if net.session_of(p).is_none() => Judgement::Either,
        _ if net.can_establish(p) => Judgement::Can,
        _ => Judgement::Cannot,
    }
}

/// The captures, matched with the network's peer ends.
#[derive(Debug, Default)]
pub struct Observed {
    pub rows: Vec<Row>,
    /// Per peer end, the row that shows it (an `Established` row first,
    /// when several commands print it).
    of_peer: Vec<Option<u32>>,
    verdicts: Vec<Verdict>,
    /// Rows of captured devices for peers their configuration does not
    /// have (a dynamic `*` row stands for the static peer a listening group
    /// accepts), one per device, VRF and address.
    pub unmatched: Vec<u32>,
}

impl Observed {
    /// The row that shows a peer end.
    pub fn row_of(&self, p: PeerId) -> Option<&Row> {
        self.of_peer
            .get(p)
            .copied()
            .flatten()
            .map(|r| &self.rows[r as usize])
    }

    pub fn verdict(&self, p: PeerId) -> Verdict {
        self.verdicts
            .get(p)
            .copied()
            .unwrap_or(Verdict::NotObserved)
    }

    /// The peer ends with a verdict, in peer order.
    pub fn with_verdict(&self, v: Verdict) -> impl Iterator<Item = PeerId> + '_ {
        self.verdicts
            .iter()
            .enumerate()
            .filter(move |(_, x)| **x == v)
            .map(|(p, _)| p)
    }

    /// How many peer ends have each verdict, in [`Verdict::ALL`] order.
    pub fn counts(&self) -> Vec<(Verdict, usize)> {
        Verdict::ALL
            .iter()
            .map(|v| (*v, self.verdicts.iter().filter(|x| *x == v).count()))
            .collect()
    }

    /// `4 confirmed, 1 explained, …; 2 unmatched rows`.
    pub fn summary(&self) -> String {
        let counts: Vec<String> = self
            .counts()
            .iter()
            .map(|(v, n)| format!("{n} {}", v.name()))
            .collect();
        format!(
            "{}; {} unmatched rows",
            counts.join(", "),
            self.unmatched.len()
        )
    }
}

/// The device a capture's prompt names: its `sysname`, or in a system
/// view's prompt (`PE-1-bgp`) the longest device name before a view name.
fn device_of(names: &HashMap<&str, usize>, row: &Row) -> Option<usize> {
    if let Some(&d) = names.get(row.host.as_str()) {
        return Some(d);
    }
    if !row.system_view {
        return None;
    }
    row.host
        .char_indices()
        .rev()
        .filter(|(_, c)| *c == '-')
        .find_map(|(i, _)| names.get(&row.host[..i]).copied())
}

/// Matches the rows of the captures with the network's peer ends (by
/// device, VPN instance and address, compared as values) and gives each end
/// its verdict. A capture of a device that is not in the network is a
/// notice.
pub fn observe(net: &Network, rows: Vec<Row>, notices: &mut Vec<Notice>) -> Observed {
    let mut names: HashMap<&str, usize> = HashMap::with_capacity(net.devices.len());
    for (d, device) in net.devices.iter().enumerate() {
        names.entry(device.name.as_str()).or_insert(d);
    }
    let mut ends: HashMap<(usize, &str, IpAddr), PeerId> = HashMap::with_capacity(net.peers.len());
    for (p, end) in net.peers.iter().enumerate() {
        let (_, scope) = net.speaker_scope(end.speaker);
        let device = net.speakers[end.speaker].device;
        ends.entry((device, scope.vrf.as_str(), end.addr))
            .or_insert(p);
    }
    // Static peers that a dynamic group accepts: the listening device
    // shows them as `*` rows under the address they open the session from.
    let mut accepted: HashMap<(usize, &str, IpAddr), PeerId> = HashMap::new();
    for (p, end) in net.peers.iter().enumerate() {
        if let (Status::Dynamic { speaker, .. }, Some(from)) = (&end.status, end.local_addr) {
            let (_, scope) = net.speaker_scope(*speaker);
            accepted
                .entry((net.speakers[*speaker].device, scope.vrf.as_str(), from))
                .or_insert(p);
        }
    }
    let mut rows = rows;
    let rows_state: Vec<PeerState> = rows.iter().map(|r| r.state).collect();
    let mut of_peer: Vec<Option<u32>> = vec![None; net.peers.len()];
    // Rows of the listening side that stand for a static peer, taken when
    // that peer's own device shows no row.
    let mut far_rows: Vec<(PeerId, u32)> = Vec::new();
    let mut unmatched = Vec::new();
    let mut seen_unmatched = std::collections::HashSet::new();
    // Per capture file and host not in the network: its first row and how
    // many rows it has.
    let mut strangers: BTreeMap<(crate::source::FileId, String), (crate::source::Span, usize)> =
        BTreeMap::new();
    for (i, row) in rows.iter_mut().enumerate() {
        let Some(d) = device_of(&names, row) else {
            strangers
                .entry((row.span.file, row.host.clone()))
                .or_insert((row.span, 0))
                .1 += 1;
            continue;
        };
        // The device as its configuration names it (a system view's prompt
        // carries the view too).
        row.host = net.devices[d].name.to_string();
        match ends.get(&(d, row.vrf.as_str(), row.addr)) {
            Some(&p) => take(&mut of_peer[p], i, &rows_state),
            None if row.dynamic
                && let Some(&p) = accepted.get(&(d, row.vrf.as_str(), row.addr)) =>
            {
                far_rows.push((p, i as u32));
            }
            None => {
                if seen_unmatched.insert((d, row.vrf.clone(), row.addr)) {
                    unmatched.push(i as u32);
                }
            }
        }
    }
    let own: Vec<bool> = of_peer.iter().map(Option::is_some).collect();
    for (p, i) in far_rows {
        if !own[p] {
            take(&mut of_peer[p], i as usize, &rows_state);
        }
    }
    for ((_, host), (span, n)) in strangers {
        notices.push(Notice {
            span,
            message: format!(
                "this capture shows the BGP peers of {host}, but no configuration of a device named {host} was read: {} not compared",
                if n == 1 {
                    "its row is".to_string()
                } else {
                    format!("its {n} rows are")
                }
            ),
        });
    }
    let verdicts = (0..net.peers.len())
        .map(|p| {
            let Some(r) = of_peer[p] else {
                return Verdict::NotObserved;
            };
            let up = rows[r as usize].state.is_up();
            match (judge(net, p), up) {
                (Judgement::Outside, _) => Verdict::Outside,
                (Judgement::Can | Judgement::Either, true) => Verdict::Confirmed,
                (Judgement::Can, false) => Verdict::DownUnexplained,
                (Judgement::Cannot, true) => Verdict::Contradiction,
                (Judgement::Cannot | Judgement::Either, false) => Verdict::Explained,
            }
        })
        .collect();
    Observed {
        rows,
        of_peer,
        verdicts,
        unmatched,
    }
}

/// Makes row `i` the one that shows a peer end: the first row, unless a
/// later one shows more of the session (a peer printed by several
/// commands): `Established` over `No neg` over any state down.
fn take(slot: &mut Option<u32>, i: usize, states: &[PeerState]) {
    let rank = |s: PeerState| match s {
        PeerState::Established => 2,
        PeerState::NoNeg => 1,
        _ => 0,
    };
    match *slot {
        None => *slot = Some(i as u32),
        Some(r) if rank(states[i]) > rank(states[r as usize]) => *slot = Some(i as u32),
        Some(_) => {}
    }
}

/// How a row reads in a label: `PE1 shows 10.0.0.2 Idle here (up/down
/// 00:10:00)`.
pub fn shows(row: &Row) -> String {
    let dynamic = if row.dynamic { " (a dynamic peer)" } else { "" };
    let mut s = format!(
        "{} shows {}{dynamic} {} here",
        row.host,
        row.addr,
        row.state.name()
    );
    if row.state == PeerState::NoNeg {
        s.push_str(" (the session is up, but this address family was not negotiated)");
    } else if let Some(t) = &row.up_down {
        s.push_str(&format!(" (up/down {t})"));
    }
    s
}
