//! Line splitting, line kinds, tokens and prompts, with nom.

use nom::IResult;
use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_till, take_till1, take_while, take_while1};
use nom::character::complete::char;
use nom::combinator::{opt, recognize, rest};
use nom::sequence::{delimited, preceded};

/// One physical line of the input, without its line terminator.
#[derive(Clone, Copy, Debug)]
pub struct RawLine<'a> {
    /// 1-based line number.
    pub number: u32,
    /// Byte offset of the line's first byte in the file.
    pub start: usize,
    pub text: &'a str,
}

/// Splits a text into lines on LF, CRLF and lone CR, keeping offsets.
pub fn lines(text: &str) -> Vec<RawLine<'_>> {
    line_iter(text).collect()
}

/// The lines of a text, one at a time.
pub fn line_iter(text: &str) -> impl Iterator<Item = RawLine<'_>> {
    let bytes = text.as_bytes();
    let mut ends = memchr::memchr2_iter(b'\n', b'\r', bytes);
    let mut start = 0;
    let mut number = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        loop {
            if done {
                return None;
            }
            match ends.next() {
                // The LF of a CRLF pair, already taken with its CR.
                Some(i) if i < start => continue,
                Some(i) => {
                    number += 1;
                    let line = RawLine {
                        number,
                        start,
                        text: &text[start..i],
                    };
                    start = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                        i + 2
                    } else {
                        i + 1
                    };
                    return Some(line);
                }
                None => {
                    done = true;
                    if start < bytes.len() {
                        number += 1;
                        return Some(RawLine {
                            number,
                            start,
                            text: &text[start..],
                        });
                    }
                }
            }
        }
    })
}

pub fn is_blank_char(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\0'
}

/// What a line of a saved configuration is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind<'a> {
    Blank,
    /// `#` alone, at the given indentation.
    Separator {
        indent: usize,
    },
    /// `!…` header lines, `# …` comment headers, `#sysname` slips.
    Comment,
    /// `[V200R003C00]` first lines of VRP5 exports.
    VersionHeader,
    /// `return` (also `Return`) closing a dump.
    Return {
        indent: usize,
    },
    /// A command with its indentation (in columns) and its trimmed text,
    /// which starts `indent` bytes into the line.
    Command {
        indent: usize,
        text: &'a str,
    },
}

/// Classifies one line of a saved configuration.
pub fn classify(line: &str) -> LineKind<'_> {
    let body = line.trim_end_matches(is_blank_char);
    let content = body.trim_start_matches(is_blank_char);
    if content.is_empty() {
        return LineKind::Blank;
    }
    let indent = body.len() - content.len();
    if content == "#" {
        return LineKind::Separator { indent };
    }
    if content.starts_with('#') || content.starts_with('!') {
        return LineKind::Comment;
    }
    if indent == 0 && version_header(content) {
        return LineKind::VersionHeader;
    }
    if content.eq_ignore_ascii_case("return") {
        return LineKind::Return { indent };
    }
    LineKind::Command {
        indent,
        text: content,
    }
}

/// `[V200R003C00]`, `[V300R019C10SPC300]`.
fn version_header(s: &str) -> bool {
    let inner = match s.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        Some(i) => i,
        None => return false,
    };
    let mut p = (
        char::<&str, nom::error::Error<&str>>('V'),
        take_while1(|c: char| c.is_ascii_digit()),
        char('R'),
        take_while1(|c: char| c.is_ascii_digit()),
        take_while(|c: char| c.is_ascii_alphanumeric()),
    );
    matches!(p.parse(inner), Ok(("", _)))
}

/// A token: a word, or a double-quoted string (which may hold spaces).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawToken<'a> {
    pub text: &'a str,
    pub quoted: bool,
    /// Whether a quoted token lacked its closing quote.
    pub unterminated: bool,
}

fn quoted(input: &str) -> IResult<&str, RawToken<'_>> {
    let closed = delimited(char('"'), take_till(|c| c == '"'), char('"')).map(|text| RawToken {
        text,
        quoted: true,
        unterminated: false,
    });
    let open = preceded(char('"'), rest).map(|text| RawToken {
        text,
        quoted: true,
        unterminated: true,
    });
    alt((closed, open)).parse(input)
}

fn word(input: &str) -> IResult<&str, RawToken<'_>> {
    take_till1(is_blank_char)
        .map(|text| RawToken {
            text,
            quoted: false,
            unterminated: false,
        })
        .parse(input)
}

/// Splits a command into tokens. Each token's text is a slice of `input`,
/// so its offset can be recovered by pointer difference.
pub fn tokens(input: &str) -> Vec<RawToken<'_>> {
    let mut out = Vec::new();
    tokens_into(input, &mut out);
    out
}

/// Like [`tokens`], into a buffer the caller reuses.
pub fn tokens_into<'a>(input: &'a str, out: &mut Vec<RawToken<'a>>) {
    out.clear();
    let mut rest = input.trim_start_matches(is_blank_char);
    while !rest.is_empty() {
        match alt((quoted, word)).parse(rest) {
            Ok((next, tok)) => {
                out.push(tok);
                rest = next.trim_start_matches(is_blank_char);
            }
            Err(_) => break,
        }
    }
}

/// A CLI prompt at the start of a transcript line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prompt<'a> {
    /// `<HOST>` (user view) or `[HOST…]` (system view and below).
    pub system: bool,
    /// What the brackets hold, without the `~`/`*` two-phase marker:
    /// `HOST` or `HOST-bgp-instance-a`.
    pub inner: &'a str,
    /// The command typed after the prompt, trimmed.
    pub command: &'a str,
}

fn user_prompt(input: &str) -> IResult<&str, (bool, &str)> {
    delimited(char('<'), take_till1(|c| c == '>' || c == '<'), char('>'))
        .map(|inner| (false, inner))
        .parse(input)
}

fn system_prompt(input: &str) -> IResult<&str, (bool, &str)> {
    delimited(
        char('['),
        preceded(
            opt(alt((char('~'), char('*')))),
            take_till1(|c| c == ']' || c == '['),
        ),
        char(']'),
    )
    .map(|inner| (true, inner))
    .parse(input)
}

/// Parses a prompt at column 0 (USG HA prefixes `HRP_M`/`HRP_S` allowed).
pub fn prompt(line: &str) -> Option<Prompt<'_>> {
    if !matches!(line.as_bytes().first(), Some(b'<' | b'[' | b'H')) {
        return None;
    }
    let ha = opt(recognize((
        tag("HRP_"),
        take_while1(|c: char| c.is_ascii_alphabetic()),
    )));
    let mut p = preceded(ha, alt((user_prompt, system_prompt)));
    let (command, (system, inner)) = p.parse(line).ok()?;
    if inner.contains(char::is_whitespace) && !system {
        return None;
    }
    if system && version_header(&format!("[{inner}]")) {
        return None;
    }
    Some(Prompt {
        system,
        inner,
        command: command.trim_matches(is_blank_char),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_all_line_endings() {
        let ls = lines("a\r\nb\rc\nd");
        let texts: Vec<_> = ls.iter().map(|l| l.text).collect();
        assert_eq!(texts, ["a", "b", "c", "d"]);
        assert_eq!(ls[3].start, 7);
        assert_eq!(ls[3].number, 4);
    }

    #[test]
    fn classifies_dump_lines() {
        assert_eq!(classify(" # "), LineKind::Separator { indent: 1 });
        assert_eq!(classify("#"), LineKind::Separator { indent: 0 });
        assert_eq!(classify("!Software Version V800R012C10"), LineKind::Comment);
        assert_eq!(classify("# VRP (R) software"), LineKind::Comment);
        assert_eq!(classify("[V200R003C00]"), LineKind::VersionHeader);
        assert_eq!(classify("return\0"), LineKind::Return { indent: 0 });
        assert_eq!(classify("Return"), LineKind::Return { indent: 0 });
        assert_eq!(
            classify("  peer 1.1.1.1 enable  "),
            LineKind::Command {
                indent: 2,
                text: "peer 1.1.1.1 enable"
            }
        );
    }

    #[test]
    fn tokenizes_words_and_quotes() {
        let t = tokens("group \"my group\" external");
        let texts: Vec<_> = t.iter().map(|t| t.text).collect();
        assert_eq!(texts, ["group", "my group", "external"]);
        assert!(t[1].quoted && !t[0].quoted);
        let t = tokens("group \"open ended");
        assert_eq!(t[1].text, "open ended");
        assert!(t[1].unterminated);
    }

    #[test]
    fn parses_prompts() {
        let p = prompt("[~HUAWEI-bgp-instance-vpn1] peer test connect-only").unwrap();
        assert!(p.system);
        assert_eq!(p.inner, "HUAWEI-bgp-instance-vpn1");
        assert_eq!(p.command, "peer test connect-only");
        let p = prompt("<PE1>system-view").unwrap();
        assert!(!p.system);
        assert_eq!(p.inner, "PE1");
        assert_eq!(p.command, "system-view");
        assert!(prompt("HRP_M[FW1]display current-configuration").is_some());
        assert!(prompt("[V200R003C00]").is_none());
        assert!(prompt(" peer 1.1.1.1 enable").is_none());
        assert!(prompt("[*PE1]").is_some());
    }
}
