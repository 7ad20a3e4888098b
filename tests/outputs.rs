//! Every output where it is consumed: paths as CI systems want them,
//! hostile text escaped in every format, the one-line format, diffs that
//! `git apply` takes, rule selection, colours, editors' standard input,
//! runs that fail reported in the machine formats, and the files peerlint
//! must refuse or leave alone.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn peerlint(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_peerlint"));
    c.args(args).current_dir(dir);
    for k in ["NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TERM"] {
        c.env_remove(k);
    }
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", out(o)))
}

/// A SARIF report of a run that exited 2, which says it failed.
fn assert_sarif_failed(o: &Output) {
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        json(o)["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
}

fn corpus(net: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(net)
}

/// Copies a folder (no subfolders needed here), leaving out expected.yaml.
fn copy_into(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() && e.file_name() != "expected.yaml" {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// Two routers whose session both ends only listen to; R1's name is
/// `name` (its file's stem when `sysname` is false).
fn hostile_pair(dir: &Path, name: &str, sysname: bool) {
    let (file, first) = if sysname {
        ("R1.cfg".to_string(), format!("sysname {name}\n"))
    } else {
        (format!("{name}.cfg"), String::new())
    };
    std::fs::write(
        dir.join(file),
        format!("{first}#\ninterface GigabitEthernet0/0/0\n ip address 192.0.2.1 255.255.255.252\n#\nbgp 64500\n peer 192.0.2.2 as-number 64501\n peer 192.0.2.2 listen-only\n peer 192.0.2.9 as-number 6\u{1b}[2J\u{7}\n#\nreturn\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("R2.cfg"),
        "sysname R2\n#\ninterface GigabitEthernet0/0/0\n ip address 192.0.2.2 255.255.255.252\n#\nbgp 64501\n peer 192.0.2.1 as-number 64500\n peer 192.0.2.1 listen-only\n#\nreturn\n",
    )
    .unwrap();
}

#[test]
fn a_hostile_device_name_reaches_no_output_unescaped() {
    // ESC, BEL and `::` in a sysname; CR and LF too in a file name (a
    // device without sysname is named after its file).
    for (name, sysname) in [
        ("R1\u{1b}[2J\u{7}::error title=x::pwned", true),
        ("R1\r\n::error title=x::pwned\u{1b}]0;title\u{7}", false),
    ] {
        let dir = tempfile::tempdir().unwrap();
        hostile_pair(dir.path(), name, sysname);
        let formats: &[&[&str]] = &[
            &["check", ".", "--color", "never"],
            &["check", ".", "--color", "always"],
            &["check", ".", "--output-format", "concise"],
            &["check", ".", "--format", "json"],
            &["check", ".", "--format", "sarif"],
            &["check", ".", "--format", "github"],
            &["check", ".", "--format", "gitlab"],
            &["check", ".", "--format", "junit"],
            &["check", ".", "--statistics", "--format", "json"],
            &["sessions", "."],
            &["sessions", ".", "--format", "csv"],
            &["sessions", ".", "--format", "json"],
            &["graph", "."],
            &["graph", ".", "--format", "mermaid"],
            &["graph", ".", "--format", "json"],
        ];
        for args in formats {
            let o = peerlint(dir.path(), args, &[]);
            assert!(o.status.code().is_some_and(|c| c < 2), "{args:?}: {o:?}");
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(
                !err.contains('\u{1b}') && !err.contains('\u{7}'),
                "{args:?}: {err:?}"
            );
            let text = out(&o);
            if !args.contains(&"--statistics") {
                assert!(text.contains("R1"), "{args:?}: the device is shown: {text}");
            }
            // Colour sequences are peerlint's own: `\x1b[` followed by
            // digits and `m` only, never the `[2J` of the name.
            assert!(!text.contains('\u{7}'), "{args:?}: {text:?}");
            assert!(
                !text.contains("\u{1b}[2J") && !text.contains("\u{1b}]0;"),
                "{args:?}"
            );
            if args.contains(&"--color") && args.contains(&"always") {
                continue;
            }
            assert!(!text.contains('\u{1b}'), "{args:?}: {text:?}");
            let one_line_per_item = ["concise", "github"].iter().any(|f| args.contains(f));
            if one_line_per_item {
                assert!(!text.contains('\r'), "{args:?}: {text:?}");
                // Nothing but peerlint's own lines start a workflow command
                // or a finding.
                for line in text.lines() {
                    assert!(
                        line.starts_with("::error file=")
                            || line.starts_with("::warning file=")
                            || line.starts_with("::notice file=")
                            || line.contains(".cfg:")
                            || line.starts_with("peerlint: "),
                        "{args:?}: {line:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn ci_formats_give_paths_from_the_repository_root_as_sarif_does() {
    let repo = tempfile::tempdir().unwrap();
    assert!(git(repo.path(), &["init", "-q"]).status.success());
    let sub = repo.path().join("sites/north");
    copy_into(&corpus("carrier"), &sub.join("carrier"));
    let run = |format: &str| peerlint(&sub, &["check", "carrier", "--format", format], &[]);
    let sarif = json(&run("sarif"));
    let mut sarif_paths: Vec<String> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    sarif_paths.sort();
    assert!(
        sarif_paths
            .iter()
            .all(|p| p.starts_with("sites/north/carrier/"))
    );
    let mut github: Vec<String> = out(&run("github"))
        .lines()
        .map(|l| {
            let file = l.split("file=").nth(1).unwrap();
            file.split(',').next().unwrap().to_string()
        })
        .collect();
    github.sort();
    assert_eq!(github, sarif_paths);
    let mut gitlab: Vec<String> = json(&run("gitlab"))
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["location"]["path"].as_str().unwrap().to_string())
        .collect();
    gitlab.sort();
    assert_eq!(gitlab, sarif_paths);
    let junit = out(&run("junit"));
    for p in &sarif_paths {
        assert!(junit.contains(&format!("file=\"{p}\"")), "{p} in {junit}");
    }
    assert!(!junit.contains("file=\"carrier/"), "{junit}");
}

#[test]
fn the_concise_format_is_one_line_per_finding() {
    let o = peerlint(
        &corpus("carrier"),
        &["check", ".", "--output-format", "concise"],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let text = out(&o);
    let findings: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("peerlint: "))
        .collect();
    assert_eq!(findings.len(), 9, "{text}");
    assert!(
        findings.contains(&"CE1.cfg:20:2: both-listen-only the session between CE1 and PE1 can never come up: both ends are listen-only, so each waits for the other to open the TCP connection and neither does"),
        "{text}"
    );
    assert!(
        text.lines()
            .last()
            .unwrap()
            .starts_with("peerlint: 5 errors")
    );
    let quiet = peerlint(
        &corpus("carrier"),
        &["check", ".", "--format", "concise", "-q"],
        &[],
    );
    assert_eq!(out(&quiet).lines().count(), 9);
    // `full` is the text format.
    let full = peerlint(
        &corpus("carrier"),
        &["check", ".", "--format", "full", "--color", "never"],
        &[],
    );
    let text = peerlint(&corpus("carrier"), &["check", ".", "--color", "never"], &[]);
    assert_eq!(out(&full), out(&text));
}

#[test]
fn a_diff_is_what_git_apply_takes() {
    let repo = tempfile::tempdir().unwrap();
    assert!(git(repo.path(), &["init", "-q"]).status.success());
    for net in ["carrier", "lab", "branch", "typed"] {
        copy_into(&corpus(net), &repo.path().join("corpus").join(net));
    }
    let o = peerlint(
        repo.path(),
        &["check", ".", "--diff", "--unsafe-fixes"],
        &[],
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let diff = out(&o);
    assert!(diff.matches("\n@@ ").count() >= 2, "{diff}");
    assert!(diff.contains("--- a/corpus/"), "{diff}");
    std::fs::write(repo.path().join("p.diff"), &diff).unwrap();
    let check = git(repo.path(), &["apply", "--check", "p.diff"]);
    assert!(
        check.status.success(),
        "{}\n{diff}",
        String::from_utf8_lossy(&check.stderr)
    );
    // Applied, it is what --fix writes.
    assert!(git(repo.path(), &["apply", "p.diff"]).status.success());
    let again = peerlint(
        repo.path(),
        &["check", ".", "--diff", "--unsafe-fixes"],
        &[],
    );
    assert_eq!(out(&again), "", "nothing left to fix");
}

#[test]
fn rule_selection_trims_takes_all_and_suggests() {
    let dir = corpus("carrier");
    let o = peerlint(
        &dir,
        &[
            "check",
            ".",
            "--select",
            "both-listen-only, both-connect-only ",
            "--format",
            "json",
        ],
        &[],
    );
    let mut got = common::rules(&o);
    got.sort();
    got.dedup();
    assert_eq!(got, ["both-connect-only", "both-listen-only"]);
    let all = common::rules(&peerlint(&dir, &["check", ".", "--format", "json"], &[]));
    let selected = common::rules(&peerlint(
        &dir,
        &[
            "check",
            ".",
            "--select",
            "ALL",
            "--ignore",
            "unknown-remote",
            "--format",
            "json",
        ],
        &[],
    ));
    assert_eq!(selected.len(), all.len() - 1);
    let o = peerlint(&dir, &["check", ".", "--select", "both-listen-onyl"], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("did you mean `both-listen-only`?"), "{err}");
}

#[test]
fn statistics_in_json() {
    let o = peerlint(
        &corpus("carrier"),
        &["check", ".", "--statistics", "--format", "json"],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    let stats = v["statistics"].as_array().unwrap();
    let total: u64 = stats.iter().map(|s| s["count"].as_u64().unwrap()).sum();
    assert_eq!(total, 9);
    assert_eq!(stats[0]["rule"], "both-connect-only");
    assert_eq!(stats[0]["count"], 2);
    assert_eq!(v["summary"]["errors"], 5);
}

#[test]
fn colour_follows_the_environment() {
    let dir = corpus("lab");
    let colored =
        |env: &[(&str, &str)]| out(&peerlint(&dir, &["check", "."], env)).contains('\u{1b}');
    // Standard output is a pipe here: no colour unless forced.
    assert!(!colored(&[]));
    assert!(colored(&[("FORCE_COLOR", "1")]));
    assert!(colored(&[("CLICOLOR_FORCE", "1")]));
    assert!(!colored(&[("FORCE_COLOR", "0")]));
    assert!(!colored(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]));
    assert!(!colored(&[("TERM", "dumb")]));
    assert!(colored(&[("TERM", "dumb"), ("FORCE_COLOR", "1")]));
}

#[test]
fn standard_input_stands_in_for_one_file_of_the_network() {
    let dir = tempfile::tempdir().unwrap();
    copy_into(&corpus("carrier"), dir.path());
    let fixed: String = std::fs::read_to_string(dir.path().join("CE1.cfg"))
        .unwrap()
        .split_inclusive('\n')
        .filter(|l| !l.contains("peer 172.16.1.1 listen-only"))
        .collect();
    let run = |name: &str, text: &str| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_peerlint"));
        c.args(["check", "-", "--stdin-filename", name, "--format", "json"])
            .current_dir(dir.path())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = c.spawn().unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), text.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    // The buffer without the listen-only line: the pair is no longer
    // broken, although the file on disk still is; the rest of the network
    // is checked as on disk.
    let o = run("CE1.cfg", &fixed);
    let rules = common::rules(&o);
    assert!(
        !rules.contains(&"both-listen-only".to_string()),
        "{rules:?}"
    );
    assert!(rules.contains(&"both-connect-only".to_string()));
    // The buffer as on disk: the finding, at the buffer's path.
    let on_disk = std::fs::read_to_string(dir.path().join("CE1.cfg")).unwrap();
    let v = json(&run("CE1.cfg", &on_disk));
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "both-listen-only")
        .unwrap();
    assert_eq!(f["primary"]["path"], "CE1.cfg");
    // A file not yet saved joins the network.
    let new = on_disk.replace("sysname CE1", "sysname CE9");
    let v = json(&run("CE9.cfg", &new));
    assert_eq!(v["summary"]["devices"], 8);
    // `-` without a name is refused.
    let o = peerlint(dir.path(), &["check", "-"], &[]);
    assert_eq!(o.status.code(), Some(2));
    // --diff of a buffer that differs from the file on disk edits nothing:
    // its positions are the buffer's.
    let pe2 = std::fs::read_to_string(dir.path().join("PE2.cfg")).unwrap();
    let shifted = format!("#\n#\n{pe2}");
    let mut c = Command::new(env!("CARGO_BIN_EXE_peerlint"));
    c.args(["check", "-", "--stdin-filename", "PE2.cfg", "--diff"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), shifted.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(out(&o), "", "no edit planned on the file on disk");
    assert!(String::from_utf8_lossy(&o.stderr).contains("differs from the text peerlint checked"));
}

#[test]
fn a_failed_run_says_so_in_json_and_sarif() {
    let dir = tempfile::tempdir().unwrap();
    copy_into(&corpus("lab"), dir.path());
    // A config file peerlint cannot use.
    std::fs::write(dir.path().join("peerlint.yaml"), "rulez: {}\n").unwrap();
    let o = peerlint(dir.path(), &["check", ".", "--format", "json"], &[]);
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    assert_eq!(v["errors"][0]["path"], "peerlint.yaml");
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("rulez")
    );
    let o = peerlint(dir.path(), &["check", ".", "--format", "sarif"], &[]);
    assert_sarif_failed(&o);
    std::fs::remove_file(dir.path().join("peerlint.yaml")).unwrap();
    // A path that does not exist, beside one that does.
    let o = peerlint(
        dir.path(),
        &["check", ".", "missing/", "--format", "json"],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    assert!(!v["errors"].as_array().unwrap().is_empty());
    assert!(
        !v["findings"].as_array().unwrap().is_empty(),
        "the rest is still checked"
    );
    // A folder without any configuration.
    let empty = tempfile::tempdir().unwrap();
    let o = peerlint(empty.path(), &["check", ".", "--format", "sarif"], &[]);
    assert_sarif_failed(&o);
    // A baseline that cannot be read: the findings, and the error.
    let o = peerlint(
        dir.path(),
        &[
            "check",
            ".",
            "--format",
            "json",
            "--baseline",
            "/nonexistent/b.json",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("baseline")
    );
    assert!(!v["findings"].as_array().unwrap().is_empty());
    // `-` without --stdin-filename.
    let o = peerlint(dir.path(), &["check", "-", "--format", "sarif"], &[]);
    assert_sarif_failed(&o);
    // A rule that does not exist.
    let o = peerlint(
        dir.path(),
        &["check", ".", "--select", "nope", "--format", "json"],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        json(&o)["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("nope")
    );
}

#[test]
fn a_file_over_4_gib_is_refused_and_the_rest_checked() {
    let dir = tempfile::tempdir().unwrap();
    copy_into(&corpus("lab"), dir.path());
    // Sparse: no disk is used, and peerlint must not read it all.
    let big = std::fs::File::create(dir.path().join("huge.cfg")).unwrap();
    big.set_len(5 << 30).unwrap();
    drop(big);
    let o = peerlint(dir.path(), &["check", ".", "--format", "json"], &[]);
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    let e = &v["errors"][0];
    assert_eq!(e["path"], "huge.cfg");
    assert!(e["message"].as_str().unwrap().contains("4 GiB"), "{e}");
    assert!(!v["findings"].as_array().unwrap().is_empty());
}

#[test]
fn fix_leaves_a_file_that_changed_since_it_was_read() {
    let dir = tempfile::tempdir().unwrap();
    copy_into(&corpus("lab"), dir.path());
    let options = peerlint::Options {
        hash_files: true,
        ..Default::default()
    };
    let a = peerlint::analyze_paths_with(&[dir.path().to_path_buf()], &options);
    let (edits, _) = peerlint::report::edit::plan(&a, false);
    let r9 = edits
        .iter()
        .find(|e| e.path.ends_with("R9.txt"))
        .expect("R9 has an overridden line");
    // Changed after planning: the write is refused, the file untouched.
    let changed = format!("{}\n", String::from_utf8_lossy(&r9.original));
    std::fs::write(&r9.path, &changed).unwrap();
    let err = peerlint::report::edit::apply(r9).unwrap_err();
    assert!(err.to_string().contains("changed since"), "{err}");
    assert_eq!(std::fs::read_to_string(&r9.path).unwrap(), changed);
    // Changed after reading, before planning: not planned at all.
    let (edits, skipped) = peerlint::report::edit::plan(&a, false);
    assert!(!edits.iter().any(|e| e.path.ends_with("R9.txt")));
    assert!(
        skipped
            .iter()
            .any(|s| s.contains("R9.txt") && s.contains("changed since it was read")),
        "{skipped:?}"
    );
}
