//! Pictures of the peering graph as SVG, laid out and drawn by layout-rs
//! (no graphviz needed): one box per BGP speaker, one line per session,
//! green when it can establish, red with its rule when something keeps it
//! down, dashed for a dynamic peer or a peer whose remote device has no
//! peer back. `peerlint graph --format svg` and the HTML report draw with
//! it.

use std::collections::{BTreeMap, HashMap};

use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::render::get_shape_size;
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

use crate::graph::{Edge, Network, SpeakerId, Status};

/// More speakers than this make a picture hard to read: the report draws
/// no larger set.
pub const MAX_SPEAKERS: usize = 60;

/// `graph --format svg` draws one picture of the whole network, asked for
/// by name: up to this many speakers (the layout's time grows fast).
pub const MAX_GRAPH_SPEAKERS: usize = 400;

/// The layout's time grows fast with crossing lines: a picture has at most
/// this many session lines, or at most two and a half per speaker (a ring
/// or a reflector design is drawn; a full mesh of 16 or more is not:
/// layout-rs takes seconds at 20 meshed speakers and minutes at 30).
pub const MAX_LINES: usize = 100;

/// Whether a set of speakers with this many lines can be drawn in time.
pub fn drawable(speakers: usize, lines: usize) -> bool {
    lines <= MAX_LINES || lines * 2 <= speakers * 5
}

const FONT: usize = 13;
const UP: &str = "#2e7d32";
const DOWN: &str = "#c62828";

/// One session line: its ends (speakers, or a device without a speaker for
/// a half-open peer), whether it can establish, the rule that keeps it
/// down, and whether it is drawn dashed.
struct Line {
    a: Node,
    b: Node,
    up: bool,
    rule: Option<&'static str>,
    dashed: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Node {
    Speaker(SpeakerId),
    /// A device that owns a peer's address but has no peer back.
    Device(usize),
}

/// The lines among a set of speakers.
fn lines(net: &Network, speakers: &[SpeakerId]) -> Vec<Line> {
    let inside: std::collections::HashSet<SpeakerId> = speakers.iter().copied().collect();
    let mut out = Vec::new();
    for e in net.graph.edge_indices() {
        let Some((x, y)) = net.graph.edge_endpoints(e) else {
            continue;
        };
        let (a, b) = (net.graph[x], net.graph[y]);
        if !inside.contains(&a) || !inside.contains(&b) {
            continue;
        }
        let (blockers, dashed) = match net.graph[e] {
            Edge::Session(s) => (net.sessions[s].blockers, false),
            Edge::Dynamic(d) => (net.dynamic_sessions[d].blockers, true),
        };
        out.push(Line {
            a: Node::Speaker(a),
            b: Node::Speaker(b),
            up: blockers.is_empty(),
            rule: blockers.first().map(|b| b.rule()),
            dashed,
        });
    }
    for &s in speakers {
        for p in net.peers_of(s) {
            if let Status::HalfOpen { owners } = &net.peers[p].status {
                out.push(Line {
                    a: Node::Speaker(s),
                    b: Node::Device(owners[0]),
                    up: false,
                    rule: Some("half-open-session"),
                    dashed: true,
                });
            }
        }
    }
    out
}

/// How many session lines a picture of these speakers has.
pub fn lines_among(net: &Network, speakers: &[SpeakerId]) -> usize {
    lines(net, speakers).len()
}

/// Draws the sessions among `speakers` as an SVG element whose ids all
/// start with `prefix` (several pictures share one page). `marked` gives
/// the devices to fill in red (those with an error). `None` when there is
/// nothing to draw or too much.
pub fn draw(
    net: &Network,
    speakers: &[SpeakerId],
    prefix: &str,
    marked: &dyn Fn(usize) -> bool,
) -> Option<String> {
    if speakers.is_empty() || speakers.len() > MAX_GRAPH_SPEAKERS {
        return None;
    }
    let lines = lines(net, speakers);
    if !drawable(speakers.len(), lines.len()) {
        return None;
    }
    let mut nodes: BTreeMap<Node, String> = speakers
        .iter()
        .map(|&s| (Node::Speaker(s), net.speaker_name(s)))
        .collect();
    for l in &lines {
        if let Node::Device(d) = l.b {
            nodes
                .entry(l.b)
                .or_insert_with(|| format!("{} (no peer back)", net.devices[d].name));
        }
    }
    let layout = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut vg = VisualGraph::new(Orientation::TopToBottom);
        let mut handles = HashMap::new();
        for (node, label) in &nodes {
            let device = match node {
                Node::Speaker(s) => net.speakers[*s].device,
                Node::Device(d) => *d,
            };
            let fill = if marked(device) { "#ffebee" } else { "#ffffff" };
            let look = StyleAttr::new(Color::fast("#37474f"), 1, Some(Color::fast(fill)), 4, FONT);
            let shape = ShapeKind::new_box(&crate::report::printable(label));
            let size = get_shape_size(Orientation::LeftToRight, &shape, FONT, false);
            let handle = vg.add_node(Element::create(shape, look, Orientation::LeftToRight, size));
            handles.insert(*node, handle);
        }
        for l in &lines {
            let look = StyleAttr::new(
                Color::fast(if l.up { UP } else { DOWN }),
                2,
                None,
                0,
                FONT - 2,
            );
            let arrow = Arrow::new(
                LineEndKind::None,
                LineEndKind::None,
                if l.dashed {
                    LineStyleKind::Dashed
                } else {
                    LineStyleKind::Normal
                },
                l.rule.unwrap_or(""),
                &look,
                &None,
                &None,
            );
            vg.add_edge(arrow, handles[&l.a], handles[&l.b]);
        }
        let mut svg = SVGWriter::new();
        vg.do_it(false, false, false, &mut svg);
        svg.finalize()
    }))
    .ok()?;
    Some(scoped(&layout, prefix))
}

/// The SVG without its XML declaration, its ids (and the references to
/// them) prefixed, so that several pictures can share one HTML page, and
/// its style rules sorted (layout-rs writes them in hash order: the same
/// network must give the same bytes).
fn scoped(svg: &str, prefix: &str) -> String {
    let body = svg
        .trim_start()
        .strip_prefix("<?xml")
        .and_then(|rest| rest.split_once("?>"))
        .map_or(svg, |(_, rest)| rest);
    let body = match (body.find("<style>\n"), body.find("</style>")) {
        (Some(open), Some(close)) if open < close => {
            let rules_at = open + "<style>\n".len();
            let mut rules: Vec<&str> = body[rules_at..close].lines().collect();
            rules.sort_unstable();
            let mut sorted = rules.join("\n");
            if !sorted.is_empty() {
                sorted.push('\n');
            }
            format!("{}{sorted}{}", &body[..rules_at], &body[close..])
        }
        _ => body.to_string(),
    };
    body.replace("id=\"", &format!("id=\"{prefix}"))
        .replace("url(#", &format!("url(#{prefix}"))
        .replace("href=\"#", &format!("href=\"#{prefix}"))
        .trim()
        .to_string()
}

/// `peerlint graph --format svg`: the whole network as one picture (too
/// large a network is refused with the reason).
pub fn svg(analysis: &crate::Analysis) -> Result<String, String> {
    let net = &analysis.network;
    let speakers: Vec<SpeakerId> = (0..net.speakers.len()).collect();
    let lines = lines(net, &speakers).len();
    if speakers.len() <= MAX_GRAPH_SPEAKERS && !drawable(speakers.len(), lines) {
        return Err(format!(
            "{lines} sessions among {} BGP speakers cross too much to lay out in time (at most {MAX_LINES} lines, or two and a half per speaker); `peerlint report` draws one picture per part of the network, AS, VPN instance and broken session",
            speakers.len()
        ));
    }
    if speakers.len() > MAX_GRAPH_SPEAKERS {
        return Err(format!(
            "{} BGP speakers are too many for one picture (at most {MAX_GRAPH_SPEAKERS}); `peerlint report` draws one picture per part of the network, AS, VPN instance and broken session",
            speakers.len()
        ));
    }
    let errors = devices_with_errors(analysis);
    let body = draw(net, &speakers, "g-", &|d| errors.contains(&d))
        .ok_or_else(|| "the network has no BGP speaker to draw".to_string())?;
    Ok(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n{body}\n"
    ))
}

/// The devices with a finding at error level (their primary location is in
/// the device's file).
pub fn devices_with_errors(analysis: &crate::Analysis) -> std::collections::HashSet<usize> {
    let files: std::collections::HashSet<u32> = analysis
        .findings
        .iter()
        .filter(|f| f.severity == crate::rules::Severity::Error)
        .map(|f| f.primary.span.file.0)
        .collect();
    analysis
        .network
        .devices
        .iter()
        .enumerate()
        .filter(|(_, d)| files.contains(&d.file.0))
        .map(|(i, _)| i)
        .collect()
}
