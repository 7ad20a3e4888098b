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
    let lines = common::expected_lines(&dir.join("expected.txt"));
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
    let cases = common::cases("vendors", "expected.txt");
    assert!(cases.len() >= 10, "{} cases", cases.len());
    for case in cases {
        check_case(&case);
    }
}

#[test]
fn public_configurations_of_other_vendors_are_read_without_a_false_finding() {
    let sets = common::cases("wild", "SOURCE.md");
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
        let mut want = common::expected_lines(&set.join("expected.txt"));
        want.sort();
        assert_eq!(got, want, "{}", set.display());
    }
}

/// `fix --script` writes each device's change in its own CLI: IOS inside
/// `configure terminal`, Junos as a `delete` line inside `configure`, and
/// the Huawei end in VRP when the Huawei end is the one to change.
#[test]
fn change_scripts_speak_each_devices_cli() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vendors");
    let dir = tempfile::tempdir().unwrap();
    let scripts = |case: &str| -> Vec<(String, String)> {
        let out = dir.path().join(case);
        let o = run(
            &root.join(case),
            &["fix", "net", "--script", out.to_str().unwrap()],
        );
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let mut files: Vec<(String, String)> = std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read_to_string(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let ios = scripts("huawei-listen-only-group-vs-ios-passive");
    assert_eq!(ios.len(), 1, "{ios:?}");
    assert_eq!(
        ios[0].1,
        "configure terminal\nrouter bgp 65001\n no neighbor 10.1.1.1 transport connection-mode passive\n!\nend\n"
    );
    let hop = scripts("ios-huawei-loopback-ebgp-no-multihop");
    assert!(
        hop[0]
            .1
            .contains("\n neighbor 10.255.8.1 ebgp-multihop 2\n"),
        "{hop:?}"
    );
    // Where the Junos end is changed, its script deletes `passive`.
    let rendered = peerlint::vendor::render::command(
        &peerlint::vendor::render::At {
            vendor: peerlint::model::Vendor::Junos,
            asn: "65020".into(),
            vrf: None,
            peer: "10.2.1.1".parse().unwrap(),
            group: Some("TO-PE".into()),
        },
        peerlint::vendor::render::Subject::Group,
        "passive",
        true,
    );
    assert_eq!(rendered.1, "delete protocols bgp group TO-PE passive");
}

/// A rule about VRP's own syntax judges Huawei devices only: a Cisco peer
/// group named past VRP's 47 characters is no finding, the same name in a
/// VRP `group` line is.
#[test]
fn vrp_syntax_rules_leave_other_vendors_alone() {
    let name = "CUSTOMER-ACCESS-GROUP-FOR-THE-NORTHERN-REGION-2024";
    let ios = format!(
        "hostname CE1\n!\ninterface GigabitEthernet0/0\n ip address 10.1.1.2 255.255.255.252\n!\nrouter bgp 65001\n neighbor {name} peer-group\n neighbor {name} remote-as 64500\n neighbor 10.1.1.1 peer-group {name}\n!\nend\n"
    );
    let vrp = format!(
        "sysname PE1\n#\ninterface GigabitEthernet0/0/1\n ip address 10.1.1.1 255.255.255.252\n#\nbgp 64500\n group {name} external\n peer {name} as-number 65001\n peer 10.1.1.2 group {name}\n#\nreturn\n"
    );
    let a = peerlint::analyze_texts(vec![
        ("ce1".into(), ios.clone()),
        ("pe1.cfg".into(), "sysname PE1\n#\ninterface GigabitEthernet0/0/1\n ip address 10.1.1.1 255.255.255.252\n#\nbgp 64500\n peer 10.1.1.2 as-number 65001\n#\nreturn\n".into()),
    ]);
    let rules: Vec<&str> = a.findings.iter().map(|f| f.rule).collect();
    assert!(!rules.contains(&"invalid-group-name"), "{rules:?}");
    assert_eq!(a.network.devices.len(), 2);
    let b = peerlint::analyze_texts(vec![("ce1".into(), ios), ("pe1.cfg".into(), vrp)]);
    assert!(
        b.findings.iter().any(|f| f.rule == "invalid-group-name"),
        "{:?}",
        b.findings.iter().map(|f| f.rule).collect::<Vec<_>>()
    );
}
