//! `--format sarif`: SARIF 2.1.0 for code scanning. Rules come from
//! `rules/*.yaml`; each result carries the primary location, the other end
//! in `relatedLocations`, and a fingerprint that does not move with lines.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_json::{Value, json};

use super::{fingerprint, locate};
use crate::Analysis;
use crate::rules::{self, RuleMeta, Severity};
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
        "defaultConfiguration": { "level": level(m.severity) },
        "properties": { "tags": ["bgp", "huawei-vrp"], "precision": "very-high" },
    })
}

fn uri(path: &str) -> (String, bool) {
    if path.starts_with('/') {
        (format!("file://{}", utf8_percent_encode(path, PATH)), false)
    } else {
        (utf8_percent_encode(path, PATH).to_string(), true)
    }
}

fn physical(sources: &SourceMap, span: Span) -> Value {
    let loc = locate(sources, span);
    let (uri, relative) = uri(&loc.path);
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
                        "physicalLocation": physical(src, l.span),
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
                    "physicalLocation": physical(src, f.primary.span),
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
            result
        })
        .collect();
    let skipped = analysis
        .skipped
        .iter()
        .map(|p| ("note", p, "skipped, it is a binary file".to_string()));
    let notifications: Vec<Value> = analysis
        .input_errors
        .iter()
        .map(|e| ("error", &e.path, e.message.clone()))
        .chain(skipped)
        .map(|(level, p, message)| {
            let path = crate::source::display_path(p);
            let (uri, relative) = uri(&path);
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
    let root = std::env::current_dir()
        .map(|d| {
            let mut s = d.to_string_lossy().replace('\\', "/");
            if !s.ends_with('/') {
                s.push('/');
            }
            format!("file://{}", utf8_percent_encode(&s, PATH))
        })
        .unwrap_or_else(|_| "file:///".to_string());
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
            "originalUriBaseIds": { SRCROOT: { "uri": root } },
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
