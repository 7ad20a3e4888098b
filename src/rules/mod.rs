//! The rules: one file per rule, each a small [`Rule`] that reads the
//! network and pushes [`Finding`]s. A rule's documentation and default
//! severity live in `rules/<id>.yaml`, embedded in the binary; the tests run
//! the examples written there.
//!
//! Rules never print; they only describe what they found.

mod pair;

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
    /// The ways to repair it, the preferred first: edits of the files,
    /// or VRP commands to type on a device.
    pub remedies: Vec<Remedy>,
}

/// How far peerlint may go with a remedy on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Applicability {
    /// An edit that changes nothing a device does (a line that has no
    /// effect): `check --fix` makes it.
    Safe,
    /// An edit that changes what a device does (a group name written the
    /// way the group was meant): `check --fix --unsafe-fixes` makes it.
    Unsafe,
    /// Shown, never made by peerlint: commands for an operator to type on
    /// a device (`fix --script` writes them down).
    DisplayOnly,
}

/// One way to repair a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Remedy {
    /// What it does, in a few words.
    pub title: String,
    pub applicability: Applicability,
    pub action: Action,
}

/// What a remedy changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Edits of the input files.
    Edits(Vec<Edit>),
    /// Commands on one device.
    Commands(Change),
}

/// An edit of an input file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// The whole line the span is on goes.
    DeleteLine(Span),
    /// The span's text is replaced.
    Replace(Span, String),
}

/// A change on one device: the views to enter from the system view and the
/// commands to type there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub device: String,
    /// The device's file.
    pub file: crate::source::FileId,
    /// Views from the system view inward, as typed: `bgp 100`,
    /// `ipv4-family vpn-instance A`.
    pub views: Vec<String>,
    pub commands: Vec<String>,
    /// Whose CLI the commands are in. A change in VRP's words for a device
    /// of another vendor is dropped after the rules ran.
    pub vendor: crate::model::Vendor,
}

impl Change {
    /// VRP commands to type on a device, in views entered from the system
    /// view.
    pub fn on(device: &Device, views: Vec<String>, commands: Vec<String>) -> Change {
        Change {
            device: device.name.to_string(),
            file: device.file,
            views,
            commands,
            vendor: crate::model::Vendor::Huawei,
        }
    }

    /// Commands in the device's own vendor's CLI ([`crate::vendor::render`]):
    /// views entered from configuration mode.
    pub fn native(device: &Device, views: Vec<String>, commands: Vec<String>) -> Change {
        Change {
            vendor: device.vendor,
            ..Change::on(device, views, commands)
        }
    }
}

impl Remedy {
    /// Commands for an operator to type on one device.
    pub fn commands(title: impl Into<String>, change: Change) -> Remedy {
        Remedy {
            title: title.into(),
            applicability: Applicability::DisplayOnly,
            action: Action::Commands(change),
        }
    }

    /// Deleting a line that has no effect.
    pub fn delete_line(title: impl Into<String>, line: Span) -> Remedy {
        Remedy {
            title: title.into(),
            applicability: Applicability::Safe,
            action: Action::Edits(vec![Edit::DeleteLine(line)]),
        }
    }

    /// Replacing text of the files in a way that changes what a device does.
    pub fn replace(title: impl Into<String>, edits: Vec<(Span, String)>) -> Remedy {
        Remedy {
            title: title.into(),
            applicability: Applicability::Unsafe,
            action: Action::Edits(
                edits
                    .into_iter()
                    .map(|(s, t)| Edit::Replace(s, t))
                    .collect(),
            ),
        }
    }
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
            remedies: Vec::new(),
        }
    }

    pub fn remedy(mut self, remedy: Remedy) -> Finding {
        self.remedies.push(remedy);
        self
    }

    /// The commands remedies, preferred first.
    pub fn changes(&self) -> impl Iterator<Item = &Change> {
        self.remedies.iter().filter_map(|r| match &r.action {
            Action::Commands(c) => Some(c),
            Action::Edits(_) => None,
        })
    }

    /// The remedies that edit the files, up to an applicability (all of
    /// them up to [`Applicability::DisplayOnly`]), with their edits.
    pub fn edits(&self, up_to: Applicability) -> impl Iterator<Item = (&Remedy, &[Edit])> {
        self.remedies.iter().filter_map(move |r| match &r.action {
            Action::Edits(edits) if r.applicability <= up_to => Some((r, edits.as_slice())),
            _ => None,
        })
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

/// A rule that reads each device alone: it runs while the peers are still
/// being matched.
pub trait DeviceRule: Sync {
    fn check(&self, id: &'static str, devices: &[Device], out: &mut Vec<Finding>);
}

/// A rule that reads the network: peer ends, sessions and their status.
pub trait NetworkRule: Sync {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>);
}

/// What a rule reads, and so when it can run.
#[derive(Clone, Copy)]
pub enum Check {
    Devices(&'static dyn DeviceRule),
    Network(&'static dyn NetworkRule),
}

/// A rule of the registry: its id, what it reads, its documentation.
pub struct Registered {
    pub id: &'static str,
    pub check: Check,
    /// `rules/<id>.yaml`, embedded.
    yaml: &'static str,
}

/// The registry, written once: each rule's id (the name of its
/// `rules/<id>.yaml`, embedded in the binary), its module and type, and
/// whether it reads devices or the network (the type must implement
/// [`DeviceRule`] or [`NetworkRule`] to match).
macro_rules! registry {
    ($($id:literal => $module:ident :: $rule:ident ($kind:ident)),* $(,)?) => {
        $(mod $module;)*

        /// Every rule, in the order their ids sort.
        pub static REGISTRY: &[Registered] = &[$(Registered {
            id: $id,
            check: Check::$kind(&$module::$rule),
            yaml: include_str!(concat!("../../rules/", $id, ".yaml")),
        }),*];
    };
}

registry! {
    "address-family-mismatch" => address_family_mismatch::AddressFamilyMismatch(Network),
    "auth-mismatch" => auth_mismatch::AuthMismatch(Network),
    "both-connect-only" => both_connect_only::BothConnectOnly(Network),
    "both-listen-only" => both_listen_only::BothListenOnly(Network),
    "duplicate-address" => duplicate_address::DuplicateAddress(Devices),
    "duplicate-device" => duplicate_device::DuplicateDevice(Devices),
    "duplicate-router-id" => duplicate_router_id::DuplicateRouterId(Network),
    "ebgp-hop-limit" => ebgp_hop_limit::EbgpHopLimit(Network),
    "gtsm-mismatch" => gtsm_mismatch::GtsmMismatch(Network),
    "half-open-session" => half_open_session::HalfOpenSession(Network),
    "ibgp-not-propagated" => ibgp_not_propagated::IbgpNotPropagated(Network),
    "invalid-group-name" => invalid_group_name::InvalidGroupName(Devices),
    "member-overrides-group" => member_overrides_group::MemberOverridesGroup(Network),
    "missing-source-interface" => missing_source_interface::MissingSourceInterface(Network),
    "multiple-remotes" => multiple_remotes::MultipleRemotes(Network),
    "overridden-setting" => overridden_setting::OverriddenSetting(Network),
    "peer-ignored" => peer_ignored::PeerIgnored(Network),
    "peer-not-enabled" => peer_not_enabled::PeerNotEnabled(Network),
    "remote-as-mismatch" => remote_as_mismatch::RemoteAsMismatch(Network),
    "rr-drops-vpn-routes" => rr_drops_vpn_routes::RrDropsVpnRoutes(Network),
    "session-cannot-open" => session_cannot_open::SessionCannotOpen(Network),
    "session-down-unexplained" => session_down_unexplained::SessionDownUnexplained(Network),
    "single-route-reflector" => single_route_reflector::SingleRouteReflector(Network),
    "source-interface-down" => source_interface_down::SourceInterfaceDown(Network),
    "state-contradicts-config" => state_contradicts_config::StateContradictsConfig(Network),
    "undefined-group" => undefined_group::UndefinedGroup(Network),
    "undefined-vpn-instance" => undefined_vpn_instance::UndefinedVpnInstance(Devices),
    "unknown-remote" => unknown_remote::UnknownRemote(Network),
}

/// Every rule id, in order.
pub fn ids() -> impl Iterator<Item = &'static str> {
    REGISTRY.iter().map(|r| r.id)
}

/// One example network of a rule's documentation: file name to text.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Example {
    pub files: std::collections::BTreeMap<String, String>,
    /// Captures of `display bgp peer` given with `--state`: file name to
    /// text.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub state: std::collections::BTreeMap<String, String>,
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
    /// The vendors whose devices the rule judges (ids, [`crate::model::Vendor::id`]);
    /// empty for every vendor. A rule about one vendor's syntax names it.
    #[serde(default)]
    pub vendors: Vec<String>,
}

/// A rule's documentation, read from its yaml the first time it is asked
/// for: a run reads only the rules that reported something.
fn read_meta(i: usize) -> &'static RuleMeta {
    static METAS: OnceLock<Vec<OnceLock<RuleMeta>>> = OnceLock::new();
    let metas = METAS.get_or_init(|| REGISTRY.iter().map(|_| OnceLock::new()).collect());
    metas[i].get_or_init(|| {
        let r = &REGISTRY[i];
        // The files are part of the build; the tests read each one, so a
        // broken file cannot ship.
        serde_yaml::from_str(r.yaml)
            .unwrap_or_else(|e| panic!("rules/{}.yaml is invalid: {e}", r.id))
    })
}

/// The documentation of a rule.
pub fn meta(id: &str) -> Option<&'static RuleMeta> {
    REGISTRY.iter().position(|r| r.id == id).map(read_meta)
}

/// All rule documentation, sorted by id.
pub fn all_meta() -> Vec<&'static RuleMeta> {
    let mut v: Vec<_> = (0..REGISTRY.len()).map(read_meta).collect();
    v.sort_by(|a, b| a.id.cmp(&b.id));
    v
}

/// A rule's documentation page (`docs/rules/<id>.md`, which SARIF's
/// `helpUri` points to): its title, level, what it reports, why it
/// matters, how to fix it, and its examples.
pub fn markdown(m: &RuleMeta) -> String {
    let mut s = format!(
        "# {}\n\n{}\n\nDefault level: **{}**. Run `peerlint explain {}` for this page in a terminal.\n\n## What it reports\n\n{}\n## Why it matters\n\n{}\n## How to fix\n\n{}",
        m.id,
        m.title,
        m.severity.as_str(),
        m.id,
        m.what,
        m.why,
        m.fix
    );
    if !m.vendors.is_empty() {
        let names: Vec<&str> = m
            .vendors
            .iter()
            .filter_map(|v| crate::model::Vendor::from_id(v))
            .map(|v| v.name())
            .collect();
        s.push_str(&format!(
            "
## Vendors

It judges devices of {} only: it is about that vendor's own syntax or behaviour.
",
            names.join(", ")
        ));
    }
    for (heading, ex) in [
        ("Example that it reports", &m.bad),
        ("The same network, fixed", &m.good),
    ] {
        s.push_str(&format!("\n## {heading}\n"));
        for (file, text) in &ex.files {
            s.push_str(&format!("\n`{file}`:\n\n```text\n{}```\n", text));
        }
        for (file, text) in &ex.state {
            s.push_str(&format!(
                "\n`{file}` (a capture given with `--state`):\n\n```text\n{}```\n",
                text
            ));
        }
    }
    if !m.references.is_empty() {
        s.push_str("\n## References\n\n");
        for r in &m.references {
            s.push_str(&format!("- {r}\n"));
        }
    }
    s
}

/// Which rules run: `--select`, `--ignore` and the config file's `off`
/// levels decide; a rule that does not run costs nothing.
pub type Enabled<'a> = &'a (dyn Fn(&str) -> bool + Sync);

/// Runs the enabled rules that read devices alone.
pub fn check_devices(devices: &[Device], enabled: Enabled) -> Vec<Finding> {
    run(enabled, |r| match r.check {
        Check::Devices(rule) => Some(move |out: &mut Vec<Finding>| rule.check(r.id, devices, out)),
        Check::Network(_) => None,
    })
}

/// Runs the enabled rules that read peer ends and sessions.
pub fn check_sessions(net: &Network, enabled: Enabled) -> Vec<Finding> {
    run(enabled, |r| match r.check {
        Check::Network(rule) => Some(move |out: &mut Vec<Finding>| rule.check(r.id, net, out)),
        Check::Devices(_) => None,
    })
}

/// Runs, in parallel, the enabled rules for which `check` has a check.
fn run<C: Fn(&mut Vec<Finding>) + Send>(
    enabled: Enabled,
    check: impl Fn(&'static Registered) -> Option<C> + Sync,
) -> Vec<Finding> {
    use rayon::prelude::*;
    REGISTRY
        .par_iter()
        .filter(|r| enabled(r.id))
        .filter_map(|r| check(r).map(|c| (r.id, c)))
        .map(|(id, c)| {
            let mut out = Vec::new();
            crate::timed(id, || c(&mut out));
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
/// establish (the first of its blockers), or `None` when it can.
pub fn rule_for_peer(net: &Network, p: crate::graph::PeerId) -> Option<&'static str> {
    use crate::graph::Status;
    match &net.peers[p].status {
        Status::Matched { remote } => match net.session_of(p) {
            Some(_) => net.blockers(p).first().map(|b| b.rule()),
            // The remote end sees several candidates, this one among them.
            None => matches!(net.peers[*remote].status, Status::MultipleRemotes { .. })
                .then_some("multiple-remotes"),
        },
        Status::Dynamic { .. } => net.blockers(p).first().map(|b| b.rule()),
        Status::HalfOpen { .. } => Some("half-open-session"),
        Status::UnknownRemote => Some("unknown-remote"),
        Status::MultipleRemotes { .. } => Some("multiple-remotes"),
        Status::AsMismatch { .. } => Some("remote-as-mismatch"),
        Status::Ignored => Some("peer-ignored"),
    }
}

/// Fits the findings to the vendors of the devices they are about, in a
/// network that holds devices of vendors other than Huawei: a rule that
/// judges only some vendors' devices (its yaml's `vendors`) keeps only
/// the findings whose primary location is on one of them, and a command
/// remedy written in one vendor's CLI for another vendor's device is
/// dropped (its help still says what to change).
pub fn fit_vendors(net: &Network, findings: &mut Vec<Finding>) {
    use crate::model::Vendor;
    if net.devices.iter().all(|d| d.vendor == Vendor::Huawei) {
        return;
    }
    let vendor_of: std::collections::HashMap<u32, Vendor> =
        net.devices.iter().map(|d| (d.file.0, d.vendor)).collect();
    let vendor = |file: crate::source::FileId| vendor_of.get(&file.0).copied();
    findings.retain(|f| {
        let judged = meta(f.rule).map_or(&[][..], |m| &m.vendors[..]);
        judged.is_empty()
            || vendor(f.primary.span.file).is_none_or(|v| judged.iter().any(|j| j == v.id()))
    });
    for f in findings.iter_mut() {
        f.remedies.retain(|r| match &r.action {
            Action::Commands(c) => vendor(c.file).is_none_or(|v| v == c.vendor),
            Action::Edits(_) => true,
        });
    }
}

/// Adds what the devices show to the findings that explain a down session:
/// the capture's row becomes a related location of each finding, of the
/// rules that keep the session down, that names the peer end.
pub fn annotate_observed(net: &Network, findings: &mut [Finding]) {
    use crate::state::Verdict;
    use std::collections::HashMap;
    let Some(observed) = &net.state else {
        return;
    };
    // The findings by rule, device and peer they name, indexed once.
    let mut index: HashMap<(&'static str, String, String), Vec<usize>> = HashMap::new();
    for (i, f) in findings.iter().enumerate() {
        for d in &f.about.devices {
            for p in &f.about.peers {
                index
                    .entry((f.rule, d.clone(), p.clone()))
                    .or_default()
                    .push(i);
            }
        }
    }
    let mut add: Vec<(usize, Label)> = Vec::new();
    for p in observed.with_verdict(Verdict::Explained) {
        let Some(row) = observed.row_of(p) else {
            continue;
        };
        let device = net.peer(p).0.name.to_string();
        let addr = net.peers[p].addr.to_string();
        let mut rules: Vec<&'static str> = net.blockers(p).iter().map(|b| b.rule()).collect();
        rules.extend(rule_for_peer(net, p));
        rules.sort_unstable();
        rules.dedup();
        let label = Label::new(row.span, crate::state::shows(row));
        for rule in rules {
            for &i in index
                .get(&(rule, device.clone(), addr.clone()))
                .into_iter()
                .flatten()
            {
                add.push((i, label.clone()));
            }
        }
    }
    for (i, label) in add {
        if !findings[i].related.contains(&label) {
            findings[i].related.push(label);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_its_documentation() {
        for id in ids() {
            let m = meta(id).unwrap_or_else(|| panic!("no yaml for {id}"));
            assert_eq!(m.id, id);
            assert!(!m.title.is_empty() && !m.what.is_empty() && !m.why.is_empty());
        }
        assert!(ids().is_sorted(), "the registry lists rules in id order");
    }
}
