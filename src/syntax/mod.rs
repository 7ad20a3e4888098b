//! From text to a tree of commands. Three kinds of input are read:
//!
//! - saved configurations (`display current-configuration` output, `.cfg`
//!   files): the view tree comes from indentation, with VRP's quirks;
//! - CLI transcripts: commands typed behind prompts; the view tree comes from
//!   the commands typed (`bgp 100`, `quit`, `return`), not from the prompt;
//! - terminal captures: a session in which `display current-configuration`
//!   was typed; its output is the configuration.
//!
//! The tree knows which command sits in which view. It does not know what
//! any command means: that is the model's job.

pub mod keywords;
pub mod lexer;
pub mod secrets;
pub mod sniff;
pub mod views;

use lexer::{LineKind, RawLine};

/// A token of a command: a byte range of the file text. For a quoted token
/// the range is the text between the quotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub quoted: bool,
    /// A quoted token whose closing quote is missing.
    pub unterminated: bool,
    /// The full keyword a transcript's incomplete one stands for (its
    /// number in [`keywords`]; 0 when the word is read as written).
    pub keyword: u32,
}

impl Token {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The range including the quotes of a quoted token.
    pub fn outer_range(&self) -> std::ops::Range<usize> {
        let close = usize::from(self.quoted && !self.unterminated);
        let open = usize::from(self.quoted);
        self.start as usize - open..self.end as usize + close
    }
}

/// One command, placed in the view tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    /// 1-based line number.
    pub line: u32,
    /// Byte range of the command text, without indentation or trailing blanks.
    pub start: u32,
    pub end: u32,
    first_token: u32,
    token_count: u32,
    /// The command whose view this command was entered in; `None` for the
    /// system view.
    pub parent: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// A saved configuration.
    Config,
    /// Commands typed behind prompts.
    Transcript,
    /// A terminal session holding `display current-configuration` output.
    Capture,
}

/// Something odd about the input that a user should hear about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub start: u32,
    pub end: u32,
    pub line: u32,
    pub message: String,
}

#[derive(Clone, Debug)]
pub struct SyntaxTree {
    pub kind: InputKind,
    /// The text shows a VRP8 device: a `!Software Version` header, or the
    /// `~`/`*` marks of two-phase commit in prompts.
    pub vrp8: bool,
    /// A capture of a filtered display only (`display current-configuration
    /// configuration bgp`, `| include …`): part of a device, not one.
    pub partial: bool,
    pub commands: Vec<Command>,
    tokens: Vec<Token>,
    pub diagnostics: Vec<Diagnostic>,
}

impl SyntaxTree {
    pub fn tokens(&self, cmd: &Command) -> &[Token] {
        let first = cmd.first_token as usize;
        &self.tokens[first..first + cmd.token_count as usize]
    }

    /// The words of a command, quotes removed, incomplete keywords of a
    /// transcript written out.
    pub fn words<'t>(&self, text: &'t str, cmd: &Command) -> Vec<&'t str> {
        self.tokens(cmd).iter().map(|t| word(text, t)).collect()
    }

    /// The command and its ancestors, innermost first.
    pub fn ancestors(&self, index: usize) -> impl Iterator<Item = &Command> {
        let mut next = Some(index);
        std::iter::from_fn(move || {
            let cmd = &self.commands[next?];
            next = cmd.parent.map(|p| p as usize);
            Some(cmd)
        })
    }
}

/// A token's word: the full keyword an incomplete one stands for, else
/// the text as written (quotes removed).
pub fn word<'t>(text: &'t str, token: &Token) -> &'t str {
    match token.keyword {
        0 => text.get(token.range()).unwrap_or_default(),
        k => keywords::keyword(k).unwrap_or_default(),
    }
}

/// What a parse keeps of a system-level block of a saved configuration,
/// decided on the block's first words.
#[derive(Clone, Copy, Debug)]
pub enum Keep {
    /// Nothing: the block's lines are skipped without being split into
    /// tokens.
    Nothing,
    /// The opening line only: the lines inside are skipped like those of
    /// a block kept `Nothing` of.
    Header,
    /// Every line.
    All,
    /// The opening line, and of the lines right inside it those whose
    /// command text (without indentation) the function accepts. A refused
    /// line goes with the lines indented below it.
    Lines(fn(&str) -> bool),
    /// Like `Lines`, but the opening line is kept even when no line inside
    /// is.
    HeaderLines(fn(&str) -> bool),
}

/// Parses a file's text into a view tree.
pub fn parse(text: &str) -> SyntaxTree {
    parse_with(text, &|_| Keep::All)
}

/// Parses a file's text into a view tree, keeping of a saved configuration
/// what `keep` asks for of each system-level block; the lines not kept are
/// skipped without being split into tokens.
pub fn parse_with(text: &str, keep: &dyn Fn(&[&str]) -> Keep) -> SyntaxTree {
    let mut tree = SyntaxTree {
        kind: InputKind::Config,
        vrp8: false,
        partial: false,
        // Room for what a dump of this size usually keeps, so the lists
        // are not grown again and again.
        commands: Vec::with_capacity(text.len() / 256 + 8),
        tokens: Vec::with_capacity(text.len() / 64 + 16),
        diagnostics: Vec::new(),
    };
    parse_into(text, keep, &mut tree);
    tree
}

/// [`parse_with`] into a tree that is no longer needed, whatever it held:
/// a thread that parses file after file reuses its lists instead of
/// allocating them for each file.
pub fn parse_into(text: &str, keep: &dyn Fn(&[&str]) -> Keep, tree: &mut SyntaxTree) {
    tree.kind = InputKind::Config;
    tree.vrp8 = false;
    tree.partial = false;
    tree.commands.clear();
    tree.tokens.clear();
    tree.diagnostics.clear();
    let mut b = Builder {
        text,
        keep,
        tree: std::mem::replace(tree, SyntaxTree::empty()),
    };
    parse_in(&mut b);
    *tree = b.tree;
}

impl Keep {
    /// The filter of the lines inside a kept block; `None`: all of them.
    fn lines(self) -> Option<fn(&str) -> bool> {
        match self {
            Keep::Lines(keeps) | Keep::HeaderLines(keeps) => Some(keeps),
            Keep::Nothing | Keep::Header | Keep::All => None,
        }
    }
}

impl SyntaxTree {
    /// A tree with nothing in it, to parse into.
    pub fn empty() -> SyntaxTree {
        SyntaxTree {
            kind: InputKind::Config,
            vrp8: false,
            partial: false,
            commands: Vec::new(),
            tokens: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
}

/// Reads a text as a saved configuration, else as a capture or a transcript.
fn parse_in(b: &mut Builder<'_>) {
    let text = b.text;
    // Saved configurations, the common case, are read in one stream; a
    // prompt on the way means a transcript or a capture, read again below.
    if b.config(lexer::line_iter(text), true).is_ok() {
        return;
    }
    b.tree.commands.clear();
    b.tree.tokens.clear();
    b.tree.diagnostics.clear();
    let lines = lexer::lines(text);
    let prompts: Vec<(usize, lexer::Prompt)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| lexer::prompt(l.text).map(|p| (i, p)))
        .collect();
    let capture = prompts
        .iter()
        .enumerate()
        .rev()
        .find(|(_, (_, p))| display_config(p.command) == Some(Shows::Whole));
    if capture.is_none()
        && prompts
            .iter()
            .any(|(_, p)| display_config(p.command) == Some(Shows::Part))
    {
        // Only a filtered display: part of a configuration is no device.
        b.tree.kind = InputKind::Capture;
        b.tree.partial = true;
        return;
    }
    match capture {
        Some((k, &(line, _))) => {
            b.tree.kind = InputKind::Capture;
            let end = prompts.get(k + 1).map_or(lines.len(), |(i, _)| *i);
            let output = lines[line + 1..end].iter().map(|l| strip_pager(*l));
            let _ = b.config(Split(output), false);
        }
        None => {
            b.tree.kind = InputKind::Transcript;
            b.transcript(&lines, &prompts);
        }
    }
}

/// How much of a configuration a display command shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shows {
    Whole,
    /// A section or a filter: `… configuration bgp`, `… interface X`,
    /// `| begin bgp`, `| include peer`.
    Part,
}

/// `display current-configuration`, `dis cur`, `display saved-configuration`
/// (`| no-more`, `all`, `inheritance` still show all of it).
fn display_config(command: &str) -> Option<Shows> {
    let toks = lexer::tokens(command);
    let (Some(a), Some(b)) = (toks.first(), toks.get(1)) else {
        return None;
    };
    let abbreviates = |w: &str, full: &str, min: usize| w.len() >= min && full.starts_with(w);
    let shows = abbreviates(a.text, "display", 3)
        && (abbreviates(b.text, "current-configuration", 2)
            || abbreviates(b.text, "saved-configuration", 2));
    if !shows {
        return None;
    }
    let whole = toks[2..].iter().all(|t| {
        let w = t.text.to_ascii_lowercase();
        matches!(w.as_str(), "|" | "all" | "inheritance")
            || "no-more".starts_with(&w) && w.len() >= 2
    });
    Some(if whole { Shows::Whole } else { Shows::Part })
}

/// Removes the `---- More ----` pager and its erase sequences from a
/// captured line; what follows the last of them is the real line. Logs
/// keep the erasing in several forms: `ESC[42D`, the same without its
/// `ESC` (`[42D`), backspaces, or only the 42 blanks VRP writes over the
/// prompt.
fn strip_pager(line: RawLine<'_>) -> RawLine<'_> {
    const MARK: &str = "---- More ----";
    let Some(at) = line.text.find(MARK) else {
        return line;
    };
    let after = at + MARK.len();
    let rest = &line.text[after..];
    let bytes = rest.as_bytes();
    // The end of the last erase sequence: a backspace, or `[` digits `D`
    // (with or without the ESC before it).
    let mut cut = None;
    for (i, &b) in bytes.iter().enumerate() {
        if b == 0x08 {
            cut = Some(i + 1);
        } else if b == b'[' {
            let digits = bytes[i + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if digits > 0 && bytes.get(i + 1 + digits) == Some(&b'D') {
                cut = Some(i + 2 + digits);
            }
        }
    }
    let cut = match cut {
        Some(c) => after + c,
        // Only blanks over the prompt: VRP erases 42 columns.
        None => after + rest.bytes().take(42).take_while(|&b| b == b' ').count(),
    };
    RawLine {
        number: line.number,
        start: line.start + cut,
        text: &line.text[cut..],
    }
}

/// Lines of a saved configuration, with a way past the indented lines of
/// a block that is not read.
trait SkipLines<'a>: Iterator<Item = RawLine<'a>> {
    fn skip_indented(&mut self) {}
}

impl<'a> SkipLines<'a> for lexer::Lines<'a> {
    fn skip_indented(&mut self) {
        lexer::Lines::skip_indented(self);
    }
}

/// Lines already split (a capture's): they are passed one by one.
struct Split<I>(I);

impl<'a, I: Iterator<Item = RawLine<'a>>> Iterator for Split<I> {
    type Item = RawLine<'a>;

    fn next(&mut self) -> Option<RawLine<'a>> {
        self.0.next()
    }
}

impl<'a, I: Iterator<Item = RawLine<'a>>> SkipLines<'a> for Split<I> {}

struct Builder<'a> {
    text: &'a str,
    keep: &'a dyn Fn(&[&str]) -> Keep,
    tree: SyntaxTree,
}

/// The first words of a command, enough to tell what block it opens.
fn head(command: &str) -> ([&str; 3], usize) {
    let bytes = command.as_bytes();
    let mut out = [""; 3];
    let mut n = 0;
    let mut i = 0;
    while n < 3 && i < bytes.len() {
        let start = lexer::skip_blanks(bytes, i);
        i = lexer::word_end(bytes, start);
        if i > start {
            // Blanks are ASCII, so both ends are character boundaries.
            out[n] = &command[start..i];
            n += 1;
        }
    }
    (out, n)
}

/// The text of a command up to the end of its third word, when `words`
/// (its first words, slices of it) are three.
fn three_words<'c>(command: &'c str, words: &[&str]) -> Option<&'c str> {
    let [_, _, third] = words else { return None };
    let end = third.as_ptr() as usize + third.len() - command.as_ptr() as usize;
    command.get(..end)
}

/// Whether a command starts with the same words as `prefix` (as written,
/// ending at a word's end).
fn starts_with_words(command: &str, prefix: &str) -> bool {
    command.starts_with(prefix)
        && command
            .as_bytes()
            .get(prefix.len())
            .is_none_or(|&b| lexer::is_blank(b))
}

/// The index of an open block whose opening line is not added yet.
const NOT_YET: u32 = u32::MAX;

/// A view left open while reading a saved configuration.
struct Open {
    indent: usize,
    index: u32,
    /// The block goes on past a column-0 `#` (see
    /// [`views::continues_past_separator`]); meaningful for system-level
    /// blocks.
    resumable: bool,
    /// Which lines right inside a system-level block are kept; `None`: all.
    lines: Option<fn(&str) -> bool>,
}

impl<'a> Builder<'a> {
    fn offset(&self, s: &str) -> usize {
        s.as_ptr() as usize - self.text.as_ptr() as usize
    }

    /// Adds a command; returns its index and words.
    /// Adds a typed command whose words `typing` reads; returns its index.
    fn push(&mut self, line: u32, typing: &Typing<'a>, parent: Option<u32>) -> u32 {
        let first = self.tree.tokens.len();
        let index = self.push_tokens(line, typing.command, &typing.tokens, parent);
        for (tok, full) in self.tree.tokens[first..].iter_mut().zip(&typing.keywords) {
            tok.keyword = full.map_or(0, keywords::index);
        }
        index
    }

    /// Adds a command already split into tokens; returns its index.
    fn push_tokens(
        &mut self,
        line: u32,
        command: &'a str,
        toks: &[lexer::RawToken<'a>],
        parent: Option<u32>,
    ) -> u32 {
        let first_token = self.tree.tokens.len() as u32;
        for tok in toks {
            let start = self.offset(tok.text);
            if tok.unterminated {
                self.tree.diagnostics.push(Diagnostic {
                    line,
                    start: start as u32 - 1,
                    end: (start + tok.text.len()) as u32,
                    message:
                        "a double quote is never closed; the rest of the line is read as one name"
                            .to_string(),
                });
            }
            self.tree.tokens.push(Token {
                start: start as u32,
                end: (start + tok.text.len()) as u32,
                quoted: tok.quoted,
                unterminated: tok.unterminated,
                keyword: 0,
            });
        }
        let start = self.offset(command);
        let index = self.tree.commands.len() as u32;
        self.tree.commands.push(Command {
            line,
            start: start as u32,
            end: (start + command.len()) as u32,
            first_token,
            token_count: self.tree.tokens.len() as u32 - first_token,
            parent,
        });
        index
    }

    /// The index of an open system-level block, adding its opening line
    /// first if it is still `pending`.
    fn opened(
        &mut self,
        root: &mut Open,
        pending: &mut Option<(u32, &'a str)>,
        toks: &mut Vec<lexer::RawToken<'a>>,
    ) -> u32 {
        if root.index == NOT_YET
            && let Some((line, command)) = pending.take()
        {
            lexer::tokens_into(command, toks);
            root.index = self.push_tokens(line, command, toks, None);
        }
        root.index
    }

    /// Builds the tree of a saved configuration from indentation, one space
    /// per view level, with the quirks of real dumps:
    /// - after a column-0 `#`, an indented line continues the block above
    ///   only if that block goes on past separators (the BGP block in
    ///   Huawei's guides) and the line is not a system-level command; else it
    ///   is a system-level command printed with a leading space (VRP5);
    /// - an indented line with no block open is a system-level command;
    /// - a column-0 line that can only stand inside a block (an unindented
    ///   `ip address`) stays in the block above.
    ///
    /// With `stop_at_prompt`, gives up (`Err`) at the first CLI prompt.
    fn config(&mut self, mut lines: impl SkipLines<'a>, stop_at_prompt: bool) -> Result<(), ()> {
        let mut stack: Vec<Open> = Vec::new();
        let mut toks: Vec<lexer::RawToken<'a>> = Vec::new();
        let mut after_separator = false;
        // Inside a system-level block that `keep` refused.
        let mut skipping = false;
        // The first three words of the command whose block was refused, as
        // written: a column-0 command that starts with them is refused the
        // same way without being split again (runs of `ip ip-prefix L …`).
        let mut refused: Option<&'a str> = None;
        // The indentation of a line that a block's line filter refused: the
        // lines indented further below it go with it.
        let mut dropped_below: Option<usize> = None;
        // The opening line of the block at the bottom of the stack, when it
        // is not added yet.
        let mut pending: Option<(u32, &'a str)> = None;
        loop {
            if skipping && !after_separator {
                lines.skip_indented();
            }
            let Some(line) = lines.next() else {
                break;
            };
            // Indented as `classify` counts it (a NUL is a blank too).
            if skipping && !after_separator && line.text.bytes().next().is_some_and(lexer::is_blank)
            {
                continue;
            }
            if stop_at_prompt
                && line.text.starts_with(['<', '[', 'H'])
                && lexer::prompt(line.text).is_some()
            {
                return Err(());
            }
            let (indent, command) = match lexer::classify(line.text) {
                LineKind::Comment => {
                    self.tree.vrp8 |= line.text.starts_with("!Software Version");
                    continue;
                }
                LineKind::Blank | LineKind::VersionHeader => continue,
                LineKind::Separator { indent } => {
                    after_separator |= indent == 0;
                    continue;
                }
                LineKind::Return { indent: 0 } => {
                    // Back in the system view: whatever block was open,
                    // read or skipped, is closed.
                    stack.clear();
                    skipping = false;
                    after_separator = false;
                    continue;
                }
                LineKind::Return { indent } => (indent, line.text.trim_start().trim_end()),
                LineKind::Command { indent, text } => (indent, text),
            };
            if let Some(below) = dropped_below.take()
                && indent > below
                && !after_separator
            {
                dropped_below = Some(below);
                continue;
            }
            if indent == 0 && skipping && refused.is_some_and(|r| starts_with_words(command, r)) {
                after_separator = false;
                continue;
            }
            // The first words, for the lines where they decide the view:
            // not for the lines inside a block that is read.
            let (heads, n) = if indent == 0 || after_separator {
                head(command)
            } else {
                ([""; 3], 0)
            };
            let first = &heads[..n];
            if indent == 0 {
                let stays_in_block =
                    !after_separator && views::never_top_level(first) && !stack.is_empty();
                if stays_in_block {
                    stack.truncate(1);
                    if stack[0].lines.is_some_and(|keeps| !keeps(command)) {
                        continue;
                    }
                    let parent = self.opened(&mut stack[0], &mut pending, &mut toks);
                    lexer::tokens_into(command, &mut toks);
                    self.push_tokens(line.number, command, &toks, Some(parent));
                } else {
                    stack.clear();
                    after_separator = false;
                    let keep = (self.keep)(first);
                    skipping = matches!(keep, Keep::Nothing | Keep::Header);
                    match keep {
                        Keep::Nothing => {
                            refused = three_words(command, first);
                            continue;
                        }
                        Keep::Header => {
                            refused = None;
                            lexer::tokens_into(command, &mut toks);
                            self.push_tokens(line.number, command, &toks, None);
                            continue;
                        }
                        Keep::Lines(_) | Keep::HeaderLines(_) | Keep::All => {}
                    }
                    // A block whose lines are filtered is added with its
                    // first kept line: with none, it is left out whole.
                    pending = match keep {
                        Keep::Lines(_) => Some((line.number, command)),
                        _ => None,
                    };
                    let index = match pending {
                        Some(_) => NOT_YET,
                        None => {
                            lexer::tokens_into(command, &mut toks);
                            self.push_tokens(line.number, command, &toks, None)
                        }
                    };
                    stack.push(Open {
                        indent: 0,
                        index,
                        resumable: views::continues_past_separator(first),
                        lines: keep.lines(),
                    });
                }
            } else {
                while stack.last().is_some_and(|o| o.indent >= indent) {
                    stack.pop();
                }
                let fits = match stack.first() {
                    None => false,
                    Some(root) if after_separator => {
                        root.resumable && !views::is_system_only(first)
                    }
                    Some(_) => true,
                };
                if fits {
                    if let [root] = stack.as_slice()
                        && root.lines.is_some_and(|keeps| !keeps(command))
                    {
                        dropped_below = Some(indent);
                        after_separator = false;
                        continue;
                    }
                    let parent = match stack.as_mut_slice() {
                        [] => None,
                        [root] => Some(self.opened(root, &mut pending, &mut toks)),
                        [.., last] => Some(last.index),
                    };
                    lexer::tokens_into(command, &mut toks);
                    let index = self.push_tokens(line.number, command, &toks, parent);
                    stack.push(Open {
                        indent,
                        index,
                        resumable: false,
                        lines: None,
                    });
                } else {
                    // A system-level command printed with a leading space.
                    let (heads, n) = head(command);
                    let first = &heads[..n];
                    stack.clear();
                    let keep = (self.keep)(first);
                    // A refused command that opens no view has no lines
                    // inside to skip: the indented lines after it are
                    // system-level commands of their own.
                    let opens = views::opens_system_view(first);
                    skipping = matches!(keep, Keep::Nothing | Keep::Header) && opens;
                    refused = three_words(command, first)
                        .filter(|_| opens && matches!(keep, Keep::Nothing));
                    if !matches!(keep, Keep::Nothing) {
                        lexer::tokens_into(command, &mut toks);
                        let index = self.push_tokens(line.number, command, &toks, None);
                        if opens && !matches!(keep, Keep::Header) {
                            stack.push(Open {
                                indent: 0,
                                index,
                                resumable: views::continues_past_separator(first),
                                lines: keep.lines(),
                            });
                        }
                    }
                }
            }
            after_separator = false;
        }
        Ok(())
    }

    /// Builds the tree of a transcript from the commands typed. A command
    /// that opens a view is placed under the innermost open view that can
    /// hold it (VRP accepts a parent view's command in a sub-view and moves
    /// there); other commands stay in the current view. A command the device
    /// refused (`Error:` printed after it) is dropped, and so are the
    /// commands VRP8's two-phase commit never applied (see [`Candidate`]).
    fn transcript(&mut self, lines: &[RawLine<'a>], prompts: &[(usize, lexer::Prompt<'a>)]) {
        let mut stack: Vec<(u32, Vec<&'a str>)> = Vec::new();
        self.tree.vrp8 |= prompts.iter().any(|(_, p)| p.phase.is_some());
        let mut candidate = Candidate::default();
        for (k, &(at, prompt)) in prompts.iter().enumerate() {
            let next = prompts.get(k + 1).map(|(_, p)| p);
            let output = &lines[at + 1..prompts.get(k + 1).map_or(lines.len(), |(i, _)| *i)];
            // (VRP asks again, after an `Error:`, when the question whether
            // to commit is not answered: that is no refusal.)
            let refused = output
                .iter()
                .any(|l| l.text.trim_start().starts_with("Error:") && !l.text.contains("[Y/N/C]"));
            let line = &lines[at];
            // `~`: nothing waits for `commit`, whatever the transcript shows
            // of how it was committed.
            if prompt.phase == Some('~') {
                candidate.pending.clear();
            }
            // A command the device refused changed nothing.
            if prompt.command.is_empty() || refused {
                continue;
            }
            let Some(typing) = self.read_typed(&stack, &prompt, line) else {
                continue;
            };
            let words = typing.words.clone();
            let Some(&head) = words.first() else {
                continue;
            };
            match head {
                "quit" | "return" if prompt.system => {
                    let leaves = head == "return" || stack.is_empty();
                    if leaves && self.leave(&mut candidate, line, output, next) == Left::Stayed {
                        continue;
                    }
                    if head == "quit" {
                        stack.pop();
                    } else {
                        stack.clear();
                    }
                    continue;
                }
                "quit" | "return" | "system-view" => {
                    stack.clear();
                    continue;
                }
                _ => {}
            }
            if !prompt.system {
                continue;
            }
            match words.as_slice() {
                // A trial commit rolls back unless a `commit` confirms it
                // (NE40E `commit trial`, `abort trial`).
                ["commit", "trial", ..] => {
                    candidate.trial.append(&mut candidate.pending);
                    continue;
                }
                ["commit", ..] => {
                    candidate.pending.clear();
                    candidate.trial.clear();
                    continue;
                }
                ["abort", "trial", ..] => {
                    std::mem::swap(&mut candidate.pending, &mut candidate.trial);
                    self.discard(&mut candidate, line, "`abort trial` rolls back");
                    continue;
                }
                // Both discard what waits for `commit` and go back to the
                // system view (NE40E `clear configuration candidate`;
                // `abort` in the views that have it).
                ["abort"] | ["clear", "configuration", "candidate", ..] => {
                    let what = format!("`{}`", words.join(" "));
                    self.discard(&mut candidate, line, &format!("{what} discards"));
                    stack.clear();
                    continue;
                }
                _ => {}
            }
            if is_operational(head) {
                continue;
            }
            // A command of a view above runs there, and VRP stays there.
            stack.truncate(typing.level);
            let index = self.place(&mut stack, line, prompt, next, &typing);
            if prompt.phase.is_some() {
                candidate.pending.push(index);
            }
        }
        if !candidate.trial.is_empty() {
            let last = lines.last().copied().unwrap_or(lines[0]);
            let pending =
                std::mem::replace(&mut candidate.pending, std::mem::take(&mut candidate.trial));
            self.discard(
                &mut candidate,
                &last,
                "no `commit` confirms the trial commit, which rolls back when its timer runs out:",
            );
            candidate.pending = pending;
        }
        if let Some(&first) = candidate.pending.first() {
            let line = self.tree.commands[first as usize].line;
            let n = candidate.pending.len();
            let at = lines
                .iter()
                .find(|l| l.number == line)
                .copied()
                .unwrap_or(lines[0]);
            candidate.dropped.append(&mut candidate.pending);
            self.diagnose(
                &at,
                format!("the transcript ends with {n} command(s) from this line on that were never committed; VRP does not apply them"),
            );
        }
        self.drop_commands(&candidate.dropped);
    }

    /// Adds a typed command under the view it belongs to; returns its index.
    fn place(
        &mut self,
        stack: &mut Vec<(u32, Vec<&'a str>)>,
        line: &RawLine<'a>,
        prompt: lexer::Prompt<'a>,
        next: Option<&lexer::Prompt<'a>>,
        typing: &Typing<'a>,
    ) -> u32 {
        let words = &typing.words;
        let mut parent_depth = None;
        for depth in (0..stack.len()).rev() {
            if views::opens_child_view(&stack[depth].1, words) {
                parent_depth = Some(depth);
                break;
            }
        }
        if let Some(depth) = parent_depth {
            stack.truncate(depth + 1);
            let index = self.push(line.number, typing, Some(stack[depth].0));
            stack.push((index, words.clone()));
            index
        } else if views::opens_system_view(words) {
            stack.clear();
            let index = self.push(line.number, typing, None);
            stack.push((index, words.clone()));
            index
        } else {
            let parent = stack.last().map(|(i, _)| *i);
            let index = self.push(line.number, typing, parent);
            // A view the catalogue does not know: the next prompt grows
            // by a `-suffix`.
            let entered = next.is_some_and(|n| {
                n.system
                    && n.inner.len() > prompt.inner.len()
                    && n.inner.starts_with(prompt.inner)
                    && n.inner[prompt.inner.len()..].starts_with('-')
            });
            if entered && words.first() != Some(&"sysname") {
                stack.push((index, words.clone()));
            }
            index
        }
    }

    /// Reads a typed command: the view it is run in (the current one, or
    /// one it goes back up to) and the full keywords of its incomplete
    /// ones (see [`keywords`]). A command VRP would find ambiguous is
    /// refused with a note; one the table does not know is read as typed,
    /// with a note when it begins like a command peerlint reads.
    fn read_typed(
        &mut self,
        stack: &[(u32, Vec<&'a str>)],
        prompt: &lexer::Prompt<'a>,
        line: &RawLine<'a>,
    ) -> Option<Typing<'a>> {
        let tokens = lexer::tokens(prompt.command);
        let typed: Vec<keywords::Typed> = tokens
            .iter()
            .map(|t| keywords::Typed {
                text: t.text,
                quoted: t.quoted,
            })
            .collect();
        let as_typed = |tokens: Vec<lexer::RawToken<'a>>, level| Typing {
            command: prompt.command,
            words: tokens.iter().map(|t| t.text).collect(),
            keywords: vec![None; tokens.len()],
            tokens,
            level,
        };
        let current = stack.len();
        let levels: Vec<usize> = if prompt.system {
            (0..=current).rev().collect()
        } else {
            vec![0]
        };
        for &level in &levels {
            let view = match prompt.system {
                true => table_view(stack, level),
                false => Some(keywords::View::User),
            };
            if view.is_none() && level != current {
                continue;
            }
            let resolution = keywords::resolve(view, &typed);
            if let keywords::Resolution::Doubtful(full, readings) = &resolution
                && !matches!(full.first(), Some(Some("quit" | "return")))
            {
                self.diagnose(
                    line,
                    format!(
                        "`{}` is read as `{}`, the one command it can be; a VRP that reads word by word refuses it, as it could be {}",
                        prompt.command,
                        full.iter()
                            .zip(&tokens)
                            .map(|(k, t)| k.unwrap_or(t.text))
                            .collect::<Vec<_>>()
                            .join(" "),
                        readings
                            .iter()
                            .map(|r| format!("`{r}`"))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                );
            }
            match resolution {
                keywords::Resolution::Known(full) | keywords::Resolution::Doubtful(full, _) => {
                    let words: Vec<&'a str> = full
                        .iter()
                        .zip(&tokens)
                        .map(|(k, t)| k.unwrap_or(t.text))
                        .collect();
                    // From a view the table does not know, only a command
                    // that opens a view is known to go back up.
                    let opens = views::opens_system_view(&words)
                        || stack[..level]
                            .iter()
                            .any(|(_, v)| views::opens_child_view(v, &words));
                    if level < current && table_view(stack, current).is_none() && !opens {
                        return Some(as_typed(tokens, current));
                    }
                    return Some(Typing {
                        command: prompt.command,
                        tokens,
                        words,
                        keywords: full,
                        level,
                    });
                }
                keywords::Resolution::Ambiguous(readings) => {
                    self.diagnose(
                        line,
                        format!(
                            "VRP refuses `{}`: it could be {}; the command is not applied",
                            prompt.command,
                            readings
                                .iter()
                                .map(|r| format!("`{r}`"))
                                .collect::<Vec<_>>()
                                .join(" or ")
                        ),
                    );
                    return None;
                }
                // Commands of the views above are looked for, but not
                // `undo` ones (NE40E configuration guide, Intelligent
                // Rollback).
                keywords::Resolution::Unknown if is_undo(&typed) => break,
                keywords::Resolution::Unknown => {}
            }
        }
        if let Some(head) = abbreviated_head(&typed) {
            self.diagnose(
                line,
                format!(
                    "peerlint cannot tell which command `{}` stands for here (`{head}` begins `{}`); it is read as typed",
                    prompt.command,
                    READ_HEADS
                        .iter()
                        .filter(|h| h.starts_with(&head.to_ascii_lowercase()))
                        .copied()
                        .collect::<Vec<_>>()
                        .join("`, `")
                ),
            );
        }
        Some(as_typed(tokens, current))
    }

    /// Leaving the system view (`quit` there, `return` anywhere). With
    /// changes waiting for `commit`, VRP8 asks whether to commit them
    /// (`… commit them before exiting? [Y(yes)/N(no)/C(cancel)]:`): `Y`
    /// commits, `N` discards, `C` stays in the view. When the transcript
    /// shows no answer, the changes are taken as not committed.
    fn leave(
        &mut self,
        candidate: &mut Candidate,
        line: &RawLine<'a>,
        output: &[RawLine<'a>],
        next: Option<&lexer::Prompt<'a>>,
    ) -> Left {
        let answer = exit_answer(output);
        if candidate.pending.is_empty() && answer.is_none() {
            return Left::Left;
        }
        // Still at a system prompt: the user cancelled.
        let stayed = next.is_some_and(|n| n.system) && answer != Some('y') && answer != Some('n');
        match answer {
            Some('y') => candidate.pending.clear(),
            Some('c') => return Left::Stayed,
            _ if stayed => return Left::Stayed,
            Some('n') => self.discard(candidate, line, "answering N discards"),
            _ => self.discard(
                candidate,
                line,
                "leaving the system view without an answer to VRP's question whether to commit leaves uncommitted",
            ),
        }
        Left::Left
    }

    /// Drops what waits for `commit`, with a note at the line that did.
    fn discard(&mut self, candidate: &mut Candidate, line: &RawLine<'a>, how: &str) {
        let n = candidate.pending.len();
        if n == 0 {
            return;
        }
        let from = self.tree.commands[candidate.pending[0] as usize].line;
        candidate.dropped.append(&mut candidate.pending);
        self.diagnose(
            line,
            format!("{how} the {n} command(s) typed since line {from}; VRP does not apply them"),
        );
    }

    fn diagnose(&mut self, line: &RawLine<'a>, message: String) {
        self.tree.diagnostics.push(Diagnostic {
            start: line.start as u32,
            end: (line.start + line.text.len()) as u32,
            line: line.number,
            message,
        });
    }

    /// Takes commands out of the tree, with every command inside them.
    fn drop_commands(&mut self, dropped: &[u32]) {
        if dropped.is_empty() {
            return;
        }
        let commands = std::mem::take(&mut self.tree.commands);
        let mut gone = vec![false; commands.len()];
        for &d in dropped {
            gone[d as usize] = true;
        }
        // New positions; parents come before their children.
        let mut moved: Vec<Option<u32>> = vec![None; commands.len()];
        for (i, mut cmd) in commands.into_iter().enumerate() {
            let parent = cmd.parent.map(|p| moved[p as usize]);
            if gone[i] || parent == Some(None) {
                continue;
            }
            cmd.parent = parent.flatten();
            moved[i] = Some(self.tree.commands.len() as u32);
            self.tree.commands.push(cmd);
        }
    }
}

/// A typed command as read: its tokens, its words with incomplete keywords
/// written out, and the level of the open views it runs at (0: the system
/// view; the number of open views: the current one).
struct Typing<'a> {
    command: &'a str,
    tokens: Vec<lexer::RawToken<'a>>,
    words: Vec<&'a str>,
    keywords: Vec<Option<&'static str>>,
    level: usize,
}

/// The first words of the commands peerlint reads in a transcript: a word
/// that only begins one of them, in a command the table does not know, is
/// worth a note.
const READ_HEADS: &[&str] = &[
    "as-number",
    "bgp",
    "confederation",
    "group",
    "interface",
    "ip",
    "ipv4-family",
    "ipv6",
    "ipv6-family",
    "peer",
    "quit",
    "return",
    "sysname",
    "undo",
    "vpn-instance",
];

/// The word of a typed command that begins a first word peerlint reads
/// without being one (after `undo`).
fn abbreviated_head<'t>(typed: &[keywords::Typed<'t>]) -> Option<&'t str> {
    let begins = |w: &str| {
        let w = w.to_ascii_lowercase();
        !READ_HEADS.contains(&w.as_str()) && READ_HEADS.iter().any(|h| h.starts_with(&w))
    };
    let head = typed.first()?.text;
    if is_undo(typed) {
        return typed.get(1).map(|t| t.text).filter(|w| begins(w));
    }
    begins(head).then_some(head)
}

/// Whether a typed command begins with `undo` or a beginning of it.
fn is_undo(typed: &[keywords::Typed<'_>]) -> bool {
    typed
        .first()
        .is_some_and(|t| t.text.len() >= 2 && "undo".starts_with(&t.text.to_ascii_lowercase()))
}

/// The view of the command table that the open views up to `level` stand
/// for (0: the system view); `None` for a view the table does not list.
fn table_view(stack: &[(u32, Vec<&str>)], level: usize) -> Option<keywords::View> {
    use keywords::View;
    if level == 0 {
        return Some(View::System);
    }
    let top = stack.get(level - 1)?.1.as_slice();
    let parent = level.checked_sub(2).map(|i| stack[i].1.as_slice());
    let family =
        |w: &str| w.ends_with("-family") || w.contains("-flow") || w.ends_with("labeled-unicast");
    match (parent, top) {
        (None, ["interface", ..]) => Some(View::Interface),
        (None, ["ip", "vpn-instance", ..]) => Some(View::VpnInstance),
        (Some(["ip", "vpn-instance", ..]), ["ipv4-family" | "ipv6-family", ..]) => {
            Some(View::VpnInstanceFamily)
        }
        (None, ["bgp", _, "instance", ..]) => Some(View::BgpMulti),
        (None, ["bgp", ..]) => Some(View::Bgp),
        (
            Some(["bgp", _, "instance", ..]),
            ["vpn-instance", ..] | ["ipv4-family" | "ipv6-family", "vpn-instance", ..],
        ) => Some(View::BgpMultiVrf),
        (Some(["bgp", ..]), ["vpn-instance", ..]) if level == 2 => Some(View::BgpVpn),
        (Some(["bgp", ..]), ["ipv4-family" | "ipv6-family", "vpn-instance", ..]) if level == 2 => {
            Some(View::BgpVrfFamily)
        }
        (Some(["bgp", ..]), [f, ..]) if level == 2 && family(f) => Some(View::BgpFamily),
        _ => None,
    }
}

/// VRP8's two-phase commit as a transcript shows it (NE40E configuration
/// guide, Configuring the Two-Phase Validation Mode): in the system view
/// entered by `system-view`, whose prompts carry `~` or `*`, typed commands
/// wait in a candidate configuration until `commit`. VRP5's prompts and
/// VRP8's `system-view immediately` carry no mark: there, commands apply as
/// they are typed.
#[derive(Default)]
struct Candidate {
    /// Commands typed since the last commit.
    pending: Vec<u32>,
    /// Commands a `commit trial` applied until a `commit` confirms them.
    trial: Vec<u32>,
    /// Commands never applied.
    dropped: Vec<u32>,
}

/// Whether a command that leaves the system view did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Left {
    Left,
    Stayed,
}

/// The answer typed to VRP's question whether to commit before leaving
/// (`[Y(yes)/N(no)/C(cancel)]:`, asked again as `[Y/N/C]:`), lower-cased:
/// after the question on its line, or alone on the next.
fn exit_answer(output: &[RawLine<'_>]) -> Option<char> {
    const QUESTIONS: [&str; 2] = ["[Y(yes)/N(no)/C(cancel)]", "[Y/N/C]"];
    let (i, rest) = output.iter().enumerate().rev().find_map(|(i, l)| {
        QUESTIONS
            .iter()
            .find_map(|q| l.text.rfind(q).map(|at| &l.text[at + q.len()..]))
            .map(|rest| (i, rest))
    })?;
    let rest = rest.trim_start_matches(':').trim();
    let typed = if rest.is_empty() {
        output.get(i + 1).map(|l| l.text.trim())?
    } else {
        rest
    };
    typed
        .chars()
        .next()
        .map(|c| c.to_ascii_lowercase())
        .filter(|c| matches!(c, 'y' | 'n' | 'c'))
}

/// Commands typed in a transcript that do not change the configuration.
fn is_operational(head: &str) -> bool {
    const HEADS: &[&str] = &[
        "commit",
        "save",
        "screen-length",
        "ping",
        "tracert",
        "reset",
        "refresh",
        "clear",
        "terminal",
        "language-mode",
        "compare",
        "check",
        "abort",
    ];
    HEADS.contains(&head) || (head.len() >= 3 && "display".starts_with(head))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree as `line: words (parent line)` rows.
    fn shape(text: &str) -> Vec<String> {
        let tree = parse(text);
        tree.commands
            .iter()
            .map(|c| {
                let parent = c.parent.map(|p| tree.commands[p as usize].line);
                format!(
                    "{} {:?} <- {:?}",
                    c.line,
                    tree.words(text, c).join(" "),
                    parent
                )
            })
            .collect()
    }

    fn parent_words(text: &str, needle: &str) -> Option<String> {
        let tree = parse(text);
        let c = tree
            .commands
            .iter()
            .find(|c| tree.words(text, c).join(" ") == needle)
            .unwrap_or_else(|| panic!("{needle} not found in {:#?}", shape(text)));
        c.parent
            .map(|p| tree.words(text, &tree.commands[p as usize]).join(" "))
    }

    #[test]
    fn indentation_makes_views() {
        let text = "bgp 100\n peer 1.1.1.1 as-number 200\n #\n ipv4-family vpn-instance A\n  peer 2.2.2.2 as-number 300\n#\nreturn\n";
        assert_eq!(
            parent_words(text, "peer 1.1.1.1 as-number 200").as_deref(),
            Some("bgp 100")
        );
        assert_eq!(
            parent_words(text, "peer 2.2.2.2 as-number 300").as_deref(),
            Some("ipv4-family vpn-instance A")
        );
        assert_eq!(parse(text).kind, InputKind::Config);
    }

    #[test]
    fn bgp_goes_on_after_a_column_zero_separator() {
        let text = "bgp 100\n ipv4-family vpn-instance a\n  peer 10.1.1.1 as-number 65410\n#\n ipv4-family vpn-instance b\n  peer 10.2.1.1 as-number 65420\n#\n sftp server enable\n";
        assert_eq!(
            parent_words(text, "ipv4-family vpn-instance b").as_deref(),
            Some("bgp 100")
        );
        assert_eq!(parent_words(text, "sftp server enable"), None);
    }

    #[test]
    fn vrp5_globals_with_a_leading_space() {
        let text = "\r\n[V200R003C00]\r\n#\r\n sysname PE66\r\n ftp server enable\r\n#\r\nportal local-server load x.zip\r\n#\r\n drop illegal-mac alarm\r\n#\r\nreturn\0";
        assert_eq!(parent_words(text, "sysname PE66"), None);
        assert_eq!(parent_words(text, "ftp server enable"), None);
        assert_eq!(parent_words(text, "drop illegal-mac alarm"), None);
    }

    #[test]
    fn indented_bgp_after_separator_keeps_its_peers() {
        let text = "interface LoopBack1\n ip address 1.1.1.1 255.255.255.255\n#\n bgp 100\n peer 10.1.1.1 as-number 100\n #\n ipv4-family unicast\n  peer 10.1.1.1 enable\n#\n";
        assert_eq!(parent_words(text, "bgp 100"), None);
        assert_eq!(
            parent_words(text, "peer 10.1.1.1 as-number 100").as_deref(),
            Some("bgp 100")
        );
        assert_eq!(
            parent_words(text, "ipv4-family unicast").as_deref(),
            Some("bgp 100")
        );
    }

    #[test]
    fn unindented_address_stays_in_its_interface() {
        let text = "interface Gigabitethernet0/1/0\n undo shutdown\nip address 10.1.1.1 255.255.255.252\n#\n";
        assert_eq!(
            parent_words(text, "ip address 10.1.1.1 255.255.255.252").as_deref(),
            Some("interface Gigabitethernet0/1/0")
        );
    }

    #[test]
    fn transcript_views_come_from_commands() {
        let text = "<HUAWEI> system-view\n[~HUAWEI] ip vpn-instance vpn1\n[*HUAWEI-vpn-instance-vpn1] ipv4-family\n[*HUAWEI-vpn-instance-vpn1-af-ipv4] quit\n[*HUAWEI-vpn-instance-vpn1] quit\n[*HUAWEI] bgp 100\n[*HUAWEI-bgp] vpn-instance vpn1\n[*HUAWEI-bgp-instance-vpn1] group test\n[*HUAWEI-bgp-instance-vpn1] peer test connect-only\n[*HUAWEI-bgp-instance-vpn1] ipv4-family vpn-instance vpn1\n[*HUAWEI-bgp-vpn1] peer test enable\n[*HUAWEI-bgp-vpn1] commit\n";
        let tree = parse(text);
        assert_eq!(tree.kind, InputKind::Transcript);
        assert_eq!(
            parent_words(text, "peer test connect-only").as_deref(),
            Some("vpn-instance vpn1")
        );
        assert_eq!(
            parent_words(text, "vpn-instance vpn1").as_deref(),
            Some("bgp 100")
        );
        assert_eq!(
            parent_words(text, "ipv4-family vpn-instance vpn1").as_deref(),
            Some("bgp 100")
        );
        assert_eq!(
            parent_words(text, "peer test enable").as_deref(),
            Some("ipv4-family vpn-instance vpn1")
        );
        assert!(!shape(text).iter().any(|r| r.contains("commit")));
    }

    #[test]
    fn refused_commands_are_dropped() {
        let text = "[R1] bgp 100\n[R1-bgp] peer 1.1.1.1 listen-onl\n              ^\nError: Unrecognized command found at '^' position.\n[R1-bgp] peer 1.1.1.1 listen-only\n";
        let rows = shape(text);
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert!(rows[1].contains("listen-only\""));
    }

    /// The commands a transcript applies, as their words.
    fn applied(text: &str) -> Vec<String> {
        let tree = parse(text);
        tree.commands
            .iter()
            .map(|c| tree.words(text, c).join(" "))
            .collect()
    }

    const VRP8_HEAD: &str = "<R>system-view\n[~R]bgp 100\n[*R-bgp]peer 10.0.0.2 as-number 200\n[*R-bgp]commit\n[~R-bgp]peer 10.0.0.2 listen-only\n";

    #[test]
    fn vrp8_changes_apply_when_committed() {
        let committed = format!("{VRP8_HEAD}[*R-bgp]commit\n[~R-bgp]return\n<R>\n");
        assert_eq!(
            applied(&committed),
            [
                "bgp 100",
                "peer 10.0.0.2 as-number 200",
                "peer 10.0.0.2 listen-only"
            ]
        );
        assert!(parse(&committed).diagnostics.is_empty());
        // Y at the question on leaving commits too; so does a `~` prompt
        // (nothing uncommitted), however the commit happened.
        for tail in [
            "[*R-bgp]return\nWarning: Uncommitted configurations found. Are you sure to commit them before exiting? [Y(yes)/N(no)/C(cancel)]:y\n<R>\n",
            "[*R-bgp]return\nWarning: Uncommitted configurations found, commit them before exiting? [Y(yes)/N(no)/C(cancel)]:\nY\n<R>\n",
            "[~R-bgp]quit\n[~R]\n",
        ] {
            assert_eq!(applied(&format!("{VRP8_HEAD}{tail}")).len(), 3, "{tail}");
        }
    }

    #[test]
    fn vrp8_changes_never_committed_are_not_applied() {
        for (tail, says) in [
            (
                "[*R-bgp]abort\n[~R]\n",
                "`abort` discards the 1 command(s) typed since line 5",
            ),
            (
                "[*R-bgp]clear configuration candidate\n[~R]\n",
                "`clear configuration candidate` discards",
            ),
            (
                "[*R-bgp]return\nWarning: Uncommitted configurations found. Are you sure to commit them before exiting? [Y(yes)/N(no)/C(cancel)]:n\n<R>\n",
                "answering N discards",
            ),
            (
                "[*R-bgp]return\nWarning: Uncommitted configurations found, commit them before exiting? [Y(yes)/N(no)/C(cancel)]:\nError: Please choose 'YES', 'NO' or 'CANCEL' first before pressing 'Enter'. [Y/N/C]:N\n<R>\n",
                "answering N discards",
            ),
            ("[*R-bgp]return\n<R>\n", "without an answer"),
            ("[*R-bgp]quit\n[*R]quit\n<R>\n", "without an answer"),
            ("", "never committed"),
        ] {
            let text = format!("{VRP8_HEAD}{tail}");
            assert_eq!(
                applied(&text),
                ["bgp 100", "peer 10.0.0.2 as-number 200"],
                "{tail}"
            );
            let tree = parse(&text);
            assert_eq!(tree.diagnostics.len(), 1, "{tail}");
            assert!(
                tree.diagnostics[0].message.contains(says),
                "{tail}: {}",
                tree.diagnostics[0].message
            );
        }
    }

    #[test]
    fn cancelling_the_question_stays_in_the_view() {
        let text = format!(
            "{VRP8_HEAD}[*R-bgp]return\nWarning: Uncommitted configurations found. Are you sure to commit them before exiting? [Y(yes)/N(no)/C(cancel)]:c\n[*R-bgp]peer 10.0.0.2 connect-only\n[*R-bgp]commit\n"
        );
        assert_eq!(
            applied(&text),
            [
                "bgp 100",
                "peer 10.0.0.2 as-number 200",
                "peer 10.0.0.2 listen-only",
                "peer 10.0.0.2 connect-only"
            ]
        );
        assert_eq!(
            parent_words(&text, "peer 10.0.0.2 connect-only").as_deref(),
            Some("bgp 100")
        );
    }

    #[test]
    fn vrp5_and_immediate_mode_apply_at_once() {
        for text in [
            "<R>system-view\n[R]bgp 100\n[R-bgp]peer 10.0.0.2 as-number 200\n[R-bgp]return\n<R>\n",
            "<R>system-view immediately\n[R]bgp 100\n[R-bgp]peer 10.0.0.2 as-number 200\n",
        ] {
            assert_eq!(applied(text), ["bgp 100", "peer 10.0.0.2 as-number 200"]);
            assert!(parse(text).diagnostics.is_empty());
        }
    }

    #[test]
    fn incomplete_keywords_are_written_out() {
        let text = "<R>sys\n[R]int g0/0/1\n[R-GigabitEthernet0/0/1]ip add 10.0.0.1 30\n[R-GigabitEthernet0/0/1]q\n[R]bgp 100\n[R-bgp]pe 10.0.0.2 as-n 200\n[R-bgp]un pe 10.0.0.2 listen-o\n[R-bgp]ipv4-family vpn-ins A\n[R-bgp-A]pe 10.1.0.2 as-n 300\n";
        assert_eq!(
            applied(text),
            [
                "interface g0/0/1",
                "ip address 10.0.0.1 30",
                "bgp 100",
                "peer 10.0.0.2 as-number 200",
                "undo peer 10.0.0.2 listen-only",
                "ipv4-family vpn-instance A",
                "peer 10.1.0.2 as-number 300"
            ]
        );
        assert_eq!(
            parent_words(text, "peer 10.1.0.2 as-number 300").as_deref(),
            Some("ipv4-family vpn-instance A")
        );
        assert!(
            parse(text).diagnostics.is_empty(),
            "{:?}",
            parse(text).diagnostics
        );
    }

    #[test]
    fn commands_of_a_view_above_run_there() {
        // Typed in the BGP view, `int` and `sysn` are system-view commands:
        // VRP runs them there and stays there. `undo` commands do not go up.
        let text = "[R]bgp 100\n[R-bgp]int g0/0/2\n[R-GigabitEthernet0/0/2]ip add 10.0.0.5 30\n[R-GigabitEthernet0/0/2]sysn R2\n[R2]bgp 100\n[R2-bgp]peer 10.0.0.6 as-number 200\n";
        assert_eq!(parent_words(text, "interface g0/0/2"), None);
        assert_eq!(parent_words(text, "sysname R2"), None);
        assert_eq!(
            parent_words(text, "peer 10.0.0.6 as-number 200").as_deref(),
            Some("bgp 100")
        );
    }

    #[test]
    fn ambiguous_and_unknown_abbreviations_are_named() {
        // `d`: display, delete, dir… whatever follows; VRP refuses it.
        let text = "[R]bgp 100\n[R-bgp]pe 10.0.0.2 as-n 200\n[R-bgp]pe 10.0.0.2 l\n";
        let tree = parse(text);
        assert_eq!(applied(text), ["bgp 100", "peer 10.0.0.2 as-number 200"]);
        assert_eq!(tree.diagnostics.len(), 1, "{:?}", tree.diagnostics);
        assert!(
            tree.diagnostics[0]
                .message
                .starts_with("VRP refuses `pe 10.0.0.2 l`: it could be"),
            "{}",
            tree.diagnostics[0].message
        );
        // A command the table does not know, beginning like one peerlint
        // reads: read as typed, with a note.
        let text = "[R]bgp 100\n[R-bgp]pe 10.0.0.2 frobnicate\n";
        let tree = parse(text);
        assert_eq!(tree.diagnostics.len(), 1, "{:?}", tree.diagnostics);
        assert!(
            tree.diagnostics[0]
                .message
                .contains("cannot tell which command")
        );
    }

    #[test]
    fn capture_takes_the_display_output_only() {
        let text = "Info: The max number of VTY users is 10.\n<CE1>display current-configuration\n#\n sysname CE1\n#\nbgp 65001\n peer 10.0.0.1 as-number 100\n#\nreturn\n<CE1>system-view\n[CE1]bgp 65001\n[CE1-bgp]peer 10.0.0.1 listen-only\n";
        let tree = parse(text);
        assert_eq!(tree.kind, InputKind::Capture);
        let rows = shape(text);
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert!(!rows.iter().any(|r| r.contains("listen-only")));
    }

    #[test]
    fn pager_marks_are_removed_whatever_the_log_kept_of_the_erasing() {
        for erase in [
            "\u{1b}[42D                                          \u{1b}[42D",
            "[42D                                          [42D",
            "\u{8}\u{8}\u{8}\u{8}                \u{8}\u{8}\u{8}\u{8}",
            "                                          ",
        ] {
            let text =
                format!("<R>dis cur\n#\nbgp 1\n  ---- More ----{erase} peer 1.1.1.1 as-number 2\n");
            assert_eq!(
                parent_words(&text, "peer 1.1.1.1 as-number 2").as_deref(),
                Some("bgp 1"),
                "{erase:?}"
            );
        }
    }

    #[test]
    fn pager_marks_are_removed() {
        let text = "<R>dis cur\n#\nbgp 1\n  ---- More ----\u{1b}[42D                                          \u{1b}[42D peer 1.1.1.1 as-number 2\n";
        assert_eq!(
            parent_words(text, "peer 1.1.1.1 as-number 2").as_deref(),
            Some("bgp 1")
        );
    }

    /// The commands a filtered parse keeps, each as its words.
    fn kept_rows(text: &str, keep: &dyn Fn(&[&str]) -> Keep) -> Vec<String> {
        let tree = parse_with(text, keep);
        tree.commands
            .iter()
            .map(|c| tree.words(text, c).join(" "))
            .collect()
    }

    #[test]
    fn refused_blocks_are_skipped() {
        let text = "sysname R\n#\nacl number 3000\n rule 5 permit ip\n#\n sysname R2\n#\nbgp 1\n peer 1.1.1.1 as-number 2\n";
        let rows = kept_rows(text, &|w| match w {
            ["acl", ..] => Keep::Nothing,
            _ => Keep::All,
        });
        assert_eq!(
            rows,
            [
                "sysname R",
                "sysname R2",
                "bgp 1",
                "peer 1.1.1.1 as-number 2"
            ]
        );
    }

    #[test]
    fn filtered_blocks_keep_only_the_lines_asked_for() {
        // Block A keeps no line, so it is left out whole; in B, a refused
        // line takes the lines indented below it along; of V, only its
        // opening line is kept.
        let text = "interface A\n port x\n#\ninterface B\n port z\n ip address 1.1.1.1 24\n  deeper\n undo ip address\n stp\n   ip address 2.2.2.2 24\n#\nip vpn-instance V\n ipv4-family\n  route-distinguisher 1:1\n#\nbgp 1\n peer 1.1.1.2 as-number 2\n";
        let tree = parse_with(text, &|w| match w {
            ["interface", ..] => Keep::Lines(|c| c.starts_with("ip") || c.starts_with("undo")),
            ["ip", "vpn-instance", ..] => Keep::Header,
            _ => Keep::All,
        });
        let rows: Vec<String> = tree
            .commands
            .iter()
            .map(|c| {
                let parent = c.parent.map_or(String::new(), |p| {
                    tree.words(text, &tree.commands[p as usize]).join(" ")
                });
                format!("{} <- {parent}", tree.words(text, c).join(" "))
            })
            .collect();
        assert_eq!(
            rows,
            [
                "interface B <- ",
                "ip address 1.1.1.1 24 <- interface B",
                "deeper <- ip address 1.1.1.1 24",
                "undo ip address <- interface B",
                "ip vpn-instance V <- ",
                "bgp 1 <- ",
                "peer 1.1.1.2 as-number 2 <- bgp 1",
            ]
        );
    }

    #[test]
    fn a_refused_command_only_refuses_commands_with_its_first_words() {
        // `x y z` is refused, `x y zz` and `x y` are not: each line after a
        // refused one is judged on its own first words.
        let text = "x y z 1\nx y z 2\n sub\nx y zz 3\nx y z\nx y\nx\ty z 4\n";
        let rows = kept_rows(text, &|w| match w {
            ["x", "y", "z"] => Keep::Nothing,
            _ => Keep::All,
        });
        assert_eq!(rows, ["x y zz 3", "x y"]);
    }

    #[test]
    fn token_offsets_point_into_the_text() {
        let text = "bgp 100\r\n group \"a b\" external\r\n";
        let tree = parse(text);
        let g = &tree.commands[1];
        let toks = tree.tokens(g);
        assert_eq!(&text[toks[1].range()], "a b");
        assert_eq!(&text[toks[1].outer_range()], "\"a b\"");
        assert_eq!(
            &text[g.start as usize..g.end as usize],
            "group \"a b\" external"
        );
    }
}
