//! `--format json`: one object with the findings, notices, unreadable paths
//! and a summary. The shape is documented in the README.

use serde::Serialize;

use super::{Location, Summary, fingerprint, locate, summary};
use crate::Analysis;

#[derive(Serialize)]
struct Related {
    #[serde(flatten)]
    location: Location,
    message: String,
}

/// A change on one device that repairs a finding.
#[derive(Serialize)]
struct JsonChange<'a> {
    device: &'a str,
    /// Views to enter from the system view, outermost first.
    views: &'a [String],
    commands: &'a [String],
    alternative: Option<Box<JsonChange<'a>>>,
}

impl<'a> JsonChange<'a> {
    /// The first change, with the others as its alternatives in turn.
    fn of(changes: &[&'a crate::rules::Change]) -> Option<JsonChange<'a>> {
        let (first, rest) = changes.split_first()?;
        Some(JsonChange {
            device: &first.device,
            views: &first.views,
            commands: &first.commands,
            alternative: JsonChange::of(rest).map(Box::new),
        })
    }
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    primary: Related,
    related: Vec<Related>,
    fix: Option<&'a str>,
    change: Option<JsonChange<'a>>,
    /// Text edits of the files that repair the finding.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    edits: Vec<JsonEdit<'a>>,
    fingerprint: String,
}

/// A range of a file and the text to put in its place.
#[derive(Serialize)]
struct JsonEdit<'a> {
    #[serde(flatten)]
    location: Location,
    text: &'a str,
}

#[derive(Serialize)]
struct JsonNotice<'a> {
    #[serde(flatten)]
    location: Location,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonError {
    path: String,
    message: String,
}

#[derive(Serialize)]
struct Output<'a> {
    version: &'a str,
    findings: Vec<JsonFinding<'a>>,
    notices: Vec<JsonNotice<'a>>,
    errors: Vec<JsonError>,
    /// Files left out because they are binary.
    skipped: Vec<String>,
    /// With `--state`: captured rows for peers the configurations do not
    /// have.
    #[serde(skip_serializing_if = "Option::is_none")]
    unmatched_rows: Option<Vec<JsonRow<'a>>>,
    summary: Summary,
}

/// A row of a `display bgp peer` capture.
#[derive(Serialize)]
struct JsonRow<'a> {
    #[serde(flatten)]
    location: Location,
    device: &'a str,
    vrf: &'a str,
    peer: String,
    state: &'a str,
}

pub fn render(analysis: &Analysis) -> String {
    let src = &analysis.sources;
    let findings = analysis
        .findings
        .iter()
        .map(|f| JsonFinding {
            rule: f.rule,
            severity: f.severity.as_str(),
            message: &f.message,
            primary: Related {
                location: locate(src, f.primary.span),
                message: f.primary.message.clone(),
            },
            related: f
                .related
                .iter()
                .map(|l| Related {
                    location: locate(src, l.span),
                    message: l.message.clone(),
                })
                .collect(),
            fix: f.help.as_deref(),
            change: JsonChange::of(&f.changes().collect::<Vec<_>>()),
            edits: f
                .edits(crate::rules::Applicability::DisplayOnly)
                .flat_map(|(_, edits)| edits)
                .filter_map(|e| match e {
                    crate::rules::Edit::Replace(span, text) => Some(JsonEdit {
                        location: locate(src, *span),
                        text,
                    }),
                    crate::rules::Edit::DeleteLine(_) => None,
                })
                .collect(),
            fingerprint: fingerprint(f.rule, &f.key),
        })
        .collect();
    let out = Output {
        version: env!("CARGO_PKG_VERSION"),
        findings,
        notices: analysis
            .notices
            .iter()
            .map(|n| JsonNotice {
                location: locate(src, n.span),
                message: &n.message,
            })
            .collect(),
        errors: analysis
            .input_errors
            .iter()
            .map(|e| JsonError {
                path: crate::source::display_path(&e.path),
                message: e.message.clone(),
            })
            .collect(),
        skipped: analysis
            .skipped
            .iter()
            .map(|s| crate::source::display_path(&s.path))
            .collect(),
        unmatched_rows: analysis.network.state.as_ref().map(|o| {
            o.unmatched
                .iter()
                .map(|&r| {
                    let row = &o.rows[r as usize];
                    JsonRow {
                        location: locate(src, row.span),
                        device: &row.host,
                        vrf: &row.vrf,
                        peer: row.addr.to_string(),
                        state: row.state.name(),
                    }
                })
                .collect()
        }),
        summary: summary(analysis),
    };
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_default();
    s.push('\n');
    s
}
