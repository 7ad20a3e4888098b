//! Renderers: text (ariadne), JSON and SARIF. A renderer turns findings into
//! bytes; it never decides what is a finding.

pub mod ci;
pub mod edit;
pub mod fix;
pub mod graph;
pub mod html;
pub mod json;
pub mod picture;
pub mod sarif;
pub mod sessions;
pub mod text;

use serde::Serialize;

use crate::Analysis;
use crate::rules::Severity;
use crate::source::{SourceMap, Span};
use std::path::{Component, Path, PathBuf};

/// A span as users read it: path, 1-based lines and columns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

pub fn locate(sources: &SourceMap, span: Span) -> Location {
    let file = sources.get(span.file);
    let (line, column) = file.line_col(span.start as usize);
    let (end_line, end_column) = file.line_col(span.end as usize);
    Location {
        path: file.display.clone(),
        line,
        column,
        end_line,
        end_column,
    }
}

/// Counts for the closing line and the JSON summary.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub devices: usize,
    pub peers: usize,
    pub sessions: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    pub suppressed: crate::Suppressed,
    /// With `--state`: how many peer ends got each verdict, and how many
    /// captured rows no configured peer has.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed: Option<ObservedSummary>,
}

/// The verdicts of `--state`, counted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ObservedSummary {
    pub verdicts: std::collections::BTreeMap<&'static str, usize>,
    pub unmatched_rows: usize,
}

pub fn summary(analysis: &Analysis) -> Summary {
    let count = |s| analysis.findings.iter().filter(|f| f.severity == s).count();
    Summary {
        devices: analysis.network.devices.len(),
        peers: analysis.network.peers.len(),
        sessions: analysis.network.sessions.len(),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        notes: count(Severity::Note),
        suppressed: analysis.suppressed,
        observed: analysis.network.state.as_ref().map(|o| ObservedSummary {
            verdicts: o.counts().into_iter().map(|(v, n)| (v.name(), n)).collect(),
            unmatched_rows: o.unmatched.len(),
        }),
    }
}

/// The folder that CI formats give paths relative to: the top of the git
/// work tree around the current folder (so code scanning and merge request
/// widgets find the files wherever peerlint ran from), else the current
/// folder. Looked up once.
pub(crate) fn source_root() -> PathBuf {
    static ROOT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    ROOT.get_or_init(|| {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
        cwd.ancestors()
            .find(|d| d.join(".git").exists())
            .map(Path::to_path_buf)
            .unwrap_or(cwd)
    })
    .clone()
}

/// A file's path as CI systems want it: relative to [`source_root`] when
/// the file is inside it (with `/` separators), else absolute.
pub fn root_path(sources: &SourceMap, file: crate::source::FileId) -> String {
    let path = &sources.get(file).path;
    let abs = match std::env::current_dir() {
        Ok(cwd) if path.is_relative() => normalize(&cwd.join(path)),
        _ => normalize(path),
    };
    let root = source_root();
    match abs.strip_prefix(&root) {
        Ok(rel) => rel
            .to_string_lossy()
            .replace(std::path::MAIN_SEPARATOR, "/"),
        Err(_) => abs
            .to_string_lossy()
            .replace(std::path::MAIN_SEPARATOR, "/"),
    }
}

/// Removes `.` and resolves `..` without touching the file system.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// A fingerprint of a finding that survives lines moving: it hashes the
/// rule and what the finding is about (device, VRF, peer or group), never a
/// line number. FNV-1a, 64 bits, as hex.
pub fn fingerprint(rule: &str, key: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in rule.bytes().chain([0u8]).chain(key.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Characters a terminal would act on: C0 and C1 controls (escape
/// sequences), DEL, and the bidirectional overrides that reorder text.
fn is_hostile(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// What a one-line field cannot hold raw: the hostile characters, and line
/// ends and tabs, which would split or shift a line.
fn is_unprintable(c: char) -> bool {
    c.is_control() || is_hostile(c)
}

/// Text from a configuration made safe to print as one line of any output
/// (a terminal, a CI log, a table cell): control characters, line ends
/// included, and bidirectional overrides are shown escaped (`\u{1b}`).
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_unprintable) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| {
                if is_unprintable(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// A file's text made safe to draw on a terminal without moving any byte
/// offset: each hostile character becomes visible characters of the same
/// UTF-8 length (`?`, `¿`, or U+FFFD).
pub fn screen_text(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_hostile) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| match (is_hostile(c), c.len_utf8()) {
                (false, _) => c,
                (true, 1) if c == '\0' => ' ',
                (true, 1) => '?',
                (true, 2) => '¿',
                (true, _) => '\u{FFFD}',
            })
            .collect(),
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `3 errors, 1 warning, 0 notes in 12 devices (18 sessions of 40 peers
/// configured)`, and what was suppressed.
pub fn summary_line(s: &Summary) -> String {
    let mut suppressed = Vec::new();
    if s.suppressed.baseline > 0 {
        suppressed.push(format!(
            "{} suppressed by the baseline",
            s.suppressed.baseline
        ));
    }
    if s.suppressed.ignored > 0 {
        suppressed.push(format!(
            "{} ignored by the config file",
            s.suppressed.ignored
        ));
    }
    let mut tail = if suppressed.is_empty() {
        String::new()
    } else {
        format!("; {}", suppressed.join(", "))
    };
    if let Some(o) = &s.observed {
        let counts: Vec<String> = crate::state::Verdict::ALL
            .iter()
            .map(|v| format!("{} {}", o.verdicts.get(v.name()).unwrap_or(&0), v.name()))
            .collect();
        tail.push_str(&format!(
            "; observed: {}, {}",
            counts.join(", "),
            plural(o.unmatched_rows, "unmatched row", "unmatched rows")
        ));
    }
    format!(
        "{}, {}, {} in {} ({} of {} configured)",
        plural(s.errors, "error", "errors"),
        plural(s.warnings, "warning", "warnings"),
        plural(s.notes, "note", "notes"),
        plural(s.devices, "device", "devices"),
        plural(s.sessions, "session", "sessions"),
        plural(s.peers, "peer", "peers"),
    ) + &tail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_safety_keeps_offsets() {
        let hostile = "a\u{1b}[31mb\u{9b}c\u{202e}d\0";
        let screened = screen_text(hostile);
        assert_eq!(screened.len(), hostile.len());
        assert!(!screened.chars().any(is_hostile));
        assert_eq!(printable("PE\u{1b}]0;x"), "PE\\u{1b}]0;x");
        assert_eq!(printable("PE1 北京"), "PE1 北京");
    }

    #[test]
    fn fingerprints_depend_on_rule_and_key_only() {
        assert_eq!(fingerprint("a", "k"), fingerprint("a", "k"));
        assert_ne!(fingerprint("a", "k"), fingerprint("b", "k"));
        assert_ne!(fingerprint("ab", "k"), fingerprint("a", "bk"));
    }
}
