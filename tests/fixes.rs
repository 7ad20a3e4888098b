//! From finding to fix: `peerlint fix --script DIR` writes change scripts
//! that `peerlint check --with DIR` proves: the sessions they repair are no
//! longer reported.

use std::path::PathBuf;
mod common;
use common::{rules, run, write_scripts};

/// Runs `check . FLAGS --format json` in `dir`, which must exit 0 with no
/// finding left but unknown remotes (the networks' outside peers).
fn fix_leaving_only_unknown_remotes(dir: &std::path::Path, flags: &[&str]) {
    let mut args = vec!["check", "."];
    args.extend_from_slice(flags);
    args.extend(["--format", "json"]);
    let o = run(dir, &args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        rules(&o).iter().all(|r| r == "unknown-remote"),
        "{:?}",
        rules(&o)
    );
}

const FIXED: &[&str] = &[
    "both-listen-only",
    "both-connect-only",
    "session-cannot-open",
    "half-open-session",
    "rr-drops-vpn-routes",
];

/// What a repaired session can add: a client that now reaches its only
/// reflector.
const FOLLOWS: &[&str] = &["single-route-reflector"];

#[test]
fn scripts_repair_every_corpus_network() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    for net in ["carrier", "lab", "datacenter", "branch", "healthy"] {
        let corpus = root.join("corpus").join(net);
        let dir = out.path().join(net);
        let before = rules(&run(
            &root,
            &["check", corpus.to_str().unwrap(), "--format", "json"],
        ));
        write_scripts(&root, corpus.to_str().unwrap(), dir.to_str().unwrap(), &[]);
        let after = rules(&run(
            &root,
            &[
                "check",
                corpus.to_str().unwrap(),
                "--with",
                dir.to_str().unwrap(),
                "--format",
                "json",
            ],
        ));
        for rule in FIXED {
            assert!(
                !after.iter().any(|r| r == rule),
                "{net}: {rule} left after the fix: {after:?}"
            );
        }
        // Nothing else changed: the other findings are the same.
        let rest = |v: &[String]| {
            let mut v: Vec<String> = v
                .iter()
                .filter(|r| !FIXED.contains(&r.as_str()) && !FOLLOWS.contains(&r.as_str()))
                .cloned()
                .collect();
            v.sort();
            v
        };
        assert_eq!(rest(&before), rest(&after), "{net}");
    }
}

#[test]
fn vrp8_scripts_commit_and_vrp5_scripts_do_not() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    write_scripts(&root, "corpus/carrier", dir.path().to_str().unwrap(), &[]);
    let pe1 = std::fs::read_to_string(dir.path().join("PE1.txt")).unwrap();
    assert!(
        pe1.contains("[~PE1-bgp]undo peer 10.255.0.1 connect-only\n"),
        "{pe1}"
    );
    assert!(pe1.contains("[*PE1]commit\n"));
    let ce1 = std::fs::read_to_string(dir.path().join("CE1.txt")).unwrap();
    assert_eq!(
        ce1,
        "<CE1>system-view\n[CE1]bgp 65001\n[CE1-bgp]undo peer 172.16.1.1 listen-only\n[CE1-bgp]quit\n[CE1]return\n"
    );
}

#[test]
fn hostile_device_names_stay_inside_the_script_folder() {
    let net = tempfile::tempdir().unwrap();
    let r1 = "sysname ../../escape\n#\ninterface G0\n ip address 198.18.0.1 30\n#\nbgp 64500\n peer 198.18.0.2 as-number 64501\n peer 198.18.0.2 listen-only\n#\n";
    let r2 = "sysname L2GW/L3GW1\n#\ninterface G0\n ip address 198.18.0.2 30\n#\nbgp 64501\n peer 198.18.0.1 as-number 64500\n peer 198.18.0.1 listen-only\n#\n";
    std::fs::write(net.path().join("a.cfg"), r1).unwrap();
    std::fs::write(net.path().join("b.cfg"), r2).unwrap();
    let out = tempfile::tempdir().unwrap();
    let scripts = out.path().join("scripts");
    write_scripts(net.path(), ".", scripts.to_str().unwrap(), &[]);
    let names: Vec<String> = std::fs::read_dir(&scripts)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(
        !names[0].contains('/') && !names[0].starts_with('.'),
        "{names:?}"
    );
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        1,
        "nothing written beside the folder"
    );
}

#[test]
fn two_devices_never_share_a_script() {
    // `X/1` and `X_1` make the same file name; each is the end to change in
    // its own both-connect-only session.
    let net = tempfile::tempdir().unwrap();
    let pairs = [("X/1", "zz-1", "198.18.0"), ("X_1", "zz-2", "198.18.1")];
    for (k, (a, b, subnet)) in pairs.iter().enumerate() {
        for (name, me, peer) in [(a, 1, 2), (b, 2, 1)] {
            let text = format!(
                "sysname {name}\n#\ninterface G0\n ip address {subnet}.{me} 30\n#\nbgp 64500\n peer {subnet}.{peer} as-number 64500\n peer {subnet}.{peer} connect-only\n#\n"
            );
            std::fs::write(net.path().join(format!("{k}-{me}.cfg")), text).unwrap();
        }
    }
    let out = tempfile::tempdir().unwrap();
    let scripts = out.path().join("scripts");
    write_scripts(net.path(), ".", scripts.to_str().unwrap(), &[]);
    let mut names: Vec<String> = std::fs::read_dir(&scripts)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["X_1-2.txt", "X_1.txt"]);
    let o = run(
        net.path(),
        &[
            "check",
            ".",
            "--with",
            scripts.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert!(rules(&o).is_empty(), "{:?}", rules(&o));
}

#[test]
fn what_if_names_a_missing_device() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("NOPE.txt"),
        "<NOPE>system-view\n[NOPE]bgp 1\n",
    )
    .unwrap();
    let o = run(
        &root,
        &[
            "check",
            "corpus/lab",
            "--with",
            dir.path().to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no device in the network is named NOPE"));
}

#[test]
fn fix_in_place_removes_exactly_the_overridden_line() {
    let dir = tempfile::tempdir().unwrap();
    let pe = "sysname PE\r\n#\r\nbgp 64500\r\n group CE external\r\n peer CE as-number 64501\r\n peer CE listen-only  \r\n peer CE connect-only\r\n peer 192.0.2.2 group CE\r\n description x\u{e9}\r\n#\r\nreturn\r\n\0";
    let path = dir.path().join("PE.cfg");
    std::fs::write(&path, pe).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let o = run(dir.path(), &["check", ".", "--diff"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "--- a/PE.cfg\n+++ b/PE.cfg\n@@ -3,7 +3,6 @@\n bgp 64500\r\n  group CE external\r\n  peer CE as-number 64501\r\n- peer CE listen-only  \r\n  peer CE connect-only\r\n  peer 192.0.2.2 group CE\r\n  description x\u{e9}\r\n"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        pe,
        "--diff writes nothing"
    );

    fix_leaving_only_unknown_remotes(dir.path(), &["--fix"]);
    let want = pe.replace(" peer CE listen-only  \r\n", "");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), want);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
    // Idempotent.
    let o = run(dir.path(), &["check", ".", "--fix"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), want);
    assert_eq!(run(dir.path(), &["check", ".", "--diff"]).stdout, b"");
}

/// Applies JSON `edits` (1-based lines, columns in characters) to a text.
fn apply_edits(text: &str, edits: &[serde_json::Value]) -> String {
    let offset = |line: u64, col: u64| {
        let start: usize = text
            .split_inclusive('\n')
            .take(line as usize - 1)
            .map(str::len)
            .sum();
        let in_line: usize = text[start..]
            .chars()
            .take(col as usize - 1)
            .map(char::len_utf8)
            .sum();
        start + in_line
    };
    let mut ranges: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(e["line"].as_u64().unwrap(), e["column"].as_u64().unwrap()),
                offset(
                    e["end_line"].as_u64().unwrap(),
                    e["end_column"].as_u64().unwrap(),
                ),
                e["text"].as_str().unwrap(),
            )
        })
        .collect();
    ranges.sort();
    let mut out = text.to_string();
    for (start, end, new) in ranges.into_iter().rev() {
        out.replace_range(start..end, new);
    }
    out
}

#[test]
fn group_name_edits_repair_the_slip() {
    let dir = tempfile::tempdir().unwrap();
    let pe = "sysname PE\n#\nbgp 64500\n group CE external\n peer CE as-number 64501\n peer 192.0.2.2 group ce\n group \"Core Peers\" internal\n peer 10.0.0.2 group \"core peers\"\n peer \"core peers\" description vide\u{301}o\n#\nreturn\n";
    let path = dir.path().join("PE.cfg");
    std::fs::write(&path, pe).unwrap();
    let findings = |o: &std::process::Output| -> Vec<serde_json::Value> {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["findings"].as_array().unwrap().clone()
    };
    let before = findings(&run(dir.path(), &["check", ".", "--format", "json"]));
    let slips: Vec<&serde_json::Value> = before
        .iter()
        .filter(|f| f["rule"] == "undefined-group")
        .collect();
    assert_eq!(slips.len(), 2, "{before:?}");
    let edits: Vec<serde_json::Value> = slips
        .iter()
        .flat_map(|f| f["edits"].as_array().unwrap().clone())
        .collect();
    // `ce` once; `"core peers"` at its membership and its setting.
    assert_eq!(edits.len(), 3, "{edits:?}");

    // SARIF carries the same edits as replacements.
    let sarif: serde_json::Value =
        serde_json::from_slice(&run(dir.path(), &["check", ".", "--format", "sarif"]).stdout)
            .unwrap();
    let inserted: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == "undefined-group")
        .flat_map(|r| {
            r["fixes"][0]["artifactChanges"][0]["replacements"]
                .as_array()
                .unwrap()
        })
        .map(|r| r["insertedContent"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(inserted, ["CE", "\"Core Peers\"", "\"Core Peers\""]);

    let fixed = apply_edits(pe, &edits);
    assert_eq!(
        fixed,
        pe.replace("group ce\n", "group CE\n")
            .replace("\"core peers\"", "\"Core Peers\"")
    );
    std::fs::write(&path, &fixed).unwrap();
    let after = findings(&run(dir.path(), &["check", ".", "--format", "json"]));
    assert!(
        after.iter().all(|f| f["rule"] != "undefined-group"),
        "{after:?}"
    );
}

/// Two devices on one link, each listen-only towards the other.
const A_LISTEN_ONLY: &str = "sysname A\n#\ninterface G0\n ip address 192.0.2.1 24\n#\nbgp 64500\n peer 192.0.2.2 as-number 64501\n peer 192.0.2.2 listen-only\n#\nreturn\n";
const B_LISTEN_ONLY: &str = "sysname B\n#\ninterface G0\n ip address 192.0.2.2 24\n#\nbgp 64501\n peer 192.0.2.1 as-number 64500\n peer 192.0.2.1 listen-only\n#\nreturn\n";

/// `fix --script` into a folder beside the network, then `check --with`:
/// the rules the check reports afterwards.
fn fixed_rules(files: &[(&str, &str)]) -> (Vec<String>, String) {
    let dir = tempfile::tempdir().unwrap();
    let net = dir.path().join("net");
    std::fs::create_dir(&net).unwrap();
    for (name, text) in files {
        std::fs::write(net.join(name), text).unwrap();
    }
    let scripts = dir.path().join("scripts");
    write_scripts(dir.path(), "net", scripts.to_str().unwrap(), &[]);
    let mut written = String::new();
    for e in std::fs::read_dir(&scripts).unwrap() {
        written.push_str(&std::fs::read_to_string(e.unwrap().path()).unwrap());
    }
    let after = rules(&run(
        dir.path(),
        &["check", "net", "--with", "scripts", "--format", "json"],
    ));
    (after, written)
}

#[test]
fn a_member_listen_only_on_its_own_and_through_its_group_is_reset_both_ways() {
    // A sets listen-only on the member and on its group; undoing the
    // member's line alone would leave it listen-only.
    let a = "sysname A\n#\ninterface G0\n ip address 192.0.2.1 24\n#\nbgp 64500\n group G external\n peer G as-number 64501\n peer G listen-only\n peer 192.0.2.2 group G\n peer 192.0.2.2 listen-only\n#\nreturn\n";
    let b = B_LISTEN_ONLY;
    let (after, written) = fixed_rules(&[("A.cfg", a), ("B.cfg", b)]);
    assert!(after.is_empty(), "{after:?}");
    // B's reset touches one peer and no group: B is changed.
    assert!(
        written.contains("[B-bgp]undo peer 192.0.2.1 listen-only"),
        "{written}"
    );

    // With the same on both ends, the change must reset A's group too.
    let b_same = b.replace(
        " peer 192.0.2.1 as-number 64500\n peer 192.0.2.1 listen-only\n",
        " group H external\n peer H as-number 64500\n peer H listen-only\n peer 192.0.2.1 group H\n peer 192.0.2.1 listen-only\n peer 192.0.2.9 group H\n",
    );
    let (after, written) = fixed_rules(&[("A.cfg", a), ("B.cfg", &b_same)]);
    assert!(!after.iter().any(|r| r == "both-listen-only"), "{after:?}");
    assert!(
        written.contains("undo peer 192.0.2.2 listen-only\n[A-bgp]undo peer G listen-only"),
        "{written}"
    );
}

#[test]
fn what_if_transcripts_inside_the_network_folder_are_not_devices() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("A.cfg"), A_LISTEN_ONLY).unwrap();
    std::fs::write(dir.path().join("B.cfg"), B_LISTEN_ONLY).unwrap();
    write_scripts(dir.path(), ".", "changes", &[]);
    let o = run(
        dir.path(),
        &["check", ".", "--with", "changes", "--format", "json"],
    );
    assert_eq!(
        rules(&o),
        Vec::<String>::new(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn unsafe_fixes_rename_misspelt_groups_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let pe = "sysname PE\r\n#\r\nbgp 64500\r\n group CE external\r\n peer CE as-number 64501\r\n peer CE listen-only\r\n peer CE connect-only\r\n peer 192.0.2.2 group ce\r\n group \"Core Peers\" internal\r\n peer 10.0.0.2 group \"core peers\"\r\n#\r\nreturn\r\n";
    let path = dir.path().join("PE.cfg");
    std::fs::write(&path, pe).unwrap();

    // Alone it is refused; with --fix alone the names stay.
    assert_eq!(
        run(dir.path(), &["check", ".", "--unsafe-fixes"])
            .status
            .code(),
        Some(2)
    );
    let o = run(dir.path(), &["check", ".", "--fix", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        pe.replace(" peer CE listen-only\r\n", "")
    );
    assert!(rules(&o).iter().any(|r| r == "undefined-group"));

    let o = run(dir.path(), &["check", ".", "--diff", "--unsafe-fixes"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "--- a/PE.cfg\n+++ b/PE.cfg\n@@ -4,8 +4,8 @@\n  group CE external\r\n  peer CE as-number 64501\r\n  peer CE connect-only\r\n- peer 192.0.2.2 group ce\r\n+ peer 192.0.2.2 group CE\r\n  group \"Core Peers\" internal\r\n- peer 10.0.0.2 group \"core peers\"\r\n+ peer 10.0.0.2 group \"Core Peers\"\r\n #\r\n return\r\n"
    );

    fix_leaving_only_unknown_remotes(dir.path(), &["--fix", "--unsafe-fixes"]);
    let want = pe
        .replace(" peer CE listen-only\r\n", "")
        .replace("group ce\r\n", "group CE\r\n")
        .replace("\"core peers\"", "\"Core Peers\"");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), want);
    // Nothing left to do.
    let o = run(dir.path(), &["check", ".", "--diff", "--unsafe-fixes"]);
    assert_eq!((o.status.code(), o.stdout.len()), (Some(0), 0));
}
