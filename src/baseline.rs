//! Baselines: `--write-baseline FILE` records the current findings by
//! fingerprint; `--baseline FILE` suppresses those, so that only new
//! findings fail a run. Fingerprints name devices, VRFs, peers and groups,
//! never line numbers, so a baseline survives edits elsewhere in the files.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::Analysis;
use crate::report::{fingerprint, locate};
use crate::rules::Finding;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    rule: String,
    fingerprint: String,
    /// For people reading the file; not used for matching.
    path: String,
    message: String,
}

/// Fingerprints of accepted findings, with how many times each was seen.
#[derive(Debug, Default)]
pub struct Baseline {
    counts: HashMap<(String, String), usize>,
}

/// Writes the findings of an analysis as a baseline; returns how many.
pub fn write(path: &Path, analysis: &Analysis) -> std::io::Result<usize> {
    let findings: Vec<Entry> = analysis
        .findings
        .iter()
        .map(|f| Entry {
            rule: f.rule.to_string(),
            fingerprint: fingerprint(f.rule, &f.key),
            path: locate(&analysis.sources, f.primary.span).path,
            message: f.message.clone(),
        })
        .collect();
    let n = findings.len();
    let mut text = serde_json::to_string_pretty(&File {
        version: 1,
        findings,
    })
    .unwrap_or_default();
    text.push('\n');
    std::fs::write(path, text)?;
    Ok(n)
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read it: {e}"))?;
        let file: File =
            serde_json::from_str(&text).map_err(|e| format!("not a peerlint baseline: {e}"))?;
        if file.version != 1 {
            return Err(format!(
                "baseline version {} is not supported (expected 1)",
                file.version
            ));
        }
        let mut counts = HashMap::new();
        for e in file.findings {
            *counts.entry((e.rule, e.fingerprint)).or_insert(0) += 1;
        }
        Ok(Baseline { counts })
    }

    /// Removes the findings the baseline accepts (each entry accepts one
    /// finding); returns how many were removed.
    pub fn apply(&self, findings: &mut Vec<Finding>) -> usize {
        let mut left = self.counts.clone();
        let before = findings.len();
        findings.retain(|f| {
            let key = (f.rule.to_string(), fingerprint(f.rule, &f.key));
            match left.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        });
        before - findings.len()
    }
}
