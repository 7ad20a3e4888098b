//! Finding input files, reading and decoding them, and turning byte offsets into
//! lines and columns. Nothing here knows about VRP.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range in one source file. Every finding points at spans, so that
/// any report can show the exact line of the exact file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
    /// The 1-based line the span starts on, when the stage that made it
    /// knew (0 otherwise): tables that show only lines need no re-read.
    pub line: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span::at(file, start, end, 0)
    }

    pub fn at(file: FileId, start: usize, end: usize, line: u32) -> Span {
        Span {
            file,
            start: start as u32,
            end: end as u32,
            line,
        }
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Reads a file on disk again into the text the pipeline saw (decoded).
/// Used when a finding in it is shown.
pub type Loader = fn(&Path) -> String;

/// Makes a text safe to show (secrets masked). It must work line by line:
/// screening one line gives that line of the screened file, with the same
/// byte length, so offsets and line numbers never depend on it.
pub type Screen = fn(String) -> String;

/// One input file. Its text is held only while it is parsed, or when it is
/// given in memory; a report that shows a finding re-reads it.
#[derive(Debug)]
pub struct SourceFile {
    pub id: FileId,
    /// The path as found on disk.
    pub path: PathBuf,
    /// The path as users see it in reports: relative to the current folder
    /// when the file lies below it, with `/` separators.
    pub display: String,
    /// The text as parsed.
    raw: OnceLock<String>,
    /// The text as shown, when it differs from `raw`.
    shown: OnceLock<String>,
    lines: OnceLock<LineIndex>,
    loader: Option<Loader>,
    screen: Option<Screen>,
}

impl SourceFile {
    /// The file's text as shown (screened), re-read on first use when it is
    /// not held. Only reports that print configuration lines need it.
    pub fn text(&self) -> &str {
        match self.screen {
            Some(screen) => self.shown.get_or_init(|| screen(self.raw().to_string())),
            None => self.raw(),
        }
    }

    /// The text as parsed: what offsets and lines are counted in.
    fn raw(&self) -> &str {
        self.raw
            .get_or_init(|| self.loader.map(|load| load(&self.path)).unwrap_or_default())
    }

    fn line_index(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.raw()))
    }

    /// 1-based line and column (in characters of the shown text) of a
    /// byte offset. Only the line in question is screened, never the file.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let raw = self.raw();
        let (line, start) = self.line_index().line_start(offset);
        let offset = offset.min(raw.len()).max(start);
        let before = &raw.as_bytes()[start..offset];
        if before.is_ascii() {
            return (line, before.len() + 1);
        }
        let shown = self.screened_line(start, offset);
        let col = shown
            .get(..offset - start)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        (line, col + 1)
    }

    /// The line that holds a byte offset, as shown (screened), with its
    /// 1-based number.
    pub fn shown_line(&self, offset: usize) -> (usize, String) {
        let (line, start) = self.line_index().line_start(offset);
        (line, self.screened_line(start, start))
    }

    /// The line that starts at `start`, screened (its end is the first
    /// line end at or after `from`).
    fn screened_line(&self, start: usize, from: usize) -> String {
        let raw = self.raw();
        let end = raw
            .get(from..)
            .and_then(|rest| rest.find(['\n', '\r']))
            .map_or(raw.len(), |i| from + i);
        let whole = raw.get(start..end).unwrap_or_default().to_string();
        match self.screen {
            Some(screen) => screen(whole),
            None => whole,
        }
    }

    /// The lines of the file that the byte ranges touch, as shown (each
    /// screened line by line), every other line up to the last of them
    /// emptied to its line end: line numbers stay, and a report that draws
    /// a few lines of a large file screens only those. Lines end as a
    /// terminal report counts them: LF, CRLF, CR, U+2028 and U+2029.
    pub fn excerpt(&self, ranges: &[std::ops::Range<usize>]) -> Excerpt {
        let raw = self.raw();
        let bytes = raw.as_bytes();
        // (start, end of content, end with the line end) of every line.
        let mut lines: Vec<(usize, usize, usize)> = Vec::new();
        let mut start = 0;
        let mut at = 0;
        while let Some(i) = memchr::memchr3(b'\n', b'\r', 0xE2, &bytes[at..]).map(|i| at + i) {
            let end = match bytes[i] {
                b'\n' => i + 1,
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => i + 2,
                b'\r' => i + 1,
                _ if bytes.get(i + 1) == Some(&0x80)
                    && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) =>
                {
                    i + 3
                }
                _ => {
                    at = i + 1;
                    continue;
                }
            };
            lines.push((start, i, end));
            start = end;
            at = end;
        }
        if start < bytes.len() || lines.is_empty() {
            lines.push((start, bytes.len(), bytes.len()));
        }
        let line_of = |offset: usize| {
            lines
                .partition_point(|l| l.2 <= offset)
                .min(lines.len() - 1)
        };
        let mut keep = vec![false; lines.len()];
        for r in ranges {
            let last = line_of(r.end.saturating_sub(1).max(r.start));
            for k in keep.iter_mut().take(last + 1).skip(line_of(r.start)) {
                *k = true;
            }
        }
        let last = keep.iter().rposition(|&k| k).unwrap_or(0);
        let mut text = String::new();
        let mut starts = Vec::with_capacity(last + 1);
        // Screening works on whole LF/CR lines (a secret may run across a
        // U+2028): the screened line around a shown piece, kept for the
        // next piece of the same line.
        let mut screened: Option<(usize, String)> = None;
        for (&(start, content, end), keep) in lines[..=last].iter().zip(&keep[..=last]) {
            let keep = *keep;
            starts.push((start, text.len()));
            if keep {
                let whole_start = bytes[..start]
                    .iter()
                    .rposition(|&b| b == b'\n' || b == b'\r')
                    .map_or(0, |i| i + 1);
                if screened.as_ref().is_none_or(|(s, _)| *s != whole_start) {
                    let whole_end = bytes[whole_start..]
                        .iter()
                        .position(|&b| b == b'\n' || b == b'\r')
                        .map_or(bytes.len(), |i| whole_start + i);
                    let whole = raw[whole_start..whole_end].to_string();
                    let shown = match self.screen {
                        Some(screen) => screen(whole),
                        None => whole,
                    };
                    screened = Some((whole_start, shown));
                }
                if let Some((s, shown)) = &screened {
                    text.push_str(shown.get(start - s..content - s).unwrap_or_default());
                }
            }
            text.push_str(&raw[content..end]);
        }
        Excerpt { text, starts }
    }

    /// The file stem, used as the device name when a config has no `sysname`.
    pub fn stem(&self) -> String {
        stem(&self.path)
    }
}

/// Some lines of a file as shown, the others emptied: see
/// [`SourceFile::excerpt`].
#[derive(Debug)]
pub struct Excerpt {
    pub text: String,
    /// Where each line starts in the file and in `text`.
    starts: Vec<(usize, usize)>,
}

impl Excerpt {
    /// A byte offset of the file as an offset of the excerpt (an offset in
    /// an emptied line goes to its line's start).
    pub fn map(&self, offset: usize) -> usize {
        if self.starts.first().is_none_or(|s| offset < s.0) {
            return 0;
        }
        let i = self.starts.partition_point(|s| s.0 <= offset).max(1) - 1;
        let (old, new) = self.starts[i];
        let next = self.starts.get(i + 1).map_or(self.text.len(), |s| s.1);
        (new + (offset - old)).min(next)
    }
}

/// The file name without its extension.
pub fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| display_path(path))
}

/// Start offsets of every line of a text.
#[derive(Debug, Default)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 32 + 1);
        starts.push(0u32);
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // A lone CR ends a line too (old Mac exports); CRLF counts once.
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i as u32 + 1);
            }
        }
        LineIndex { starts }
    }

    /// The 1-based line of a byte offset, and the offset its line starts at.
    pub fn line_start(&self, offset: usize) -> (usize, usize) {
        let line = match self
            .starts
            .binary_search(&(offset.min(u32::MAX as usize) as u32))
        {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        (line + 1, self.starts[line] as usize)
    }
}

/// All files of one run.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
    /// A hash of each file's text as it was read, when asked for (`check
    /// --fix` compares it before it writes).
    hashes: Vec<Option<u64>>,
}

/// A hash of a text, to tell whether a file changed since it was read.
pub fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

impl SourceMap {
    /// A map with room for this many files.
    pub fn with_capacity(files: usize) -> SourceMap {
        SourceMap {
            files: Vec::with_capacity(files),
            hashes: Vec::new(),
        }
    }

    /// Records the hash of a file's text as it was read.
    pub fn set_hash(&mut self, id: FileId, hash: u64) {
        let i = id.0 as usize;
        if self.hashes.len() <= i {
            self.hashes.resize(i + 1, None);
        }
        self.hashes[i] = Some(hash);
    }

    /// The hash of a file's text as it was read, when recorded.
    pub fn hash(&self, id: FileId) -> Option<u64> {
        self.hashes.get(id.0 as usize).copied().flatten()
    }

    /// Adds a file whose text is held in memory, already fit to show.
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        let id = self.push(path, None, None);
        let _ = self.files[id.0 as usize].raw.set(text);
        id
    }

    /// Adds a file whose text `loader` reads again when it is needed, and
    /// `screen` makes fit to show.
    pub fn add_lazy(&mut self, path: PathBuf, loader: Loader, screen: Screen) -> FileId {
        self.push(path, Some(loader), Some(screen))
    }

    /// Reads the files with these ids in parallel, ahead of a report that
    /// points into them.
    pub fn preload(&self, ids: impl IntoIterator<Item = FileId>) {
        use rayon::prelude::*;
        let mut ids: Vec<FileId> = ids.into_iter().collect();
        ids.sort_unstable();
        ids.dedup();
        ids.par_iter().for_each(|&id| {
            self.get(id).line_index();
        });
    }

    fn push(
        &mut self,
        mut path: PathBuf,
        loader: Option<Loader>,
        screen: Option<Screen>,
    ) -> FileId {
        let id = FileId(self.files.len() as u32);
        path.shrink_to_fit();
        let mut display = display_path(&path);
        display.shrink_to_fit();
        self.files.push(SourceFile {
            id,
            display,
            path,
            raw: OnceLock::new(),
            shown: OnceLock::new(),
            lines: OnceLock::new(),
            loader,
            screen,
        });
        id
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    pub fn text(&self, span: Span) -> &str {
        self.get(span.file)
            .text()
            .get(span.range())
            .unwrap_or_default()
    }
}

/// A problem with the input itself (as opposed to a finding about the network).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", display_path(&self.path), self.message)
    }
}

/// Extensions of files that hold device configurations. Files without an
/// extension (Oxidized and RANCID backups) are taken too.
pub const CONFIG_EXTENSIONS: &[&str] = &["cfg", "conf", "txt", "log", "vrp"];

/// Files every repository holds that are never a device's configuration,
/// by name without extension, compared case-insensitively: left out
/// unread. The pre-commit hook's `exclude` pattern lists the same names.
pub const NOT_CONFIGURATION_NAMES: &[&str] = &[
    "AUTHORS",
    "CHANGELOG",
    "CHANGES",
    "CODEOWNERS",
    "CONTRIBUTING",
    "CONTRIBUTORS",
    "COPYING",
    "Dockerfile",
    "GNUmakefile",
    "Jenkinsfile",
    "LICENCE",
    "LICENSE",
    "MAINTAINERS",
    "Makefile",
    "NOTICE",
    "OWNERS",
    "README",
    "Vagrantfile",
    "requirements",
];

/// Whether a file's name says it is no configuration (`LICENSE`,
/// `README.txt`, `Makefile`).
pub fn is_not_configuration_name(path: &Path) -> bool {
    path.file_stem().is_some_and(|stem| {
        NOT_CONFIGURATION_NAMES
            .iter()
            .any(|n| stem.as_encoded_bytes().eq_ignore_ascii_case(n.as_bytes()))
    })
}

/// A file that may hold a device's configuration: one of
/// [`CONFIG_EXTENSIONS`], or a name that is no file type: none at all, or a
/// host name or address (`ce2.example.net`, `10.60.9.9`: Oxidized and
/// RANCID name backups after the node).
fn is_config_like(path: &Path) -> bool {
    let Some(ext) = path.extension() else {
        return true;
    };
    let ext = ext.as_encoded_bytes();
    // File types a host name never ends in.
    const TYPES: &[&str] = &[
        "gz", "bz2", "xz", "zst", "tgz", "zip", "tar", "7z", "rar", "json", "yaml", "yml", "toml",
        "xml", "html", "htm", "css", "js", "ts", "md", "rst", "py", "rb", "pl", "sh", "go", "rs",
        "c", "h", "java", "png", "jpg", "jpeg", "gif", "svg", "pdf", "doc", "docx", "xls", "xlsx",
        "csv", "bak", "orig", "swp", "lock", "bin", "exe", "so", "dll",
    ];
    let host_name = path
        .file_stem()
        .is_some_and(|stem| stem.as_encoded_bytes().contains(&b'.'))
        && !TYPES.iter().any(|t| ext.eq_ignore_ascii_case(t.as_bytes()));
    CONFIG_EXTENSIONS
        .iter()
        .any(|known| ext.eq_ignore_ascii_case(known.as_bytes()))
        || host_name
        || ext.iter().all(u8::is_ascii_digit)
}

/// Expands the paths a user gave into the list of config files, sorted and
/// without duplicates. A path named explicitly is taken whatever its
/// extension; a folder is walked for config-like files, skipping hidden
/// entries. Paths that cannot be read are returned as errors; the rest is
/// still collected.
pub fn collect_files(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<InputError>) {
    collect_files_filtered(inputs, &|_| true)
}

/// Like [`collect_files`], keeping only the walked files `keep` accepts
/// (files named explicitly are always kept).
pub fn collect_files_filtered(
    inputs: &[PathBuf],
    keep: &dyn Fn(&Path) -> bool,
) -> (Vec<PathBuf>, Vec<InputError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        let meta = match std::fs::metadata(input) {
            Ok(m) => m,
            Err(e) => {
                errors.push(InputError {
                    path: input.clone(),
                    message: io_message(&e),
                });
                continue;
            }
        };
        if meta.is_file() {
            files.push(input.clone());
            continue;
        }
        let first_error = errors.len();
        let walker = ignore::WalkBuilder::new(input)
            .hidden(true)
            .follow_links(true)
            .git_global(false)
            .build();
        for entry in walker {
            match entry {
                Ok(e) => {
                    let is_file = e.file_type().is_some_and(|t| t.is_file());
                    if is_file && is_config_like(e.path()) && keep(e.path()) {
                        files.push(e.into_path());
                    }
                }
                // A symbolic link that points back up the tree is walked
                // once; the loop itself is not an input error.
                Err(e) if is_loop(&e) => {}
                Err(e) => errors.push(walk_error(input, e)),
            }
        }
        // The walk's own order is the file system's.
        errors[first_error..].sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    }
    (sorted_paths(files), errors)
}

/// Paths in `Path` order without repeats (the first of equal paths
/// stays). Sorted once here, not folder by folder as they are walked, and
/// through keys made once per path: comparing two paths splits both into
/// components again at every comparison.
fn sorted_paths(files: Vec<PathBuf>) -> Vec<PathBuf> {
    let keys: Vec<Vec<u8>> = files.iter().map(|p| order_key(p)).collect();
    // The files of one folder share a long start (the folder's path):
    // comparisons begin after it, on the first 16 bytes held as one
    // integer, and look further only on a tie.
    let shared = keys.first().map_or(0, |first| {
        keys.iter().fold(first.len(), |n, k| {
            n.min(k.iter().zip(first).take_while(|(a, b)| a == b).count())
        })
    });
    let head = |k: &[u8]| {
        let mut bytes = [0u8; 16];
        let rest = &k[shared..];
        let n = rest.len().min(16);
        bytes[..n].copy_from_slice(&rest[..n]);
        u128::from_be_bytes(bytes)
    };
    let mut order: Vec<(u128, usize)> = keys.iter().map(|k| head(k)).zip(0..).collect();
    order.sort_unstable_by(|&(ha, a), &(hb, b)| {
        ha.cmp(&hb)
            .then_with(|| keys[a][shared..].cmp(&keys[b][shared..]))
            .then(a.cmp(&b))
    });
    let mut order: Vec<usize> = order.into_iter().map(|(_, i)| i).collect();
    order.dedup_by(|a, b| keys[*a] == keys[*b]);
    let mut slots: Vec<Option<PathBuf>> = files.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// Bytes that compare as the path's components do: each component as its
/// kind (in `Component` order), its bytes and a NUL, which no path holds
/// and which sorts a component before the longer names it begins. (Windows
/// drive prefixes compare by their text here, a consistent order too.)
fn order_key(path: &Path) -> Vec<u8> {
    use std::path::Component;
    let mut key = Vec::with_capacity(path.as_os_str().len() + 8);
    for c in path.components() {
        key.push(match c {
            Component::Prefix(_) => 1,
            Component::RootDir => 2,
            Component::CurDir => 3,
            Component::ParentDir => 4,
            Component::Normal(_) => 5,
        });
        key.extend_from_slice(c.as_os_str().as_encoded_bytes());
        key.push(0);
    }
    key
}

fn is_loop(e: &ignore::Error) -> bool {
    match e {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => is_loop(err),
        _ => false,
    }
}

fn walk_error(input: &Path, e: ignore::Error) -> InputError {
    match e {
        ignore::Error::WithPath { path, err } => InputError {
            message: walk_error(&path, *err).message,
            path,
        },
        ignore::Error::WithDepth { err, .. } => walk_error(input, *err),
        ignore::Error::Io(io) => InputError {
            path: input.to_path_buf(),
            message: io_message(&io),
        },
        other => InputError {
            path: input.to_path_buf(),
            message: other.to_string(),
        },
    }
}

/// What reading a file gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Read {
    Text(String),
    /// Not a configuration: too many control bytes (an image, an archive,
    /// a compiled program).
    Binary,
}

/// Reads a file and decodes it (see [`decode`]).
pub fn read_text(path: &Path) -> Result<Read, InputError> {
    Ok(match read_with(path, &mut Vec::new(), str::to_string)? {
        Some(text) => Read::Text(text),
        None => Read::Binary,
    })
}

/// Reads a file into `buf` (a buffer the caller keeps from file to file, so
/// that reading a network allocates nothing per file) and hands its text to
/// `f`; `None` for a binary file. UTF-8 text is used in place.
pub fn read_with<R>(
    path: &Path,
    buf: &mut Vec<u8>,
    f: impl FnOnce(&str) -> R,
) -> Result<Option<R>, InputError> {
    let len = std::fs::File::open(path)
        .and_then(|mut file| fill(&mut file, buf))
        .map_err(|e| InputError {
            path: path.to_path_buf(),
            message: match e
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<TooLarge>())
            {
                Some(big) => big.to_string(),
                None => io_message(&e),
            },
        })?;
    let bytes = &buf[..len];
    if is_binary(bytes) {
        return Ok(None);
    }
    if encoding_rs::Encoding::for_bom(bytes).is_none()
        && let Ok(text) = simdutf8::basic::from_utf8(bytes)
    {
        return Ok(Some(f(text)));
    }
    Ok(Some(f(&decode(bytes))))
}

/// The largest file peerlint reads: a span holds 32-bit byte offsets.
pub const MAX_FILE: u64 = u32::MAX as u64;

/// A file over [`MAX_FILE`] bytes.
#[derive(Debug)]
pub struct TooLarge(pub u64);

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the file is {} bytes, over the 4 GiB peerlint reads (its positions are 32-bit byte offsets); split it, one device per file",
            self.0
        )
    }
}

impl std::error::Error for TooLarge {}

/// Reads a whole file into the front of `buf` and returns its length. The
/// buffer keeps its length from file to file (zeroed once, when it grows),
/// and the file is read until it ends: no size query and no seek per file,
/// two system calls fewer than `read_to_end`. A file that outgrows 64 MiB
/// has its size asked once, and one over [`MAX_FILE`] is refused before it
/// is read.
fn fill(file: &mut std::fs::File, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    use std::io::Read as _;
    let mut filled = 0;
    let mut sized = false;
    loop {
        if filled >= 64 << 20 && !sized {
            sized = true;
            let len = file.metadata()?.len();
            if len > MAX_FILE {
                return Err(std::io::Error::other(TooLarge(len)));
            }
        }
        if filled as u64 > MAX_FILE {
            return Err(std::io::Error::other(TooLarge(filled as u64)));
        }
        if filled == buf.len() {
            let grown = (buf.len() * 2).max(64 * 1024);
            buf.resize(grown, 0);
        }
        match file.read(&mut buf[filled..]) {
            Ok(0) => return Ok(filled),
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// A file is binary when over a tenth of its first 8 KiB are control bytes
/// other than blanks and line ends. A stray NUL (eNSP ends its exports with
/// one) does not make a configuration binary; UTF-16 text is recognised by
/// its byte order mark first.
pub fn is_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return false;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    // Text has no NUL but perhaps a trailing one; count only when needed.
    if memchr::memchr(0, sample).is_none_or(|i| i + 16 >= bytes.len()) {
        return false;
    }
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    control * 10 > sample.len().max(20)
}

/// Decodes a configuration: UTF-8 (a byte order mark is dropped), UTF-16
/// with a byte order mark (Windows exports), else GB18030, the superset of
/// the GBK that Chinese descriptions on Huawei gear are written in. Bytes
/// that fit none become U+FFFD; a file is never refused for its encoding.
pub fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return text.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Renders a path for reports: relative to the current folder when below
/// it, always with `/`.
pub fn display_path(path: &Path) -> String {
    static CWD: OnceLock<Option<PathBuf>> = OnceLock::new();
    let cwd = CWD.get_or_init(|| std::env::current_dir().ok());
    let rel = cwd
        .as_ref()
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(path);
    let s = rel.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s);
    if s.contains('\\') {
        s.replace('\\', "/")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn an_excerpt_keeps_line_numbers_and_offsets_of_the_lines_it_shows() {
        // LF, CRLF, CR and U+2028 end lines; a secret on a shown line is
        // masked, one on an emptied line is gone.
        let text = "a 1\npassword cipher s3cret\r\nb 2\rc 3\u{2028}d 4\n peer x password cipher k3y\ne 5\n peer y password cipher TOP\u{2028}HIDDEN\n";
        let mut map = SourceMap::default();
        let id = map.add_lazy(
            PathBuf::from("t"),
            |_| String::new(),
            crate::syntax::secrets::mask,
        );
        let _ = map.files[id.0 as usize].raw.set(text.to_string());
        let f = map.get(id);
        let at = |s: &str| text.find(s).unwrap();
        let e = f.excerpt(&[at("c 3")..at("c 3") + 3, at("peer")..at("peer") + 4]);
        // Lines 1 to 6 (the last shown), 2 and 3 and 5 emptied.
        assert_eq!(e.text, "\n\r\n\rc 3\u{2028}\n peer x password cipher ***\n");
        assert_eq!(&e.text[e.map(at("c 3"))..e.map(at("c 3")) + 3], "c 3");
        assert_eq!(&e.text[e.map(at("peer"))..e.map(at("peer")) + 6], "peer x");
        assert!(!e.text.contains("s3cret") && !e.text.contains("k3y"));
        // A secret across a U+2028 is masked on both sides.
        let hidden = at("HIDDEN")..at("HIDDEN") + 2;
        let e = f.excerpt(std::slice::from_ref(&hidden));
        assert!(
            e.text.ends_with(&format!("{}\n", "*".repeat(6))),
            "{:?}",
            e.text
        );
        assert!(!e.text.contains("HIDDEN"));
    }

    use super::*;

    /// A file held in memory, as `analyze_texts` adds them.
    fn held(text: &str) -> SourceMap {
        let mut map = SourceMap::default();
        map.add(PathBuf::from("d.cfg"), text.to_string());
        map
    }

    #[test]
    fn line_col_counts_crlf_once_and_lone_cr() {
        let map = held("a\r\nbc\rd\ne");
        let file = map.get(FileId(0));
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(3), (2, 1));
        assert_eq!(file.line_col(4), (2, 2));
        assert_eq!(file.line_col(6), (3, 1));
        assert_eq!(file.line_col(8), (4, 1));
    }

    /// A screen that shows every non-ASCII character as one `*` per byte.
    fn stars(text: String) -> String {
        text.chars()
            .map(|c| {
                if c.is_ascii() {
                    c.to_string()
                } else {
                    "*".repeat(c.len_utf8())
                }
            })
            .collect()
    }

    #[test]
    fn columns_count_the_shown_line_and_lines_the_read_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.cfg");
        std::fs::write(&path, "é\r\nkey 密码 peer\n").unwrap();
        let mut map = SourceMap::default();
        let id = map.add_lazy(path, |p| std::fs::read_to_string(p).unwrap(), stars);
        let file = map.get(id);
        map.preload([id]);
        // `peer` starts at byte 15 of the file: line 2, after 4 + 6 + 1
        // shown characters (the two Chinese characters show as six stars).
        assert_eq!(file.line_col(15), (2, 12));
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.text(), "**\r\nkey ****** peer\n");
    }

    #[test]
    fn columns_are_characters() {
        let map = held("é peer");
        assert_eq!(map.get(FileId(0)).line_col(3), (1, 3));
    }

    #[test]
    fn decodes_boms_utf16_and_gbk() {
        assert_eq!(decode(b"\xEF\xBB\xBFsysname A"), "sysname A");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("sysname B".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&utf16), "sysname B");
        // `description 北京` in GBK.
        assert_eq!(decode(b"description \xB1\xB1\xBE\xA9"), "description 北京");
    }

    #[test]
    fn binary_files_are_told_apart() {
        assert!(!is_binary(b"sysname A\r\n#\r\nreturn\0"));
        assert!(is_binary(
            b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0\x01\0\0\0"
        ));
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("sysname B".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert!(!is_binary(&utf16));
    }

    #[test]
    fn config_like_extensions() {
        assert!(is_config_like(Path::new("PE1.cfg")));
        assert!(is_config_like(Path::new("PE1")));
        assert!(is_config_like(Path::new("x/PE1.TXT")));
        assert!(!is_config_like(Path::new("expected.yaml")));
        assert!(!is_config_like(Path::new("SOURCE.md")));
    }

    proptest::proptest! {
        #[test]
        fn paths_sort_as_path_orders_them(
            parts in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec!["a", "a.b", "ab", "b", ".", "..", "", "a-", "é", "configuration-backup-1", "configuration-backup-10", "configuration-backup-2"]),
                    0..5,
                ),
                0..12,
            ),
            absolute in proptest::collection::vec(proptest::bool::ANY, 12),
        ) {
            let files: Vec<PathBuf> = parts
                .iter()
                .zip(&absolute)
                .map(|(p, &abs)| PathBuf::from(format!("{}{}", if abs { "/" } else { "" }, p.join("/"))))
                .collect();
            let mut want = files.clone();
            want.sort();
            want.dedup();
            let got = sorted_paths(files);
            // Equal paths may differ in their bytes (`a//b`, `a/b`): compare
            // as paths, and check the first of equals stayed.
            proptest::prop_assert_eq!(&got, &want);
            let raw = |v: &[PathBuf]| v.iter().map(|p| p.as_os_str().to_owned()).collect::<Vec<_>>();
            proptest::prop_assert_eq!(raw(&got), raw(&want));
        }
    }
}
