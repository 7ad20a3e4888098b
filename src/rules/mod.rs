//! The rules: one file per rule, each a small [`Rule`] that reads the
//! network and pushes [`Finding`]s. A rule's documentation and default
//! severity live in `rules/<id>.yaml`, embedded in the binary; the tests run
//! the examples written there.
//!
//! Rules never print; they only describe what they found.

mod both_connect_only;
mod both_listen_only;
mod duplicate_address;
mod duplicate_device;
mod half_open_session;
mod invalid_group_name;
mod member_overrides_group;
mod multiple_remotes;
mod overridden_setting;
mod pair;
mod remote_as_mismatch;
mod session_cannot_open;
mod undefined_group;
mod undefined_vpn_instance;
mod unknown_remote;

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::graph::Network;
use crate::model::Device;
use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A place in a file and what to say about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

impl Label {
    pub fn new(span: Span, message: impl Into<String>) -> Label {
        Label {
            span,
            message: message.into(),
        }
    }
}

/// One defect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Where the defect is (for a session: one end's line).
    pub primary: Label,
    /// The other places that make it a defect (the other end, the line that
    /// wins, the references).
    pub related: Vec<Label>,
    /// The concrete change that repairs it.
    pub help: Option<String>,
    /// What the finding is about, independent of line numbers: device,
    /// VRF, peer or group. Baselines and fingerprints are built from it.
    pub key: String,
    /// The devices, peers and groups it names, for `ignore:` entries.
    pub about: About,
    /// The VRP commands that repair it, where a change on a device does.
    pub fix: Option<Fix>,
    /// A line to delete from its file, where that alone repairs it (`check
    /// --fix`): only for lines that have no effect on the device.
    pub delete_line: Option<Span>,
    /// Text to put in place of spans of the files (a group name written
    /// the way the group was meant): shown as SARIF `fixes` and JSON
    /// `edits`; `check --fix` makes them only with `--unsafe-fixes`, as
    /// they change what the device does.
    pub replace: Vec<(Span, String)>,
}

/// A change on one device: the views to enter from the system view and the
/// commands to type there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub device: String,
    /// The device's file.
    pub file: crate::source::FileId,
    /// Views from the system view inward, as typed: `bgp 100`,
    /// `ipv4-family vpn-instance A`.
    pub views: Vec<String>,
    pub commands: Vec<String>,
    /// The other way to repair it (for a session: the other end).
    pub alternative: Option<Box<Fix>>,
}

/// The objects a finding names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct About {
    pub devices: Vec<String>,
    /// Peer addresses as configured on those devices.
    pub peers: Vec<String>,
    pub groups: Vec<String>,
}

impl Finding {
    pub fn new(
        rule: &'static str,
        message: impl Into<String>,
        primary: Label,
        key: String,
    ) -> Finding {
        Finding {
            rule,
            severity: meta(rule).map_or(Severity::Error, |m| m.severity),
            message: message.into(),
            primary,
            related: Vec::new(),
            help: None,
            key,
            about: About::default(),
            fix: None,
            delete_line: None,
            replace: Vec::new(),
        }
    }

    pub fn fix(mut self, fix: Fix) -> Finding {
        self.fix = Some(fix);
        self
    }

    pub fn about_device(mut self, device: &str) -> Finding {
        if !self.about.devices.iter().any(|d| d == device) {
            self.about.devices.push(device.to_string());
        }
        self
    }

    pub fn about_peer(mut self, net: &Network, p: crate::graph::PeerId) -> Finding {
        let device = net.peer(p).0.name.clone();
        self = self.about_device(&device);
        self.about.peers.push(net.peers[p].addr.to_string());
        self
    }

    /// A peer address or a group name, as written after `peer`.
    pub fn about_target(self, target: &str) -> Finding {
        let bare = target.trim_matches('"');
        if bare.parse::<std::net::IpAddr>().is_ok() {
            let mut f = self;
            f.about.peers.push(bare.to_string());
            f
        } else {
            self.about_group(bare)
        }
    }

    pub fn about_group(mut self, group: &str) -> Finding {
        self.about.groups.push(group.to_string());
        self
    }

    pub fn related(mut self, label: Label) -> Finding {
        self.related.push(label);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }
}

/// A check over the whole network.
pub trait Rule: Sync {
    fn id(&self) -> &'static str;

    /// Whether the rule reads peer ends and sessions. A rule that reads
    /// devices alone says no, implements [`Rule::check_devices`], and runs
    /// while the peers are still being matched.
    fn reads_sessions(&self) -> bool {
        true
    }

    fn check(&self, net: &Network, out: &mut Vec<Finding>) {
        self.check_devices(&net.devices, out);
    }

    /// The check of a rule that reads devices alone.
    fn check_devices(&self, _devices: &[Device], _out: &mut Vec<Finding>) {}
}

/// Every rule, in the order their ids sort.
pub fn registry() -> &'static [&'static dyn Rule] {
    &[
        &both_connect_only::BothConnectOnly,
        &both_listen_only::BothListenOnly,
        &duplicate_address::DuplicateAddress,
        &duplicate_device::DuplicateDevice,
        &half_open_session::HalfOpenSession,
        &invalid_group_name::InvalidGroupName,
        &member_overrides_group::MemberOverridesGroup,
        &multiple_remotes::MultipleRemotes,
        &overridden_setting::OverriddenSetting,
        &remote_as_mismatch::RemoteAsMismatch,
        &session_cannot_open::SessionCannotOpen,
        &undefined_group::UndefinedGroup,
        &undefined_vpn_instance::UndefinedVpnInstance,
        &unknown_remote::UnknownRemote,
    ]
}

/// One example network of a rule's documentation: file name to text.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Example {
    pub files: std::collections::BTreeMap<String, String>,
    /// How many results of the rule the example yields (bad examples
    /// default to 1, good ones must yield none).
    #[serde(default)]
    pub findings: Option<usize>,
}

/// A rule's documentation, from `rules/<id>.yaml`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleMeta {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub what: String,
    pub why: String,
    pub fix: String,
    pub bad: Example,
    pub good: Example,
    #[serde(default)]
    pub references: Vec<String>,
}

/// `rules/<id>.yaml` for each id, embedded in the binary.
macro_rules! rule_files {
    ($($id:literal),* $(,)?) => {
        &[$(($id, include_str!(concat!("../../rules/", $id, ".yaml")))),*]
    };
}

const RULE_FILES: &[(&str, &str)] = rule_files![
    "both-connect-only",
    "both-listen-only",
    "duplicate-address",
    "duplicate-device",
    "half-open-session",
    "invalid-group-name",
    "member-overrides-group",
    "multiple-remotes",
    "overridden-setting",
    "remote-as-mismatch",
    "session-cannot-open",
    "undefined-group",
    "undefined-vpn-instance",
    "unknown-remote",
];

fn metas() -> &'static HashMap<&'static str, RuleMeta> {
    static METAS: OnceLock<HashMap<&'static str, RuleMeta>> = OnceLock::new();
    METAS.get_or_init(|| {
        RULE_FILES
            .iter()
            .map(|(id, yaml)| {
                // The files are part of the build; the tests read each one, so
                // a broken file cannot ship.
                let meta: RuleMeta = serde_yaml::from_str(yaml)
                    .unwrap_or_else(|e| panic!("rules/{id}.yaml is invalid: {e}"));
                (*id, meta)
            })
            .collect()
    })
}

/// The documentation of a rule.
pub fn meta(id: &str) -> Option<&'static RuleMeta> {
    metas().get(id)
}

/// All rule documentation, sorted by id.
pub fn all_meta() -> Vec<&'static RuleMeta> {
    let mut v: Vec<_> = metas().values().collect();
    v.sort_by(|a, b| a.id.cmp(&b.id));
    v
}

/// Runs the rules that read devices alone.
pub fn check_devices(devices: &[Device]) -> Vec<Finding> {
    run(
        |rule| !rule.reads_sessions(),
        |rule, out| rule.check_devices(devices, out),
    )
}

/// Runs the rules that read peer ends and sessions.
pub fn check_sessions(net: &Network) -> Vec<Finding> {
    run(
        |rule| rule.reads_sessions(),
        |rule, out| rule.check(net, out),
    )
}

/// Runs the rules `which` picks, in parallel.
fn run(
    which: impl Fn(&dyn Rule) -> bool,
    check: impl Fn(&dyn Rule, &mut Vec<Finding>) + Sync,
) -> Vec<Finding> {
    use rayon::prelude::*;
    let rules: Vec<&dyn Rule> = registry().iter().copied().filter(|r| which(*r)).collect();
    rules
        .par_iter()
        .map(|rule| {
            let mut out = Vec::new();
            crate::timed(rule.id(), || check(*rule, &mut out));
            out
        })
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect()
}

/// Every BGP scope of the devices with its device and instance.
pub(crate) fn scopes(
    devices: &[Device],
) -> impl Iterator<
    Item = (
        &crate::model::Device,
        &crate::model::BgpInstance,
        &crate::model::Scope,
    ),
> {
    devices.iter().flat_map(|d| {
        d.bgp
            .iter()
            .flat_map(move |i| i.scopes.iter().map(move |s| (d, i, s)))
    })
}

/// `on PE1, vpn-instance A` / `on PE1, bgp 200 instance X` for messages.
pub(crate) fn scope_place(
    device: &crate::model::Device,
    instance: &crate::model::BgpInstance,
    scope: &crate::model::Scope,
) -> String {
    let mut s = format!("on {}", device.name);
    if instance.name.is_some() {
        s.push_str(&format!(", {}", instance.display_name()));
    }
    if !scope.is_public() {
        s.push_str(&format!(", vpn-instance {}", scope.vrf));
    }
    s
}

/// A key for a group or other scope-level object.
pub(crate) fn scope_key(
    device: &crate::model::Device,
    instance: &crate::model::BgpInstance,
    scope: &crate::model::Scope,
    what: &str,
) -> String {
    format!(
        "{}/{}/{}/{}",
        device.name,
        instance.name.as_deref().unwrap_or(""),
        scope.vrf,
        what
    )
}

/// The rule that explains why a configured peer's session cannot
/// establish, or `None` when it can (or when nothing is wrong with it, as
/// for an ignored peer).
pub fn rule_for_peer(net: &Network, p: crate::graph::PeerId) -> Option<&'static str> {
    use crate::graph::{Blocker, Status};
    let blocker_rule = |b: Blocker| match b {
        Blocker::BothListenOnly => "both-listen-only",
        Blocker::BothConnectOnly => "both-connect-only",
        Blocker::NoDirection => "session-cannot-open",
    };
    match &net.peers[p].status {
        Status::Matched { remote } => match net.session_of(p) {
            Some(s) => s.blocker.map(blocker_rule),
            // The remote end sees several candidates, this one among them.
            None => matches!(net.peers[*remote].status, Status::MultipleRemotes { .. })
                .then_some("multiple-remotes"),
        },
        Status::Dynamic { .. } => net
            .dynamic_session_of(p)
            .and_then(|d| d.blocker)
            .map(blocker_rule),
        Status::HalfOpen { .. } => Some("half-open-session"),
        Status::UnknownRemote => Some("unknown-remote"),
        Status::MultipleRemotes { .. } => Some("multiple-remotes"),
        Status::AsMismatch { .. } => Some("remote-as-mismatch"),
        Status::Ignored => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_its_documentation() {
        for rule in registry() {
            let m = meta(rule.id()).unwrap_or_else(|| panic!("no yaml for {}", rule.id()));
            assert_eq!(m.id, rule.id());
            assert!(!m.title.is_empty() && !m.what.is_empty() && !m.why.is_empty());
        }
        assert_eq!(registry().len(), RULE_FILES.len());
    }
}
