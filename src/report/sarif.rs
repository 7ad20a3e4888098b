//! `--format sarif`: SARIF 2.1.0 for code scanning. Rules come from
//! `rules/*.yaml`; each result carries the primary location, the other end
//! in `relatedLocations`, and a fingerprint that does not move with lines.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_json::{Value, json};

use super::{fingerprint, locate, normalize, source_root};
use crate::Analysis;
use crate::rules::{self, RuleMeta, Severity};
use std::path::Path;

use crate::source::{SourceMap, Span};

const SRCROOT: &str = "%SRCROOT%";

/// Characters escaped in a relative URI path (everything but unreserved
/// characters, `/` and a few sub-delimiters).
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// `both-listen-only` → `BothListenOnly`.
fn camel(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn rule_descriptor(m: &RuleMeta) -> Value {
    let markdown = format!(
        "## What it does\n\n{}\n## Why is this bad?\n\n{}\n## How to fix\n\n{}",
        m.what, m.why, m.fix
    );
    json!({
        "id": m.id,
        "name": camel(&m.id),
        "shortDescription": { "text": m.title },
        "fullDescription": { "text": m.what.trim() },
        "help": { "text": format!("{}\n{}", m.why.trim(), m.fix.trim()), "markdown": markdown },
        "helpUri": format!("{}/blob/main/docs/rules/{}.md", env!("CARGO_PKG_REPOSITORY"), m.id),
        "defaultConfiguration": { "level": level(m.severity) },
        "properties": { "tags": ["bgp", "huawei-vrp"], "precision": "very-high" },
    })
}

/// A file's URI: relative to `root` under `%SRCROOT%` when inside it, else
/// an absolute `file://` URI.
fn file_uri(root: &Path, path: &Path) -> (String, bool) {
    let abs = match std::env::current_dir() {
        Ok(cwd) if path.is_relative() => normalize(&cwd.join(path)),
        _ => normalize(path),
    };
    match abs.strip_prefix(root) {
        Ok(rel) => uri(&rel
            .to_string_lossy()
            .replace(std::path::MAIN_SEPARATOR, "/")),
        Err(_) => uri(&abs
            .to_string_lossy()
            .replace(std::path::MAIN_SEPARATOR, "/")),
    }
}

fn uri(path: &str) -> (String, bool) {
    if path.starts_with('/') {
        (format!("file://{}", utf8_percent_encode(path, PATH)), false)
    } else {
        (utf8_percent_encode(path, PATH).to_string(), true)
    }
}

fn physical(sources: &SourceMap, root: &Path, span: Span) -> Value {
    let loc = locate(sources, span);
    let (uri, relative) = file_uri(root, &sources.get(span.file).path);
    let mut artifact = json!({ "uri": uri });
    if relative {
        artifact["uriBaseId"] = json!(SRCROOT);
    }
    json!({
        "artifactLocation": artifact,
        "region": {
            "startLine": loc.line,
            "startColumn": loc.column,
            "endLine": loc.end_line,
            "endColumn": loc.end_column,
        }
    })
}

pub fn render(analysis: &Analysis) -> String {
    let metas = rules::all_meta();
    let src = &analysis.sources;
    let root = source_root();
    let results: Vec<Value> = analysis
        .findings
        .iter()
        .map(|f| {
            let index = metas.iter().position(|m| m.id == f.rule);
            let related: Vec<Value> = f
                .related
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    json!({
                        "id": i + 1,
                        "physicalLocation": physical(src, &root, l.span),
                        "message": { "text": l.message },
                    })
                })
                .collect();
            let mut text = f.message.clone();
            if let Some(help) = &f.help {
                text.push_str(&format!("\nhelp: {help}"));
            }
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": physical(src, &root, f.primary.span),
                    "message": { "text": f.primary.message },
                }],
                "partialFingerprints": { "peerlintFinding/v1": fingerprint(f.rule, &f.key) },
            });
            if let Some(i) = index {
                result["ruleIndex"] = json!(i);
            }
            if !related.is_empty() {
                result["relatedLocations"] = json!(related);
            }
            let artifact = |file: crate::source::FileId| {
                let (uri, relative) = file_uri(&root, &src.get(file).path);
                let mut artifact = json!({ "uri": uri });
                if relative {
                    artifact["uriBaseId"] = json!(SRCROOT);
                }
                artifact
            };
            // Each edit remedy, its changes grouped by file.
            let fixes: Vec<Value> = f
                .edits(crate::rules::Applicability::DisplayOnly)
                .map(|(r, edits)| {
                    let mut by_file: std::collections::BTreeMap<u32, Vec<Value>> =
                        Default::default();
                    for edit in edits {
                        let (span, region) = match edit {
                            crate::rules::Edit::DeleteLine(span) => {
                                let loc = locate(src, *span);
                                (
                                    span,
                                    json!({
                                        "deletedRegion": {
                                            "startLine": loc.line,
                                            "startColumn": 1,
                                            "endLine": loc.line + 1,
                                            "endColumn": 1,
                                        },
                                    }),
                                )
                            }
                            crate::rules::Edit::Replace(span, text) => {
                                let loc = locate(src, *span);
                                (
                                    span,
                                    json!({
                                        "deletedRegion": {
                                            "startLine": loc.line,
                                            "startColumn": loc.column,
                                            "endLine": loc.end_line,
                                            "endColumn": loc.end_column,
                                        },
                                        "insertedContent": { "text": text },
                                    }),
                                )
                            }
                        };
                        by_file.entry(span.file.0).or_default().push(region);
                    }
                    let changes: Vec<Value> = by_file
                        .into_iter()
                        .map(|(file, replacements)| {
                            json!({
                                "artifactLocation": artifact(crate::source::FileId(file)),
                                "replacements": replacements,
                            })
                        })
                        .collect();
                    json!({
                        "description": { "text": r.title },
                        "artifactChanges": changes,
                    })
                })
                .collect();
            if !fixes.is_empty() {
                result["fixes"] = json!(fixes);
            }
            result
        })
        .collect();
    let skipped = analysis
        .skipped
        .iter()
        .filter(|s| s.noteworthy())
        .map(|s| ("note", &s.path, s.reason()));
    let notifications: Vec<Value> = analysis
        .input_errors
        .iter()
        .map(|e| ("error", &e.path, e.message.clone()))
        .chain(skipped)
        .map(|(level, p, message)| {
            let path = crate::source::display_path(p);
            let (uri, relative) = file_uri(&root, p);
            let mut artifact = json!({ "uri": uri });
            if relative {
                artifact["uriBaseId"] = json!(SRCROOT);
            }
            json!({
                "level": level,
                "message": { "text": format!("{path}: {message}") },
                "locations": [{ "physicalLocation": { "artifactLocation": artifact } }],
            })
        })
        .collect();
    let root_uri = {
        let mut s = root
            .to_string_lossy()
            .replace(std::path::MAIN_SEPARATOR, "/");
        if !s.ends_with('/') {
            s.push('/');
        }
        format!("file://{}", utf8_percent_encode(&s, PATH))
    };
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "peerlint",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": metas.iter().map(|m| rule_descriptor(m)).collect::<Vec<_>>(),
            }},
            "originalUriBaseIds": { SRCROOT: { "uri": root_uri } },
            "automationDetails": { "id": "peerlint/" },
            "columnKind": "unicodeCodePoints",
            "results": results,
            "invocations": [{
                "executionSuccessful": analysis.input_errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
        }],
    });
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_and_uris() {
        assert_eq!(camel("both-listen-only"), "BothListenOnly");
        assert_eq!(uri("a b/PE&1.cfg"), ("a%20b/PE&1.cfg".to_string(), true));
        assert!(!uri("/tmp/x.cfg").1);
    }
}
