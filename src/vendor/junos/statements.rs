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
    /// Inherited from a configuration group (`apply-groups`): it gives a
    /// setting only where the configuration itself, or a group of higher
    /// priority, gives none ([`expand`]). Its span is the group's line.
    pub inherited: bool,
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
                    inherited: false,
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
            inherited: false,
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
                inherited: false,
            }),
            Some(_) => {}
        }
    }
    out
}

// Configuration groups.
//
// Junos OS CLI User Guide, "Understanding Junos Configuration Groups":
// the statements of a group (`groups NAME { … }`, `set groups NAME …`) are
// part of the configuration only where `apply-groups` applies the group,
// and the software receives the configuration with them expanded in.
// "Applying a Junos Configuration Group" and "apply-groups": the
// statement may be written at any level, and that level inherits the
// group's statements under the same path (the group's statements above
// or beside it are not inherited); a value written in the configuration
// itself overrides an inherited one; of several groups in one list the
// first takes priority, and groups applied at a nested level take
// priority over those applied at an outer one. "Disabling Inheritance of
// a Junos OS Configuration Group" ("apply-groups-except"): the level and
// what is below it do not inherit the groups named. "Using Wildcards with
// Configuration Groups": a path component of a group written `<pattern>`
// (`*` any string, `?` any one character, `[…]` a character class, `!`
// complementing it) gives its statements to the objects that already
// exist in the configuration and match it, and where several items of a
// group match, the first one in the group is used. "Example: Configuring
// Sets of Statements with Configuration Groups": values of lists are all
// inherited, beside the configuration's own.
//
// Groups `re0` and `re1` apply only on the Routing Engine in that slot
// ("Applying a Junos Configuration Group"); the file does not say which
// one runs it. They are applied as any other group (the first listed
// winning where they disagree): both Routing Engines are the one router,
// and what they hold is mostly its host name and management address.
// Wildcards match the objects the configuration itself writes ("existing
// statements"), not those that only groups make.

/// Work (trie nodes visited, wildcards compared, words written) that
/// applying configuration groups may take: far above what any real
/// configuration needs, it bounds what a hostile one costs.
const MAX_GROUP_WORK: usize = 1 << 21;

/// Longest name (or pattern) a wildcard is matched against.
const MAX_GLOB: usize = 256;

/// The committed configuration, with its configuration groups applied.
pub struct Expanded<'t> {
    /// The configuration's own statements in file order, then the
    /// inherited ones, highest priority first (each marked
    /// [`Stmt::inherited`]).
    pub stmts: Vec<Stmt<'t>>,
    /// Lines whose groups are not, or not wholly, read.
    pub problems: Vec<(Span, String)>,
}

/// Statement paths as a tree: one node per distinct path prefix.
struct Trie<'t> {
    nodes: Vec<Node<'t>>,
    index: HashMap<(u32, &'t str), u32>,
}

#[derive(Default)]
struct Node<'t> {
    parent: u32,
    word: &'t str,
    depth: u32,
    /// Children in order of first appearance.
    children: Vec<u32>,
    /// The group statements that end here (their indices).
    stmts: Vec<u32>,
    /// `apply-groups` written in a group at this path (indices).
    applies: Vec<u32>,
    /// `apply-groups-except` names written at this path.
    excepts: Vec<&'t str>,
}

impl<'t> Trie<'t> {
    fn new() -> Self {
        Trie {
            nodes: vec![Node::default()],
            index: HashMap::default(),
        }
    }

    fn insert(&mut self, words: &[&'t str]) -> u32 {
        let mut n = 0u32;
        for &w in words {
            n = match self.index.get(&(n, w)) {
                Some(&c) => c,
                None => {
                    let c = u32::try_from(self.nodes.len()).unwrap_or(u32::MAX);
                    let depth = self.nodes[n as usize].depth.saturating_add(1);
                    self.nodes.push(Node {
                        parent: n,
                        word: w,
                        depth,
                        ..Node::default()
                    });
                    self.index.insert((n, w), c);
                    self.nodes[n as usize].children.push(c);
                    c
                }
            };
        }
        n
    }

    fn child(&self, n: u32, w: &'t str) -> Option<u32> {
        self.index.get(&(n, w)).copied()
    }

    fn node(&self, n: u32) -> &Node<'t> {
        &self.nodes[n as usize]
    }

    /// The words from the top down to node `n`.
    fn path(&self, mut n: u32) -> Vec<&'t str> {
        let mut out = Vec::with_capacity(self.node(n).depth as usize);
        while n != 0 {
            let node = self.node(n);
            out.push(node.word);
            n = node.parent;
        }
        out.reverse();
        out
    }

    /// `name` is excepted at node `n` or above it.
    fn excepted(&self, mut n: u32, name: &str) -> bool {
        loop {
            let node = self.node(n);
            if node.excepts.contains(&name) {
                return true;
            }
            if n == 0 {
                return false;
            }
            n = node.parent;
        }
    }
}

/// The pattern of a wildcard path component `<pattern>`.
fn wildcard(word: &str) -> Option<&str> {
    word.strip_prefix('<')?.strip_suffix('>')
}

/// A character class (`rest` follows its `[`): whether it holds `c`, and
/// how many bytes it takes with its `]`; `None` when no `]` closes it.
fn class(rest: &[u8], c: u8) -> Option<(bool, usize)> {
    let (negate, mut i) = match rest.first() {
        Some(b'!') => (true, 1),
        _ => (false, 0),
    };
    let start = i;
    let mut hit = false;
    while i < rest.len() {
        let x = rest[i];
        if x == b']' && i > start {
            return Some((hit != negate, i + 1));
        }
        if rest.get(i + 1) == Some(&b'-')
            && let Some(&hi) = rest.get(i + 2)
            && hi != b']'
        {
            hit |= x <= c && c <= hi;
            i += 3;
        } else {
            hit |= x == c;
            i += 1;
        }
    }
    None
}

/// Where pattern element `p` leaves the pattern when it matches `c`.
fn step(pat: &[u8], p: usize, c: u8) -> Option<usize> {
    match pat[p] {
        b'?' => Some(p + 1),
        b'[' => match class(&pat[p + 1..], c) {
            Some((hit, used)) => hit.then_some(p + 1 + used),
            // An open bracket without its close matches itself.
            None => (c == b'[').then_some(p + 1),
        },
        x => (x == c).then_some(p + 1),
    }
}

/// A UNIX shell wildcard match of a whole name ("Using Wildcards with
/// Configuration Groups"). One `*` is backtracked at a time: time grows
/// with the product of the lengths, both bounded by [`MAX_GLOB`].
fn glob(pattern: &str, name: &str) -> bool {
    let (pat, s) = (pattern.as_bytes(), name.as_bytes());
    if pat.len() > MAX_GLOB || s.len() > MAX_GLOB {
        return pattern == name;
    }
    let (mut p, mut i) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while i < s.len() {
        if p < pat.len() {
            if pat[p] == b'*' {
                star = Some((p + 1, i));
                p += 1;
                continue;
            }
            if let Some(next) = step(pat, p, s[i]) {
                p = next;
                i += 1;
                continue;
            }
        }
        match star {
            Some((after, from)) => {
                star = Some((after, from + 1));
                p = after;
                i = from + 1;
            }
            None => return false,
        }
    }
    pat[p..].iter().all(|&c| c == b'*')
}

/// One `apply-groups` list, at a node of the configuration.
struct Apply<'t> {
    node: u32,
    names: Vec<&'t str>,
    span: Span,
}

/// Applies the configuration groups: the configuration's own statements
/// (without `groups`, `apply-groups` and `apply-groups-except`), then the
/// statements inherited, each as the path it takes in the configuration,
/// with its group's line. Bounded by [`MAX_GROUP_WORK`].
pub fn expand(stmts: Vec<Stmt<'_>>) -> Expanded<'_> {
    let mut own = Vec::with_capacity(stmts.len());
    let mut problems = Vec::new();
    let mut config = Trie::new();
    let mut groups = Trie::new();
    // The group statements: their lines, and whether they open a block.
    let mut group_stmts: Vec<(Span, bool)> = Vec::new();
    let mut applies: Vec<Apply<'_>> = Vec::new();
    let mut nested: Vec<(Vec<&str>, Span)> = Vec::new();
    for s in stmts {
        let at = s
            .words
            .iter()
            .position(|w| matches!(*w, "apply-groups" | "apply-groups-except"));
        if s.words.first() == Some(&"groups") {
            let rel = &s.words[1..];
            match at {
                Some(at) => {
                    let node = groups.insert(&s.words[1..at]);
                    if s.words[at] == "apply-groups" {
                        let k = u32::try_from(nested.len()).unwrap_or(u32::MAX);
                        groups.nodes[node as usize].applies.push(k);
                        nested.push((s.words[at + 1..].to_vec(), s.span));
                    } else {
                        problems.push((
                            s.span,
                            "apply-groups-except inside a configuration group: peerlint does not read it, and reads the groups as inherited there".to_string(),
                        ));
                    }
                }
                None => {
                    let node = groups.insert(rel);
                    // The group's own opener (`groups NAME {`) is no
                    // statement to inherit.
                    if rel.len() > 1 {
                        let k = u32::try_from(group_stmts.len()).unwrap_or(u32::MAX);
                        groups.nodes[node as usize].stmts.push(k);
                        group_stmts.push((s.span, s.opener));
                    }
                }
            }
            continue;
        }
        match at {
            Some(at) => {
                let node = config.insert(&s.words[..at]);
                let names = s.words[at + 1..].to_vec();
                if s.words[at] == "apply-groups" {
                    applies.push(Apply {
                        node,
                        names,
                        span: s.span,
                    });
                } else {
                    config.nodes[node as usize].excepts.extend(names);
                }
            }
            None => {
                config.insert(&s.words);
                own.push(s);
            }
        }
    }

    type Key = (std::cmp::Reverse<u32>, usize, usize, u32);
    let mut inherited: Vec<(Key, Stmt<'_>)> = Vec::new();
    let mut applied: rustc_hash::FxHashSet<(u32, &str)> = Default::default();
    let mut work = 0usize;
    let mut d = 0;
    'applies: while d < applies.len() {
        let (node, span) = (applies[d].node, applies[d].span);
        let names = applies[d].names.clone();
        let depth = config.node(node).depth;
        let base = config.path(node);
        for (pos, &name) in names.iter().enumerate() {
            if !applied.insert((node, name)) {
                continue;
            }
            let Some(g) = groups.child(0, name) else {
                // The defaults Junos keeps under this name hold nothing the
                // model reads.
                if name != "junos-defaults" {
                    problems.push((
                        span,
                        format!(
                            "apply-groups {name}: no configuration group {name} is defined; nothing is inherited from it"
                        ),
                    ));
                }
                continue;
            };
            if config.excepted(node, name) {
                continue;
            }
            // The group's nodes whose path matches the level's.
            let mut set = vec![g];
            for &w in &base {
                let mut next = Vec::new();
                for &x in &set {
                    work += 1;
                    for &c in &groups.node(x).children {
                        work += 1;
                        let cw = groups.node(c).word;
                        let hit = match wildcard(cw) {
                            Some(pat) => glob(pat, w),
                            None => cw == w,
                        };
                        if hit {
                            next.push(c);
                        }
                    }
                }
                set = next;
                if set.is_empty() || work > MAX_GROUP_WORK {
                    break;
                }
            }
            // What is under those nodes, matched against the configuration:
            // (group node, configuration node if the path exists there,
            // words of the path below the level before this node's, the
            // node's word in the configuration).
            let mut stack: Vec<(u32, Option<u32>, usize, Option<&str>)> = set
                .iter()
                .rev()
                .map(|&x| (x, Some(node), 0, None))
                .collect();
            let mut below: Vec<&str> = Vec::new();
            while let Some((x, y, len, word)) = stack.pop() {
                work += 1;
                if work > MAX_GROUP_WORK {
                    problems.push((
                        span,
                        format!(
                            "apply-groups {}: the configuration groups expand to more statements than peerlint follows; the rest of what they give is not read",
                            names.join(" ")
                        ),
                    ));
                    break 'applies;
                }
                below.truncate(len);
                if let Some(w) = word {
                    below.push(w);
                }
                let gx = groups.node(x);
                for &i in &gx.stmts {
                    let Some(&(line, opener)) = group_stmts.get(i as usize) else {
                        continue;
                    };
                    let mut words = Vec::with_capacity(base.len() + below.len());
                    words.extend_from_slice(&base);
                    words.extend_from_slice(&below);
                    work += words.len();
                    inherited.push((
                        (std::cmp::Reverse(depth), d, pos, i),
                        Stmt {
                            words,
                            span: line,
                            opener,
                            inherited: true,
                        },
                    ));
                }
                for &k in &gx.applies {
                    let Some((names, line)) = nested.get(k as usize) else {
                        continue;
                    };
                    match y {
                        Some(y) => applies.push(Apply {
                            node: y,
                            names: names.clone(),
                            span: *line,
                        }),
                        None => problems.push((
                            *line,
                            "apply-groups inside a configuration group, at a statement the configuration does not have: peerlint does not read what it inherits".to_string(),
                        )),
                    }
                }
                let len = below.len();
                for &c in gx.children.iter().rev() {
                    let cw = groups.node(c).word;
                    match wildcard(cw) {
                        // A wildcard gives its statements to existing
                        // objects only.
                        Some(pat) => {
                            let Some(y) = y else { continue };
                            for &yc in config.node(y).children.iter().rev() {
                                work += 1;
                                let yn = config.node(yc);
                                if glob(pat, yn.word) && !yn.excepts.contains(&name) {
                                    stack.push((c, Some(yc), len, Some(yn.word)));
                                }
                            }
                        }
                        None => {
                            let yc = y.and_then(|y| config.child(y, cw));
                            if yc.is_some_and(|yc| config.node(yc).excepts.contains(&name)) {
                                continue;
                            }
                            stack.push((c, yc, len, Some(cw)));
                        }
                    }
                }
            }
        }
        d += 1;
    }
    inherited.sort_by_key(|(key, _)| *key);
    own.extend(inherited.into_iter().map(|(_, s)| s));
    Expanded {
        stmts: own,
        problems,
    }
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
    fn wildcards_are_shell_patterns() {
        for (pat, name, hit) in [
            ("*", "anything", true),
            ("*", "", true),
            ("EBGP-*", "EBGP-HW", true),
            ("EBGP-*", "IBGP", false),
            ("ge-0/0/[12]", "ge-0/0/1", true),
            ("ge-0/0/[12]", "ge-0/0/3", false),
            ("ge-0/0/[!12]", "ge-0/0/3", true),
            ("ge-0/0/[!12]", "ge-0/0/2", false),
            ("xe-[0-2]/*", "xe-1/0/0", true),
            ("xe-[0-2]/*", "xe-3/0/0", false),
            ("?e-*", "xe-1", true),
            ("[]a]", "]", true),
            ("[-a]", "-", true),
            // An open bracket without its close is itself.
            ("a[", "a[", true),
            ("*a*b", "xxaxxb", true),
            ("*a*b", "xxaxx", false),
            ("*.0", "lo0.0", true),
        ] {
            assert_eq!(glob(pat, name), hit, "{pat} {name}");
        }
        assert_eq!(wildcard("<ge-*>"), Some("ge-*"));
        assert_eq!(wildcard("ge-0/0/0"), None);
    }

    #[test]
    fn groups_expand_after_the_configuration_by_priority() {
        let text = "set groups G1 protocols bgp group <*> passive\nset groups G1 protocols bgp group <*> neighbor <*> peer-as 1\nset groups G2 protocols bgp group A passive\nset groups G2 system host-name x\nset apply-groups G2\nset protocols bgp apply-groups G1\nset protocols bgp group A neighbor 10.0.0.1\nset protocols bgp group B neighbor 10.0.0.2\n";
        let e = expand(read(FileId(0), text));
        assert!(e.problems.is_empty());
        let got: Vec<String> = e
            .stmts
            .iter()
            .map(|s| {
                format!(
                    "{}{} @{}",
                    if s.inherited { "+ " } else { "" },
                    s.words.join(" "),
                    s.span.line
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                "protocols bgp group A neighbor 10.0.0.1 @7",
                "protocols bgp group B neighbor 10.0.0.2 @8",
                // G1, applied at `protocols bgp`, before G2, applied at the
                // top: deeper levels win; then each statement of the group
                // in its order.
                "+ protocols bgp group A passive @1",
                "+ protocols bgp group B passive @1",
                "+ protocols bgp group A neighbor 10.0.0.1 peer-as 1 @2",
                "+ protocols bgp group B neighbor 10.0.0.2 peer-as 1 @2",
                "+ protocols bgp group A passive @3",
                "+ system host-name x @4",
            ]
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
