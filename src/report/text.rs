//! The default output: ariadne reports with a label at each end of a
//! session, each in its own file, and a closing summary line.

use std::collections::BTreeMap;
use std::ops::Range;

use ariadne::{Color, Config, IndexType, Label, Report, ReportKind};

use super::{summary, summary_line};
use crate::Analysis;
use crate::rules::Severity;

type SpanId = (String, Range<usize>);

pub fn render(analysis: &Analysis, color: bool) -> String {
    let src = &analysis.sources;
    // The spans each file shows: only their lines are screened and drawn.
    let mut used: BTreeMap<u32, Vec<Range<usize>>> = BTreeMap::new();
    for l in analysis
        .findings
        .iter()
        .flat_map(|f| std::iter::once(&f.primary).chain(&f.related))
    {
        used.entry(l.span.file.0).or_default().push(l.span.range());
    }
    // Built in parallel: each is one file's scan, and its few lines.
    let built: Vec<(u32, crate::source::Excerpt, String, ariadne::Source<String>)> = {
        use rayon::prelude::*;
        used.par_iter()
            .map(|(&id, ranges)| {
                let f = src.get(crate::source::FileId(id));
                let e = f.excerpt(ranges);
                let shown = super::screen_text(&e.text).into_owned();
                let source = ariadne::Source::from(shown);
                (id, e, super::printable(&f.display).into_owned(), source)
            })
            .collect()
    };
    let mut excerpts: BTreeMap<u32, crate::source::Excerpt> = BTreeMap::new();
    let mut sources = std::collections::HashMap::new();
    for (id, e, name, source) in built {
        excerpts.insert(id, e);
        sources.insert(name, source);
    }
    let mut cache = ariadne::FnCache::new(
        (|id: &String| Err(format!("no source {id}"))) as fn(&String) -> Result<String, String>,
    )
    .with_sources(sources);
    let mut out = Vec::new();
    for f in &analysis.findings {
        // File names may hold control characters too: shown escaped.
        let at = |span: crate::source::Span| -> SpanId {
            let e = &excerpts[&span.file.0];
            (
                super::printable(&src.get(span.file).display).into_owned(),
                e.map(span.start as usize)..e.map(span.end as usize),
            )
        };
        let (kind, main) = match f.severity {
            Severity::Error => (ReportKind::Error, Color::Red),
            Severity::Warning => (ReportKind::Warning, Color::Yellow),
            Severity::Note => (ReportKind::Custom("Note", Color::Cyan), Color::Cyan),
        };
        // ariadne draws one section per run of labels in one file with
        // growing lines: order the labels that way, the primary's file first.
        let mut labels: Vec<(&crate::rules::Label, bool)> = std::iter::once((&f.primary, true))
            .chain(f.related.iter().map(|l| (l, false)))
            .collect();
        let primary_file = f.primary.span.file;
        labels.sort_by_key(|(l, _)| {
            (
                l.span.file != primary_file,
                src.get(l.span.file).display.clone(),
                l.span.start,
            )
        });
        let mut report = Report::build(kind, at(f.primary.span))
            .with_config(
                Config::default()
                    .with_color(color)
                    .with_index_type(IndexType::Byte),
            )
            .with_code(f.rule)
            .with_message(super::printable(&f.message));
        for (i, (l, primary)) in labels.into_iter().enumerate() {
            report = report.with_label(
                Label::new(at(l.span))
                    .with_message(super::printable(&l.message))
                    .with_color(if primary { main } else { Color::Blue })
                    .with_order(i as i32),
            );
        }
        if let Some(help) = &f.help {
            report = report.with_help(super::printable(help));
        }
        // Writing into a Vec cannot fail; a report that ariadne cannot draw
        // still gets its one-line form below.
        if report.finish().write(&mut cache, &mut out).is_err() {
            out.extend_from_slice(
                format!("{}[{}]: {}\n", f.severity.as_str(), f.rule, f.message).as_bytes(),
            );
        }
        out.push(b'\n');
    }
    let mut text = String::from_utf8_lossy(&out).into_owned();
    if !color {
        // ariadne colours a custom kind (`Note`) whatever its
        // configuration. Every other character of the text is printable
        // (`printable` escapes what configurations hold), so an escape
        // sequence here is ariadne's.
        text = strip_colour(&text);
    }
    text.push_str(&format!("peerlint: {}\n", summary_line(&summary(analysis))));
    text
}

/// The text without its colour sequences (`ESC [ … m`).
fn strip_colour(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        match after.find('m') {
            Some(end)
                if after[..end]
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b';') =>
            {
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str("\u{1b}[");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `--output-format concise`: one line per finding, `path:line:column:
/// rule-id message`, as grep prints and editors' quickfix lists read.
pub fn concise(analysis: &Analysis) -> String {
    let mut out = String::new();
    for f in &analysis.findings {
        let loc = super::locate(&analysis.sources, f.primary.span);
        out.push_str(&format!(
            "{}:{}:{}: {} {}\n",
            super::printable(&loc.path),
            loc.line,
            loc.column,
            f.rule,
            super::printable(&f.message)
        ));
    }
    out
}

/// A byte range as a range of characters, as ariadne counts them; clamped
/// to the text, and at least one character wide where the text has one.
pub(crate) fn char_range(text: &str, bytes: Range<usize>) -> Range<usize> {
    let clamp = |mut b: usize| {
        b = b.min(text.len());
        while !text.is_char_boundary(b) {
            b -= 1;
        }
        b
    };
    let (start, end) = (clamp(bytes.start), clamp(bytes.end.max(bytes.start)));
    let s = text[..start].chars().count();
    let e = s + text[start..end].chars().count();
    let total = s + text[start..].chars().count();
    if e > s {
        s..e
    } else if s < total {
        s..s + 1
    } else {
        s.saturating_sub(1)..s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_ranges() {
        let t = "ab北京c";
        assert_eq!(char_range(t, 2..8), 2..4);
        assert_eq!(char_range(t, 9..9), 4..5);
        assert_eq!(char_range(t, 9..40), 4..5);
        assert_eq!(char_range(t, 3..4), 2..3);
        assert_eq!(char_range("", 0..1), 0..0);
    }
}
