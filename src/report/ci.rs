//! Formats for CI systems: GitHub workflow commands, GitLab Code Quality
//! JSON, and JUnit XML (Jenkins, Azure DevOps).

use serde_json::json;

use super::{fingerprint, locate, printable, root_path};
use crate::Analysis;
use crate::rules::{Finding, Severity};

/// Where the other places of a finding are, for formats that hold one
/// location only; paths as [`root_path`] gives them.
fn related_text(analysis: &Analysis, f: &Finding) -> String {
    let places: Vec<String> = f
        .related
        .iter()
        .map(|l| {
            let loc = locate(&analysis.sources, l.span);
            format!(
                "{}:{}: {}",
                root_path(&analysis.sources, l.span.file),
                loc.line,
                l.message
            )
        })
        .collect();
    if places.is_empty() {
        String::new()
    } else {
        format!(" (see {})", places.join("; "))
    }
}

/// GitHub's escapes for a workflow command's message (the parts taken from
/// configurations are [`printable`] already).
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// GitHub escapes for a workflow command's properties.
fn gh_property(s: &str) -> String {
    gh_data(&printable(s))
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// `::error file=…,line=…,col=…,title=…::message`, one line per finding.
pub fn github(analysis: &Analysis) -> String {
    let mut out = String::new();
    for f in &analysis.findings {
        let loc = locate(&analysis.sources, f.primary.span);
        let path = root_path(&analysis.sources, f.primary.span.file);
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut message =
            printable(&format!("{}{}", f.message, related_text(analysis, f))).into_owned();
        if let Some(help) = &f.help {
            message.push_str(&format!("\nhelp: {}", printable(help)));
        }
        out.push_str(&format!(
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            gh_property(&path),
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
            let path = root_path(&analysis.sources, f.primary.span.file);
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
                "description": printable(&format!("{}{}", f.message, related_text(analysis, f))),
                "check_name": f.rule,
                "categories": ["Bug Risk"],
                "fingerprint": fp,
                "severity": severity,
                "location": { "path": path, "lines": { "begin": loc.line, "end": loc.end_line } },
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&issues).unwrap_or_default();
    s.push('\n');
    s
}

/// Escapes text for XML: markup characters as entities, line ends and
/// tabs as character references (attribute values keep them), and the other
/// control characters, which XML 1.0 cannot hold, shown escaped
/// (`\u{1b}`).
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                out.push_str(&c.escape_unicode().to_string())
            }
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML, as Jenkins, GitLab and Azure DevOps read it: one test suite
/// per file that holds a device or a finding, one test case per finding
/// (errors and warnings fail it; a note is a passing case whose text is in
/// `system-out`), and one passing case for a device without findings. Times
/// are 0: findings are not timed, and the same input gives the same bytes.
pub fn junit(analysis: &Analysis) -> String {
    let src = &analysis.sources;
    // Files in the order of their paths, each with its device's name.
    let mut files: std::collections::BTreeMap<String, (Option<&str>, Vec<&Finding>)> =
        std::collections::BTreeMap::new();
    for d in &analysis.network.devices {
        files
            .entry(root_path(src, d.file))
            .or_insert((None, Vec::new()))
            .0 = Some(d.name.as_str());
    }
    for f in &analysis.findings {
        files
            .entry(root_path(src, f.primary.span.file))
            .or_insert((None, Vec::new()))
            .1
            .push(f);
    }
    let (mut tests, mut failures) = (0usize, 0usize);
    let mut suites = String::new();
    for (path, (device, findings)) in &files {
        let name = device.map_or(path.as_str(), |d| d);
        let failing = findings
            .iter()
            .filter(|f| f.severity >= Severity::Warning)
            .count();
        let count = findings.len().max(1);
        tests += count;
        failures += failing;
        suites.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{count}\" failures=\"{failing}\" errors=\"0\" skipped=\"0\" time=\"0\" file=\"{}\">\n",
            xml(name),
            xml(path)
        ));
        if findings.is_empty() {
            suites.push_str(&format!(
                "    <testcase name=\"no findings\" classname=\"{}\" time=\"0\"/>\n",
                xml(name)
            ));
        }
        for f in findings {
            let loc = locate(src, f.primary.span);
            let mut body = format!(
                "{path}:{}:{}: {}{}",
                loc.line,
                loc.column,
                f.message,
                related_text(analysis, f)
            );
            if let Some(help) = &f.help {
                body.push_str(&format!("\nhelp: {help}"));
            }
            suites.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{}\" time=\"0\">\n",
                xml(&format!("{} at {path}:{}", f.rule, loc.line)),
                xml(name)
            ));
            if f.severity >= Severity::Warning {
                suites.push_str(&format!(
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                    xml(f.rule),
                    xml(&format!("[{}] {}", f.severity.as_str(), f.message)),
                    xml(&body)
                ));
            } else {
                suites.push_str(&format!(
                    "      <system-out>{}</system-out>\n",
                    xml(&format!("[note] {body}"))
                ));
            }
            suites.push_str("    </testcase>\n");
        }
        suites.push_str("  </testsuite>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"peerlint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" time=\"0\">\n{suites}</testsuites>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(gh_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(gh_property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(
            xml("<a & \"b\">\u{1b}\n"),
            "&lt;a &amp; &quot;b&quot;&gt;\\u{1b}&#10;"
        );
        assert_eq!(gh_data(&printable("\u{7}::x\n")), "\\u{7}::x\\u{a}");
    }
}
