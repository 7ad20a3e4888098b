//! Reading terminal captures of `display bgp … peer` and `display bgp all
//! summary`: which peer each device shows, in which VPN instance, in which
//! state.
//!
//! The layouts read here are those of Huawei's command references (NE40E
//! V800R012C10 "display bgp all summary", "display bgp peer", "display bgp
//! vpnv4 all peer", "display bgp ipv6 peer"; CE6800 V300R023C00 "display
//! bgp all summary") and of captures published with ntc-templates
//! (`tests/huawei_vrp/display_bgp_peer/`, `display_bgp_ipv6_peer/`):
//!
//! - a table whose header line starts with `Peer` and names `State`; with
//!   a `V` column (`Peer V AS MsgRcvd MsgSent OutQ Up/Down State PrefRcv`)
//!   or without one (`Peer AS MsgRcvd MsgSent OutQ Up/Down State RtRcv
//!   RtAdv`). Long addresses and AS numbers push a row's columns right, so
//!   a row is split on blanks and its columns are found from the state
//!   word: six fields before it without `V`, seven with it;
//! - `VPN-Instance vpna, Router ID 10.1.1.1:` opening the rows of a VPN
//!   instance (after `Peer of IPv4-family for vpn instance :`), and
//!   `Address Family:Ipv4 Unicast` opening a family of `display bgp all
//!   summary` in the public network;
//! - `*` before an address marking a dynamic peer (`Status codes: * -
//!   Dynamic`);
//! - the states `Idle`, `Idle(Admin)`, `Active`, `Connect`, `OpenSent`,
//!   `OpenConfirm`, `Established` and `No neg`, and up/down times in any
//!   form (`00:17:49`, `0026h40m`, `01h12m50s`), kept as printed;
//! - the verbose form (`BGP Peer is 10.2.2.9,  remote AS 100` … `BGP
//!   current state: Established, Up for 00h57m53s`).
//!
//! A file may hold several commands and other output: a prompt line
//! (`<PE1>display bgp peer`, `[~PE1-bgp]dis bgp vpnv4 all peer`) starts a
//! command, and only the output of BGP peer displays is read. Its prompt
//! names the device; a capture without any prompt is the device its file
//! is named after. A row that cannot be read is a notice, never a guess.

use std::net::IpAddr;

use crate::model::{Asn, PUBLIC_VRF, Problem};
use crate::source::{FileId, Span};
use crate::syntax::lexer;

/// A BGP peer state as `display bgp peer` prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PeerState {
    Idle,
    /// `Idle(Admin)`: the peer is shut down by configuration.
    IdleAdmin,
    Connect,
    Active,
    OpenSent,
    OpenConfirm,
    Established,
    /// `No neg`: the session is up, but this address family was not
    /// negotiated on it.
    NoNeg,
}

impl PeerState {
    /// The state a row's word (and the word after it, for `No neg`)
    /// spells.
    fn read(word: &str, next: Option<&str>) -> Option<PeerState> {
        let w = word.trim_end_matches(',');
        let state = match w {
            "Established" => PeerState::Established,
            "Active" => PeerState::Active,
            "Connect" => PeerState::Connect,
            "OpenSent" => PeerState::OpenSent,
            "OpenConfirm" => PeerState::OpenConfirm,
            "Idle(Admin)" => PeerState::IdleAdmin,
            "No" if next.is_some_and(|n| n.to_ascii_lowercase().starts_with("neg")) => {
                PeerState::NoNeg
            }
            // `Idle`, and the other reasons VRP prints in brackets.
            w if w.starts_with("Idle") => PeerState::Idle,
            _ => return None,
        };
        Some(state)
    }

    /// The state as `display bgp peer` prints it.
    pub fn name(self) -> &'static str {
        match self {
            PeerState::Idle => "Idle",
            PeerState::IdleAdmin => "Idle(Admin)",
            PeerState::Connect => "Connect",
            PeerState::Active => "Active",
            PeerState::OpenSent => "OpenSent",
            PeerState::OpenConfirm => "OpenConfirm",
            PeerState::Established => "Established",
            PeerState::NoNeg => "No neg",
        }
    }

    pub fn is_established(self) -> bool {
        self == PeerState::Established
    }

    /// Whether the session is up: `Established`, or `No neg` (up, with
    /// this row's address family not negotiated on it).
    pub fn is_up(self) -> bool {
        matches!(self, PeerState::Established | PeerState::NoNeg)
    }
}

/// One peer row of a capture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// What the prompt's brackets hold (`PE1`, or `PE1-bgp` in a system
    /// view), or the file's stem when the capture has no prompt.
    pub host: String,
    /// Whether `host` comes from a system-view prompt (`[PE1-bgp]`), whose
    /// view name follows the device's name.
    pub system_view: bool,
    /// The VPN instance its section shows, or the public network.
    pub vrf: String,
    pub addr: IpAddr,
    pub asn: Option<Asn>,
    pub state: PeerState,
    /// The up/down time as printed.
    pub up_down: Option<String>,
    /// `*`: a dynamic peer, accepted by a listening group.
    pub dynamic: bool,
    /// The row's line.
    pub span: Span,
}

/// What one capture file holds.
#[derive(Debug, Default)]
pub struct Capture {
    pub rows: Vec<Row>,
    pub notices: Vec<Problem>,
    /// The BGP peer displays it holds.
    pub displays: usize,
}

/// How many unreadable rows of one file are named one by one.
const NAMED_NOTICES: usize = 20;

/// What a display command shows, read from the words typed.
#[derive(Debug, PartialEq, Eq)]
enum Display {
    /// A BGP peer table: the VPN instance the command names.
    Peers { vrf: Option<String> },
    /// Any other command.
    Other,
}

/// Whether `typed` is `keyword` cut short to at least `min` characters
/// (the CLI takes any unambiguous beginning).
fn abbreviates(typed: &str, keyword: &str, min: usize) -> bool {
    typed.len() >= min.min(keyword.len()) && keyword.starts_with(typed)
}

/// Reads the command typed after a prompt (an output filter such as `|
/// no-more` or `| include …` shows the same rows, or fewer).
fn display(command: &str) -> Display {
    let command = command.split('|').next().unwrap_or_default();
    let words: Vec<String> = command
        .split_ascii_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    let [first, second, rest @ ..] = words.as_slice() else {
        return Display::Other;
    };
    if !abbreviates(first, "display", 3) || second != "bgp" {
        return Display::Other;
    }
    let mut vrf = None;
    let mut peers = false;
    let mut i = 0;
    while i < rest.len() {
        let w = rest[i].as_str();
        if abbreviates(w, "vpn-instance", 5) {
            // The name as typed: VPN instance names are case-sensitive.
            let original: Vec<&str> = command.split_ascii_whitespace().collect();
            vrf = original.get(i + 3).map(|s| s.to_string());
            i += 2;
            continue;
        }
        if abbreviates(w, "instance", 4) {
            i += 2;
            continue;
        }
        match w {
            "ipv4" | "ipv6" | "vpnv4" | "vpnv6" | "evpn" | "all" | "unicast" => {}
            w if abbreviates(w, "peer", 2) || abbreviates(w, "summary", 2) => peers = true,
            w if abbreviates(w, "verbose", 1) => {}
            // The peer asked about.
            w if w.parse::<IpAddr>().is_ok() => {}
            // `routing-table`, `group`, `log-info`, `brief`…: another
            // layout.
            _ => return Display::Other,
        }
        i += 1;
    }
    if peers {
        Display::Peers { vrf }
    } else {
        Display::Other
    }
}

/// The text of a line without terminal control sequences and the pager's
/// `---- More ----`.
fn clean(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.contains('\x1b') && !line.contains("---- More ----") {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // CSI: ESC [ parameters final-byte.
            if chars.peek() == Some(&'[') {
                chars.next();
                for d in chars.by_ref() {
                    if ('\x40'..='\x7e').contains(&d) {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    std::borrow::Cow::Owned(out.replace("---- More ----", ""))
}

/// An address as a row prints it, with the dynamic mark.
fn address(word: &str) -> Option<(IpAddr, bool)> {
    let (bare, dynamic) = match word.strip_prefix('*') {
        Some(rest) => (rest, true),
        None => (word, false),
    };
    bare.trim_end_matches(',')
        .parse::<IpAddr>()
        .ok()
        .map(|a| (a, dynamic))
}

/// Where the parser is in a file.
struct Section {
    host: String,
    system_view: bool,
    /// Reading a BGP peer display.
    active: bool,
    /// The VPN instance its command names, else the public network.
    command_vrf: String,
    vrf: String,
    /// The command is known to be a peer display (else a table header must
    /// be seen before rows are believed).
    known: bool,
    header: bool,
    /// An address alone on its line: its row goes on on the next line.
    pending: Option<(IpAddr, bool, usize, u32)>,
    /// `BGP Peer is X, remote AS N` of the verbose form.
    verbose: Option<(IpAddr, Option<Asn>, usize, usize, u32)>,
}

impl Section {
    /// A section of `host`'s output, in the VPN instance `vrf` (the public
    /// network when `None`).
    fn new(host: &str, system_view: bool, active: bool, known: bool, vrf: Option<String>) -> Self {
        let vrf = vrf.unwrap_or_else(|| PUBLIC_VRF.to_string());
        Section {
            host: host.to_string(),
            system_view,
            active,
            command_vrf: vrf.clone(),
            vrf,
            known,
            header: false,
            pending: None,
            verbose: None,
        }
    }

    /// A row of this section.
    fn row(&self, addr: IpAddr, dynamic: bool, columns: Columns, span: Span) -> Row {
        Row {
            host: self.host.clone(),
            system_view: self.system_view,
            vrf: self.vrf.clone(),
            addr,
            asn: columns.asn,
            state: columns.state,
            up_down: columns.up_down,
            dynamic,
            span,
        }
    }
}

/// The notices of a file's unreadable rows: the first ones named, the rest
/// counted.
#[derive(Default)]
struct Unreadable {
    count: usize,
}

impl Unreadable {
    fn push(&mut self, notices: &mut Vec<Problem>, span: Span, message: impl FnOnce() -> String) {
        self.count += 1;
        if self.count <= NAMED_NOTICES {
            notices.push(Problem {
                span,
                message: message(),
            });
        }
    }
}

/// Reads one capture file.
pub fn parse(file: FileId, text: &str, stem: &str) -> Capture {
    let mut out = Capture::default();
    let mut unreadable = Unreadable::default();
    let mut s = Section::new(stem, false, true, false, None);
    for raw in lexer::line_iter(text) {
        let end = raw.start + raw.text.len();
        let span = Span::at(file, raw.start, end, raw.number);
        let line = clean(raw.text);
        if let Some(p) = lexer::prompt(&line) {
            s = match display(p.command) {
                Display::Peers { vrf } => Section::new(p.inner, p.system, true, true, vrf),
                Display::Other => Section::new(p.inner, p.system, false, true, None),
            };
            if s.active {
                out.displays += 1;
            }
            continue;
        }
        if !s.active {
            continue;
        }
        let words: Vec<&str> = line.split_ascii_whitespace().collect();
        let Some(&first) = words.first() else {
            continue;
        };
        let lower = first.to_ascii_lowercase();
        // `Address Family:Ipv4 Unicast` opens a family of `display bgp all
        // summary` (not the verbose form's `Address family IPv4 Unicast:
        // advertised and received`).
        if line
            .trim_start()
            .get(..15)
            .is_some_and(|h| h.eq_ignore_ascii_case("address family:"))
        {
            s.vrf = s.command_vrf.clone();
            continue;
        }
        // `VPN-Instance vpna, Router ID 1.1.1.9:`, `VPN-Instance : vpna`,
        // `VPN instance: vpna`.
        let named_from = if lower.trim_end_matches(':') == "vpn-instance" {
            Some(1)
        } else if lower == "vpn"
            && words
                .get(1)
                .is_some_and(|w| w.to_ascii_lowercase().trim_end_matches(':') == "instance")
        {
            Some(2)
        } else {
            None
        };
        if let Some(from) = named_from {
            let name = words[from..]
                .iter()
                .map(|w| w.trim_end_matches([',', ':']))
                .find(|w| !w.is_empty());
            if let Some(name) = name {
                s.vrf = name.to_string();
            }
            continue;
        }
        if first == "BGP" && words.get(1) == Some(&"Peer") && words.get(2) == Some(&"is") {
            if let Some((addr, _)) = words.get(3).and_then(|w| address(w)) {
                let asn = words
                    .iter()
                    .position(|w| *w == "AS")
                    .and_then(|i| words.get(i + 1))
                    .and_then(|w| Asn::parse(w.trim_end_matches(',')));
                s.verbose = Some((addr, asn, raw.start, end, raw.number));
                s.known = true;
            }
            continue;
        }
        if first == "BGP" && words.get(1) == Some(&"current") && words.get(2) == Some(&"state:") {
            if let Some((addr, asn, start, end, number)) = s.verbose.take()
                && let Some(state) = words.get(3).and_then(|w| PeerState::read(w, None))
            {
                let up_down = words
                    .iter()
                    .position(|w| *w == "for")
                    .and_then(|i| words.get(i + 1))
                    .map(|w| w.to_string());
                let columns = Columns {
                    asn,
                    state,
                    up_down,
                };
                out.rows
                    .push(s.row(addr, false, columns, Span::at(file, start, end, number)));
            }
            continue;
        }
        if first == "Peer" && words.contains(&"State") {
            s.header = true;
            continue;
        }
        // A row: an address first, or the rest of a row whose address was
        // alone on the line before.
        let (fields, addr, dynamic, start, number) = match (address(first), s.pending.take()) {
            (Some((addr, dynamic)), _) => {
                if words.len() == 1 {
                    s.pending = Some((addr, dynamic, raw.start, raw.number));
                    continue;
                }
                (&words[1..], addr, dynamic, raw.start, raw.number)
            }
            (None, Some((addr, dynamic, start, number)))
                if first.starts_with(|c: char| c.is_ascii_digit()) =>
            {
                (&words[..], addr, dynamic, start, number)
            }
            _ => {
                // A dynamic mark apart from its address: `* 10.1.1.1 …`.
                if first == "*"
                    && let Some((addr, _)) = words.get(1).and_then(|w| address(w))
                    && words.len() > 2
                {
                    if let Some(columns) = read_columns(&words[2..]) {
                        out.rows.push(s.row(addr, true, columns, span));
                    }
                    continue;
                }
                if s.header && first.starts_with(|c: char| c.is_ascii_digit()) {
                    unreadable.push(&mut out.notices, span, || {
                        "this line of a BGP peer table is not a row peerlint can read (address, AS, counters, up/down time, state); it is left out".to_string()
                    });
                }
                continue;
            }
        };
        if !(s.header || s.known) {
            continue;
        }
        match read_columns(fields) {
            Some(columns) => {
                let span = Span::at(file, start, end, number);
                out.rows.push(s.row(addr, dynamic, columns, span));
            }
            None => unreadable.push(&mut out.notices, span, || {
                format!(
                    "the row of {addr} shows no BGP state peerlint knows (Idle, Active, Connect, OpenSent, OpenConfirm, Established, No neg); it is left out"
                )
            }),
        }
    }
    if unreadable.count > NAMED_NOTICES
        && let Some(last) = out.notices.last().map(|n| n.span)
    {
        out.notices.push(Problem {
            span: last,
            message: format!(
                "{} more unreadable rows in this capture are left out",
                unreadable.count - NAMED_NOTICES
            ),
        });
    }
    out
}

/// What a row tells besides its address.
struct Columns {
    asn: Option<Asn>,
    state: PeerState,
    up_down: Option<String>,
}

/// The columns after a row's address: `[V] AS MsgRcvd MsgSent OutQ
/// Up/Down State …`.
fn read_columns(fields: &[&str]) -> Option<Columns> {
    let (at, state) = fields
        .iter()
        .enumerate()
        .find_map(|(i, w)| PeerState::read(w, fields.get(i + 1).copied()).map(|s| (i, s)))?;
    // Six fields before the state with a `V` column, five without.
    let asn = match at {
        6 => fields.get(1),
        5 => fields.first(),
        _ => None,
    }
    .and_then(|w| Asn::parse(w));
    let up_down = (at >= 5).then(|| fields[at - 1].to_string());
    Some(Columns {
        asn,
        state,
        up_down,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Host, VRF, address, state, AS, dynamic.
    type Seen = (String, String, String, &'static str, Option<u32>, bool);

    fn rows(text: &str) -> Vec<Seen> {
        parse(FileId(0), text, "stem")
            .rows
            .into_iter()
            .map(|r| {
                (
                    r.host,
                    r.vrf,
                    r.addr.to_string(),
                    r.state.name(),
                    r.asn.map(|a| a.0),
                    r.dynamic,
                )
            })
            .collect()
    }

    #[test]
    fn commands_are_read_as_typed_or_cut_short() {
        assert_eq!(display("display bgp peer"), Display::Peers { vrf: None });
        assert_eq!(
            display("dis bgp vpnv4 all peer"),
            Display::Peers { vrf: None }
        );
        assert_eq!(
            display("disp bgp vpnv4 vpn-instance VPN_A peer"),
            Display::Peers {
                vrf: Some("VPN_A".to_string())
            }
        );
        assert_eq!(
            display("display bgp all summary"),
            Display::Peers { vrf: None }
        );
        assert_eq!(display("display bgp routing-table"), Display::Other);
        assert_eq!(display("display bgp peer 1.1.1.1 log-info"), Display::Other);
        assert_eq!(display("display ip routing-table"), Display::Other);
        assert_eq!(display("d bgp peer"), Display::Other);
        assert_eq!(
            display("dis bgp peer | no-more"),
            Display::Peers { vrf: None }
        );
    }

    #[test]
    fn the_state_word_places_the_columns() {
        let with_v = "<R1>display bgp peer\n  Peer  V  AS  MsgRcvd  MsgSent  OutQ  Up/Down  State PrefRcv\n  10.1.1.1  4  65011.21541  0  0  0 00:00:07  Idle(Admin)  0\n";
        assert_eq!(
            rows(with_v),
            vec![(
                "R1".to_string(),
                PUBLIC_VRF.to_string(),
                "10.1.1.1".to_string(),
                "Idle(Admin)",
                Some((65011 << 16) | 21541),
                false
            )]
        );
        let without_v = "<R1>display bgp all summary\n  Peer  AS  MsgRcvd  MsgSent  OutQ  Up/Down  State  RtRcv  RtAdv\n  10.1.1.2  200  1  1  0 0026h40m No neg  0  0\n";
        assert_eq!(rows(without_v)[0].3, "No neg");
        assert_eq!(rows(without_v)[0].4, Some(200));
    }

    #[test]
    fn a_long_address_alone_on_its_line_keeps_its_row() {
        let text = "<R1>display bgp ipv6 peer\n  Peer V AS MsgRcvd MsgSent OutQ Up/Down State PrefRcv\n  2001:DB8:1234:5678:9ABC:DEF0:1234:5678\n                  4 65009 0 0 0 00:01:00 Active 0\n";
        let got = rows(text);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].2, "2001:db8:1234:5678:9abc:def0:1234:5678");
        assert_eq!(got[0].3, "Active");
    }

    #[test]
    fn sections_decide_the_vpn_instance() {
        let text = "<PE1>display bgp vpnv4 all peer\n  Peer V AS MsgRcvd MsgSent OutQ Up/Down State PrefRcv\n  3.3.3.9 4 100 1 1 0 00:09:38 Established 0\n  Peer of IPv4-family for vpn instance :\n VPN-Instance vpna, Router ID 1.1.1.9:\n  10.1.1.1 4 65410 1 1 0 00:17:57 Established 1\n VPN-Instance : vpnb\n  *10.2.1.1 4 65420 1 1 0 00:17:10 Active 1\n VPN instance: vpnc\n  10.3.1.1 4 65430 1 1 0 00:17:10 Connect 1\n";
        let got = rows(text);
        assert_eq!(got[0].1, PUBLIC_VRF);
        assert_eq!(got[1].1, "vpna");
        assert_eq!((got[2].1.as_str(), got[2].5), ("vpnb", true));
        assert_eq!(got[3].1, "vpnc");
    }

    #[test]
    fn other_output_and_garbage_are_left_out() {
        let text = "<R1>display ip routing-table\n 10.1.1.1/32 Direct 0 0 D 127.0.0.1 InLoopBack0\n<R1>display bgp peer\n  Peer V AS MsgRcvd MsgSent OutQ Up/Down State PrefRcv\n  10.1.1.1 4 100 0 0 0 00:00:07 Bogus 0\n  10.9.9.9 4\n";
        let c = parse(FileId(0), text, "x");
        assert!(c.rows.is_empty(), "{:?}", c.rows);
        // The bogus state and the truncated row.
        assert_eq!(c.notices.len(), 2, "{:?}", c.notices);
    }

    #[test]
    fn a_verbose_family_line_keeps_the_vpn_instance() {
        let text = "<R1>display bgp vpnv4 all peer verbose\n VPN-Instance A, Router ID 1.1.1.1:\n BGP Peer is 10.1.1.1,  remote AS 65001\n  Address family IPv4 Unicast: advertised and received\n BGP current state: Established, Up for 00h01m00s\n BGP Peer is 10.1.3.1,  remote AS 65003\n  Address family IPv4 Unicast: advertised and received\n BGP current state: Established, Up for 00h01m00s\n";
        let got = rows(text);
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(|r| r.1 == "A"), "{got:?}");
    }

    #[test]
    fn the_verbose_form_gives_a_row() {
        let text = "<R1>display bgp vpnv4 vpn-instance v1 peer verbose\n\n  BGP Peer is 11.1.1.2,  remote AS 200\n  Type: EBGP link\n  BGP current state: Established, Up for 00h03m46s\n";
        assert_eq!(
            rows(text),
            vec![(
                "R1".to_string(),
                "v1".to_string(),
                "11.1.1.2".to_string(),
                "Established",
                Some(200),
                false
            )]
        );
    }
}
