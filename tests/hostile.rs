//! Hostile input: whatever a file holds, peerlint does not panic or hang,
//! exits 0, 1 or 2, and still reports the rest of the network.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const R1: &str = "sysname R1\n#\ninterface GigabitEthernet0/0/0\n ip address 198.18.0.1 255.255.255.252\n#\nbgp 64500\n peer 198.18.0.2 as-number 64501\n peer 198.18.0.2 listen-only\n#\nreturn\n";
const R2: &str = "sysname R2\n#\ninterface GigabitEthernet0/0/0\n ip address 198.18.0.2 255.255.255.252\n#\nbgp 64501\n peer 198.18.0.1 as-number 64500\n peer 198.18.0.1 listen-only\n#\nreturn\n";

/// A folder with the healthy pair and one hostile file.
fn beside(name: &str, content: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("R1.cfg"), R1).unwrap();
    std::fs::write(dir.path().join("R2.cfg"), R2).unwrap();
    std::fs::write(dir.path().join(name), content).unwrap();
    dir
}

/// Runs peerlint, killing it after two minutes (a hang fails the test).
fn run_in(dir: &Path, args: &[&str], threads: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_peerlint"));
    cmd.args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(t) = threads {
        cmd.env("RAYON_NUM_THREADS", t);
    }
    let child = cmd.spawn().unwrap();
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    // Reading the pipes while waiting: a child blocked on a full pipe is
    // not a hang.
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(Duration::from_secs(120)) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!("peerlint hung on {args:?} in {}", dir.display());
        }
    }
}

fn check_beside(name: &str, content: &[u8]) -> Output {
    let dir = beside(name, content);
    let o = run_in(dir.path(), &["check", ".", "--format", "json"], None);
    let code = o.status.code();
    assert!(matches!(code, Some(0..=2)), "{name}: exit {code:?}");
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{name}: {e}"));
    let pair = v["findings"].as_array().unwrap().iter().any(|f| {
        f["rule"] == "both-listen-only"
            && f["primary"]["path"] == "R1.cfg"
            && f["related"][0]["path"] == "R2.cfg"
    });
    assert!(pair, "{name}: the known pair is missing: {v}");
    o
}

#[test]
fn hostile_files_leave_the_network_checked() {
    let mut long_line = b"description ".to_vec();
    long_line.extend(std::iter::repeat_n(b'x', 5 * 1024 * 1024));
    let many_tokens: Vec<u8> = std::iter::repeat_n(&b"peer "[..], 100_000)
        .flatten()
        .copied()
        .collect();
    let mut deep = vec![b' '; 100_000];
    deep.extend(b"peer 10.0.0.1 as-number 1\n");
    let mut nuls = R1
        .replace("R1", "N1")
        .replace("198.18.0", "198.19.0")
        .into_bytes();
    for i in (0..nuls.len()).step_by(7) {
        nuls.insert(i, 0);
    }
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "sysname W1\r\n#\r\nbgp 65000\r\n peer 198.20.0.2 as-number 1\r\n"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        )
        .collect();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.cfg", Vec::new()),
        ("blank.cfg", b"\n\n   \n".to_vec()),
        ("binary.cfg", (0u8..=255).cycle().take(4096).collect()),
        ("cr-only.cfg", b"sysname C1\r#\rbgp 65000\r peer 198.21.0.2 as-number 1\r".to_vec()),
        ("mixed.cfg", b"sysname M1\r\n#\rbgp 65000\n peer 198.22.0.2 as-number 1\r\n".to_vec()),
        ("nuls.cfg", nuls),
        ("long-line.cfg", long_line),
        ("tokens.cfg", many_tokens),
        ("indent.cfg", deep),
        ("quotes.cfg", b"bgp 65000\n group \"open name external\n peer \"x listen-only\n".to_vec()),
        ("truncated.cfg", b"sysname T1\n#\nbgp 65000\n peer 198.23.0.2 as-num".to_vec()),
        ("utf16.cfg", utf16),
        ("gbk.cfg", b"sysname G1\n#\ninterface GigabitEthernet0/0/1\n description \xB1\xB1\xBE\xA9\n ip address 198.24.0.1 30\n#\n".to_vec()),
        ("invalid-utf8.cfg", b"sysname U1\xff\xfe\xfd\n#\nbgp 65000\n peer 198.25.0.2 as-number 1\xc3\n".to_vec()),
        ("garbage-as.cfg", b"bgp 99999999999\n peer 1.1.1.1 as-number 0\n#\nbgp 1.99999\n".to_vec()),
        ("prompts.txt", b"<R>\n[R]\n[~R-bgp]\n[*]\n<>\n[]quit\n[R]return\n[R] peer 1.1.1.1 listen-only\n".to_vec()),
        ("escape.cfg", b"sysname E\x1b[2J\x1b]0;pwned\x07\n".to_vec()),
        ("dup-name.cfg", b"sysname R1\n#\nreturn\n".to_vec()),
        ("dup-addr.cfg", b"sysname D1\n#\ninterface G0\n ip address 198.18.0.2 255.255.255.252\n#\n".to_vec()),
    ];
    for (name, content) in cases {
        check_beside(name, &content);
    }
}

#[test]
fn fifty_thousand_peers_in_one_device() {
    let mut text = String::from("sysname BIG\n#\nbgp 65000\n group G external\n");
    for i in 0..50_000u32 {
        text.push_str(&format!(
            " peer 10.{}.{}.{} as-number {}\n peer 10.{}.{}.{} group G\n",
            i >> 16,
            (i >> 8) & 255,
            i & 255,
            65001 + (i % 1000),
            i >> 16,
            (i >> 8) & 255,
            i & 255
        ));
    }
    let o = check_beside("big.cfg", text.as_bytes());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["peers"], 50_002);
}

#[test]
fn missing_paths_and_symlink_loops() {
    let dir = beside("x.cfg", b"");
    let o = run_in(dir.path(), &["check", ".", "does-not-exist"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("does-not-exist: no such file or folder"));
    assert!(String::from_utf8_lossy(&o.stdout).contains("[both-listen-only]"));
    #[cfg(unix)]
    {
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::os::unix::fs::symlink("..", dir.path().join("sub/up")).unwrap();
        let o = run_in(dir.path(), &["check", ".", "--format", "json"], None);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn the_same_output_whatever_the_thread_count() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for format in ["text", "json", "sarif"] {
        let one = run_in(&corpus, &["check", ".", "--format", format], Some("1"));
        let four = run_in(&corpus, &["check", ".", "--format", format], Some("4"));
        let again = run_in(&corpus, &["check", ".", "--format", format], Some("4"));
        assert_eq!(one.stdout, four.stdout, "{format}");
        assert_eq!(four.stdout, again.stdout, "{format}");
    }
}

#[test]
fn odd_names_survive_every_format() {
    let name = "PE\"1\\\u{1b}[31m北京\u{202e}";
    let pe = format!(
        "sysname {name}\n#\ninterface G0\n ip address 198.18.0.2 255.255.255.252\n#\nbgp 64501\n peer 198.18.0.1 as-number 64500\n peer 198.18.0.1 listen-only\n#\n"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("R1.cfg"), R1).unwrap();
    std::fs::write(dir.path().join("odd.cfg"), pe).unwrap();
    let text = run_in(dir.path(), &["check", ".", "--color", "never"], None);
    let out = String::from_utf8_lossy(&text.stdout);
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{202e}'),
        "{out}"
    );
    assert!(out.contains("北京"));
    for format in ["json", "sarif", "gitlab"] {
        let o = run_in(dir.path(), &["check", ".", "--format", format], None);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert!(v.to_string().contains("PE\\\"1\\\\"), "{format}");
    }
    let o = run_in(dir.path(), &["check", ".", "--format", "junit"], None);
    let xml = String::from_utf8_lossy(&o.stdout);
    assert!(!xml.contains('\u{1b}') && xml.contains("PE&quot;1\\"));
    let o = run_in(dir.path(), &["graph", ".", "--format", "dot"], None);
    let dot = String::from_utf8_lossy(&o.stdout);
    assert!(dot.contains("label=\"PE\\\"1\\\\"), "{dot}");
    assert!(!dot.contains('\u{1b}'));
    let o = run_in(dir.path(), &["sessions", "."], None);
    assert!(!String::from_utf8_lossy(&o.stdout).contains('\u{1b}'));
}

#[test]
fn secrets_never_reach_any_output() {
    let secrets = [
        "%^%#Zq8d!kP0s%^%#",
        "%$%$d3+R.%}wxD6%$%$",
        "$1c$K8kN;r,e`X$Qy5Z8iqF$",
        "Hunter2Secret",
        "publicRW0rd",
        "BfdKey99",
        "OspfK3y!",
        "%#%#a8Yq2!vB;K0d%#%#",
        "Ao7Key5tring",
        "%@%#xT4!mQ9z%@%#",
    ];
    let pe = format!(
        "sysname PE\n#\naaa\n local-user admin password irreversible-cipher {}\n local-user ops password cipher {}\n#\nsnmp-agent community write {}\n#\ninterface G0\n ip address 198.18.0.2 255.255.255.252\n ospf authentication-mode md5 1 cipher {}\n#\nkeychain KC mode absolute\n key-id 1\n  algorithm sha-256\n  key-string cipher {}\n#\ntcp ao AO\n key-id 1\n  key-string {}\n#\nbgp 64501\n peer 198.18.0.1 as-number 64500\n peer 198.18.0.1 password cipher {}\n peer 198.18.0.1 listen-only\n peer 198.18.0.1 password simple {}\n peer 198.18.0.9 as-number 64509\n peer 198.18.0.9 keychain KC\n peer 198.18.0.9 password cipher {}\n#\nospf 1\n area 0\n  authentication-mode simple plain {}\n#\n",
        secrets[2],
        secrets[1],
        secrets[4],
        secrets[6],
        secrets[7],
        secrets[8],
        secrets[0],
        secrets[3],
        secrets[9],
        secrets[5]
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("R1.cfg"), R1).unwrap();
    std::fs::write(dir.path().join("PE.cfg"), pe).unwrap();
    let runs: Vec<Vec<&str>> = vec![
        vec!["check", ".", "--color", "never"],
        vec!["check", ".", "--color", "always"],
        vec!["check", ".", "--format", "json"],
        vec!["check", ".", "--format", "sarif"],
        vec!["check", ".", "--format", "github"],
        vec!["check", ".", "--format", "gitlab"],
        vec!["check", ".", "--format", "junit"],
        vec!["sessions", ".", "--format", "json"],
        vec!["sessions", ".", "--format", "csv"],
        vec!["graph", ".", "--format", "dot"],
        vec!["graph", ".", "--format", "mermaid"],
        vec!["graph", ".", "--format", "json"],
    ];
    for args in runs {
        let o = run_in(dir.path(), &args, None);
        let all = [o.stdout, o.stderr].concat();
        let all = String::from_utf8_lossy(&all);
        for s in &secrets {
            assert!(!all.contains(s), "{args:?} leaks {s}:\n{all}");
        }
    }
    // Masked as read: the line keeps its shape and length.
    let a = peerlint::analyze_paths(&[dir.path().to_path_buf()]);
    let text = a
        .sources
        .files()
        .iter()
        .find(|f| f.display.ends_with("PE.cfg"))
        .unwrap()
        .text();
    assert!(
        text.contains("\n peer 198.18.0.1 password cipher *****************\n"),
        "{text}"
    );
    assert_eq!(
        text.len(),
        std::fs::read(dir.path().join("PE.cfg")).unwrap().len()
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn real_configs() -> Vec<String> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in [
            root.join("corpus"),
            root.join("../shared/corpus-wild"),
            // Cisco IOS, IOS XR, Junos and EOS configurations.
            root.join("tests/wild"),
            root.join("tests/vendors"),
        ] {
            if !dir.is_dir() {
                continue;
            }
            for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
                let e = e.unwrap();
                let ext = e.path().extension().and_then(|x| x.to_str()).unwrap_or("");
                let name = e.file_name().to_string_lossy();
                if e.file_type().is_file()
                    && ext != "md"
                    && ext != "yaml"
                    && name != "LICENSE"
                    && name != "expected.txt"
                {
                    files.push(peerlint::source::decode(&std::fs::read(e.path()).unwrap()));
                }
            }
        }
        files
    }

    /// Runs the whole pipeline and every renderer on one text beside the
    /// pair; checks spans and determinism.
    fn check_text(text: String) {
        let files = || {
            vec![
                (PathBuf::from("R1.cfg"), R1.to_string()),
                (PathBuf::from("R2.cfg"), R2.to_string()),
                (PathBuf::from("x.cfg"), text.clone()),
            ]
        };
        let a = peerlint::analyze_texts(files());
        let x = a.sources.get(peerlint::source::FileId(2));
        for f in &a.findings {
            for l in std::iter::once(&f.primary).chain(&f.related) {
                let len = a.sources.get(l.span.file).text().len();
                assert!(l.span.start <= l.span.end && l.span.end as usize <= len);
            }
        }
        for n in &a.notices {
            assert!(n.span.end as usize <= x.text().len());
        }
        assert!(a.findings.iter().any(|f| f.rule == "both-listen-only"));
        let b = peerlint::analyze_texts(files());
        assert_eq!(
            peerlint::report::sarif::render(&a),
            peerlint::report::sarif::render(&b)
        );
        let _ = peerlint::report::text::render(&a, false);
        let _ = peerlint::report::sessions::csv(&a);
        let _ = peerlint::report::graph::mermaid(&a, None);
    }

    fn token() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("peer".to_string()),
            Just("group".to_string()),
            Just("bgp".to_string()),
            Just("undo".to_string()),
            Just("listen-only".to_string()),
            Just("connect-only".to_string()),
            Just("as-number".to_string()),
            Just("vpn-instance".to_string()),
            Just("ipv4-family".to_string()),
            Just("ip".to_string()),
            Just("address".to_string()),
            Just("binding".to_string()),
            Just("ipv6".to_string()),
            Just("port".to_string()),
            Just("interface".to_string()),
            Just("instance".to_string()),
            Just("listen".to_string()),
            Just("reflect-client".to_string()),
            Just("reflector cluster-id".to_string()),
            Just("reflect between-clients".to_string()),
            Just("policy vpn-target".to_string()),
            Just("vpn-target 1:1".to_string()),
            Just("export-extcommunity".to_string()),
            Just("evpn".to_string()),
            Just("bridge-domain".to_string()),
            Just("upe".to_string()),
            Just("import-route".to_string()),
            Just("ipv4-family vpnv4".to_string()),
            Just("#".to_string()),
            Just("\"".to_string()),
            Just("quit".to_string()),
            Just("[~R-bgp]".to_string()),
            Just("<R>".to_string()),
            "[0-9]{1,3}(\\.[0-9]{1,3}){0,3}",
            "[a-zA-Z:0-9]{1,12}",
        ]
    }

    /// Words of Cisco IOS, IOS XR, Junos and EOS configurations.
    fn vendor_token() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("neighbor".to_string()),
            Just("remote-as".to_string()),
            Just("router bgp".to_string()),
            Just("peer-group".to_string()),
            Just("peer group".to_string()),
            Just("transport connection-mode passive".to_string()),
            Just("update-source Loopback0".to_string()),
            Just("ebgp-multihop".to_string()),
            Just("ttl-security hops".to_string()),
            Just("password 7".to_string()),
            Just("vrf".to_string()),
            Just("address-family ipv4 vrf".to_string()),
            Just("activate".to_string()),
            Just("no".to_string()),
            Just("shutdown".to_string()),
            Just("bgp listen range 10.0.0.0/24 peer-group".to_string()),
            Just("template peer-session".to_string()),
            Just("inherit peer-session".to_string()),
            Just("session-open-mode active-only".to_string()),
            Just("neighbor-group".to_string()),
            Just("use neighbor-group".to_string()),
            Just("ipv4 address".to_string()),
            Just("interface".to_string()),
            Just("ip address".to_string()),
            Just("{".to_string()),
            Just("}".to_string()),
            Just(";".to_string()),
            Just("set protocols bgp group".to_string()),
            Just("set interfaces".to_string()),
            Just("deactivate".to_string()),
            Just("inactive:".to_string()),
            Just("passive".to_string()),
            Just("peer-as".to_string()),
            Just("local-address".to_string()),
            Just("type internal".to_string()),
            Just("family inet unicast".to_string()),
            Just("unit 0".to_string()),
            Just("routing-instances".to_string()),
            Just("autonomous-system".to_string()),
            Just("multihop ttl".to_string()),
            Just("!".to_string()),
            Just("\"".to_string()),
            "[0-9]{1,3}(\\.[0-9]{1,3}){0,3}(/[0-9]{1,2})?",
            "[a-zA-Z:0-9]{1,12}",
        ]
    }

    /// A line of up to six tokens, indented by up to five blanks.
    fn line_of(tokens: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
        (0usize..6, prop::collection::vec(tokens, 0..7))
            .prop_map(|(indent, toks)| format!("{}{}", " ".repeat(indent), toks.join(" ")))
    }

    fn vendor_line() -> impl Strategy<Value = String> {
        line_of(vendor_token())
    }

    fn line() -> impl Strategy<Value = String> {
        line_of(token())
    }

    /// The model of a text is the same whether the parse keeps every line
    /// or only what the model reads (`model::reads_block`): what the parse
    /// leaves out never mattered.
    fn same_model_when_filtered(text: &str) {
        use peerlint::{model, source::FileId, syntax};
        let all = syntax::parse(text);
        let kept = syntax::parse_with(text, &model::reads_block);
        assert!(kept.commands.len() <= all.commands.len());
        assert_eq!(
            model::build_device(FileId(0), text, &kept, "x"),
            model::build_device(FileId(0), text, &all, "x"),
            "{text:?}"
        );
    }

    #[test]
    fn real_configs_model_the_same_when_filtered() {
        for text in real_configs() {
            same_model_when_filtered(&text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        #[test]
        fn filtered_parse_models_the_same(lines in prop::collection::vec(line(), 0..60)) {
            same_model_when_filtered(&lines.join("\n"));
        }

        #[test]
        fn token_soups(lines in prop::collection::vec(line(), 0..60), crlf in any::<bool>()) {
            let sep = if crlf { "\r\n" } else { "\n" };
            // A `sysname` first, so that the soup is read as a device
            // rather than skipped as no configuration.
            check_text(format!("sysname X{sep}{}", lines.join(sep)));
        }

        #[test]
        fn vendor_soups(header in 0usize..5, lines in prop::collection::vec(vendor_line(), 0..60), crlf in any::<bool>()) {
            let sep = if crlf { "\r\n" } else { "\n" };
            // A first line that names the vendor, so that the soup reaches
            // that vendor's reader.
            let first = [
                "hostname X",
                "!! IOS XR Configuration 7.3.2",
                "set system host-name X",
                "! device: X (DCS-7050, EOS-4.28)",
                "system {",
            ][header];
            check_text(format!("{first}{sep}{}", lines.join(sep)));
        }

        #[test]
        fn truncated_and_flipped_real_configs(pick in any::<prop::sample::Index>(), cut in any::<prop::sample::Index>(), flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8)) {
            let files = real_configs();
            let text = pick.get(&files).clone();
            let mut bytes = text.into_bytes();
            let keep = if bytes.is_empty() { 0 } else { cut.index(bytes.len() + 1) };
            bytes.truncate(keep);
            for (at, b) in flips {
                if !bytes.is_empty() {
                    let i = at.index(bytes.len());
                    bytes[i] = b;
                }
            }
            check_text(peerlint::source::decode(&bytes));
        }
    }
}
