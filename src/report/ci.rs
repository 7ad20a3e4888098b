//! Formats for CI systems: GitHub workflow commands, GitLab Code Quality
//! JSON, and JUnit XML (Jenkins, Azure DevOps).

use serde_json::json;

use super::{fingerprint, locate};
use crate::Analysis;
use crate::rules::{Finding, Severity};

/// Where the other places of a finding are, for formats that hold one
/// location only.
fn related_text(analysis: &Analysis, f: &Finding) -> String {
    let places: Vec<String> = f
        .related
        .iter()
        .map(|l| {
            let loc = locate(&analysis.sources, l.span);
            format!("{}:{}: {}", loc.path, loc.line, l.message)
        })
        .collect();
    if places.is_empty() {
        String::new()
    } else {
        format!(" (see {})", places.join("; "))
    }
}

/// GitHub escapes for a workflow command's message.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// GitHub escapes for a workflow command's properties.
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `::error file=…,line=…,col=…,title=…::message`, one line per finding.
pub fn github(analysis: &Analysis) -> String {
    let mut out = String::new();
    for f in &analysis.findings {
        let loc = locate(&analysis.sources, f.primary.span);
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut message = format!("{}{}", f.message, related_text(analysis, f));
        if let Some(help) = &f.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        out.push_str(&format!(
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            gh_property(&loc.path),
            loc.line,
            loc.column,
            loc.end_line,
            loc.end_column,
            gh_property(&format!("peerlint {}", f.rule)),
            gh_data(&message)
        ));
    }
    out
}

/// GitLab Code Quality report: a JSON array of issues.
pub fn gitlab(analysis: &Analysis) -> String {
    let mut seen = std::collections::HashMap::new();
    let issues: Vec<_> = analysis
        .findings
        .iter()
        .map(|f| {
            let loc = locate(&analysis.sources, f.primary.span);
            let base = fingerprint(f.rule, &f.key);
            let n = seen.entry(base.clone()).or_insert(0usize);
            *n += 1;
            // GitLab needs fingerprints unique within a report.
            let fp = if *n == 1 { base } else { format!("{base}-{n}") };
            let severity = match f.severity {
                Severity::Error => "critical",
                Severity::Warning => "major",
                Severity::Note => "info",
            };
            json!({
                "type": "issue",
                "description": format!("{}{}", f.message, related_text(analysis, f)),
                "check_name": f.rule,
                "categories": ["Bug Risk"],
                "fingerprint": fp,
                "severity": severity,
                "location": { "path": loc.path, "lines": { "begin": loc.line, "end": loc.end_line } },
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&issues).unwrap_or_default();
    s.push('\n');
    s
}

/// Escapes text for XML, dropping characters XML 1.0 cannot hold.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: one test case per device, one failure per finding at it.
pub fn junit(analysis: &Analysis) -> String {
    let src = &analysis.sources;
    let mut cases = String::new();
    let total = analysis.network.devices.len();
    let mut failing = 0;
    let mut devices: Vec<&crate::model::Device> = analysis.network.devices.iter().collect();
    devices.sort_by(|a, b| {
        (&a.name, src.get(a.file).display.as_str())
            .cmp(&(&b.name, src.get(b.file).display.as_str()))
    });
    for d in devices {
        let path = &src.get(d.file).display;
        let failures: Vec<&Finding> = analysis
            .findings
            .iter()
            .filter(|f| f.primary.span.file == d.file)
            .collect();
        if !failures.is_empty() {
            failing += 1;
        }
        cases.push_str(&format!(
            "    <testcase name=\"{}\" classname=\"peerlint\" file=\"{}\">\n",
            xml(&d.name),
            xml(path)
        ));
        for f in failures {
            let loc = locate(src, f.primary.span);
            let mut body = format!(
                "{}:{}:{}: {}{}",
                loc.path,
                loc.line,
                loc.column,
                f.message,
                related_text(analysis, f)
            );
            if let Some(help) = &f.help {
                body.push_str(&format!("\nhelp: {help}"));
            }
            cases.push_str(&format!(
                "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                xml(f.rule),
                xml(&format!("[{}] {}", f.severity.as_str(), f.message)),
                xml(&body)
            ));
        }
        cases.push_str("    </testcase>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"peerlint\" tests=\"{total}\" failures=\"{failing}\" errors=\"0\">\n  <testsuite name=\"peerlint\" tests=\"{total}\" failures=\"{failing}\" errors=\"0\" skipped=\"0\">\n{cases}  </testsuite>\n</testsuites>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(gh_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(gh_property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(xml("<a & \"b\">\u{1b}"), "&lt;a &amp; &quot;b&quot;&gt; ");
    }
}
