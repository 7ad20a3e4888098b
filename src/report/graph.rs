//! `peerlint graph`: the peering graph as Graphviz DOT, Mermaid or JSON.
//! Devices are clusters, each BGP speaker (device, instance, VRF) a node,
//! each session an edge, styled by status and labelled with the rule id
//! when the session cannot establish.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::Analysis;
use crate::graph::routes::cluster_text;
use crate::graph::{Network, PeerId, SpeakerId, Status};
use crate::model::{Family, PUBLIC_VRF};
use crate::rules;

#[derive(Serialize)]
struct Node {
    id: String,
    device: String,
    instance: Option<String>,
    vrf: String,
    local_as: u32,
    /// The AS as written, when that is not the integer (asdot).
    #[serde(skip_serializing_if = "Option::is_none")]
    local_as_text: Option<String>,
    /// The families it reflects routes in (it has a client there).
    reflector_in: Vec<&'static str>,
    /// Its cluster ID in each of those families: `reflector cluster-id`,
    /// else its router ID.
    cluster_ids: BTreeMap<&'static str, String>,
    /// The families it is some reflector's client in.
    client_in: Vec<&'static str>,
}

/// What an edge shows.
#[derive(Serialize, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
enum Kind {
    Session,
    Dynamic,
    AsMismatch,
    HalfOpen,
    UnknownRemote,
}

#[derive(Serialize)]
struct Edge {
    from: String,
    to: String,
    kind: Kind,
    can_establish: bool,
    rule: Option<&'static str>,
    label: String,
    /// The end (`from` or `to`) that reflects routes for the other.
    reflector: Option<String>,
}

struct View {
    nodes: Vec<Node>,
    /// Addresses no device owns, drawn as external nodes.
    external: BTreeSet<String>,
    edges: Vec<Edge>,
}

fn speaker_id(s: SpeakerId) -> String {
    format!("s{s}")
}

/// The families (all, or the one asked for) in which an end reflects
/// routes for its remote.
fn reflects(net: &Network, p: PeerId, family: Option<Family>) -> Vec<Family> {
    crate::graph::routes::reflects_for(net, p)
        .iter()
        .filter(|f| family.is_none_or(|x| x == *f))
        .collect()
}

/// Whether an end belongs in the view of a family: it is enabled there.
fn shown(net: &Network, p: PeerId, family: Option<Family>) -> bool {
    family.is_none_or(|f| net.peers[p].families.contains(f))
}

fn view(net: &Network, family: Option<Family>) -> View {
    let mut nodes: Vec<Node> = net
        .speakers
        .iter()
        .enumerate()
        .map(|(i, sp)| {
            let device = &net.devices[sp.device];
            Node {
                id: speaker_id(i),
                device: device.name.to_string(),
                instance: device.bgp[sp.instance].name.as_ref().map(|n| n.to_string()),
                vrf: device.bgp[sp.instance].scopes[sp.scope].vrf.to_string(),
                local_as: sp.local_as.0,
                local_as_text: sp.local_as.text(),
                reflector_in: Vec::new(),
                cluster_ids: BTreeMap::new(),
                client_in: Vec::new(),
            }
        })
        .collect();
    // Roles, from each end's `peer X reflect-client` lines.
    let mut seen = vec![family.is_none(); net.speakers.len()];
    for (p, end) in net.peers.iter().enumerate() {
        if !shown(net, p, family) {
            continue;
        }
        seen[end.speaker] = true;
        let families = reflects(net, p, family);
        let remote = match end.status {
            Status::Matched { remote } if shown(net, remote, family) => Some(remote),
            _ => None,
        };
        for f in families {
            let node = &mut nodes[end.speaker];
            if !node.reflector_in.contains(&f.name()) {
                node.reflector_in.push(f.name());
                let (_, scope) = net.speaker_scope(end.speaker);
                let written = match scope.cluster_id_written(f) {
                    Some((id, dotted, _)) => Some(cluster_text(id, dotted)),
                    None => net.speakers[end.speaker]
                        .router_id
                        .map(|(a, _)| a.to_string()),
                };
                if let Some(text) = written {
                    node.cluster_ids.insert(f.name(), text);
                }
            }
            if let Some(r) = remote {
                let client = &mut nodes[net.peers[r].speaker];
                if !client.client_in.contains(&f.name()) {
                    client.client_in.push(f.name());
                }
            }
        }
    }
    for n in &mut nodes {
        n.reflector_in.sort_unstable();
        n.client_in.sort_unstable();
    }
    let mut external = BTreeSet::new();
    let mut edges = Vec::new();
    let mut mismatches = BTreeSet::new();
    for (p, end) in net.peers.iter().enumerate() {
        if !shown(net, p, family) {
            continue;
        }
        let from = speaker_id(end.speaker);
        let rule = rules::rule_for_peer(net, p);
        // Every blocker of a session, by its rule.
        let blockers = || {
            net.blockers(p)
                .iter()
                .map(|b| b.rule())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match &end.status {
            Status::Matched { remote } => {
                if net.session_of(p).is_some_and(|s| s.a == p) && shown(net, *remote, family) {
                    let to = speaker_id(net.peers[*remote].speaker);
                    let reflector = if !reflects(net, p, family).is_empty() {
                        Some(from.clone())
                    } else if !reflects(net, *remote, family).is_empty() {
                        Some(to.clone())
                    } else {
                        None
                    };
                    edges.push(Edge {
                        from,
                        to,
                        kind: Kind::Session,
                        can_establish: net.can_establish(p),
                        rule,
                        label: blockers(),
                        reflector,
                    });
                }
            }
            Status::Dynamic { speaker, .. } => edges.push(Edge {
                from,
                to: speaker_id(*speaker),
                kind: Kind::Dynamic,
                can_establish: net.can_establish(p),
                rule,
                label: match blockers() {
                    b if b.is_empty() => "dynamic".to_string(),
                    b => b,
                },
                reflector: None,
            }),
            Status::AsMismatch { remote } => {
                if mismatches.insert((p.min(*remote), p.max(*remote))) {
                    edges.push(Edge {
                        from,
                        to: speaker_id(net.peers[*remote].speaker),
                        kind: Kind::AsMismatch,
                        can_establish: false,
                        rule,
                        label: "remote-as-mismatch".to_string(),
                        reflector: None,
                    });
                }
            }
            Status::HalfOpen { owners } => {
                let to = net
                    .speakers
                    .iter()
                    .position(|s| s.device == owners[0])
                    .map(speaker_id)
                    .unwrap_or_else(|| format!("d{}", owners[0]));
                edges.push(Edge {
                    from,
                    to,
                    kind: Kind::HalfOpen,
                    can_establish: false,
                    rule,
                    label: "half-open-session".to_string(),
                    reflector: None,
                })
            }
            Status::UnknownRemote => {
                let to = format!("x{}", end.addr);
                external.insert(to.clone());
                edges.push(Edge {
                    from,
                    to,
                    kind: Kind::UnknownRemote,
                    can_establish: false,
                    rule,
                    label: String::new(),
                    reflector: None,
                })
            }
            Status::MultipleRemotes { .. } | Status::Ignored => {}
        }
    }
    // A family's view leaves out the speakers that have no peer in it.
    let nodes = nodes
        .into_iter()
        .zip(seen)
        .filter_map(|(n, seen)| seen.then_some(n))
        .collect();
    View {
        nodes,
        external,
        edges,
    }
}

/// A node's AS as written.
fn as_text(n: &Node) -> String {
    n.local_as_text
        .clone()
        .unwrap_or_else(|| n.local_as.to_string())
}

/// A speaker's label: `bgp 100` or `instance X`, then the VRF.
fn node_label(n: &Node) -> String {
    let vrf = if n.vrf == PUBLIC_VRF {
        "public"
    } else {
        n.vrf.as_str()
    };
    let mut label = match &n.instance {
        Some(i) => format!("instance {i} (AS {})\n{vrf}", as_text(n)),
        None => format!("AS {}\n{vrf}", as_text(n)),
    };
    for f in &n.reflector_in {
        match n.cluster_ids.get(f) {
            Some(id) => label.push_str(&format!("\nreflector {f}, cluster {id}")),
            None => label.push_str(&format!("\nreflector {f}")),
        }
    }
    if !n.client_in.is_empty() {
        label.push_str(&format!("\nclient {}", n.client_in.join(", ")));
    }
    label
}

/// A DOT string literal: quotes, backslashes and control characters escaped.
fn dot_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn clusters(v: &View) -> BTreeMap<&str, Vec<&Node>> {
    let mut m: BTreeMap<&str, Vec<&Node>> = BTreeMap::new();
    for n in &v.nodes {
        m.entry(n.device.as_str()).or_default().push(n);
    }
    m
}

pub fn dot(analysis: &Analysis, family: Option<Family>) -> String {
    let v = view(&analysis.network, family);
    let mut out = String::from(
        "graph peerlint {\n  graph [rankdir=LR, fontname=\"Helvetica\"];\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n",
    );
    for (i, (device, nodes)) in clusters(&v).into_iter().enumerate() {
        out.push_str(&format!(
            "  subgraph cluster_{i} {{\n    label={};\n",
            dot_str(device)
        ));
        for n in nodes {
            out.push_str(&format!(
                "    {} [label={}];\n",
                dot_str(&n.id),
                dot_str(&node_label(n))
            ));
        }
        out.push_str("  }\n");
    }
    for x in &v.external {
        out.push_str(&format!(
            "  {} [label={}, shape=ellipse, style=dashed, color=gray];\n",
            dot_str(x),
            dot_str(&x[1..])
        ));
    }
    for e in &v.edges {
        let style = match (e.kind, e.can_establish) {
            (Kind::Session, true) => "color=darkgreen",
            (Kind::Dynamic, true) => "color=darkgreen, style=dashed",
            (Kind::UnknownRemote, _) => "color=gray, style=dotted",
            (Kind::HalfOpen, _) => "color=orange, style=dashed",
            (_, _) => "color=red, penwidth=2",
        };
        // An arrow from the reflector to its client.
        let arrow = match &e.reflector {
            Some(r) if *r == e.from => ", dir=forward",
            Some(_) => ", dir=back",
            None => "",
        };
        out.push_str(&format!(
            "  {} -- {} [{style}{arrow}, label={}];\n",
            dot_str(&e.from),
            dot_str(&e.to),
            dot_str(&e.label)
        ));
    }
    out.push_str("}\n");
    out
}

/// Mermaid text: quotes become `#quot;`, and characters Mermaid reads as
/// syntax are replaced by their entity codes.
fn mermaid_str(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '"' => "#quot;".to_string(),
            '\n' => "<br>".to_string(),
            '<' => "#lt;".to_string(),
            '>' => "#gt;".to_string(),
            '#' => "#35;".to_string(),
            '|' => "#124;".to_string(),
            c if c.is_control() => " ".to_string(),
            c => c.to_string(),
        })
        .collect()
}

pub fn mermaid(analysis: &Analysis, family: Option<Family>) -> String {
    let v = view(&analysis.network, family);
    let mut out = String::from("flowchart LR\n");
    for (i, (device, nodes)) in clusters(&v).into_iter().enumerate() {
        out.push_str(&format!("  subgraph d{i} [\"{}\"]\n", mermaid_str(device)));
        for n in nodes {
            out.push_str(&format!(
                "    {}[\"{}\"]\n",
                n.id,
                mermaid_str(&node_label(n))
            ));
        }
        out.push_str("  end\n");
    }
    // Mermaid ids cannot hold `:` or `.`: external nodes are numbered.
    let external: Vec<(&String, String)> = v
        .external
        .iter()
        .enumerate()
        .map(|(i, x)| (x, format!("ext{i}")))
        .collect();
    for (x, id) in &external {
        out.push_str(&format!("  {id}([\"{}\"])\n", mermaid_str(&x[1..])));
    }
    let mut styles = Vec::new();
    for (i, e) in v.edges.iter().enumerate() {
        let to = external
            .iter()
            .find(|(x, _)| **x == e.to)
            .map_or(e.to.clone(), |(_, id)| id.clone());
        let arrow = if matches!(e.kind, Kind::Session | Kind::AsMismatch) {
            "---"
        } else {
            "-.-"
        };
        if e.label.is_empty() {
            out.push_str(&format!("  {} {arrow} {to}\n", e.from));
        } else {
            out.push_str(&format!(
                "  {} {arrow}|\"{}\"| {to}\n",
                e.from,
                mermaid_str(&e.label)
            ));
        }
        let color = match (e.kind, e.can_establish) {
            (Kind::Session | Kind::Dynamic, true) => "green",
            (Kind::UnknownRemote, _) => "gray",
            (Kind::HalfOpen, _) => "orange",
            _ => "red",
        };
        styles.push(format!("  linkStyle {i} stroke:{color}\n"));
    }
    for s in styles {
        out.push_str(&s);
    }
    out
}

pub fn json(analysis: &Analysis, family: Option<Family>) -> String {
    let v = view(&analysis.network, family);
    let value = serde_json::json!({
        "nodes": v.nodes,
        "external": v.external.iter().map(|x| &x[1..]).collect::<Vec<_>>(),
        "edges": v.edges,
    });
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(dot_str("a\"b\\c\u{1b}"), "\"a\\\"b\\\\c \"");
        assert_eq!(mermaid_str("a\"b|c"), "a#quot;b#124;c");
    }
}
