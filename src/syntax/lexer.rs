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
pub fn line_iter(text: &str) -> Lines<'_> {
    Lines {
        text,
        pos: 0,
        number: 0,
        has_cr: memchr::memchr(b'\r', text.as_bytes()).is_some(),
    }
}

/// Lines of a text, with a fast way past indented blocks.
pub struct Lines<'a> {
    text: &'a str,
    /// Where the next line starts.
    pos: usize,
    /// The number of the line returned last.
    number: u32,
    /// Whether a CR can end a line: without one, only LF is looked for.
    has_cr: bool,
}

impl<'a> Iterator for Lines<'a> {
    type Item = RawLine<'a>;

    fn next(&mut self) -> Option<RawLine<'a>> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        if start >= bytes.len() {
            return None;
        }
        let rest = &bytes[start..];
        let found = if self.has_cr {
            memchr::memchr2(b'\n', b'\r', rest)
        } else {
            memchr::memchr(b'\n', rest)
        };
        let end = found.map_or(bytes.len(), |i| start + i);
        self.pos = match found {
            None => bytes.len(),
            Some(_) if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') => end + 2,
            Some(_) => end + 1,
        };
        self.number += 1;
        Some(RawLine {
            number: self.number,
            start,
            // Line ends are ASCII: both ends are character boundaries.
            text: &self.text[start..end],
        })
    }
}

impl Lines<'_> {
    /// Moves past the lines ahead that start with a blank (the body of a
    /// block nobody reads) without splitting them one by one: a scan for a
    /// line end followed by anything else, counting line ends on the way.
    pub fn skip_indented(&mut self) {
        let bytes = self.text.as_bytes();
        if !matches!(bytes.get(self.pos), Some(b' ' | b'\t')) {
            return;
        }
        let (lines, next) = indented_run(&bytes[self.pos..], self.has_cr);
        self.number += lines;
        self.pos += next;
    }
}

/// For a text that starts with a blank: how many whole lines ending in LF
/// (or CRLF) start with a blank in a row, and where the line after them
/// starts. The scan stops early at a lone CR, which ends a line too: the
/// line holding it is left to [`Lines::next`]. `has_cr` tells whether a CR
/// can occur at all.
fn indented_run(bytes: &[u8], has_cr: bool) -> (u32, usize) {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has just said it runs AVX2.
            return unsafe { avx2::indented_run(bytes, has_cr) };
        }
        // SAFETY: the target has SSE2 (every x86-64 processor does).
        unsafe { sse2::indented_run(bytes, has_cr) }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    indented_run_from(bytes, has_cr, Run::default())
}

/// How far a scan for the end of an indented run has come.
#[derive(Clone, Copy, Debug, Default)]
struct Run {
    /// Where to go on from.
    at: usize,
    /// Lines ended so far.
    lines: u32,
    /// Where the line after the last of them starts.
    line_start: usize,
}

/// [`indented_run`] one line end at a time, from where `run` stopped.
fn indented_run_from(bytes: &[u8], has_cr: bool, run: Run) -> (u32, usize) {
    let is_blank = |b: u8| b == b' ' || b == b'\t';
    let Run {
        at,
        mut lines,
        mut line_start,
    } = run;
    let mut on_line_end = |i: usize| {
        let i = at + i;
        let next = bytes.get(i + 1).copied();
        match bytes[i] {
            b'\n' => {
                lines += 1;
                line_start = i + 1;
                next.is_some_and(|n| !is_blank(n)).then_some((lines, i + 1))
            }
            // A CR before a LF: the LF ends the line.
            _ if next == Some(b'\n') => None,
            _ => Some((lines, line_start)),
        }
    };
    let rest = &bytes[at..];
    let found = if has_cr {
        memchr::memchr2_iter(b'\n', b'\r', rest).find_map(&mut on_line_end)
    } else {
        memchr::memchr_iter(b'\n', rest).find_map(&mut on_line_end)
    };
    if let Some(stop) = found {
        return stop;
    }
    // Only an unterminated last line may be left, indented too.
    if line_start < bytes.len() {
        lines += 1;
    }
    (lines, bytes.len())
}

/// The same scan, a block of bytes at a time: in a block nobody reads,
/// lines are short and a search that stops at every line end spends its
/// time starting again. The scan and its block operations are written once,
/// over the intrinsics each SIMD module below names; each module adds how
/// its per-lane counts are added up (`total`).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
macro_rules! indented_run_by_blocks {
    (
        feature: $feature:literal,
        width: $width:literal,
        block: $block:ty,
        load: $load:ident,
        equal: $cmpeq:ident,
        or: $or:ident,
        splat: $splat:ident,
        bits: $movemask:ident,
        zero: $zero:ident,
        sub: $sub:ident $(,)?
    ) => {
        type Block = $block;

        #[target_feature(enable = $feature)]
        fn load(bytes: &[u8; $width]) -> Block {
            // SAFETY: the pointer covers a block's readable bytes, and the
            // load has no alignment requirement.
            unsafe { $load(bytes.as_ptr().cast()) }
        }

        /// Each byte of a block that equals one of `of`, as all ones.
        #[target_feature(enable = $feature)]
        fn equal(block: Block, of: &[u8]) -> Block {
            let mut eq = $cmpeq(block, $splat(of[0] as i8));
            for &b in &of[1..] {
                eq = $or(eq, $cmpeq(block, $splat(b as i8)));
            }
            eq
        }

        /// A bit per byte: the top bit of each.
        #[target_feature(enable = $feature)]
        fn bits(eq: Block) -> u32 {
            $movemask(eq) as u32
        }

        #[target_feature(enable = $feature)]
        fn zero() -> Block {
            $zero()
        }

        /// Adds one to each lane that `eq` holds all ones in.
        #[target_feature(enable = $feature)]
        fn count(counts: Block, eq: Block) -> Block {
            $sub(counts, eq)
        }

        #[target_feature(enable = $feature)]
        pub(super) fn indented_run(bytes: &[u8], has_cr: bool) -> (u32, usize) {
            let mut at = 0;
            let mut lines = 0u32;
            // Line ends per byte lane, added up every 255 blocks (before a
            // lane can overflow) and at the end.
            let mut counts = zero();
            let mut blocks = 0;
            // Each block is looked at with the byte after it, so a line end
            // is always judged by what follows it.
            while let Some(window) = bytes.get(at..at + $width + 1) {
                let (here, next) = (&window[..$width], &window[1..]);
                let here = load(here.try_into().unwrap_or(&[0; $width]));
                let next = load(next.try_into().unwrap_or(&[0; $width]));
                let lf = equal(here, b"\n");
                // A LF before an unindented line ends the run; so does a
                // lone CR (left to the line splitter).
                let mut stop = bits(lf) & !bits(equal(next, b" \t"));
                if has_cr {
                    stop |= bits(equal(here, b"\r")) & !bits(equal(next, b"\n"));
                }
                if stop != 0 {
                    let k = stop.trailing_zeros();
                    let before = bits(lf) & ((1u64 << k) - 1) as u32;
                    lines += total(counts) + before.count_ones();
                    let end = at + k as usize;
                    if bytes[end] == b'\n' {
                        return (lines + 1, end + 1);
                    }
                    // A lone CR: the line holding it starts after the last LF.
                    let line_start = memchr::memrchr(b'\n', &bytes[..end]).map_or(0, |i| i + 1);
                    return (lines, line_start);
                }
                counts = count(counts, lf);
                blocks += 1;
                if blocks == 255 {
                    lines += total(counts);
                    counts = zero();
                    blocks = 0;
                }
                at += $width;
            }
            let run = super::Run {
                at,
                lines: lines + total(counts),
                line_start: memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1),
            };
            super::indented_run_from(bytes, has_cr, run)
        }
    };
}

/// 16-byte blocks: SSE2, which every x86-64 processor has.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_add_epi64, _mm_cmpeq_epi8, _mm_cvtsi128_si64, _mm_loadu_si128,
        _mm_movemask_epi8, _mm_or_si128, _mm_sad_epu8, _mm_set1_epi8, _mm_setzero_si128,
        _mm_srli_si128, _mm_sub_epi8,
    };

    indented_run_by_blocks!(
        feature: "sse2",
        width: 16,
        block: __m128i,
        load: _mm_loadu_si128,
        equal: _mm_cmpeq_epi8,
        or: _mm_or_si128,
        splat: _mm_set1_epi8,
        bits: _mm_movemask_epi8,
        zero: _mm_setzero_si128,
        sub: _mm_sub_epi8,
    );

    /// The lanes of `count` added up.
    #[target_feature(enable = "sse2")]
    fn total(counts: Block) -> u32 {
        let sums = _mm_sad_epu8(counts, _mm_setzero_si128());
        let both = _mm_add_epi64(sums, _mm_srli_si128::<8>(sums));
        _mm_cvtsi128_si64(both) as u32
    }
}

/// 32-byte blocks, on processors with AVX2 (asked at run time).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod avx2 {
    use std::arch::x86_64::{
        __m256i, _mm_add_epi64, _mm_cvtsi128_si64, _mm_srli_si128, _mm256_castsi256_si128,
        _mm256_cmpeq_epi8, _mm256_extracti128_si256, _mm256_loadu_si256, _mm256_movemask_epi8,
        _mm256_or_si256, _mm256_sad_epu8, _mm256_set1_epi8, _mm256_setzero_si256, _mm256_sub_epi8,
    };

    indented_run_by_blocks!(
        feature: "avx2",
        width: 32,
        block: __m256i,
        load: _mm256_loadu_si256,
        equal: _mm256_cmpeq_epi8,
        or: _mm256_or_si256,
        splat: _mm256_set1_epi8,
        bits: _mm256_movemask_epi8,
        zero: _mm256_setzero_si256,
        sub: _mm256_sub_epi8,
    );

    /// The lanes of `count` added up.
    #[target_feature(enable = "avx2")]
    fn total(counts: Block) -> u32 {
        let sums = _mm256_sad_epu8(counts, _mm256_setzero_si256());
        let halves = _mm_add_epi64(
            _mm256_castsi256_si128(sums),
            _mm256_extracti128_si256::<1>(sums),
        );
        let both = _mm_add_epi64(halves, _mm_srli_si128::<8>(halves));
        _mm_cvtsi128_si64(both) as u32
    }
}

pub fn is_blank_char(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\0'
}

/// [`is_blank_char`] for a byte. Blanks are ASCII, so text cut next to one
/// is cut at a character boundary.
pub(crate) fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | 0)
}

/// Where the blanks from `i` on end.
pub(crate) fn skip_blanks(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(|&b| is_blank(b)) {
        i += 1;
    }
    i
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
    // Blanks are ASCII: trimmed byte by byte, the ends stay character
    // boundaries.
    let bytes = line.as_bytes();
    let end = bytes
        .iter()
        .rposition(|&b| !is_blank(b))
        .map_or(0, |i| i + 1);
    let Some(indent) = bytes[..end].iter().position(|&b| !is_blank(b)) else {
        return LineKind::Blank;
    };
    let content = &line[indent..end];
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

/// Where the word at `i` ends: the next blank (space, tab or NUL), or the
/// end. Eight bytes are looked at a time: first words are short, and this
/// runs for each word of each command read.
pub(crate) fn word_end(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte that is zero; exact for the lowest such
    // byte (a borrow can only mark bytes above it).
    let zeros = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let blanks = zeros(w) | zeros(w ^ (ONES * 0x20)) | zeros(w ^ (ONES * 0x09));
        if blanks != 0 {
            return i + (blanks.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(|&b| !is_blank(b)) {
        i += 1;
    }
    i
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
    let bytes = input.as_bytes();
    let mut at = skip_blanks(bytes, 0);
    while at < bytes.len() {
        if bytes[at] == b'"' {
            match quoted(&input[at..]) {
                Ok((next, tok)) => {
                    out.push(tok);
                    at = skip_blanks(bytes, input.len() - next.len());
                }
                Err(_) => break,
            }
            continue;
        }
        // Blanks are ASCII, so both ends are character boundaries.
        let end = word_end(bytes, at);
        out.push(RawToken {
            text: &input[at..end],
            quoted: false,
            unterminated: false,
        });
        at = skip_blanks(bytes, end);
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
    /// VRP8's two-phase mark: `~` (nothing uncommitted) or `*` (changes
    /// wait for `commit`); `None` for a prompt without one (user view,
    /// VRP5, VRP8's immediate mode).
    pub phase: Option<char>,
}

type PromptParts<'a> = (bool, Option<char>, &'a str);

fn user_prompt(input: &str) -> IResult<&str, PromptParts<'_>> {
    delimited(char('<'), take_till1(|c| c == '>' || c == '<'), char('>'))
        .map(|inner| (false, None, inner))
        .parse(input)
}

fn system_prompt(input: &str) -> IResult<&str, PromptParts<'_>> {
    delimited(
        char('['),
        (
            opt(alt((char('~'), char('*')))),
            take_till1(|c| c == ']' || c == '['),
        ),
        char(']'),
    )
    .map(|(phase, inner)| (true, phase, inner))
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
    let (command, (system, phase, inner)) = p.parse(line).ok()?;
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
        phase,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn words_end_at_the_first_blank(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b' ', b'\t', 0, b'a', 0x80, 0x21, 0x1f, 0x08, 0xa0]),
                0..40,
            ),
            from in 0usize..40,
        ) {
            let from = from.min(bytes.len());
            let want = bytes[from..]
                .iter()
                .position(|&b| matches!(b, b' ' | b'\t' | 0))
                .map_or(bytes.len(), |p| from + p);
            proptest::prop_assert_eq!(word_end(&bytes, from), want);
        }
    }

    /// Tokens as the lexer defines them, one character at a time.
    fn tokens_by_hand(input: &str) -> Vec<(String, bool, bool)> {
        let mut out = Vec::new();
        let mut chars = input.chars().peekable();
        loop {
            while chars.peek().is_some_and(|&c| is_blank_char(c)) {
                chars.next();
            }
            let Some(first) = chars.next() else {
                return out;
            };
            if first == '"' {
                let mut text = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == '"' {
                        closed = true;
                        break;
                    }
                    text.push(c);
                }
                out.push((text, true, !closed));
            } else {
                let mut text = first.to_string();
                while let Some(&c) = chars.peek().filter(|&&c| !is_blank_char(c)) {
                    text.push(c);
                    chars.next();
                }
                out.push((text, false, false));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn tokens_split_as_defined(
            chars in proptest::collection::vec(
                proptest::sample::select(vec!['a', 'b', ' ', '\t', '\0', '"', 'é']),
                0..30,
            ),
        ) {
            let input: String = chars.into_iter().collect();
            let got: Vec<(String, bool, bool)> = tokens(&input)
                .iter()
                .map(|t| (t.text.to_string(), t.quoted, t.unterminated))
                .collect();
            proptest::prop_assert_eq!(got, tokens_by_hand(&input));
        }
    }

    #[test]
    fn splits_all_line_endings() {
        let ls = lines("a\r\nb\rc\nd");
        let texts: Vec<_> = ls.iter().map(|l| l.text).collect();
        assert_eq!(texts, ["a", "b", "c", "d"]);
        assert_eq!(ls[3].start, 7);
        assert_eq!(ls[3].number, 4);
    }

    /// The lines that do not start with a blank, as the parser sees them
    /// while it skips a block: with the fast skip, or line by line.
    fn unindented(text: &str, fast: bool) -> Vec<(u32, usize, &str)> {
        let mut lines = line_iter(text);
        let mut out = Vec::new();
        loop {
            if fast {
                lines.skip_indented();
            }
            let Some(l) = lines.next() else { break };
            if !l.text.starts_with([' ', '\t']) {
                out.push((l.number, l.start, l.text));
            }
        }
        out
    }

    #[test]
    fn skipping_indented_lines_sees_what_splitting_sees() {
        let cases = [
            " a\n b\nc\n",
            " a\r\n b\r\nc\r\n d",
            " a\r b\rc",
            " a\n\n b\n",
            " a\r\n\r\n b\r\n#\r\n",
            " x",
            " x\n",
            " x\r",
            "\t\n\n",
        ];
        for text in cases {
            assert_eq!(unindented(text, true), unindented(text, false), "{text:?}");
        }
        // Long runs cross the 64-byte chunks at every offset.
        for pad in 0..70 {
            let text = format!(
                " {}\r\n rule 5 permit ip\r\n{}\n  deep\n\tq\rZ\n{}\nend\n",
                "w".repeat(pad),
                " ".repeat(pad),
                " r\n".repeat(pad)
            );
            assert_eq!(
                unindented(&text, true),
                unindented(&text, false),
                "pad {pad}"
            );
        }
        // Runs long enough that line ends are counted in many rounds, some
        // with lines of 16 bytes, so that every line end falls in one lane.
        let runs = [
            (" rule 5 permit ip", 4000, "\r\n"),
            (" rule 5 permit ip", 9001, "\n"),
            (" rule 5 permit ip", 300, "\r"),
            (" rule 5 permit", 5000, "\r\n"),
            (" rule 5 permit!", 5000, "\n"),
        ];
        for (line, lines, end) in runs {
            let text = format!("{}{}", format!("{line}{end}").repeat(lines), "x\n");
            let seen = unindented(&text, true);
            assert_eq!(seen, unindented(&text, false), "{lines} lines");
            assert_eq!(seen.last().map(|l| l.0), Some(lines as u32 + 1));
            let bytes = text.as_bytes();
            let plain = indented_run_from(bytes, true, Run::default());
            assert_eq!(indented_run(bytes, true), plain);
            #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
            // SAFETY: every x86-64 processor has SSE2.
            assert_eq!(unsafe { sse2::indented_run(bytes, true) }, plain);
        }
    }

    proptest::proptest! {
        /// Each block scan this processor runs gives what the plain scan
        /// gives.
        #[test]
        fn every_block_scan_agrees_with_the_plain_one(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b' ', b' ', b'\t', b'\n', b'\r', b'a', b'#']),
                0..700,
            ),
            has_cr in proptest::bool::ANY,
        ) {
            let mut bytes = bytes;
            bytes.insert(0, b' ');
            if !has_cr {
                bytes.retain(|&b| b != b'\r');
            }
            let plain = indented_run_from(&bytes, has_cr, Run::default());
            proptest::prop_assert_eq!(indented_run(&bytes, has_cr), plain);
            #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
            {
                // SAFETY: every x86-64 processor has SSE2.
                proptest::prop_assert_eq!(unsafe { sse2::indented_run(&bytes, has_cr) }, plain);
                if std::is_x86_feature_detected!("avx2") {
                    // SAFETY: the processor has just said it runs AVX2.
                    proptest::prop_assert_eq!(unsafe { avx2::indented_run(&bytes, has_cr) }, plain);
                }
            }
        }

        #[test]
        fn skipping_matches_splitting_on_any_text(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b' ', b'\t', b'\n', b'\r', b'a', b'#']),
                0..400,
            )
        ) {
            let text = String::from_utf8(bytes).unwrap();
            proptest::prop_assert_eq!(unindented(&text, true), unindented(&text, false));
        }
    }

    proptest::proptest! {
        /// A line's indentation and text are what trimming blanks leaves.
        #[test]
        fn classify_trims_blanks_only(
            chars in proptest::collection::vec(
                proptest::sample::select(vec![' ', '\t', '\0', 'a', 'é', '#', '\u{a0}']),
                0..12,
            ),
        ) {
            let line: String = chars.into_iter().collect();
            let body = line.trim_end_matches(is_blank_char);
            let content = body.trim_start_matches(is_blank_char);
            let indent = body.len() - content.len();
            match classify(&line) {
                LineKind::Blank => proptest::prop_assert!(content.is_empty()),
                LineKind::Separator { indent: i } => {
                    proptest::prop_assert_eq!((i, content), (indent, "#"))
                }
                LineKind::Command { indent: i, text } => {
                    proptest::prop_assert_eq!((i, text), (indent, content))
                }
                LineKind::Comment => proptest::prop_assert!(content.starts_with('#')),
                other => proptest::prop_assert!(false, "{other:?}"),
            }
        }
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
