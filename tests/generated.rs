//! The network generator of `examples/gen_network.rs` plants a known number
//! of defects of every rule; peerlint must find exactly those, each at the
//! file the manifest names.

use std::collections::BTreeMap;

mod common;
use common::{rules, run, write_scripts};

#[path = "../examples/gen_network.rs"]
#[allow(dead_code)]
mod gen_network;

#[test]
fn finds_exactly_the_planted_defects() {
    let dir = tempfile::tempdir().unwrap();
    let net = gen_network::generate(1300, 11);
    gen_network::write_all(&net, dir.path()).unwrap();
    let a = peerlint::analyze_paths(&[dir.path().to_path_buf()]);
    assert!(
        a.notices.is_empty(),
        "{:?}",
        &a.notices[..a.notices.len().min(3)]
    );
    let count = |items: Vec<(String, String)>| {
        let mut m: BTreeMap<(String, String), usize> = BTreeMap::new();
        for i in items {
            *m.entry(i).or_default() += 1;
        }
        m
    };
    let got = count(
        a.findings
            .iter()
            .map(|f| {
                let path = &a.sources.get(f.primary.span.file).path;
                (
                    f.rule.to_string(),
                    path.file_name().unwrap().to_string_lossy().into_owned(),
                )
            })
            .collect(),
    );
    let want = count(net.manifest.clone());
    assert_eq!(got, want);
    let rules: std::collections::BTreeSet<&str> = want.keys().map(|(r, _)| r.as_str()).collect();
    // The rules that compare captures (`--state`) have none to read here.
    let from_configurations = peerlint::rules::all_meta()
        .iter()
        .filter(|m| m.bad.state.is_empty())
        .count();
    assert_eq!(rules.len(), from_configurations, "every rule is planted");
}

/// The change scripts repair every planted session defect of a generated
/// network (route reflectors, VRP8 PEs with a VRF per CE and groups, VRP5
/// CEs, transcripts, reused VPN addresses), and change nothing else.
#[test]
fn fix_scripts_repair_the_planted_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let net = gen_network::generate(1200, 5);
    gen_network::write_all(&net, &dir.path().join("net")).unwrap();
    let sorted = |o: &std::process::Output| {
        let mut r = rules(o);
        r.sort();
        r
    };
    let check = ["check", "net", "--format", "json", "--no-config"];
    let before = sorted(&run(dir.path(), &check));
    write_scripts(dir.path(), "net", "scripts", &["--no-config"]);
    let after = sorted(&run(
        dir.path(),
        &[&check[..], &["--with", "scripts"]].concat(),
    ));
    let repaired = [
        "both-listen-only",
        "both-connect-only",
        "session-cannot-open",
        "half-open-session",
        "gtsm-mismatch",
        "peer-not-enabled",
        "address-family-mismatch",
        "source-interface-down",
        "ibgp-not-propagated",
        "rr-drops-vpn-routes",
        "duplicate-router-id",
    ];
    assert!(before.iter().any(|r| r == "both-listen-only"));
    // A Cisco or Junos CE's change script is in its own CLI, which `--with`
    // does not apply: those sessions stay broken.
    let foreign = net
        .manifest
        .iter()
        .filter(|(rule, file)| {
            rule == "both-listen-only" && !file.ends_with(".cfg") && !file.ends_with(".txt")
                || rule == "both-listen-only"
                    && net
                        .files
                        .iter()
                        .any(|(f, t)| f == file && t.starts_with("!\nversion"))
        })
        .count();
    assert!(foreign > 0);
    let mut rest: Vec<String> = before
        .into_iter()
        .filter(|r| !repaired.contains(&r.as_str()))
        .chain(std::iter::repeat_n("both-listen-only".to_string(), foreign))
        .collect();
    rest.sort();
    assert_eq!(after, rest);
}
