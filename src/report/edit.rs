//! `peerlint check --fix` and `--diff`: the findings whose repair is an
//! edit of the file are fixed in the files themselves. Safe edits delete a
//! line that has no effect (`overridden-setting`); with `--unsafe-fixes`,
//! edits that change what the device does are made too (a misspelt group
//! name written the way the group is). Every other byte is kept: line
//! endings, encoding, permissions. A file is replaced atomically (written
//! beside it, then renamed). `--diff` shows the same change as a unified
//! diff instead.

use crate::rules::{Applicability, Edit};
use std::collections::BTreeMap;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::Analysis;

/// One change of a file: a byte range of the file as on disk and what
/// takes its place (nothing, for a deleted line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The 1-based line the range starts on.
    pub line: usize,
    pub range: Range<usize>,
    pub text: String,
}

/// The changes to one file, in order, none overlapping.
pub struct FileEdit {
    pub path: PathBuf,
    pub display: String,
    pub original: Vec<u8>,
    pub changes: Vec<Change>,
}

impl FileEdit {
    pub fn edited(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.original.len());
        let mut at = 0;
        for c in &self.changes {
            out.extend_from_slice(&self.original[at..c.range.start]);
            out.extend_from_slice(c.text.as_bytes());
            at = c.range.end;
        }
        out.extend_from_slice(&self.original[at..]);
        out
    }

    /// A unified diff with three lines of context, as `git apply` and
    /// `patch` take it. Lines are what git counts as lines (ended by LF,
    /// their CR kept as text); a last line without a line end is marked so.
    pub fn diff(&self) -> String {
        const CONTEXT: usize = 3;
        let orig = &self.original;
        // Git's lines: byte ranges ended by LF (the last may have none).
        let mut lines: Vec<Range<usize>> = Vec::new();
        let mut start = 0;
        for (i, &b) in orig.iter().enumerate() {
            if b == b'\n' {
                lines.push(start..i + 1);
                start = i + 1;
            }
        }
        if start < orig.len() {
            lines.push(start..orig.len());
        }
        let line_at = |at: usize| lines.partition_point(|l| l.end <= at);
        // Each changed line with its new text (empty: deleted).
        let mut changed: Vec<(usize, Vec<u8>)> = Vec::new();
        for same in self
            .changes
            .chunk_by(|a, b| line_at(a.range.start) == line_at(b.range.start))
        {
            let k = line_at(same[0].range.start);
            let Some(whole) = lines.get(k).cloned() else {
                continue;
            };
            let mut new = Vec::new();
            let mut at = whole.start;
            for c in same {
                let end = c.range.end.min(whole.end).max(at);
                new.extend_from_slice(&orig[at..c.range.start.max(at).min(end)]);
                new.extend_from_slice(c.text.as_bytes());
                at = end;
            }
            new.extend_from_slice(&orig[at..whole.end]);
            changed.push((k, new));
        }
        let mut out = format!("--- a/{0}\n+++ b/{0}\n", self.display);
        let push_line = |out: &mut String, mark: char, bytes: &[u8]| {
            out.push(mark);
            out.push_str(&String::from_utf8_lossy(bytes));
            if !bytes.ends_with(b"\n") {
                out.push_str("\n\\ No newline at end of file\n");
            }
        };
        let mut offset: isize = 0;
        let mut i = 0;
        while i < changed.len() {
            let mut j = i;
            while j + 1 < changed.len() && changed[j + 1].0 - changed[j].0 <= 2 * CONTEXT + 1 {
                j += 1;
            }
            let first = changed[i].0.saturating_sub(CONTEXT);
            let last = (changed[j].0 + CONTEXT + 1).min(lines.len());
            let mut body = String::new();
            let (mut old_n, mut new_n) = (0isize, 0isize);
            let mut next = i;
            for (k, range) in lines.iter().enumerate().take(last).skip(first) {
                let line = &orig[range.clone()];
                old_n += 1;
                if next <= j && changed[next].0 == k {
                    push_line(&mut body, '-', line);
                    let new = &changed[next].1;
                    if !new.is_empty() {
                        push_line(&mut body, '+', new);
                        new_n += 1;
                    }
                    next += 1;
                } else {
                    push_line(&mut body, ' ', line);
                    new_n += 1;
                }
            }
            let old_start = first + 1;
            let new_start = (first as isize + 1 + offset).max(0) as usize;
            let new_start = if new_n == 0 {
                new_start.saturating_sub(1)
            } else {
                new_start
            };
            out.push_str(&format!(
                "@@ -{old_start},{old_n} +{new_start},{new_n} @@\n"
            ));
            out.push_str(&body);
            offset += new_n - old_n;
            i = j + 1;
        }
        out
    }

    /// How many lines the edit deletes or changes.
    pub fn lines(&self) -> usize {
        let mut lines: Vec<usize> = self.changes.iter().map(|c| c.line).collect();
        lines.dedup();
        lines.len()
    }
}

/// The whole line (with its line end) that holds byte `at`.
fn line_range(bytes: &[u8], at: usize) -> Range<usize> {
    let at = at.min(bytes.len());
    let start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1);
    let mut end = bytes[at..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(bytes.len(), |i| at + i);
    if end < bytes.len() {
        end += if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
            2
        } else {
            1
        };
    }
    start..end
}

/// The 1-based line of byte `at`: LF, CRLF and lone CR each end a line.
fn line_of(bytes: &[u8], at: usize) -> usize {
    let before = &bytes[..at.min(bytes.len())];
    let lone_cr = |i: usize| before[i] == b'\r' && before.get(i + 1) != Some(&b'\n');
    1 + (0..before.len())
        .filter(|&i| before[i] == b'\n' || lone_cr(i))
        .count()
}

/// The edits the findings call for, file by file: the safe ones, and with
/// `unsafe_fixes` the ones that change what a device does. Files that are
/// not UTF-8 (their text was decoded, so offsets differ) are left alone
/// and named.
pub fn plan(analysis: &Analysis, unsafe_fixes: bool) -> (Vec<FileEdit>, Vec<String>) {
    type Wanted = (Vec<crate::source::Span>, Vec<(crate::source::Span, String)>);
    let mut by_file: BTreeMap<u32, Wanted> = BTreeMap::new();
    let up_to = if unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    for f in &analysis.findings {
        for (_, edits) in f.edits(up_to) {
            for edit in edits {
                match edit {
                    Edit::DeleteLine(span) => by_file.entry(span.file.0).or_default().0.push(*span),
                    Edit::Replace(span, text) => {
                        let wanted = by_file.entry(span.file.0).or_default();
                        wanted.1.push((*span, text.clone()));
                    }
                }
            }
        }
    }
    let mut edits = Vec::new();
    let mut skipped = Vec::new();
    for (file, (deletions, replacements)) in by_file {
        let source = analysis.sources.get(crate::source::FileId(file));
        let Ok(original) = std::fs::read(&source.path) else {
            skipped.push(format!("{}: cannot be read again", source.display));
            continue;
        };
        // The findings' positions are in the text as it was read: a file
        // that changed since is not touched.
        if let Some(read) = analysis.sources.hash(source.id)
            && crate::source::text_hash(&crate::source::decode(&original)) != read
        {
            skipped.push(format!(
                "{}: differs from the text peerlint checked (it changed since it was read, or the text came from standard input), left as it is",
                source.display
            ));
            continue;
        }
        let bom = if original.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        if std::str::from_utf8(&original[bom..]).is_err() {
            skipped.push(format!("{}: not UTF-8, left as it is", source.display));
            continue;
        }
        let mut changes: Vec<Change> = deletions
            .iter()
            .map(|s| {
                let range = line_range(&original, s.start as usize + bom);
                Change {
                    line: line_of(&original, range.start),
                    range,
                    text: String::new(),
                }
            })
            .collect();
        let deleted: Vec<Range<usize>> = changes.iter().map(|c| c.range.clone()).collect();
        for (span, text) in replacements {
            let range = span.start as usize + bom..span.end as usize + bom;
            // A line that goes needs no other change.
            if range.end > original.len()
                || deleted
                    .iter()
                    .any(|d| d.start <= range.start && range.end <= d.end)
            {
                continue;
            }
            changes.push(Change {
                line: line_of(&original, range.start),
                range,
                text,
            });
        }
        changes.sort_by_key(|c| (c.range.start, c.range.end));
        changes.dedup_by(|b, a| a.range.start == b.range.start);
        // Two changes of one byte range cannot both be made.
        changes.dedup_by(|b, a| b.range.start < a.range.end);
        edits.push(FileEdit {
            path: source.path.clone(),
            display: super::root_path(&analysis.sources, source.id),
            original,
            changes,
        });
    }
    (edits, skipped)
}

/// Writes an edited file in place: a temporary file beside it with the
/// same permissions, renamed over it. A file that no longer holds the text
/// the edit was planned on (changed since it was read) is left untouched,
/// and the error says so.
pub fn apply(edit: &FileEdit) -> std::io::Result<()> {
    if std::fs::read(&edit.path)? != edit.original {
        return Err(std::io::Error::other(
            "it changed since peerlint read it; it is left as it is (run again)",
        ));
    }
    let dir = edit
        .path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(&edit.edited())?;
    tmp.as_file().sync_all()?;
    let perms = std::fs::metadata(&edit.path)?.permissions();
    std::fs::set_permissions(tmp.path(), perms)?;
    tmp.persist(&edit.path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_keep_three_lines_of_context_and_merge_when_close() {
        let text: String = (1..=20).map(|i| format!("l{i}\n")).collect();
        let at = |n: usize| {
            let start = text.find(&format!("l{n}\n")).unwrap();
            start..start + format!("l{n}\n").len()
        };
        let e = FileEdit {
            path: PathBuf::from("x"),
            display: "x".to_string(),
            original: text.clone().into_bytes(),
            changes: [2usize, 8, 18]
                .iter()
                .map(|&n| Change {
                    line: n,
                    range: at(n),
                    text: String::new(),
                })
                .collect(),
        };
        // Lines 2 and 8 are 5 apart: one hunk (1-11); 18 another (15-20),
        // numbered after the two deletions.
        let d = e.diff();
        assert!(d.contains("@@ -1,11 +1,9 @@\n l1\n-l2\n l3\n"), "{d}");
        assert!(
            d.contains("@@ -15,6 +13,5 @@\n l15\n l16\n l17\n-l18\n l19\n l20\n"),
            "{d}"
        );
    }

    #[test]
    fn deletes_whole_lines_keeping_line_ends() {
        let text = b"a\r\n b\r\n c\r\nd";
        assert_eq!(line_range(text, 4), 3..7);
        assert_eq!(line_range(text, 12), 11..12);
        let e = FileEdit {
            path: "x".into(),
            display: "x".into(),
            original: text.to_vec(),
            changes: vec![Change {
                line: 2,
                range: 3..7,
                text: String::new(),
            }],
        };
        assert_eq!(e.edited(), b"a\r\n c\r\nd");
        assert_eq!(
            e.diff(),
            "--- a/x\n+++ b/x\n@@ -1,4 +1,3 @@\n a\r\n- b\r\n  c\r\n d\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn replaces_within_a_line_and_numbers_hunks_after_deletions() {
        let text = b"a\n peer G x\n peer 1 group g\r\nz";
        let e = FileEdit {
            path: "x".into(),
            display: "x".into(),
            original: text.to_vec(),
            changes: vec![
                Change {
                    line: 2,
                    range: 2..12,
                    text: String::new(),
                },
                Change {
                    line: 3,
                    range: 26..27,
                    text: "G".into(),
                },
            ],
        };
        assert_eq!(e.edited(), b"a\n peer 1 group G\r\nz");
        assert_eq!(
            e.diff(),
            "--- a/x\n+++ b/x\n@@ -1,4 +1,3 @@\n a\n- peer G x\n- peer 1 group g\r\n+ peer 1 group G\r\n z\n\\ No newline at end of file\n"
        );
        assert_eq!(e.lines(), 2);
        assert_eq!(line_of(b"a\rb\r\nc\nd", 7), 4);
    }
}
