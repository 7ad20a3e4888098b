//! `peerlint report -o audit.html`: one self-contained HTML file for people
//! to read (styles, the one script and the pictures inline; no request
//! leaves the page). It reads without JavaScript (the script only adds
//! sorting and filtering to the sessions table) and prints.
//!
//! The markup is also well-formed XML (every element closed, the script
//! free of `<` and `&`), so the tests read it with an XML parser. Every
//! text from a configuration goes through [`esc`]: control characters shown
//! escaped, markup characters as entities.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::picture;
use crate::Analysis;
use crate::config::FailOn;
use crate::graph::{Edge, Network, SpeakerId, Status};
use crate::rules::{Finding, Severity};

/// At most this many pictures: past it, the report says how many are left
/// out.
const MAX_PICTURES: usize = 150;

/// Text made safe for HTML: control characters shown escaped, then the
/// markup characters as entities.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in super::printable(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An anchor-safe id for a rule or device name.
fn anchor(prefix: &str, s: &str) -> String {
    let mut out = String::from(prefix);
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        } else {
            let _ = write!(out, "_{:x}", c as u32);
        }
    }
    out
}

const STYLE: &str = "
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1em 2em; color: #1f2933; line-height: 1.45; }
h1 { margin-bottom: 0.2em; }
h2 { border-bottom: 2px solid #cfd8dc; padding-bottom: 0.2em; margin-top: 2em; }
nav a { margin-right: 1.2em; }
.verdict { font-size: 1.15em; padding: 0.6em 1em; border-radius: 6px; display: inline-block; }
.verdict.fail { background: #ffebee; border: 1px solid #c62828; }
.verdict.pass { background: #e8f5e9; border: 1px solid #2e7d32; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { border: 1px solid #cfd8dc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; font-size: 0.92em; }
th { background: #eceff1; }
.cards { display: flex; flex-wrap: wrap; gap: 1em; }
.card { border: 1px solid #cfd8dc; border-radius: 6px; padding: 0.5em 1em; min-width: 9em; }
.card b { display: block; font-size: 1.6em; }
figure.picture { border: 1px solid #cfd8dc; border-radius: 6px; padding: 0.5em; margin: 1em 0; overflow-x: auto; page-break-inside: avoid; }
figure.picture svg { max-width: 100%; height: auto; }
figure.picture svg text { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
.legend span { margin-right: 1.5em; }
.up { color: #2e7d32; } .down { color: #c62828; }
article.finding { border-left: 4px solid #90a4ae; padding: 0.3em 0.9em; margin: 0.8em 0; background: #fafafa; page-break-inside: avoid; }
article.error { border-left-color: #c62828; } article.warning { border-left-color: #f9a825; } article.note { border-left-color: #0277bd; }
.sev { font-weight: bold; text-transform: uppercase; font-size: 0.8em; }
pre { background: #263238; color: #eceff1; padding: 0.4em 0.7em; border-radius: 4px; overflow-x: auto; margin: 0.2em 0; }
.loc code { font-size: 0.9em; }
tr.blocked td { background: #fff5f5; }
#sessions-filter { margin: 0.5em 0; padding: 0.3em; width: 20em; }
@media print { nav, #sessions-filter { display: none; } body { max-width: none; } }
";

/// Sorting by a click on a column's header, and a filter box; written
/// without `<` and `&` so that the page stays well-formed XML.
const SCRIPT: &str = r#"
(function () {
  var table = document.getElementById("sessions-table");
  var filter = document.getElementById("sessions-filter");
  if (!table || !filter) { return; }
  var heads = table.tHead.rows[0].cells;
  var last = -1, dir = 1;
  function sortBy(col) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    dir = (col === last) ? -dir : 1;
    last = col;
    rows.sort(function (a, b) {
      return dir * a.cells[col].textContent.localeCompare(b.cells[col].textContent, undefined, { numeric: true });
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  Array.prototype.forEach.call(heads, function (th, col) {
    th.style.cursor = "pointer";
    th.title = "sort";
    th.addEventListener("click", function () { sortBy(col); });
  });
  filter.hidden = false;
  filter.addEventListener("input", function () {
    var q = filter.value.toLowerCase();
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
      r.hidden = q === "" ? false : r.textContent.toLowerCase().indexOf(q) === -1;
    });
  });
})();
"#;

/// One picture: its title and the speakers it shows.
struct Scene {
    title: String,
    speakers: Vec<SpeakerId>,
}

/// The pictures a network gets: one per group of speakers joined by
/// sessions (a connected part of the peering graph) that is small enough
/// to read; a larger part gets one picture around each broken session
/// (its two ends and their neighbours) and one per AS and per VPN instance
/// that is small enough. The count of pictures left out comes second.
fn scenes(net: &Network) -> (Vec<Scene>, usize) {
    let max = picture::MAX_SPEAKERS;
    // Parts joined by sessions, and the speakers of one device kept
    // together (a PE's VPN instances are one picture with it).
    let mut parts = petgraph::unionfind::UnionFind::<usize>::new(net.speakers.len());
    let mut first_of_device: std::collections::HashMap<usize, SpeakerId> =
        std::collections::HashMap::new();
    for (s, sp) in net.speakers.iter().enumerate() {
        let first = *first_of_device.entry(sp.device).or_insert(s);
        parts.union(first, s);
    }
    for e in net.graph.edge_indices() {
        if let Some((x, y)) = net.graph.edge_endpoints(e) {
            parts.union(net.graph[x], net.graph[y]);
        }
    }
    let mut by_part: BTreeMap<usize, Vec<SpeakerId>> = BTreeMap::new();
    for s in 0..net.speakers.len() {
        by_part.entry(parts.find(s)).or_default().push(s);
    }
    let mut out = Vec::new();
    let mut seen: BTreeSet<Vec<SpeakerId>> = BTreeSet::new();
    let mut push = |title: String, mut speakers: Vec<SpeakerId>, out: &mut Vec<Scene>| {
        speakers.sort_unstable();
        speakers.dedup();
        if !speakers.is_empty() && speakers.len() <= max && seen.insert(speakers.clone()) {
            out.push(Scene { title, speakers });
        }
    };
    let neighbours = |s: SpeakerId| -> Vec<SpeakerId> {
        net.graph
            .neighbors(net.speakers[s].node)
            .map(|n| net.graph[n])
            .collect()
    };
    let around = |a: SpeakerId, b: Option<SpeakerId>| -> Vec<SpeakerId> {
        let mut set = vec![a];
        set.extend(b);
        let mut more: Vec<SpeakerId> = neighbours(a);
        if let Some(b) = b {
            more.extend(neighbours(b));
        }
        more.sort_unstable();
        more.dedup();
        set.extend(more.into_iter().take(max - 2));
        set
    };
    let names = |speakers: &[SpeakerId]| -> String {
        let mut devices: Vec<&str> = speakers
            .iter()
            .map(|&s| net.devices[net.speakers[s].device].name.as_str())
            .collect();
        devices.sort_unstable();
        devices.dedup();
        let shown = devices.len().min(4);
        let mut text = devices[..shown].join(", ");
        if devices.len() > shown {
            text.push_str(&format!(" and {} more devices", devices.len() - shown));
        }
        text
    };
    let mut large: Vec<Vec<SpeakerId>> = Vec::new();
    for part in by_part.into_values() {
        if part.len() >= 2 && part.len() <= max {
            push(format!("Sessions of {}", names(&part)), part, &mut out);
        } else if part.len() > max {
            large.push(part);
        }
    }
    let in_large: std::collections::HashSet<SpeakerId> = large.iter().flatten().copied().collect();
    for e in net.graph.edge_indices() {
        let Some((x, y)) = net.graph.edge_endpoints(e) else {
            continue;
        };
        let (a, b) = (net.graph[x], net.graph[y]);
        if !in_large.contains(&a) {
            continue;
        }
        let rule = match net.graph[e] {
            Edge::Session(s) => net.sessions[s].blockers.first(),
            Edge::Dynamic(d) => net.dynamic_sessions[d].blockers.first(),
        };
        if let Some(rule) = rule {
            push(
                format!(
                    "Around the session {} – {} ({})",
                    net.speaker_name(a),
                    net.speaker_name(b),
                    rule.rule()
                ),
                around(a, Some(b)),
                &mut out,
            );
        }
    }
    // A peer whose remote device has no peer back is no edge of the graph:
    // drawn around its speaker, unless its part is drawn whole.
    for (p, end) in net.peers.iter().enumerate() {
        if let Status::HalfOpen { owners } = &end.status {
            let s = end.speaker;
            let alone = neighbours(s).is_empty();
            if alone || in_large.contains(&s) {
                push(
                    format!(
                        "Around {} (half-open-session: {} has no peer back)",
                        net.describe(p),
                        net.devices[owners[0]].name
                    ),
                    around(s, None),
                    &mut out,
                );
            }
        }
    }
    let mut by_as: BTreeMap<u32, Vec<SpeakerId>> = BTreeMap::new();
    let mut by_vrf: BTreeMap<&str, Vec<SpeakerId>> = BTreeMap::new();
    for &s in &in_large {
        let sp = &net.speakers[s];
        by_as.entry(sp.local_as.0).or_default().push(s);
        let (_, scope) = net.speaker_scope(s);
        if !scope.is_public() {
            by_vrf.entry(scope.vrf.as_str()).or_default().push(s);
        }
    }
    for mut speakers in by_as.into_values().filter(|v| v.len() >= 2) {
        speakers.sort_unstable();
        let shown = net.speakers[speakers[0]].local_as;
        push(format!("AS {shown}"), speakers, &mut out);
    }
    for speakers in by_vrf.into_values().filter(|v| v.len() >= 2) {
        let vrf = net.speaker_scope(speakers[0]).1.vrf.to_string();
        push(format!("VPN instance {vrf}"), speakers, &mut out);
    }
    let left = out.len().saturating_sub(MAX_PICTURES);
    out.truncate(MAX_PICTURES);
    (out, left)
}

fn card(out: &mut String, value: impl std::fmt::Display, label: &str) {
    let _ = write!(
        out,
        "<div class=\"card\"><b>{value}</b>{}</div>",
        esc(label)
    );
}

/// The excerpt of one label: `path:line`, the line as shown (masked), and
/// what the label says.
fn excerpt(analysis: &Analysis, label: &crate::rules::Label) -> String {
    let file = analysis.sources.get(label.span.file);
    let (line, text) = file.shown_line(label.span.start as usize);
    format!(
        "<div class=\"loc\"><code>{}:{line}</code> {}<pre>{}</pre></div>",
        esc(&file.display),
        esc(&label.message),
        esc(&text)
    )
}

fn finding_html(analysis: &Analysis, f: &Finding, id: usize) -> String {
    let sev = f.severity.as_str();
    let mut s = format!(
        "<article class=\"finding {sev}\" id=\"f{id}\"><p><span class=\"sev\">{sev}</span> <code>{}</code> {}</p>",
        esc(f.rule),
        esc(&f.message)
    );
    s.push_str(&excerpt(analysis, &f.primary));
    for l in &f.related {
        s.push_str(&excerpt(analysis, l));
    }
    if let Some(help) = &f.help {
        let _ = write!(s, "<p class=\"help\"><b>Help:</b> {}</p>", esc(help));
    }
    for (i, c) in f.changes().enumerate() {
        let _ = write!(
            s,
            "<p class=\"fix\">{} on <b>{}</b>, in {}:</p><pre>{}</pre>",
            if i == 0 { "Fix" } else { "Or" },
            esc(&c.device),
            esc(&c.views.join(", ")),
            esc(&c.commands.join("\n"))
        );
    }
    s.push_str("</article>\n");
    s
}

/// The whole report. `fail_on` gives the verdict `check` would give.
pub fn render(analysis: &Analysis, fail_on: FailOn) -> String {
    let net = &analysis.network;
    let rows = super::sessions::rows(analysis);
    let state = net.state.is_some();
    let mut out = String::with_capacity(64 * 1024 + rows.len() * 256);
    out.push_str("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>peerlint audit</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n");

    // Summary.
    let failing = analysis
        .findings
        .iter()
        .filter(|f| fail_on.fails(f.severity))
        .count();
    let code = if !analysis.input_errors.is_empty() {
        2
    } else {
        i32::from(failing > 0)
    };
    let count = |s: Severity| analysis.findings.iter().filter(|f| f.severity == s).count();
    let _ = write!(
        out,
        "<header><h1>peerlint audit</h1><p>{} devices, {} BGP speakers, {} configured peers, {} sessions. peerlint {}.</p>",
        net.devices.len(),
        net.speakers.len(),
        net.peers.len(),
        net.sessions.len(),
        env!("CARGO_PKG_VERSION")
    );
    let verdict = match code {
        0 => format!(
            "<p class=\"verdict pass\"><code>peerlint check</code> would pass (exit 0): no finding at or above the fail level ({}).</p>",
            fail_on_name(fail_on)
        ),
        1 => format!(
            "<p class=\"verdict fail\"><code>peerlint check</code> would fail (exit 1): {failing} findings at or above the fail level ({}).</p>",
            fail_on_name(fail_on)
        ),
        _ => format!(
            "<p class=\"verdict fail\"><code>peerlint check</code> would fail (exit 2): {} inputs could not be read.</p>",
            analysis.input_errors.len()
        ),
    };
    out.push_str(&verdict);
    out.push_str("</header>\n<nav><a href=\"#summary\">Summary</a><a href=\"#pictures\">Pictures</a><a href=\"#findings\">Findings</a><a href=\"#by-device\">By device</a><a href=\"#sessions\">Sessions</a></nav>\n");

    out.push_str("<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">");
    card(&mut out, count(Severity::Error), "errors");
    card(&mut out, count(Severity::Warning), "warnings");
    card(&mut out, count(Severity::Note), "notes");
    card(&mut out, net.devices.len(), "devices");
    card(&mut out, net.sessions.len(), "sessions");
    let blocked = rows
        .iter()
        .filter(|r| r.status == "matched" && !r.can_establish)
        .count();
    card(&mut out, blocked, "matched peers that cannot establish");
    out.push_str("</div>");
    let mut statuses: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &rows {
        *statuses.entry(r.status).or_default() += 1;
    }
    out.push_str("<div class=\"cards\"><div><h3>Configured peers by status</h3><table><thead><tr><th>status</th><th>peers</th></tr></thead><tbody>");
    for (s, n) in &statuses {
        let _ = write!(out, "<tr><td>{}</td><td>{n}</td></tr>", esc(s));
    }
    out.push_str("</tbody></table></div>");
    let mut by_rule: BTreeMap<(std::cmp::Reverse<Severity>, &str), Vec<usize>> = BTreeMap::new();
    for (i, f) in analysis.findings.iter().enumerate() {
        by_rule
            .entry((std::cmp::Reverse(f.severity), f.rule))
            .or_default()
            .push(i);
    }
    out.push_str("<div><h3>Findings by rule</h3>");
    if by_rule.is_empty() {
        out.push_str("<p>No findings.</p>");
    } else {
        out.push_str("<table><thead><tr><th>rule</th><th>level</th><th>findings</th><th>what it reports</th></tr></thead><tbody>");
        for ((sev, rule), list) in &by_rule {
            let title = crate::rules::meta(rule).map_or("", |m| m.title.as_str());
            let _ = write!(
                out,
                "<tr><td><a href=\"#{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                anchor("rule-", rule),
                esc(rule),
                sev.0.as_str(),
                list.len(),
                esc(title)
            );
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</div></div>");
    if let Some(observed) = &net.state {
        out.push_str("<h3>What the devices show (--state)</h3><table><thead><tr><th>verdict</th><th>peers</th></tr></thead><tbody>");
        for (v, n) in observed.counts() {
            let _ = write!(out, "<tr><td>{}</td><td>{n}</td></tr>", v.name());
        }
        let _ = write!(
            out,
            "<tr><td>unmatched rows</td><td>{}</td></tr></tbody></table>",
            observed.unmatched.len()
        );
    }
    if !analysis.input_errors.is_empty() || !analysis.notices.is_empty() {
        let _ = write!(
            out,
            "<p>{} inputs could not be read; {} lines were not understood (see <code>peerlint check</code>).</p>",
            analysis.input_errors.len(),
            analysis.notices.len()
        );
    }
    out.push_str("</section>\n");

    // Pictures.
    out.push_str("<section id=\"pictures\"><h2>Pictures</h2><p class=\"legend\"><span class=\"up\">━ can establish</span><span class=\"down\">━ cannot, labelled with the rule</span><span>╌ dynamic peer, or no peer back</span><span>red box: a device with an error</span></p>\n");
    let errors = picture::devices_with_errors(analysis);
    let (scenes, left) = scenes(net);
    if scenes.is_empty() {
        out.push_str("<p>No picture: the network has no BGP sessions small enough to draw.</p>");
    }
    for (k, scene) in scenes.iter().enumerate() {
        let lines = picture::lines_among(net, &scene.speakers);
        if !picture::drawable(scene.speakers.len(), lines) {
            let _ = write!(
                out,
                "<p>{}: {lines} sessions among {} speakers cross too much to draw; the sessions table lists them.</p>",
                esc(&scene.title),
                scene.speakers.len()
            );
            continue;
        }
        match picture::draw(net, &scene.speakers, &format!("p{k}-"), &|d| {
            errors.contains(&d)
        }) {
            Some(svg) => {
                let _ = write!(
                    out,
                    "<figure class=\"picture\" id=\"pic-{k}\"><figcaption>{}</figcaption>\n{svg}\n</figure>\n",
                    esc(&scene.title)
                );
            }
            None => {
                let _ = write!(
                    out,
                    "<p>{}: this picture could not be drawn.</p>",
                    esc(&scene.title)
                );
            }
        }
    }
    if left > 0 {
        let _ = write!(
            out,
            "<p>{left} more pictures are left out; the sessions table lists every peer.</p>"
        );
    }
    out.push_str("</section>\n");

    // Findings by rule, then an index by device.
    out.push_str("<section id=\"findings\"><h2>Findings</h2>");
    if analysis.findings.is_empty() {
        out.push_str("<p>No findings.</p>");
    }
    for ((sev, rule), list) in &by_rule {
        let title = crate::rules::meta(rule).map_or("", |m| m.title.as_str());
        let _ = writeln!(
            out,
            "<section class=\"rule\" id=\"{}\"><h3><code>{}</code> ({} {}): {}</h3>",
            anchor("rule-", rule),
            esc(rule),
            list.len(),
            sev.0.as_str(),
            esc(title)
        );
        for &i in list {
            out.push_str(&finding_html(analysis, &analysis.findings[i], i));
        }
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n<section id=\"by-device\"><h2>By device</h2>");
    let mut by_device: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, f) in analysis.findings.iter().enumerate() {
        for d in &f.about.devices {
            by_device.entry(d.as_str()).or_default().push(i);
        }
    }
    if by_device.is_empty() {
        out.push_str("<p>No device has a finding.</p>");
    } else {
        out.push_str("<table><thead><tr><th>device</th><th>findings</th></tr></thead><tbody>");
        for (d, list) in &by_device {
            let links: Vec<String> = list
                .iter()
                .map(|&i| format!("<a href=\"#f{i}\">{}</a>", esc(analysis.findings[i].rule)))
                .collect();
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td></tr>",
                esc(d),
                links.join(", ")
            );
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>\n");

    // Every configured peer.
    out.push_str("<section id=\"sessions\"><h2>Sessions</h2><p>Every configured peer: its status, the modes of both ends and what keeps its session down. Click a column to sort.</p><input id=\"sessions-filter\" type=\"search\" placeholder=\"filter\" hidden=\"hidden\"/>\n<table id=\"sessions-table\"><thead><tr><th>device</th><th>vrf</th><th>peer</th><th>remote device</th><th>status</th><th>local mode</th><th>remote mode</th><th>can establish</th><th>blockers</th>");
    if state {
        out.push_str("<th>observed</th><th>verdict</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in &rows {
        let class = if r.can_establish {
            ""
        } else {
            " class=\"blocked\""
        };
        let _ = write!(
            out,
            "<tr{class}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
            esc(&r.device),
            esc(&r.vrf),
            esc(&r.peer),
            esc(r.remote_device.as_deref().unwrap_or("")),
            r.status,
            r.local_mode,
            r.remote_mode.unwrap_or(""),
            if r.can_establish { "yes" } else { "no" },
            r.blockers.join(" ")
        );
        if state {
            let _ = write!(
                out,
                "<td>{}</td><td>{}</td>",
                r.observed.unwrap_or(""),
                r.verdict.unwrap_or("")
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></section>\n<script>");
    out.push_str(SCRIPT);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

fn fail_on_name(f: FailOn) -> &'static str {
    match f {
        FailOn::Error => "error",
        FailOn::Warning => "warning",
        FailOn::Note => "note",
        FailOn::Never => "never",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_html() {
        assert_eq!(
            esc("<script>\"a\" & 'b'\u{1b}"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;\\u{1b}"
        );
        assert_eq!(anchor("rule-", "both-listen-only"), "rule-both-listen-only");
        assert_eq!(anchor("d-", "a b"), "d-a_20b");
    }

    #[test]
    fn the_script_keeps_the_page_well_formed_xml() {
        assert!(!SCRIPT.contains('<') && !SCRIPT.contains('&'));
        assert!(!STYLE.contains('<') && !STYLE.contains('&'));
    }
}
