//! `peerlint check --fix` and `--diff`: the findings whose repair is
//! deleting a line that has no effect (`overridden-setting`) are fixed in
//! the files themselves. Every other byte is kept: line endings, encoding,
//! permissions. A file is replaced atomically (written beside it, then
//! renamed). `--diff` shows the same change as a unified diff instead.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Analysis;

/// The lines to delete in one file: byte ranges of the file as on disk,
/// each with its 1-based line number.
pub struct FileEdit {
    pub path: PathBuf,
    pub display: String,
    pub original: Vec<u8>,
    pub lines: Vec<(usize, std::ops::Range<usize>)>,
}

impl FileEdit {
    pub fn edited(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.original.len());
        let mut at = 0;
        for (_, r) in &self.lines {
            out.extend_from_slice(&self.original[at..r.start]);
            at = r.end;
        }
        out.extend_from_slice(&self.original[at..]);
        out
    }

    /// A unified diff with no context lines.
    pub fn diff(&self) -> String {
        let mut out = format!("--- a/{0}\n+++ b/{0}\n", self.display);
        for (removed, (line, r)) in self.lines.iter().enumerate() {
            let text = String::from_utf8_lossy(&self.original[r.clone()]);
            let text = text.trim_end_matches(['\r', '\n']);
            out.push_str(&format!(
                "@@ -{line},1 +{},0 @@\n-{text}\n",
                line - removed - 1
            ));
        }
        out
    }
}

/// The whole line (with its line end) that holds byte `at`.
fn line_range(bytes: &[u8], at: usize) -> std::ops::Range<usize> {
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

/// The edits the findings call for, file by file. Files that are not UTF-8
/// (their text was decoded, so offsets differ) are left alone and named.
pub fn plan(analysis: &Analysis) -> (Vec<FileEdit>, Vec<String>) {
    let mut by_file: BTreeMap<u32, Vec<crate::source::Span>> = BTreeMap::new();
    for f in &analysis.findings {
        if let Some(span) = f.delete_line {
            by_file.entry(span.file.0).or_default().push(span);
        }
    }
    let mut edits = Vec::new();
    let mut skipped = Vec::new();
    for (file, spans) in by_file {
        let source = analysis.sources.get(crate::source::FileId(file));
        let Ok(original) = std::fs::read(&source.path) else {
            skipped.push(format!("{}: cannot be read again", source.display));
            continue;
        };
        let bom = if original.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        if std::str::from_utf8(&original[bom..]).is_err() {
            skipped.push(format!("{}: not UTF-8, left as it is", source.display));
            continue;
        }
        let mut lines: Vec<(usize, std::ops::Range<usize>)> = spans
            .iter()
            .map(|s| {
                let r = line_range(&original, s.start as usize + bom);
                let line = original[..r.start].iter().filter(|&&b| b == b'\n').count() + 1;
                (if s.line > 0 { s.line as usize } else { line }, r)
            })
            .collect();
        lines.sort_by_key(|(_, r)| r.start);
        lines.dedup_by_key(|(_, r)| r.start);
        edits.push(FileEdit {
            path: source.path.clone(),
            display: source.display.clone(),
            original,
            lines,
        });
    }
    (edits, skipped)
}

/// Writes an edited file in place: a temporary file beside it with the
/// same permissions, renamed over it.
pub fn apply(edit: &FileEdit) -> std::io::Result<()> {
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
    fn deletes_whole_lines_keeping_line_ends() {
        let text = b"a\r\n b\r\n c\r\nd";
        assert_eq!(line_range(text, 4), 3..7);
        assert_eq!(line_range(text, 12), 11..12);
        let e = FileEdit {
            path: "x".into(),
            display: "x".into(),
            original: text.to_vec(),
            lines: vec![(2, 3..7)],
        };
        assert_eq!(e.edited(), b"a\r\n c\r\nd");
        assert_eq!(e.diff(), "--- a/x\n+++ b/x\n@@ -2,1 +1,0 @@\n- b\n");
    }
}
