//! `peerlint fix --script DIR`: one change script per device that needs a
//! change, as a CLI transcript (VRP5 style, or VRP8 with `commit`), ready for
//! a change window and for `peerlint check --with DIR`. A device of another
//! vendor gets its commands inside that vendor's configuration mode
//! ([`crate::vendor::render::script`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::Analysis;
use crate::rules::Change;

/// A device name made into a file name that stays inside the script
/// folder: only letters, digits, `.`, `_` and `-`; no leading dot; not a
/// name Windows reserves.
pub fn safe_file_name(device: &str) -> String {
    let mut name: String = device
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    while name.starts_with('.') {
        name.replace_range(..1, "_");
    }
    if name.is_empty() {
        name = "device".to_string();
    }
    let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        name.insert(0, '_');
    }
    name.truncate(120);
    name
}

/// The prompt text of a view, for the transcript (peerlint reads the
/// commands, not the prompts).
fn prompt_suffix(view: &str) -> String {
    let words: Vec<&str> = view.split_whitespace().collect();
    match words.as_slice() {
        ["bgp", _, "instance", x] => format!("-bgp-instance-{x}"),
        ["bgp", ..] => "-bgp".to_string(),
        ["ipv6-family", "vpn-instance", v] => format!("-6-{v}"),
        [_, "vpn-instance", v] => format!("-{v}"),
        _ => String::new(),
    }
}

/// One device's script.
pub fn script(device: &str, vrp8: bool, fixes: &[&Change]) -> String {
    let host: String = device
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect();
    let mark = |dirty: bool| match (vrp8, dirty) {
        (false, _) => "",
        (true, false) => "~",
        (true, true) => "*",
    };
    let mut out = format!("<{host}>system-view\n");
    let mut dirty = false;
    for fix in fixes {
        let mut suffix = String::new();
        for view in &fix.views {
            out.push_str(&format!("[{}{host}{suffix}]{view}\n", mark(dirty)));
            suffix.push_str(&prompt_suffix(view));
        }
        for command in &fix.commands {
            out.push_str(&format!("[{}{host}{suffix}]{command}\n", mark(dirty)));
            dirty = true;
        }
        for _ in &fix.views {
            out.push_str(&format!("[{}{host}{suffix}]quit\n", mark(dirty)));
            suffix = suffix
                .rsplit_once('-')
                .map(|(a, _)| a.to_string())
                .unwrap_or_default();
            if suffix.ends_with("-bgp-instance") || suffix.ends_with("-bgp-6") {
                suffix = suffix
                    .rsplit_once('-')
                    .map(|(a, _)| a.to_string())
                    .unwrap_or_default();
            }
        }
    }
    if vrp8 && dirty {
        out.push_str(&format!("[*{host}]commit\n"));
    }
    out.push_str(&format!("[{}{host}]return\n", mark(false)));
    out
}

/// Writes one script per device that needs a change; returns the files
/// written. Two devices never share a file. Notes are advice: their
/// changes are shown, not scripted.
pub fn write_scripts(analysis: &Analysis, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut by_device: BTreeMap<(String, u32), Vec<&Change>> = BTreeMap::new();
    for f in analysis
        .findings
        .iter()
        .filter(|f| f.severity >= crate::rules::Severity::Warning)
    {
        // The preferred change; the others are alternatives to it.
        if let Some(fix) = f.changes().next() {
            let list = by_device
                .entry((fix.device.clone(), fix.file.0))
                .or_default();
            if !list.contains(&fix) {
                list.push(fix);
            }
        }
    }
    std::fs::create_dir_all(dir)?;
    let kind: std::collections::HashMap<u32, (bool, crate::model::Vendor)> = analysis
        .network
        .devices
        .iter()
        .map(|d| (d.file.0, (d.vrp8, d.vendor)))
        .collect();
    // Lower-cased: case-insensitive file systems must not merge two names.
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut written = Vec::new();
    for ((device, file), fixes) in by_device {
        let (vrp8, vendor) = kind.get(&file).copied().unwrap_or_default();
        let base = safe_file_name(&device);
        let mut name = base.clone();
        let mut n = 1;
        while taken.contains(&name.to_ascii_lowercase()) {
            n += 1;
            name = format!("{base}-{n}");
        }
        taken.insert(name.to_ascii_lowercase());
        let path = dir.join(format!("{name}.txt"));
        let text = match vendor {
            crate::model::Vendor::Huawei => script(&device, vrp8, &fixes),
            // Another vendor's device: its own configuration mode.
            _ => crate::vendor::render::script(
                vendor,
                &fixes
                    .iter()
                    .map(|c| (&c.views[..], &c.commands[..]))
                    .collect::<Vec<_>>(),
            ),
        };
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_stay_inside() {
        assert_eq!(safe_file_name("L2GW/L3GW1"), "L2GW_L3GW1");
        assert_eq!(safe_file_name("../../etc/passwd"), "_._.._etc_passwd");
        assert_eq!(safe_file_name("CON"), "_CON");
        assert_eq!(safe_file_name("a\u{1b}b"), "a_b");
        assert_eq!(safe_file_name(""), "device");
        assert!(!safe_file_name("..").starts_with('.'));
    }

    #[test]
    fn vrp8_scripts_commit() {
        let fix = Change {
            device: "PE1".into(),
            file: crate::source::FileId(0),
            views: vec!["bgp 100".into(), "ipv4-family vpn-instance A".into()],
            commands: vec!["undo peer CE listen-only".into()],
            vendor: crate::model::Vendor::Huawei,
        };
        let s = script("PE1", true, &[&fix]);
        assert!(s.starts_with(
            "<PE1>system-view\n[~PE1]bgp 100\n[~PE1-bgp]ipv4-family vpn-instance A\n"
        ));
        assert!(s.contains("]undo peer CE listen-only\n") && s.contains("[*PE1]commit\n"));
        let s5 = script("CE1", false, &[&fix]);
        assert!(!s5.contains("commit") && s5.contains("[CE1-bgp]ipv4-family"));
    }
}
