//! Incomplete keywords in transcripts. VRP accepts any beginning of a
//! keyword as long as the command typed matches one command only: `d cu`
//! is `display current-configuration`, `d c` matches several and is refused
//! (Huawei CE6800 configuration guide, Editing Command Lines; the NE40E CLI
//! overview calls it partial match). A keyword typed in full wins over the
//! longer keywords it begins (`ip` is not `ip-pool`).
//!
//! To know what a typed command stands for, peerlint holds the commands of
//! each view it reads, as Huawei's command references list them
//! (`cli-templates.tsv`: NE40E V800R012C10 and CE6800 V300R023C00, one line
//! per command: view, platforms, the leading keywords and parameters, and
//! whether more words may or must follow). A typed command is matched word
//! by word against every command of its view; it resolves when every
//! command that matches it spells its keywords the same way on a platform
//! that has it, and no other platform spells them otherwise.
//!
//! This is CLI structure, like [`super::views`]: which commands exist and
//! how they are spelt, not what they mean.

use std::collections::BTreeSet;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;

/// The command table, built from Huawei's command references (see the
/// file's header for how).
static TABLE: &str = include_str!("cli-templates.tsv");

/// A CLI view whose commands the table lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum View {
    User,
    System,
    Interface,
    /// `ip vpn-instance V`.
    VpnInstance,
    /// Its `ipv4-family` / `ipv6-family` views.
    VpnInstanceFamily,
    /// `bgp N`.
    Bgp,
    /// ` vpn-instance V` under `bgp N` (VRP8).
    BgpVpn,
    /// The address families of the public network (`ipv4-family unicast`,
    /// `l2vpn-family evpn`…).
    BgpFamily,
    /// ` ipv4-family vpn-instance V`, ` ipv6-family vpn-instance V`.
    BgpVrfFamily,
    /// `bgp N instance X`.
    BgpMulti,
    /// The VPN instance views of a multi-instance.
    BgpMultiVrf,
}

const VIEWS: [(&str, Option<View>); 12] = [
    ("all", None),
    ("user", Some(View::User)),
    ("system", Some(View::System)),
    ("interface", Some(View::Interface)),
    ("vpn-instance", Some(View::VpnInstance)),
    ("vpn-instance-af", Some(View::VpnInstanceFamily)),
    ("bgp", Some(View::Bgp)),
    ("bgp-vpn", Some(View::BgpVpn)),
    ("bgp-family", Some(View::BgpFamily)),
    ("bgp-vrf-family", Some(View::BgpVrfFamily)),
    ("bgp-multi", Some(View::BgpMulti)),
    ("bgp-multi-vrf", Some(View::BgpMultiVrf)),
];

/// The platforms the table comes from.
const PLATFORMS: [&str; 2] = ["ne", "ce"];

/// What a template's position takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Keyword(&'static str),
    Ipv4,
    Ipv6,
    Mask,
    Int,
    As,
    /// An interface: `GigabitEthernet0/1/0`, `g0/0/1`, or a type and a
    /// number as two words (`LoopBack 0`).
    Interface,
    /// A name or any word.
    Word,
    /// The rest of the line.
    Text,
}

/// What may follow a template's slots.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tail {
    /// Nothing: the slots are the whole command.
    Exact,
    /// Optional words.
    Optional,
    /// More words must follow.
    Required,
}

struct Template {
    /// Position in [`VIEWS`] of the view it belongs to.
    view: u8,
    /// Bit `i` set: platform `PLATFORMS[i]` has it.
    platforms: u8,
    tail: Tail,
    first: &'static str,
    /// Its slots: `Table::slots[slots.0..slots.1]`.
    slots: (u32, u32),
}

struct Table {
    /// Every template, by view and then by first keyword: the commands of a
    /// view that a typed word begins are one run (first keywords are all
    /// lower case).
    templates: Vec<Template>,
    slots: Vec<Slot>,
}

impl Table {
    fn slots(&self, t: &Template) -> &[Slot] {
        &self.slots[t.slots.0 as usize..t.slots.1 as usize]
    }

    /// The templates of a view whose first keyword begins with `typed`
    /// (lower case); only those whose first keyword it is, when there are
    /// such (a whole keyword is that keyword, [`prefer_whole_keywords`]).
    fn beginning(&self, view: u8, typed: &str) -> &[Template] {
        let key = |t: &Template| (t.view, t.first);
        let from = self.templates.partition_point(|t| key(t) < (view, typed));
        let run = &self.templates[from..];
        let whole = run
            .iter()
            .take_while(|t| t.view == view && t.first == typed)
            .count();
        if whole > 0 {
            return &run[..whole];
        }
        let begun = run
            .iter()
            .take_while(|t| t.view == view && t.first.starts_with(typed))
            .count();
        &run[..begun]
    }
}

/// The number a token keeps for a full keyword that [`resolve`] gave: its
/// place in the table's text plus one (never 0); 0 for any other word.
pub fn index(keyword: &'static str) -> u32 {
    let at = (keyword.as_ptr() as usize).wrapping_sub(TABLE.as_ptr() as usize);
    match TABLE.get(at..at + keyword.len()) {
        Some(there) if std::ptr::eq(there, keyword) => u32::try_from(at + 1).unwrap_or(0),
        _ => 0,
    }
}

/// The keyword a token's number names; `None` for 0.
pub fn keyword(index: u32) -> Option<&'static str> {
    let at = usize::try_from(index.checked_sub(1)?).ok()?;
    let rest = TABLE.get(at..)?;
    let end = rest
        .find(|c: char| c.is_ascii_whitespace())
        .unwrap_or(rest.len());
    Some(&rest[..end]).filter(|k| !k.is_empty())
}

fn table() -> &'static Table {
    static TABLE_: OnceLock<Table> = OnceLock::new();
    TABLE_.get_or_init(|| {
        let mut templates = Vec::new();
        let mut slots = Vec::new();
        for line in TABLE.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(view), Some(platforms), Some(tokens)) =
                (cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            let Some(view) = VIEWS.iter().position(|(name, _)| *name == view) else {
                continue;
            };
            let (tokens, tail) = match (tokens.strip_suffix(" …"), cols.next()) {
                (Some(t), _) => (t, Tail::Required),
                (None, Some("=")) => (tokens, Tail::Exact),
                (None, Some(">")) => (tokens, Tail::Required),
                (None, _) => (tokens, Tail::Optional),
            };
            let from = slots.len();
            slots.extend(tokens.split_ascii_whitespace().map(slot));
            let Some(&Slot::Keyword(first)) = slots.get(from) else {
                slots.truncate(from);
                continue;
            };
            let platforms = PLATFORMS
                .iter()
                .enumerate()
                .filter(|(_, p)| platforms.split(',').any(|q| q == **p))
                .fold(0u8, |bits, (i, _)| bits | 1 << i);
            templates.push(Template {
                view: view as u8,
                platforms,
                tail,
                first,
                slots: (from as u32, slots.len() as u32),
            });
        }
        templates.sort_by_key(|t| (t.view, t.first));
        Table { templates, slots }
    })
}

impl Slot {
    /// The bit of a parameter slot in [`fillable`]'s answer; 0 for slots
    /// that a single word does not fill that way.
    fn bit(self) -> u8 {
        match self {
            Slot::Ipv4 | Slot::Mask => 1,
            Slot::Ipv6 => 2,
            Slot::Int => 4,
            Slot::As => 8,
            Slot::Word | Slot::Text => 16,
            Slot::Interface | Slot::Keyword(_) => 0,
        }
    }
}

fn slot(token: &'static str) -> Slot {
    match token {
        "<ipv4>" => Slot::Ipv4,
        "<ipv6>" => Slot::Ipv6,
        "<mask>" => Slot::Mask,
        "<as>" => Slot::As,
        "<if>" => Slot::Interface,
        "<text>" => Slot::Text,
        t if t.starts_with("<int") => Slot::Int,
        t if t.starts_with('<') => Slot::Word,
        t => Slot::Keyword(t),
    }
}

/// A typed word, as the matcher sees it.
#[derive(Clone, Copy, Debug)]
pub struct Typed<'a> {
    pub text: &'a str,
    /// A double-quoted word is a name, never a keyword.
    pub quoted: bool,
}

/// What a typed word stands for in one command of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Reading {
    Keyword(&'static str),
    /// It fills a parameter.
    Parameter,
    /// It comes after the slots the table lists for the command: a keyword
    /// or a parameter, the table does not say.
    Unlisted,
}

/// What each typed word stands for; few commands run past eight words.
type Spelling = smallvec::SmallVec<[Reading; 8]>;

/// What a typed command stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// One command: the full keyword of each typed word (`None` for a word
    /// that fills a parameter).
    Known(Vec<Option<&'static str>>),
    /// One command, read the same way, but only because VRP looks past the
    /// word where the keywords part: read word by word alone, it could be
    /// any of these. The command references do not say which way VRP
    /// reads; peerlint reads it, and says so.
    Doubtful(Vec<Option<&'static str>>, Vec<String>),
    /// Several commands spell it differently: VRP refuses it. The spellings
    /// of the keywords the typed words could stand for.
    Ambiguous(Vec<String>),
    /// No command of the view matches it.
    Unknown,
}

/// Resolves a typed command in a view (the table's commands of every
/// view count too: `quit`, `return`, `commit`); in a view the table does
/// not list (`None`), only those.
///
/// A platform reads the command when exactly one of its commands matches
/// all the typed words (Huawei: "d cu" is display current-configuration,
/// "d c" matches several). Whether VRP also refuses a word that begins
/// several keywords that could come next, whatever follows, the command
/// references do not say: such a command is read, as [`Resolution::
/// Doubtful`]. The platform of a device is not known from its file: a
/// command is read when one platform reads it and none reads it otherwise;
/// it is refused when every platform that has it finds it ambiguous.
pub fn resolve(view: Option<View>, words: &[Typed<'_>]) -> Resolution {
    // Devices type the same commands with other addresses and numbers: a
    // reading that names no typed word is kept per thread.
    type Kept = HashMap<(Option<View>, Vec<WordKey>), Resolution>;
    thread_local! {
        static READ: std::cell::RefCell<Kept> = std::cell::RefCell::default();
    }
    let key = (view, words.iter().map(word_key).collect::<Vec<_>>());
    if let Some(known) = READ.with(|r| r.borrow().get(&key).cloned()) {
        return known;
    }
    let read = read_command(view, words);
    if matches!(read, Resolution::Known(_) | Resolution::Unknown) {
        READ.with(|r| {
            let mut r = r.borrow_mut();
            if r.len() >= 4096 {
                r.clear();
            }
            r.insert(key, read.clone());
        });
    }
    read
}

/// What of a typed word its reading depends on: the word itself, or, for
/// an address or a long number (no keyword begins with one, a test holds
/// it), only what it can fill and how it begins.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum WordKey {
    Word(String, bool),
    Parameter { fills: u8, digit_first: bool },
}

fn word_key(word: &Typed<'_>) -> WordKey {
    let text = word.text;
    if !word.quoted && is_parameter_only(text) {
        return WordKey::Parameter {
            fills: fillable(word),
            digit_first: text.starts_with(|c: char| c.is_ascii_digit()),
        };
    }
    WordKey::Word(text.to_ascii_lowercase(), word.quoted)
}

/// An IPv4 or IPv6 address, or a number of six digits or more.
fn is_parameter_only(text: &str) -> bool {
    (text.len() >= 6 && text.bytes().all(|b| b.is_ascii_digit()))
        || text.parse::<Ipv4Addr>().is_ok()
        || (text.contains(':')
            && text
                .split('/')
                .next()
                .is_some_and(|a| a.parse::<Ipv6Addr>().is_ok()))
}

fn read_command(view: Option<View>, words: &[Typed<'_>]) -> Resolution {
    let Some(first) = words.first().filter(|w| !w.quoted && !w.text.is_empty()) else {
        return Resolution::Unknown;
    };
    let table = table();
    let typed = first.text.to_ascii_lowercase();
    let fill: smallvec::SmallVec<[u8; 8]> = words.iter().map(fillable).collect();
    let in_view = |v: Option<View>| VIEWS.iter().position(|(_, w)| *w == v);
    let views = [view.and_then(|v| in_view(Some(v))), in_view(None)];
    let mut begun: Vec<&Template> = views
        .into_iter()
        .flatten()
        .flat_map(|v| table.beginning(v as u8, &typed))
        .collect();
    // When the first word is written out, a command that stops there (its
    // second slot does not take the second word) is neither the command
    // nor a doubt about any word: it is not walked.
    if words.len() > 1 && begun.iter().all(|t| t.first.len() == typed.len()) {
        begun.retain(|t| takes_second(table.slots(t), words, &fill));
    }
    let templates: Vec<(&Template, Walk)> = begun
        .into_iter()
        .map(|t| (t, walk(table.slots(t), t.tail, words, &fill)))
        .collect();
    let mut known: BTreeSet<Spelling> = BTreeSet::new();
    let mut ambiguous: BTreeSet<String> = BTreeSet::new();
    // Doubtful unless some platform reads it word by word too.
    let mut certain = false;
    let mut doubts: BTreeSet<String> = BTreeSet::new();
    for platform in 0..PLATFORMS.len() {
        let on: Vec<&(&Template, Walk)> = templates
            .iter()
            .filter(|(t, _)| t.platforms & (1 << platform) != 0)
            .collect();
        match read_on(&on, words) {
            Verdict::Known(s, doubt) => {
                known.insert(s);
                match doubt {
                    Some(d) => doubts.extend(d),
                    None => certain = true,
                }
            }
            Verdict::Ambiguous(readings) => ambiguous.extend(readings),
            Verdict::Unknown => {}
        }
    }
    let keyword = |r: &Reading| match r {
        Reading::Keyword(k) => Some(*k),
        Reading::Parameter | Reading::Unlisted => None,
    };
    let spelt = |s: &Spelling| {
        s.iter()
            .zip(words)
            .map(|(r, w)| keyword(r).unwrap_or(w.text))
            .collect::<Vec<_>>()
            .join(" ")
    };
    // One platform's unlisted words may be what another spells out.
    drop_subsumed(&mut known);
    let full = || known.iter().flatten().map(keyword).collect();
    match known.len() {
        1 if certain => Resolution::Known(full()),
        1 => Resolution::Doubtful(full(), doubts.into_iter().collect()),
        0 if ambiguous.is_empty() => Resolution::Unknown,
        _ => Resolution::Ambiguous(known.iter().map(spelt).chain(ambiguous).collect()),
    }
}

/// How one platform reads a typed command (one per platform and command:
/// its size does not matter).
#[allow(clippy::large_enum_variant)]
enum Verdict {
    /// The spelling, and the keywords a word-by-word reading would stop
    /// between, if any.
    Known(Spelling, Option<Vec<String>>),
    /// The keywords the typed words could stand for, where it stops.
    Ambiguous(Vec<String>),
    Unknown,
}

/// One platform's reading, from its templates and how far each matches.
fn read_on(templates: &[&(&Template, Walk)], words: &[Typed<'_>]) -> Verdict {
    let mut whole: BTreeSet<Spelling> = templates
        .iter()
        .filter(|(_, w)| w.complete)
        .map(|(_, w)| w.readings.clone())
        .collect();
    drop_subsumed(&mut whole);
    prefer_whole_keywords(&mut whole, words);
    if whole.len() > 1 {
        let keyword = |r: &Reading, w: &Typed<'_>| match r {
            Reading::Keyword(k) => k.to_string(),
            _ => w.text.to_string(),
        };
        return Verdict::Ambiguous(
            whole
                .iter()
                .map(|s| {
                    s.iter()
                        .zip(words)
                        .map(|(r, w)| keyword(r, w))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect(),
        );
    }
    let Some(spelling) = whole.into_iter().next() else {
        return Verdict::Unknown;
    };
    // Word by word: at each typed word that only begins its keyword, the
    // keywords that could come there after the words before it.
    for (i, w) in words.iter().enumerate() {
        let Reading::Keyword(k) = spelling[i] else {
            continue;
        };
        if k.eq_ignore_ascii_case(w.text) {
            continue;
        }
        let here: BTreeSet<&'static str> = templates
            .iter()
            .filter(|(_, walk)| walk.readings.len() > i && walk.readings[..i] == spelling[..i])
            .filter_map(|(_, walk)| match walk.readings[i] {
                Reading::Keyword(k) => Some(k),
                _ => None,
            })
            .collect();
        if here.len() > 1 {
            let before: Vec<&str> = words[..i].iter().map(|w| w.text).collect();
            let doubt = here
                .iter()
                .map(|k| {
                    before
                        .iter()
                        .copied()
                        .chain([*k])
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            return Verdict::Known(spelling, Some(doubt));
        }
    }
    Verdict::Known(spelling, None)
}

/// Drops the spellings that another one spells out further: where the
/// table lists fewer slots for a command (`display …`), its unlisted
/// words may be what the longer spelling says they are.
fn drop_subsumed(set: &mut BTreeSet<Spelling>) {
    let covers = |t: &Spelling, s: &Spelling| {
        t != s
            && s.iter()
                .zip(t)
                .all(|(a, b)| a == b || *a == Reading::Unlisted)
    };
    let all: Vec<Spelling> = set.iter().cloned().collect();
    set.retain(|s| !all.iter().any(|t| covers(t, s)));
}

/// Where a typed word is a whole keyword of some spelling, the spellings
/// that read it as a longer keyword are dropped: `ip` is `ip`, not
/// `ip-pool`. Decided word by word, from the first.
fn prefer_whole_keywords(set: &mut BTreeSet<Spelling>, words: &[Typed<'_>]) {
    for (i, w) in words.iter().enumerate() {
        let whole =
            |s: &Spelling| matches!(s[i], Reading::Keyword(k) if k.eq_ignore_ascii_case(w.text));
        if set.iter().any(whole) {
            set.retain(|s| !matches!(s[i], Reading::Keyword(_)) || whole(s));
        }
    }
}

/// How far a template matches a typed command.
struct Walk {
    /// What each typed word stands for, as far as the template matches.
    readings: Spelling,
    /// It matches the whole typed command.
    complete: bool,
}

/// Matches a template against a typed command, word by word.
fn walk(slots: &[Slot], tail: Tail, words: &[Typed<'_>], fill: &[u8]) -> Walk {
    let mut out = Spelling::new();
    let stop = |readings| Walk {
        readings,
        complete: false,
    };
    let mut w = 0;
    for slot in slots {
        let Some(word) = words.get(w) else {
            // The command stops before its mandatory slots do.
            return stop(out);
        };
        match slot {
            Slot::Keyword(k) => {
                if word.quoted || !starts_keyword(word.text, k) {
                    return stop(out);
                }
                out.push(Reading::Keyword(k));
                w += 1;
            }
            Slot::Text => {
                out.extend(std::iter::repeat_n(Reading::Parameter, words.len() - w));
                return Walk {
                    readings: out,
                    complete: true,
                };
            }
            Slot::Interface => {
                let Some(n) = interface_words(&words[w..]) else {
                    return stop(out);
                };
                out.extend(std::iter::repeat_n(Reading::Parameter, n));
                w += n;
            }
            param => {
                if fill[w] & param.bit() == 0 {
                    return stop(out);
                }
                out.push(Reading::Parameter);
                w += 1;
            }
        }
    }
    let more = words.len() - w;
    let complete = match tail {
        Tail::Exact => more == 0,
        Tail::Optional => true,
        Tail::Required => more > 0,
    };
    out.extend(std::iter::repeat_n(Reading::Unlisted, more));
    Walk {
        readings: out,
        complete,
    }
}

/// Whether a template goes on past its first slot with the typed words
/// (as [`walk`] would find).
fn takes_second(slots: &[Slot], words: &[Typed<'_>], fill: &[u8]) -> bool {
    let (Some(slot), Some(word)) = (slots.get(1), words.get(1)) else {
        return true;
    };
    match *slot {
        Slot::Keyword(k) => !word.quoted && starts_keyword(word.text, k),
        Slot::Text => true,
        Slot::Interface => interface_words(&words[1..]).is_some(),
        param => fill[1] & param.bit() != 0,
    }
}

/// Whether a typed word begins a keyword (case does not matter).
fn starts_keyword(typed: &str, keyword: &str) -> bool {
    !typed.is_empty()
        && typed.len() <= keyword.len()
        && keyword.as_bytes()[..typed.len()].eq_ignore_ascii_case(typed.as_bytes())
}

/// The parameters a typed word can fill, as bits ([`Slot::bit`]).
fn fillable(word: &Typed<'_>) -> u8 {
    let text = word.text;
    if text.is_empty() {
        return 0;
    }
    let mut bits = Slot::Word.bit();
    if word.quoted {
        return bits;
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if text.parse::<Ipv4Addr>().is_ok() {
        bits |= Slot::Ipv4.bit();
    }
    let addr = text.split_once('/').map_or(text, |(a, _)| a);
    if addr.parse::<Ipv6Addr>().is_ok() {
        bits |= Slot::Ipv6.bit();
    }
    if digits(text) {
        bits |= Slot::Int.bit();
    }
    let asn = match text.split_once('.') {
        Some((hi, lo)) => digits(hi) && digits(lo),
        None => digits(text),
    };
    if asn {
        bits |= Slot::As.bit();
    }
    bits
}

/// How many typed words name an interface: one (`GigabitEthernet0/1/0`,
/// `g0/0/1`, `Eth-Trunk1.10`) or two (`LoopBack 0`).
fn interface_words(words: &[Typed<'_>]) -> Option<usize> {
    let first = words.first()?;
    let starts_with_letter = first.text.starts_with(|c: char| c.is_ascii_alphabetic());
    let has_digit = first.text.bytes().any(|b| b.is_ascii_digit());
    if first.quoted || !(starts_with_letter || has_digit) {
        return None;
    }
    if has_digit {
        return Some(1);
    }
    let number = words.get(1)?;
    number
        .text
        .starts_with(|c: char| c.is_ascii_digit())
        .then_some(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(line: &str) -> Vec<Typed<'_>> {
        line.split(' ')
            .map(|text| Typed {
                text,
                quoted: false,
            })
            .collect()
    }

    fn expand(view: View, line: &str) -> Option<String> {
        let words = typed(line);
        match resolve(Some(view), &words) {
            Resolution::Known(keywords) | Resolution::Doubtful(keywords, _) => Some(
                keywords
                    .iter()
                    .zip(&words)
                    .map(|(k, w)| k.unwrap_or(w.text))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            _ => None,
        }
    }

    #[test]
    fn unique_beginnings_are_whole_commands() {
        for (view, typed, full) in [
            (View::User, "sys", "system-view"),
            (View::User, "dis cur", "display current-configuration"),
            (View::System, "int LoopBack 0", "interface LoopBack 0"),
            (View::System, "ip vpn-inst A", "ip vpn-instance A"),
            (View::System, "q", "quit"),
            (
                View::Interface,
                "ip add 10.0.0.1 30",
                "ip address 10.0.0.1 30",
            ),
            (
                View::Interface,
                "ip bind vpn-inst A",
                "ip binding vpn-instance A",
            ),
            (
                View::Bgp,
                "pe 10.0.0.2 as-n 100",
                "peer 10.0.0.2 as-number 100",
            ),
            (
                View::Bgp,
                "pe 10.0.0.2 listen-o",
                "peer 10.0.0.2 listen-only",
            ),
            (
                View::Bgp,
                "un pe 10.0.0.2 listen-o",
                "undo peer 10.0.0.2 listen-only",
            ),
            (View::Bgp, "pe CE as 100", "peer CE as-number 100"),
            (View::Bgp, "q", "quit"),
            (View::BgpVrfFamily, "as-n 200", "as-number 200"),
        ] {
            assert_eq!(expand(view, typed).as_deref(), Some(full), "{typed}");
        }
    }

    #[test]
    fn whole_keywords_win_over_longer_ones() {
        // `ip` is a keyword of its own and the start of `ip-pool`.
        assert_eq!(
            expand(View::Interface, "ip address 10.0.0.1 24").as_deref(),
            Some("ip address 10.0.0.1 24")
        );
        assert_eq!(
            expand(View::Bgp, "peer 10.0.0.2 as-number 100").as_deref(),
            Some("peer 10.0.0.2 as-number 100")
        );
    }

    #[test]
    fn a_word_that_begins_several_keywords_is_read_with_a_doubt() {
        // `co` begins connect-only and connect-interface; only the first
        // can end the command here.
        assert!(matches!(
            resolve(Some(View::Bgp), &typed("pe 10.0.0.2 co")),
            Resolution::Doubtful(_, ref d) if d.len() == 2
        ));
        assert!(matches!(
            resolve(Some(View::Bgp), &typed("pe 10.0.0.2 listen-o")),
            Resolution::Known(_)
        ));
    }

    #[test]
    fn several_commands_make_an_ambiguous_one() {
        // `d c`: display current-configuration, display clock, …
        assert!(matches!(
            resolve(Some(View::User), &typed("d c")),
            Resolution::Ambiguous(_)
        ));
        assert_eq!(
            resolve(Some(View::Bgp), &typed("zzz 1")),
            Resolution::Unknown
        );
    }

    #[test]
    fn a_token_number_names_its_keyword() {
        let table = table();
        for k in table.slots.iter().filter_map(|s| match s {
            Slot::Keyword(k) => Some(*k),
            _ => None,
        }) {
            assert_eq!(keyword(index(k)), Some(k));
        }
        // A word that is not the table's own text has no number.
        assert_eq!(index(String::from("peer").leak()), 0);
        assert_eq!(keyword(0), None);
        let Resolution::Known(full) = resolve(Some(View::Bgp), &typed("pe 10.0.0.1 connect-o"))
        else {
            panic!("not read")
        };
        let numbers: Vec<u32> = full.iter().map(|k| k.map_or(0, index)).collect();
        let words: Vec<Option<&str>> = numbers.iter().map(|&n| keyword(n)).collect();
        assert_eq!(words, [Some("peer"), None, Some("connect-only")]);
    }

    #[test]
    fn no_keyword_begins_with_an_address_or_a_long_number() {
        let table = table();
        for k in table.slots.iter().filter_map(|s| match s {
            Slot::Keyword(k) => Some(*k),
            _ => None,
        }) {
            for end in 1..=k.len() {
                if let Some(start) = k.get(..end) {
                    assert!(!is_parameter_only(start), "{k} begins with {start}");
                }
            }
        }
    }

    #[test]
    fn commands_typed_with_other_addresses_read_alike() {
        let read = |line: &str| resolve(Some(View::Bgp), &typed(line));
        let one = read("pe 10.0.0.1 as-n 100");
        assert_eq!(one, read("pe 192.0.2.77 as-n 100"));
        assert_eq!(
            one,
            Resolution::Known(vec![Some("peer"), None, Some("as-number"), None])
        );
        // Kept readings are the readings: each line twice, after the others.
        let lines = [
            "pe 10.0.0.1 as-n 100",
            "pe 2001:db8::1 as-n 100",
            "pe G as-n 100",
            "pe 10.0.0.1 gr G",
            "pe 10.0.0.9 listen-o",
            "un pe 10.0.0.1 listen-o",
            "router-id 10.0.0.1",
            "bgp 4200000007",
            "d c",
            "zzz 10.0.0.1",
        ];
        for line in lines.iter().chain(&lines) {
            assert_eq!(
                read(line),
                read_command(Some(View::Bgp), &typed(line)),
                "{line}"
            );
        }
    }
}
