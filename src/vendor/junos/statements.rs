//! A Junos configuration, hierarchical (curly braces) or `set` lines (`show
//! configuration | display set`), as one list of statements: each the full
//! path of words from the top of the hierarchy to its value
//! (`protocols bgp group G neighbor 10.0.0.1 peer-as 65001`), with the
//! span of the line that holds it. Block openers (`neighbor 10.0.0.1 {`)
//! are statements too, marked [`Stmt::opener`], so that a declaration has
//! its own line.
//!
//! What the text leaves out of the committed configuration is left out
//! here (Junos OS CLI User Guide, "Deactivating and Reactivating
//! Statements and Identifiers in a Junos Configuration": a statement
//! tagged `inactive:` and everything under it does not take effect at
//! commit; `deactivate X` adds that tag, `activate X` removes it; `delete
//! X` removes the statement and everything under it). `replace:` and
//! `protect:` tags change nothing in what is committed and are dropped.
//!
//! Nothing here recurses on the input's nesting: blocks are a stack, and
//! only the first [`MAX_DEPTH`] levels (and [`MAX_PATH`] words of path) are
//! kept, deeper statements being counted and dropped, so a hostile file
//! costs time and memory in proportion to its size.

use std::hash::Hasher;

use rustc_hash::{FxHashMap as HashMap, FxHasher};

use crate::source::{FileId, Span};
use crate::syntax::lexer;

/// Open blocks whose statements are kept; anything deeper is of no interest
/// to the model (its deepest path, under a routing instance, is about ten
/// levels) and is dropped.
pub const MAX_DEPTH: usize = 48;

/// Words of block path kept; a block opened past it hides its contents.
pub const MAX_PATH: usize = 96;

/// Prefix lengths that `delete`, `deactivate` and `activate` are matched
/// at.
const MAX_PREFIX: usize = 64;

/// One configuration statement: its full path of words and its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stmt<'t> {
    /// From the top of the hierarchy down; quotes removed.
    pub words: Vec<&'t str>,
    /// The statement as written on its line (from its first word to its
    /// `;` or `{`, or the whole `set` line).
    pub span: Span,
    /// It opens a block (`neighbor 10.0.0.1 {`): what it holds follows.
    pub opener: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Word,
    Open,
    Close,
    Semi,
    LBracket,
    RBracket,
}

#[derive(Clone, Copy, Debug)]
struct Tok<'t> {
    kind: Kind,
    /// A word's text, without its quotes.
    text: &'t str,
    /// Byte offsets in the file, quotes included.
    start: usize,
    end: usize,
    /// A quoted word (never a tag such as `inactive:`).
    quoted: bool,
}

fn is_blank(b: u8) -> bool {
    b.is_ascii_whitespace() || b == 0
}

fn is_delimiter(b: u8) -> bool {
    is_blank(b) || matches!(b, b'{' | b'}' | b';' | b'[' | b']' | b'"')
}

/// The tokens of one line (`base`: the line's offset in the file).
/// `in_comment` carries a `/* … */` comment from one line to the next; a
/// `#` that begins a token comments out the rest of the line (`## Last
/// commit`, `## SECRET-DATA`). A quoted string left open ends with its
/// line.
fn tokens<'t>(line: &'t str, base: usize, in_comment: &mut bool, out: &mut Vec<Tok<'t>>) {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if *in_comment {
            match memchr::memmem::find(&b[i..], b"*/") {
                Some(j) => {
                    i += j + 2;
                    *in_comment = false;
                }
                None => return,
            }
            continue;
        }
        let c = b[i];
        let single = |kind| Tok {
            kind,
            text: "",
            start: base + i,
            end: base + i + 1,
            quoted: false,
        };
        match c {
            _ if is_blank(c) => i += 1,
            b'#' => return,
            b'/' if b.get(i + 1) == Some(&b'*') => {
                *in_comment = true;
                i += 2;
            }
            b'{' | b'}' | b';' | b'[' | b']' => {
                out.push(single(match c {
                    b'{' => Kind::Open,
                    b'}' => Kind::Close,
                    b';' => Kind::Semi,
                    b'[' => Kind::LBracket,
                    _ => Kind::RBracket,
                }));
                i += 1;
            }
            b'"' => {
                let from = i + 1;
                let mut j = from;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let to = j.min(b.len());
                let end = (to + 1).min(b.len());
                out.push(Tok {
                    kind: Kind::Word,
                    // `from` and `to` sit next to ASCII quotes or at the
                    // line's ends: character boundaries.
                    text: line.get(from..to).unwrap_or(""),
                    start: base + i,
                    end: base + end,
                    quoted: true,
                });
                i = end;
            }
            _ => {
                let from = i;
                while i < b.len() && !is_delimiter(b[i]) {
                    i += 1;
                }
                out.push(Tok {
                    kind: Kind::Word,
                    text: line.get(from..i).unwrap_or(""),
                    start: base + from,
                    end: base + i,
                    quoted: false,
                });
            }
        }
    }
}

/// A `set`, `delete`, `deactivate` or `activate` line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Set,
    Delete,
    Deactivate,
    Activate,
}

/// One open block.
struct Frame {
    /// Words it added to the path (none when its contents are hidden).
    words: usize,
    /// Its contents are hidden: inactive, or too deep to keep.
    hidden: bool,
}

/// Statements of the hierarchical form, built token by token.
struct Builder<'t> {
    file: FileId,
    frames: Vec<Frame>,
    path: Vec<&'t str>,
    /// Open frames that hide their contents.
    hidden: usize,
    /// The statement being read.
    cur: Vec<&'t str>,
    /// Its first token's offset and line.
    start: Option<(usize, u32)>,
    /// Where its text on its first line ends.
    end: usize,
    /// Tagged `inactive:` (or `delete:`): not committed.
    inactive: bool,
    in_list: bool,
}

impl<'t> Builder<'t> {
    fn at_top(&self) -> bool {
        self.frames.is_empty() && self.cur.is_empty() && self.start.is_none() && !self.in_list
    }

    fn extend(&mut self, tok: &Tok<'_>, line: u32) {
        match self.start {
            None => {
                self.start = Some((tok.start, line));
                self.end = tok.end;
            }
            Some((_, l)) if l == line => self.end = tok.end,
            Some(_) => {}
        }
    }

    fn reset(&mut self) {
        self.cur.clear();
        self.start = None;
        self.inactive = false;
    }

    fn emit(&mut self, out: &mut Vec<Entry<'t>>, opener: bool) {
        if let Some((start, line)) = self.start
            && !self.cur.is_empty()
            && self.hidden == 0
            && !self.inactive
        {
            let mut words = Vec::with_capacity(self.path.len() + self.cur.len());
            words.extend_from_slice(&self.path);
            words.extend_from_slice(&self.cur);
            out.push(Entry {
                op: Op::Set,
                stmt: Stmt {
                    words,
                    span: Span::at(self.file, start, self.end.max(start), line),
                    opener,
                },
            });
        }
    }

    fn token(&mut self, tok: &Tok<'t>, line: u32, out: &mut Vec<Entry<'t>>) {
        match tok.kind {
            Kind::Word => {
                if self.cur.is_empty() && !tok.quoted {
                    match tok.text {
                        "inactive:" | "delete:" => {
                            self.extend(tok, line);
                            self.inactive = true;
                            return;
                        }
                        "replace:" | "protect:" => {
                            self.extend(tok, line);
                            return;
                        }
                        _ => {}
                    }
                }
                self.extend(tok, line);
                self.cur.push(tok.text);
            }
            Kind::Open => {
                self.extend(tok, line);
                self.emit(out, true);
                let keep = self.hidden == 0
                    && !self.inactive
                    && self.frames.len() < MAX_DEPTH
                    && self.path.len() + self.cur.len() <= MAX_PATH;
                if keep {
                    self.path.extend_from_slice(&self.cur);
                    self.frames.push(Frame {
                        words: self.cur.len(),
                        hidden: false,
                    });
                } else {
                    self.hidden += 1;
                    self.frames.push(Frame {
                        words: 0,
                        hidden: true,
                    });
                }
                self.in_list = false;
                self.reset();
            }
            Kind::Semi => {
                self.extend(tok, line);
                self.emit(out, false);
                self.in_list = false;
                self.reset();
            }
            Kind::Close => {
                // A statement left without its `;`.
                self.emit(out, false);
                self.in_list = false;
                self.reset();
                // A `}` with no block open is left alone.
                if let Some(frame) = self.frames.pop() {
                    if frame.hidden {
                        self.hidden = self.hidden.saturating_sub(1);
                    } else {
                        let keep = self.path.len().saturating_sub(frame.words);
                        self.path.truncate(keep);
                    }
                }
            }
            Kind::LBracket => {
                self.extend(tok, line);
                self.in_list = true;
            }
            Kind::RBracket => {
                self.extend(tok, line);
                self.in_list = false;
            }
        }
    }

    /// The end of a line ends a statement left without its `;` (Junos
    /// writes one statement a line), unless a `[ … ]` list is open.
    fn end_of_line(&mut self, out: &mut Vec<Entry<'t>>) {
        if !self.in_list {
            self.emit(out, false);
            self.reset();
        }
    }
}

/// A statement, or a `delete`/`deactivate`/`activate` of a path.
struct Entry<'t> {
    op: Op,
    stmt: Stmt<'t>,
}

/// The statements of a configuration that Junos commits, in file order.
pub fn read(file: FileId, text: &str) -> Vec<Stmt<'_>> {
    let mut entries: Vec<Entry<'_>> = Vec::new();
    let mut b = Builder {
        file,
        frames: Vec::new(),
        path: Vec::new(),
        hidden: 0,
        cur: Vec::new(),
        start: None,
        end: 0,
        inactive: false,
        in_list: false,
    };
    let mut in_comment = false;
    let mut toks: Vec<Tok<'_>> = Vec::new();
    for raw in lexer::line_iter(text) {
        toks.clear();
        let commented = in_comment;
        tokens(raw.text, raw.start, &mut in_comment, &mut toks);
        if !commented
            && b.at_top()
            && let Some(entry) = set_line(file, &toks, raw.number)
        {
            entries.push(entry);
            continue;
        }
        for tok in &toks {
            b.token(tok, raw.number, &mut entries);
        }
        b.end_of_line(&mut entries);
    }
    b.emit(&mut entries, false);
    apply_ops(entries)
}

/// A `set`/`delete`/`deactivate`/`activate` line, outside any block.
fn set_line<'t>(file: FileId, toks: &[Tok<'t>], line: u32) -> Option<Entry<'t>> {
    let first = toks.first().filter(|t| t.kind == Kind::Word && !t.quoted)?;
    let op = match first.text {
        "set" => Op::Set,
        "delete" => Op::Delete,
        "deactivate" => Op::Deactivate,
        "activate" => Op::Activate,
        _ => return None,
    };
    let words: Vec<&str> = toks[1..]
        .iter()
        .filter(|t| t.kind == Kind::Word)
        .map(|t| t.text)
        .collect();
    let end = toks.last().map_or(first.end, |t| t.end);
    Some(Entry {
        op,
        stmt: Stmt {
            words,
            span: Span::at(file, first.start, end, line),
            opener: false,
        },
    })
}

/// What `delete`, `deactivate` and `activate` lines did to one path.
struct PathOps<'t> {
    words: Vec<&'t str>,
    /// The last `delete` of it: statements before it are gone.
    deleted: Option<usize>,
    /// The last `deactivate` (true) or `activate` (false) of it.
    inactive: bool,
}

/// The hashes of a path's first 1, 2, … words (at most [`MAX_PREFIX`]).
fn prefix_hashes<'a>(words: &'a [&'a str]) -> impl Iterator<Item = (usize, u64)> + 'a {
    let mut h = FxHasher::default();
    words
        .iter()
        .take(MAX_PREFIX)
        .enumerate()
        .map(move |(i, w)| {
            h.write(w.as_bytes());
            h.write_u8(0xff);
            (i + 1, h.finish())
        })
}

/// Applies `delete`, `deactivate` and `activate` lines to the statements:
/// a statement goes when a later `delete` names it or a path above it,
/// or when the last of `deactivate`/`activate` of it or of a path above
/// it deactivates; what holds the path taken away stays, as a block
/// opener. Linear in the statements' words.
fn apply_ops(entries: Vec<Entry<'_>>) -> Vec<Stmt<'_>> {
    if entries.iter().all(|e| e.op == Op::Set) {
        return entries.into_iter().map(|e| e.stmt).collect();
    }
    let mut ops: HashMap<u64, Vec<PathOps<'_>>> = HashMap::default();
    // `delete` alone deletes the whole configuration.
    let mut delete_all: Option<usize> = None;
    for (seq, e) in entries.iter().enumerate() {
        if e.op == Op::Set {
            continue;
        }
        let words = &e.stmt.words;
        let Some((_, hash)) = prefix_hashes(words).last() else {
            if e.op == Op::Delete {
                delete_all = Some(seq);
            }
            continue;
        };
        let key = &words[..words.len().min(MAX_PREFIX)];
        let list = ops.entry(hash).or_default();
        let at = match list.iter().position(|p| p.words == key) {
            Some(at) => at,
            None => {
                list.push(PathOps {
                    words: key.to_vec(),
                    deleted: None,
                    inactive: false,
                });
                list.len() - 1
            }
        };
        let p = &mut list[at];
        match e.op {
            Op::Delete => p.deleted = Some(seq),
            Op::Deactivate => p.inactive = true,
            Op::Activate => p.inactive = false,
            Op::Set => {}
        }
    }
    let mut out = Vec::with_capacity(entries.len());
    for (seq, e) in entries.into_iter().enumerate() {
        if e.op != Op::Set || delete_all.is_some_and(|d| d > seq) {
            continue;
        }
        let words = &e.stmt.words;
        // The shortest path above the statement (or the statement itself)
        // that a `delete` or `deactivate` takes away.
        let gone = prefix_hashes(words).find_map(|(n, hash)| {
            ops.get(&hash)
                .is_some_and(|list| {
                    list.iter().any(|p| {
                        p.words[..] == words[..n]
                            && (p.inactive || p.deleted.is_some_and(|d| d > seq))
                    })
                })
                .then_some(n)
        });
        match gone {
            None => out.push(e.stmt),
            // What holds the path taken away stays: `delete … neighbor X
            // passive` leaves neighbor X, declared by this line. (Where
            // the path ends in a name, `neighbor X`, the keyword before it
            // is left dangling: a path no reader takes for a setting.)
            Some(n) if n > 1 => out.push(Stmt {
                words: words[..n - 1].to_vec(),
                span: e.stmt.span,
                opener: true,
            }),
            Some(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        read(FileId(0), text)
            .iter()
            .map(|s| format!("{}{}", s.words.join(" "), if s.opener { " {" } else { "" }))
            .collect()
    }

    #[test]
    fn hierarchy_becomes_paths() {
        let text = "## Last commit: 2024-01-01 by admin\nversion 21.4R1;\nprotocols {\n    bgp {\n        group \"EBGP PEERS\" { /* the transit */\n            peer-as 65001;\n            neighbor 10.0.0.1;\n            allow [ 10.1.0.0/16 10.2.0.0/16 ];\n        }\n    }\n}\n";
        assert_eq!(
            words(text),
            vec![
                "version 21.4R1",
                "protocols {",
                "protocols bgp {",
                "protocols bgp group EBGP PEERS {",
                "protocols bgp group EBGP PEERS peer-as 65001",
                "protocols bgp group EBGP PEERS neighbor 10.0.0.1",
                "protocols bgp group EBGP PEERS allow 10.1.0.0/16 10.2.0.0/16",
            ]
        );
        let stmts = read(FileId(0), text);
        assert_eq!(&text[stmts[4].span.range()], "peer-as 65001;");
        assert_eq!(stmts[4].span.line, 6);
        assert_eq!(&text[stmts[3].span.range()], "group \"EBGP PEERS\" {");
    }

    #[test]
    fn inactive_and_tags() {
        let text = "protocols {\n  bgp {\n    inactive: group A {\n      neighbor 1.1.1.1;\n    }\n    group B {\n      inactive: passive;\n      replace: peer-as 2;\n    }\n  }\n}\n";
        assert_eq!(
            words(text),
            vec![
                "protocols {",
                "protocols bgp {",
                "protocols bgp group B {",
                "protocols bgp group B peer-as 2",
            ]
        );
    }

    #[test]
    fn set_lines_with_delete_and_deactivate() {
        let text = "set protocols bgp group A neighbor 1.1.1.1 peer-as 1\nset protocols bgp group A neighbor 2.2.2.2 peer-as 2\ndelete protocols bgp group A neighbor 2.2.2.2\nset protocols bgp group A neighbor 2.2.2.2 passive\nset protocols bgp group B neighbor 3.3.3.3\ndeactivate protocols bgp group B\nset interfaces lo0 unit 0 description \"loop back\"\ndeactivate interfaces lo0\nactivate interfaces lo0\n";
        assert_eq!(
            words(text),
            vec![
                "protocols bgp group A neighbor 1.1.1.1 peer-as 1",
                // What held the deleted neighbor (the word that named it
                // left dangling, which names nothing).
                "protocols bgp group A neighbor {",
                "protocols bgp group A neighbor 2.2.2.2 passive",
                "protocols bgp group {",
                "interfaces lo0 unit 0 description loop back",
            ]
        );
    }

    #[test]
    fn missing_semicolons_and_stray_braces() {
        let text = "system {\n    host-name R1\n}\n}\n}\nrouting-options { autonomous-system 65000; router-id 1.1.1.1; }\n";
        assert_eq!(
            words(text),
            vec![
                "system {",
                "system host-name R1",
                "routing-options {",
                "routing-options autonomous-system 65000",
                "routing-options router-id 1.1.1.1",
            ]
        );
    }

    #[test]
    fn deep_nesting_is_not_recursed_on() {
        let depth = 10_000;
        let mut text = String::new();
        for i in 0..depth {
            text.push_str(&format!("level{i} {{\n"));
        }
        text.push_str("leaf;\n");
        for _ in 0..depth {
            text.push_str("}\n");
        }
        text.push_str("system { host-name after; }\n");
        let stmts = read(FileId(0), &text);
        // Each kept level's opener, the opener past the last kept level, and
        // the two statements after.
        assert_eq!(stmts.len(), MAX_DEPTH + 3);
        assert_eq!(
            stmts.last().map(|s| s.words.join(" ")),
            Some("system host-name after".to_string())
        );
    }

    #[test]
    fn hostile_text_does_not_panic() {
        for text in [
            "\"",
            "set \"",
            "a { \"unterminated\n b; }",
            "/* open comment\n set system host-name X\n",
            "[ [ ] ] } } { { ; ; inactive: inactive:",
            "é { ü \"ß\\\" ; }",
            "\"\\",
            "delete\nset a\ndeactivate\nactivate a b c d",
            "inactive:",
        ] {
            let _ = read(FileId(0), text);
        }
    }
}
