//! `peerlint report`: the HTML audit report is well-formed (read with an
//! XML parser), self-contained (no URL leaves the page), has a picture per
//! figure, and shows configuration text only escaped; `graph --format svg`
//! is an SVG document.

mod common;

use std::path::Path;

#[path = "../examples/gen_network.rs"]
#[allow(dead_code)]
mod gen_network;

use common::run;

/// Writes the report of `net` (run in `dir`) and reads it back.
fn report(dir: &Path, net: &str, extra: &[&str]) -> String {
    let out = tempfile::NamedTempFile::new().unwrap();
    let path = out.path().to_str().unwrap().to_string();
    let o = run(dir, &[&["report", net, "-o", &path], extra].concat());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::read_to_string(&path).unwrap()
}

/// What every report must be: well-formed, self-contained, one script, an
/// SVG in every picture. Returns the number of pictures.
fn check_page(html: &str, what: &str) -> usize {
    let doc = roxmltree::Document::parse_with_options(
        html,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{what}: not well-formed: {e}"));
    let mut scripts = 0;
    let mut pictures = 0;
    for n in doc.descendants().filter(|n| n.is_element()) {
        let tag = n.tag_name().name();
        for a in n.attributes() {
            let name = a.name();
            assert!(
                !name.starts_with("on"),
                "{what}: an event handler attribute {name} on <{tag}>"
            );
            if matches!(name, "src" | "href") {
                assert!(
                    a.value().starts_with('#'),
                    "{what}: <{tag} {name}=\"{}\"> leaves the page",
                    a.value()
                );
            }
            if name == "style" {
                assert!(!a.value().contains("url("), "{what}: url() in a style");
            }
        }
        match tag {
            "script" => {
                scripts += 1;
                assert!(n.attribute("src").is_none());
            }
            "style" => {
                let css = n.text().unwrap_or_default();
                for (at, _) in css.match_indices("url(") {
                    assert!(css[at + 4..].starts_with('#'), "{what}: {css}");
                }
            }
            "link" | "img" | "iframe" | "object" | "embed" => {
                panic!("{what}: a <{tag}> element")
            }
            "figure" if n.attribute("class") == Some("picture") => {
                pictures += 1;
                let svgs = n
                    .children()
                    .filter(|c| c.is_element() && c.tag_name().name() == "svg")
                    .count();
                assert_eq!(svgs, 1, "{what}: a picture without its SVG");
            }
            _ => {}
        }
    }
    assert_eq!(scripts, 1, "{what}: exactly one script, peerlint's own");
    pictures
}

#[test]
fn the_report_of_every_corpus_network_is_well_formed_and_self_contained() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut nets: Vec<_> = std::fs::read_dir(root.join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    nets.sort();
    for net in nets {
        let name = net.file_name().unwrap().to_string_lossy().into_owned();
        let html = report(root, &format!("corpus/{name}"), &[]);
        let pictures = check_page(&html, &name);
        assert!(pictures >= 1, "{name}: no picture");
        assert!(html.contains("<h1>peerlint audit</h1>"));
    }
    // The carrier network: its broken sessions are drawn and labelled,
    // and its findings are all there with their excerpts.
    let html = report(root, "corpus/carrier", &[]);
    // The broken session's line is labelled with its rule.
    assert!(html.contains(">both-listen-only</tspan>"), "{html}");
    assert!(html.contains("would fail (exit 1)"));
    assert_eq!(html.matches("<article class=\"finding").count(), 9);
    assert!(
        html.contains("<code>CE1.cfg:20</code>")
            || html.contains("<code>corpus/carrier/CE1.cfg:20</code>")
    );
    // With captures, the verdicts.
    let html = report(
        root,
        "tests/state/listen-idle/net",
        &["--state", "tests/state/listen-idle/state"],
    );
    check_page(&html, "listen-idle");
    assert!(html.contains("<td>explained</td>"));
    assert!(html.contains("shows 192.0.2.2 Idle here"));
}

#[test]
fn configuration_text_reaches_the_page_only_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let name = "R1<script>alert(1)</script>\"'\u{1b}[2J";
    std::fs::write(
        dir.path().join("R1.cfg"),
        format!(
            "sysname {name}\n#\ninterface GigabitEthernet0/0/0\n description <img src=x onerror=alert(2)>\n ip address 192.0.2.1 255.255.255.252\n#\nbgp 64500\n peer 192.0.2.2 as-number 64501\n peer 192.0.2.2 listen-only\n peer 192.0.2.2 group \"<b onclick=alert(3)>\"\n peer 192.0.2.2 password simple s3cret-<i>\n#\nreturn\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("R2.cfg"),
        "sysname R2\n#\ninterface GigabitEthernet0/0/0\n ip address 192.0.2.2 255.255.255.252\n#\nbgp 64501\n peer 192.0.2.1 as-number 64500\n peer 192.0.2.1 listen-only\n#\nreturn\n",
    )
    .unwrap();
    let html = report(dir.path(), ".", &[]);
    check_page(&html, "hostile");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<b onclick") && !html.contains("<img"));
    assert!(!html.contains('\u{1b}'));
    assert!(html.contains("R1&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;\\u{1b}[2J"));
    assert!(!html.contains("s3cret"), "the secret is masked");
}

#[test]
fn a_large_network_gets_pictures_around_its_broken_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let net = gen_network::generate(1200, 5);
    gen_network::write_all(&net, dir.path()).unwrap();
    let html = report(dir.path(), ".", &[]);
    let pictures = check_page(&html, "generated");
    assert!(pictures > 5, "{pictures}");
    assert!(html.contains("<figcaption>Around the session "));
    // Every configured peer is in the table.
    let a = peerlint::analyze_paths(&[dir.path().to_path_buf()]);
    let rows =
        html.matches("<tr><td>").count() + html.matches("<tr class=\"blocked\"><td>").count();
    assert!(
        rows >= a.network.peers.len(),
        "{rows} rows for {} peers",
        a.network.peers.len()
    );
}

#[test]
fn pictures_are_the_same_bytes_every_run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let svg = |_: usize| {
        run(
            root,
            &["graph", "tests/state/vrp8-pe/net", "--format", "svg"],
        )
        .stdout
    };
    let first = svg(0);
    assert!(!first.is_empty());
    for i in 1..4 {
        assert_eq!(svg(i), first);
    }
}

#[test]
fn a_full_mesh_too_dense_to_draw_is_said_so_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let n = 20;
    for i in 1..=n {
        let mut cfg = format!(
            "sysname R{i}\n#\ninterface LoopBack0\n ip address 10.0.0.{i} 255.255.255.255\n#\nbgp 65000\n"
        );
        for j in (1..=n).filter(|&j| j != i) {
            cfg.push_str(&format!(
                " peer 10.0.0.{j} as-number 65000\n peer 10.0.0.{j} connect-interface LoopBack0\n"
            ));
        }
        cfg.push_str("#\nreturn\n");
        std::fs::write(dir.path().join(format!("R{i}.cfg")), cfg).unwrap();
    }
    let started = std::time::Instant::now();
    let html = report(dir.path(), ".", &[]);
    check_page(&html, "mesh");
    assert!(html.contains("cross too much to draw"), "{html}");
    let o = run(dir.path(), &["graph", ".", "--format", "svg"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cross too much"));
    assert!(started.elapsed().as_secs() < 30);
}

#[test]
fn graph_svg_is_an_svg_document() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = run(root, &["graph", "corpus/carrier", "--format", "svg"]);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8(o.stdout).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    assert_eq!(
        doc.root_element().tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    // A box per speaker, with its name.
    assert!(text.contains(">PE1<") || text.contains("PE1"));
    let boxes = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "rect")
        .count();
    assert!(boxes >= 7, "{boxes}");
}
