//! Renderers: text (ariadne), JSON and SARIF. A renderer turns findings into
//! bytes; it never decides what is a finding.

pub mod ci;
pub mod graph;
pub mod json;
pub mod sarif;
pub mod sessions;
pub mod text;

use serde::Serialize;

use crate::Analysis;
use crate::rules::Severity;
use crate::source::{SourceMap, Span};

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
    }
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
    let tail = if suppressed.is_empty() {
        String::new()
    } else {
        format!("; {}", suppressed.join(", "))
    };
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
    fn fingerprints_depend_on_rule_and_key_only() {
        assert_eq!(fingerprint("a", "k"), fingerprint("a", "k"));
        assert_ne!(fingerprint("a", "k"), fingerprint("b", "k"));
        assert_ne!(fingerprint("ab", "k"), fingerprint("a", "bk"));
    }
}
