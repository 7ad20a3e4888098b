//! Generated files that must not drift from their source: the rule pages
//! `docs/rules/<id>.md` (from `rules/<id>.yaml`; SARIF's `helpUri` points
//! at them) and `peerlint.schema.json` (from `peerlint config --schema`).
//! Run with `PEERLINT_UPDATE_DOCS=1` to write them again, then review the
//! diff.

use std::path::Path;

fn update() -> bool {
    std::env::var_os("PEERLINT_UPDATE_DOCS").is_some()
}

#[test]
fn every_rule_page_is_generated_from_its_yaml() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    if update() {
        std::fs::create_dir_all(&dir).unwrap();
    }
    let mut want = Vec::new();
    for m in peerlint::rules::all_meta() {
        let name = format!("{}.md", m.id);
        let page = peerlint::rules::markdown(m);
        let path = dir.join(&name);
        if update() {
            std::fs::write(&path, &page).unwrap();
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!(
                "{} is missing: run PEERLINT_UPDATE_DOCS=1 cargo test --test docs",
                path.display()
            )
        });
        assert_eq!(
            on_disk, page,
            "{name} drifted from rules/{}.yaml: run PEERLINT_UPDATE_DOCS=1 cargo test --test docs",
            m.id
        );
        want.push(name);
    }
    let mut there: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    there.sort();
    want.sort();
    assert_eq!(
        there, want,
        "docs/rules holds a page for every rule and nothing else"
    );
}

#[test]
fn the_config_schema_in_the_repository_is_the_one_peerlint_prints() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_peerlint"))
        .args(["config", "--schema"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("peerlint.schema.json");
    if update() {
        std::fs::write(&path, &o.stdout).unwrap();
    }
    let file = std::fs::read(&path).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&file),
        String::from_utf8_lossy(&o.stdout),
        "peerlint.schema.json drifted: run PEERLINT_UPDATE_DOCS=1 cargo test --test docs"
    );
    // The schema knows every rule id, and the config files of the tests
    // and the corpus are valid against the keys it allows.
    let schema: serde_json::Value = serde_json::from_slice(&file).unwrap();
    let ids = schema["properties"]["rules"]["propertyNames"]["enum"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(ids, peerlint::rules::REGISTRY.len());
    let keys: Vec<&str> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for k in ["paths", "include", "exclude", "rules", "ignore", "fail-on"] {
        assert!(keys.contains(&k), "{k}");
    }
}
