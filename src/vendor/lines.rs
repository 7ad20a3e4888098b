//! The lines of a configuration that nests by indentation (Cisco IOS, IOS
//! XE, IOS XR, Arista EOS): each line's depth, words and span, and the
//! block structure that indentation gives.

use crate::source::{FileId, Span};
use crate::syntax::lexer;

/// One command line.
#[derive(Clone, Debug)]
pub struct Line<'t> {
    /// Leading blanks (a tab counts as one).
    pub indent: usize,
    /// The words, split on blanks (held in place up to eight: most lines
    /// are short, and a configuration has many).
    pub words: smallvec::SmallVec<[&'t str; 8]>,
    /// The line without its leading and trailing blanks.
    pub span: Span,
    /// Index of the line that opens the block holding this one.
    pub parent: Option<usize>,
}

impl<'t> Line<'t> {
    /// The words after `n` of them, joined as written (a description or a
    /// password with blanks).
    pub fn rest(&self, text: &'t str, n: usize) -> &'t str {
        let line = &text[self.span.range()];
        let mut rest = line;
        for _ in 0..n {
            rest = rest.trim_start_matches(lexer::is_blank_char);
            rest = rest.trim_start_matches(|c: char| !lexer::is_blank_char(c));
        }
        rest.trim_matches(lexer::is_blank_char)
    }
}

/// The command lines of a text, comments (`!`, `#`) and blank lines left
/// out, each with the line that opens its block: the nearest line before
/// it that is indented less. `exit` lines close the block they are in.
pub fn read(file: FileId, text: &str) -> Vec<Line<'_>> {
    let mut out: Vec<Line<'_>> = Vec::new();
    // The open blocks: (indent, index).
    let mut open: Vec<(usize, usize)> = Vec::new();
    // Depth set by `exit` lines in flat transcripts is not tracked: a
    // configuration file is read by its indentation.
    for raw in lexer::line_iter(text) {
        // A pager's mark in a terminal capture (` --More-- ` and the
        // backspaces that erase it): the line goes on after the last
        // backspace, with its own indentation.
        let (start, line) = match raw.text.find("--More--") {
            Some(at) => {
                let after = at + "--More--".len();
                let from = raw.text[after..].rfind('\u{8}').map_or(
                    after + usize::from(raw.text[after..].starts_with(' ')),
                    |b| after + b + 1,
                );
                (raw.start + from, &raw.text[from..])
            }
            None => (raw.start, raw.text),
        };
        let body = line.trim_start_matches(lexer::is_blank_char);
        // A tab moves to the next multiple of eight columns.
        let indent = line[..line.len() - body.len()].chars().fold(0, |col, c| {
            if c == '\t' {
                (col / 8 + 1) * 8
            } else {
                col + 1
            }
        });
        let blanks = line.len() - body.len();
        let body = body.trim_end_matches(lexer::is_blank_char);
        if body.is_empty() || body.starts_with('!') || body.starts_with('#') {
            continue;
        }
        while open.last().is_some_and(|&(i, _)| i >= indent) {
            open.pop();
        }
        let start = start + blanks;
        let words: smallvec::SmallVec<[&str; 8]> = body
            .split(lexer::is_blank_char)
            .filter(|w| !w.is_empty())
            .collect();
        if matches!(
            words.as_slice(),
            ["exit"
                | "exit-address-family"
                | "exit-vrf"
                | "exit-peer-session"
                | "exit-peer-policy"]
        ) {
            continue;
        }
        out.push(Line {
            indent,
            words,
            span: Span::at(file, start, start + body.len(), raw.number),
            parent: open.last().map(|&(_, i)| i),
        });
        open.push((indent, out.len() - 1));
    }
    out
}

/// `255.255.255.0` as a prefix length; `None` when the mask is not a run
/// of ones.
pub fn mask_len(mask: &str) -> Option<u8> {
    let m: std::net::Ipv4Addr = mask.parse().ok()?;
    let bits = u32::from(m);
    let len = bits.leading_ones();
    (bits.checked_shl(len).unwrap_or(0) == 0).then_some(len as u8)
}

/// `10.0.0.1/24` as an address and a prefix length.
pub fn prefix(word: &str) -> Option<(std::net::IpAddr, u8)> {
    let (addr, len) = word.split_once('/')?;
    let addr: std::net::IpAddr = addr.parse().ok()?;
    let len: u8 = len.parse().ok()?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    (len <= max).then_some((addr, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_follow_indentation() {
        let text = "hostname R1\n!\nrouter bgp 1\n neighbor 10.0.0.1 remote-as 2\n address-family ipv4 vrf A\n  neighbor 10.1.1.1 activate\n exit-address-family\ninterface Lo0\n";
        let lines = read(FileId(0), text);
        let words: Vec<String> = lines.iter().map(|l| l.words.join(" ")).collect();
        assert_eq!(words[0], "hostname R1");
        assert_eq!(lines[2].parent, Some(1));
        assert_eq!(lines[4].parent, Some(3));
        assert_eq!(lines[5].parent, None);
        assert_eq!(lines[4].span.line, 6);
        assert_eq!(&text[lines[4].span.range()], "neighbor 10.1.1.1 activate");
        assert_eq!(lines[2].rest(text, 1), "10.0.0.1 remote-as 2");
    }

    #[test]
    fn tabs_and_pager_marks() {
        let text = "router bgp 1\n address-family ipv4 vrf A\n\tneighbor 10.1.1.1 remote-as 2\n --More-- \u{8}\u{8}\u{8}  \u{8}\u{8} neighbor 10.0.0.1 remote-as 3\n";
        let lines = read(FileId(0), text);
        assert_eq!(lines[2].parent, Some(1));
        assert_eq!(
            lines[3].words.as_slice(),
            ["neighbor", "10.0.0.1", "remote-as", "3"]
        );
        assert_eq!(lines[3].parent, Some(0));
        assert_eq!(
            &text[lines[3].span.range()],
            "neighbor 10.0.0.1 remote-as 3"
        );
    }

    #[test]
    fn masks_and_prefixes() {
        assert_eq!(mask_len("255.255.255.0"), Some(24));
        assert_eq!(mask_len("255.255.255.255"), Some(32));
        assert_eq!(mask_len("0.0.0.0"), Some(0));
        assert_eq!(mask_len("255.0.255.0"), None);
        assert_eq!(prefix("10.0.0.1/31").map(|p| p.1), Some(31));
        assert_eq!(prefix("10.0.0.1/33"), None);
    }
}
