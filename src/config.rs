//! `peerlint.yaml` (or `.peerlint.yaml`): found from the current folder
//! upward, or given with `--config`. It says which paths make the network,
//! which files to include or exclude, each rule's level, which findings to
//! ignore and from which level a run fails. Unknown keys and bad values are
//! errors that point at the file, line and column.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Deserializer};

use crate::rules::{self, Finding, Severity};

/// The file names looked for, in this order, in each folder.
pub const FILE_NAMES: &[&str] = &["peerlint.yaml", ".peerlint.yaml"];

/// A rule id that exists.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RuleId(pub String);

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if rules::meta(&s).is_some() {
            Ok(RuleId(s))
        } else {
            let known: Vec<&str> = rules::ids().collect();
            let close = known
                .iter()
                .min_by_key(|k| strsim::levenshtein(k, &s))
                .filter(|k| strsim::levenshtein(k, &s) <= 3);
            Err(serde::de::Error::custom(match close {
                Some(k) => format!("unknown rule `{s}`; did you mean `{k}`?"),
                None => format!("unknown rule `{s}`; the rules are: {}", known.join(", ")),
            }))
        }
    }
}

/// A rule's level in the config file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Note,
    Warning,
    Error,
}

/// From which level findings fail a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Error,
    Warning,
    Note,
    Never,
}

impl FailOn {
    pub fn fails(self, s: Severity) -> bool {
        match self {
            FailOn::Error => s >= Severity::Error,
            FailOn::Warning => s >= Severity::Warning,
            FailOn::Note => true,
            FailOn::Never => false,
        }
    }
}

/// A glob, checked when the file is read.
#[derive(Clone, Debug)]
pub struct Pattern {
    pub text: String,
    matcher: GlobMatcher,
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let glob = Glob::new(&text)
            .map_err(|e| serde::de::Error::custom(format!("bad glob `{text}`: {}", e.kind())))?;
        Ok(Pattern {
            matcher: glob.compile_matcher(),
            text,
        })
    }
}

/// Findings to leave out, with the reason they are accepted.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IgnoreEntry {
    pub rule: RuleId,
    /// A glob over device names (`sysname`).
    pub device: Pattern,
    /// A peer address as configured on the device.
    #[serde(default)]
    pub peer: Option<String>,
    #[serde(default)]
    pub group: Option<String>,
    pub reason: String,
}

impl IgnoreEntry {
    pub fn matches(&self, f: &Finding) -> bool {
        let peer_ok = self.peer.as_ref().is_none_or(|p| {
            let want = p.parse::<std::net::IpAddr>().ok();
            f.about
                .peers
                .iter()
                .any(|x| x == p || (want.is_some() && x.parse().ok() == want))
        });
        f.rule == self.rule.0
            && f.about
                .devices
                .iter()
                .any(|d| self.device.matcher.is_match(d))
            && peer_ok
            && self
                .group
                .as_ref()
                .is_none_or(|g| f.about.groups.contains(g))
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Files and folders that make the network, relative to the file.
    #[serde(default)]
    pub paths: Vec<PathBuf>,
    /// Globs a walked file must match (all files when empty).
    #[serde(default)]
    pub include: Vec<Pattern>,
    /// Globs of walked files to skip.
    #[serde(default)]
    pub exclude: Vec<Pattern>,
    /// Level per rule id: `off`, `note`, `warning` or `error`.
    #[serde(default)]
    pub rules: BTreeMap<RuleId, Level>,
    #[serde(default)]
    pub ignore: Vec<IgnoreEntry>,
    #[serde(default)]
    pub fail_on: Option<FailOn>,
    /// The folder the file is in; paths and globs are relative to it.
    #[serde(skip)]
    pub base: PathBuf,
    /// The file itself, when there is one.
    #[serde(skip)]
    pub file: Option<PathBuf>,
    /// Change transcripts to apply (`check --with`), from the command line.
    #[serde(skip)]
    pub overlays: Vec<PathBuf>,
    /// Captures of `display bgp peer` (`--state`), from the command line.
    #[serde(skip)]
    pub states: Vec<PathBuf>,
    /// A file's text from standard input (`check - --stdin-filename`).
    #[serde(skip)]
    pub given: Option<(PathBuf, String)>,
    /// Record each file's hash as read (`check --fix` and `--diff`).
    #[serde(skip)]
    pub hash_files: bool,
}

/// A config file that cannot be used, with where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub text: String,
    /// Byte offset, line and column (1-based) when known.
    pub at: Option<(usize, usize, usize)>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = crate::source::display_path(&self.path);
        match self.at {
            Some((_, line, col)) => write!(f, "{path}:{line}:{col}: {}", self.message),
            None => write!(f, "{path}: {}", self.message),
        }
    }
}

impl ConfigError {
    /// The error drawn like a finding: the file, the line, a label.
    pub fn render(&self, color: bool) -> String {
        use ariadne::{Config as AConfig, IndexType, Label, Report, ReportKind};
        let Some((offset, _, _)) = self.at else {
            return format!("peerlint: error: {self}\n");
        };
        let name = crate::source::display_path(&self.path);
        let end = self.text[offset.min(self.text.len())..]
            .find('\n')
            .map_or(self.text.len(), |n| offset + n)
            .max(offset);
        let span = (
            name.clone(),
            crate::report::text::char_range(&self.text, offset.min(self.text.len())..end),
        );
        let mut out = Vec::new();
        let report = Report::build(ReportKind::Error, span.clone())
            .with_config(
                AConfig::default()
                    .with_color(color)
                    .with_index_type(IndexType::Byte),
            )
            .with_message(format!("invalid configuration: {}", self.message))
            .with_label(Label::new(span).with_message("here"))
            .finish();
        if report
            .write(ariadne::sources([(name, self.text.clone())]), &mut out)
            .is_err()
        {
            return format!("peerlint: error: {self}\n");
        }
        String::from_utf8_lossy(&out).into_owned()
    }
}

impl Config {
    /// Reads a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            text: String::new(),
            at: None,
            message: format!("cannot read it: {e}"),
        })?;
        Config::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let mut config: Config = if text.trim().is_empty() {
            Config::default()
        } else {
            serde_yaml::from_str(text).map_err(|e| ConfigError {
                path: path.to_path_buf(),
                text: text.to_string(),
                at: e.location().map(|l| (l.index(), l.line(), l.column())),
                message: yaml_message(&e),
            })?
        };
        config.base = path
            .parent()
            .map(Path::to_path_buf)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."));
        config.file = Some(path.to_path_buf());
        Ok(config)
    }

    /// The config file that applies in `dir`: the first `peerlint.yaml` or
    /// `.peerlint.yaml` in it or a folder above it.
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .flat_map(|d| FILE_NAMES.iter().map(move |n| d.join(n)))
            .find(|p| p.is_file())
    }

    /// The network's paths, relative to the current folder.
    pub fn network_paths(&self) -> Vec<PathBuf> {
        self.paths.iter().map(|p| self.base.join(p)).collect()
    }

    fn globset(patterns: &[Pattern]) -> GlobSet {
        let mut b = GlobSetBuilder::new();
        for p in patterns {
            if let Ok(g) = Glob::new(&p.text) {
                b.add(g);
            }
        }
        b.build().unwrap_or_else(|_| GlobSet::empty())
    }

    /// Whether a walked file passes `include` and `exclude` (matched on the
    /// path relative to the config file's folder).
    pub fn file_filter(&self) -> impl Fn(&Path) -> bool + Sync + use<> {
        let include = Self::globset(&self.include);
        let exclude = Self::globset(&self.exclude);
        let any_include = !self.include.is_empty();
        let base = self.base.clone();
        move |path: &Path| {
            let rel = path.strip_prefix(&base).unwrap_or(path);
            let rel = rel.strip_prefix("./").unwrap_or(rel);
            (!any_include || include.is_match(rel)) && !exclude.is_match(rel)
        }
    }

    /// The level the file gives a rule, if any.
    pub fn level(&self, id: &str) -> Option<Level> {
        self.rules.get(&RuleId(id.to_string())).copied()
    }

    /// Applies rule levels and ignore entries. Returns how many findings
    /// `ignore:` entries took out.
    pub fn apply(&self, findings: &mut Vec<Finding>) -> usize {
        findings.retain_mut(|f| match self.rules.get(&RuleId(f.rule.to_string())) {
            Some(Level::Off) => false,
            Some(Level::Note) => {
                f.severity = Severity::Note;
                true
            }
            Some(Level::Warning) => {
                f.severity = Severity::Warning;
                true
            }
            Some(Level::Error) => {
                f.severity = Severity::Error;
                true
            }
            None => true,
        });
        let before = findings.len();
        findings.retain(|f| !self.ignore.iter().any(|e| e.matches(f)));
        before - findings.len()
    }
}

/// serde_yaml's message without its trailing location (the report shows it).
fn yaml_message(e: &serde_yaml::Error) -> String {
    let msg = e.to_string();
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}

/// The JSON Schema of `peerlint.yaml` (draft 2020-12), for editors that
/// validate YAML: `peerlint config --schema` prints it, and
/// `peerlint.schema.json` in the repository is the same text.
pub fn schema() -> serde_json::Value {
    let ids: Vec<&str> = rules::ids().collect();
    let globs = serde_json::json!({
        "type": "array",
        "items": { "type": "string", "description": "A glob over paths, relative to the config file" }
    });
    serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/peerlint/peerlint/blob/main/peerlint.schema.json",
        "title": "peerlint.yaml",
        "description": "The config file of peerlint, the BGP session checker for Huawei VRP networks",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "paths": {
                "description": "Files and folders that make the network, relative to the config file",
                "type": "array",
                "items": { "type": "string" }
            },
            "include": globs.clone(),
            "exclude": globs,
            "rules": {
                "description": "A level per rule id",
                "type": "object",
                "propertyNames": { "enum": ids },
                "additionalProperties": { "enum": ["off", "note", "warning", "error"] }
            },
            "ignore": {
                "description": "Findings to leave out, each with the reason it is accepted",
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["rule", "device", "reason"],
                    "properties": {
                        "rule": { "enum": ids },
                        "device": { "type": "string", "description": "A glob over device names (sysname)" },
                        "peer": { "type": "string", "description": "A peer address as configured on the device" },
                        "group": { "type": "string", "description": "A peer group name" },
                        "reason": { "type": "string", "minLength": 1 }
                    }
                }
            },
            "fail-on": {
                "description": "The lowest level that fails a run",
                "enum": ["error", "warning", "note", "never"]
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("dir/peerlint.yaml"), text)
    }

    #[test]
    fn reads_every_key() {
        let c = parse(
            "paths: [configs]\ninclude: ['**/*.cfg']\nexclude: ['lab/**']\nrules:\n  overridden-setting: off\n  unknown-remote: warning\nignore:\n  - rule: both-listen-only\n    device: 'PE*'\n    peer: 10.0.0.2\n    reason: migration\nfail-on: error\n",
        )
        .unwrap();
        assert_eq!(c.network_paths(), [PathBuf::from("dir/configs")]);
        assert_eq!(c.fail_on, Some(FailOn::Error));
        assert_eq!(c.rules.len(), 2);
        let f = c.file_filter();
        assert!(f(Path::new("dir/configs/PE1.cfg")));
        assert!(!f(Path::new("dir/lab/R1.cfg")));
        assert!(!f(Path::new("dir/configs/PE1.txt")));
    }

    #[test]
    fn unknown_keys_and_bad_values_point_at_the_line() {
        let e = parse("paths: [a]\nfail-on: sometimes\n").unwrap_err();
        assert_eq!(e.at.map(|a| a.1), Some(2));
        assert!(
            e.message.contains("sometimes") || e.message.contains("variant"),
            "{}",
            e.message
        );
        let e = parse("pahts: [a]\n").unwrap_err();
        assert_eq!(e.at.map(|a| a.1), Some(1));
        assert!(e.message.contains("pahts"));
        let e = parse("rules:\n  both-listen-onyl: off\n").unwrap_err();
        assert_eq!(e.at.map(|a| a.1), Some(2));
        assert!(e.message.contains("unknown rule `both-listen-onyl`"));
        let e = parse("ignore:\n  - rule: both-listen-only\n    device: '[x'\n    reason: r\n")
            .unwrap_err();
        assert!(e.message.contains("bad glob"), "{}", e.message);
        let e = parse("ignore:\n  - rule: both-listen-only\n    device: x\n").unwrap_err();
        assert!(e.message.contains("reason"), "{}", e.message);
        assert!(e.to_string().starts_with("dir/peerlint.yaml:2:"), "{e}");
    }
}
