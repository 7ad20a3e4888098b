//! Networks where Huawei devices face Cisco IOS, IOS XR, Junos and Arista
//! EOS devices (`tests/vendors/<case>/net`), each with what a user must
//! get (`expected.txt`: `finding <rule> <device>` for every error and
//! warning, `<devA>|<devB>` when either end may carry it, and `session
//! <device> <vrf> <peer> <status>` for every configured peer). Written
//! from each vendor's documentation, not from peerlint's readers. And the
//! public configurations of `tests/wild/`, read without a panic, each
//! error and warning listed in its set's `expected.txt`.

mod common;

use std::path::Path;

use common::{json, run};


/// The file a finding's primary location is in, as a device name: the
/// sessions table knows which file is which device.
fn findings(dir: &Path, net: &str) -> Vec<(String, String)> {
    let report = json(&run(dir, &["check", net, "--format", "json"]));
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] != "note")
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["primary"]["path"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Device names by file path: each file's own `graph` (a file without BGP
/// keeps its path as its name).
fn device_of_path(dir: &Path, net: &str) -> std::collections::HashMap<String, String> {
    let mut map = std::collections::HashMap::new();
    for e in std::fs::read_dir(dir.join(net)).unwrap().flatten() {
        let path = format!("{net}/{}", e.file_name().to_string_lossy());
        let graph = json(&run(dir, &["graph", &path, "--format", "json"]));
        if let Some(d) = graph["nodes"][0]["device"].as_str() {
            map.insert(path, d.to_string());
        }
    }
    map
}

fn check_case(dir: &Path) {
    let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
    let lines: Vec<&str> = expected
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    // Sessions.
    let sessions = json(&run(dir, &["sessions", "net", "--format", "json"]));
    let mut got: Vec<String> = sessions
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "session {} {} {} {}",
                r["device"].as_str().unwrap(),
                r["vrf"].as_str().unwrap(),
                r["peer"].as_str().unwrap(),
                r["status"].as_str().unwrap()
            )
        })
        .collect();
    got.sort();
    let mut want: Vec<String> = lines
        .iter()
        .filter(|l| l.starts_with("session "))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    want.sort();
    assert_eq!(got, want, "sessions of {}", dir.display());
    // Findings: each expected one matched once, nothing else.
    let paths = device_of_path(dir, "net");
    let mut found: Vec<(String, String)> = findings(dir, "net")
        .into_iter()
        .map(|(rule, path)| {
            let device = paths.get(&path).cloned().unwrap_or(path);
            (rule, device)
        })
        .collect();
    for l in lines.iter().filter(|l| l.starts_with("finding ")) {
        let words: Vec<&str> = l.split_whitespace().collect();
        let (rule, devices) = (words[1], words[2]);
        let at = found
            .iter()
            .position(|(r, d)| r == rule && devices.split('|').any(|x| x == d));
        match at {
            Some(i) => {
                found.remove(i);
            }
            None => panic!(
                "{}: expected {rule} on {devices}, not reported; left: {found:?}",
                dir.display()
            ),
        }
    }
    assert!(
        found.is_empty(),
        "{}: reported but not expected: {found:?}",
        dir.display()
    );
}

#[test]
fn held_out_mixed_networks_give_their_documented_results() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vendors");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("expected.txt").exists())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "{} cases", cases.len());
    for case in cases {
        check_case(&case);
    }
}

#[test]
fn public_configurations_of_other_vendors_are_read_without_a_false_finding() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wild");
    let mut sets: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("SOURCE.md").exists())
        .collect();
    sets.sort();
    assert!(!sets.is_empty());
    for set in sets {
        let o = run(&set, &["check", ".", "--format", "json"]);
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{}: {}",
            set.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        let report = json(&o);
        assert!(
            report["summary"]["devices"].as_u64().unwrap() > 0,
            "{}",
            set.display()
        );
        let mut got: Vec<String> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] != "note")
            .map(|f| {
                format!(
                    "{} {}:{}",
                    f["rule"].as_str().unwrap(),
                    f["primary"]["path"].as_str().unwrap(),
                    f["primary"]["line"]
                )
            })
            .collect();
        got.sort();
        let expected = std::fs::read_to_string(set.join("expected.txt")).unwrap_or_default();
        let mut want: Vec<String> = expected
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect();
        want.sort();
        assert_eq!(got, want, "{}", set.display());
    }
}
