//! The model as every vendor's reader fills it. A device of any vendor is
//! the same [`Device`]: interfaces and addresses by VRF, BGP processes,
//! scopes per VRF, groups (peer groups, templates, Junos groups, IOS XR
//! neighbor groups), peers, and every setting as a [`History`] of the
//! lines that made it. [`Draft`] is how a reader outside this module
//! builds one: it keeps the indexes right, so the graph and the rules read
//! a Cisco or Junos device exactly as they read a VRP one.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use super::*;

/// Who wrote a device's configuration, and so in whose words its lines
/// are quoted and its remedies typed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Vendor {
    /// Huawei VRP.
    #[default]
    Huawei,
    /// Cisco IOS and IOS XE.
    Ios,
    /// Cisco IOS XR.
    IosXr,
    /// Juniper Junos, hierarchical or `set` lines.
    Junos,
    /// Arista EOS.
    Eos,
}

impl Vendor {
    pub const ALL: [Vendor; 5] = [
        Vendor::Huawei,
        Vendor::Ios,
        Vendor::IosXr,
        Vendor::Junos,
        Vendor::Eos,
    ];

    /// The id used in `peerlint.yaml`, rule documentation and JSON.
    pub fn id(self) -> &'static str {
        match self {
            Vendor::Huawei => "huawei",
            Vendor::Ios => "ios",
            Vendor::IosXr => "iosxr",
            Vendor::Junos => "junos",
            Vendor::Eos => "eos",
        }
    }

    /// The name shown to people.
    pub fn name(self) -> &'static str {
        match self {
            Vendor::Huawei => "Huawei VRP",
            Vendor::Ios => "Cisco IOS",
            Vendor::IosXr => "Cisco IOS XR",
            Vendor::Junos => "Juniper Junos",
            Vendor::Eos => "Arista EOS",
        }
    }

    pub fn from_id(id: &str) -> Option<Vendor> {
        Vendor::ALL.into_iter().find(|v| v.id() == id)
    }
}

/// A device being built by a vendor's reader.
pub struct Draft {
    device: Device,
    /// Interfaces by their compared name.
    interfaces: HashMap<u64, usize>,
    /// Per BGP process, its scopes by VRF name.
    scopes: Vec<BTreeMap<Name, Scope>>,
    /// BGP processes by AS.
    processes: HashMap<Asn, usize>,
}

impl Draft {
    /// An empty device of `vendor` read from `file`, named `fallback_name`
    /// until [`Draft::name`] gives its host name.
    pub fn new(file: FileId, fallback_name: &str, vendor: Vendor) -> Draft {
        Draft {
            device: Device {
                name: Name::from(fallback_name),
                name_span: None,
                file,
                interfaces: Vec::new(),
                vpn_instances: Vec::new(),
                route_targets: RouteTargets::default(),
                bgp: Vec::new(),
                problems: Vec::new(),
                vrp8: false,
                vendor,
                router_id: History::default(),
                interface_keys: Vec::new(),
                vpn_index: HashMap::default(),
            },
            interfaces: HashMap::default(),
            scopes: Vec::new(),
            processes: HashMap::default(),
        }
    }

    /// The host name and the line that sets it.
    pub fn name(&mut self, name: &str, span: Span) {
        self.device.name = Name::from(name);
        self.device.name_span = Some(span);
    }

    /// The interface of that name, made on first use.
    pub fn interface(&mut self, name: &str) -> &mut Interface {
        let key = key_hash(name);
        let i = match self.interfaces.get(&key) {
            Some(&i) => i,
            None => {
                self.device
                    .interfaces
                    .push(Interface::new(Name::from(name)));
                self.interfaces
                    .insert(key, self.device.interfaces.len() - 1);
                self.device.interfaces.len() - 1
            }
        };
        &mut self.device.interfaces[i]
    }

    /// A VRF definition (`vrf definition V`, `routing-instances V`).
    pub fn vrf(&mut self, name: &str, span: Span) {
        if !self.device.vpn_index.contains_key(name) {
            self.device
                .vpn_index
                .insert(Name::from(name), self.device.vpn_instances.len());
            self.device.vpn_instances.push((Name::from(name), span));
        }
    }

    /// The route targets of the device's VRFs, all together.
    pub fn route_targets(&mut self) -> &mut RouteTargets {
        &mut self.device.route_targets
    }

    /// The system-wide router ID (Junos `routing-options router-id`).
    pub fn router_id(&mut self) -> &mut History<std::net::Ipv4Addr> {
        &mut self.device.router_id
    }

    /// A line the reader could not make sense of.
    pub fn problem(&mut self, span: Span, message: impl Into<String>) {
        self.device.problems.push(Problem {
            span,
            message: message.into(),
        });
    }

    /// The BGP process of that AS, made on first use: its index.
    pub fn bgp(&mut self, asn: Asn, span: Span) -> usize {
        if let Some(&b) = self.processes.get(&asn) {
            return b;
        }
        self.processes.insert(asn, self.device.bgp.len());
        self.device
            .bgp
            .push(super::build::new_instance(asn, span, None));
        self.scopes.push(BTreeMap::new());
        self.device.bgp.len() - 1
    }

    /// A BGP process made by [`Draft::bgp`].
    pub fn instance(&mut self, b: usize) -> &mut BgpInstance {
        &mut self.device.bgp[b]
    }

    /// The scope of a VRF ([`PUBLIC_VRF`] for the global table) in a BGP
    /// process, made on first use with `span` as its opening line.
    pub fn scope(&mut self, b: usize, vrf: &str, span: Span) -> &mut Scope {
        self.scopes[b]
            .entry(Name::from(vrf))
            .or_insert_with(|| Scope {
                vrf: Name::from(vrf),
                span: Some(span),
                ..Scope::default()
            })
    }

    /// The device, with its lists indexed and trimmed as the VRP reader
    /// leaves them.
    pub fn finish(mut self) -> Device {
        self.device.interfaces.retain(|i| i.is_configured());
        let keys: Vec<u64> = self
            .device
            .interfaces
            .iter()
            .map(|i| key_hash(&i.name))
            .collect();
        self.device.index_interfaces(&keys);
        for (b, scopes) in self.scopes.into_iter().enumerate() {
            self.device.bgp[b].scopes = scopes
                .into_values()
                .map(|mut scope| {
                    // Readers may push groups of their own: the index is
                    // made again from the list.
                    scope.reindex(true);
                    scope.shrink();
                    scope
                })
                .collect();
        }
        self.device
    }
}

impl Scope {
    /// The peer of that address, made with `decl` as its first line.
    pub fn peer_mut(&mut self, addr: IpAddr, decl: Span) -> &mut Peer {
        let i = self.peer_or_new(addr, decl);
        &mut self.peers[i]
    }

    /// The group of that name, made with `decl` as its defining line. A
    /// new group is [`GroupKind::External`]: its members get no remote AS
    /// from it until a reader sets one (a VRP `internal` group gives them
    /// the local AS; other vendors' groups do not).
    pub fn group_mut(&mut self, name: &str, decl: Span) -> &mut Group {
        let before = self.groups.len();
        let i = self.group_or_placeholder(name, decl, decl);
        if self.groups.len() > before {
            self.groups[i].kind = GroupKind::External;
        }
        &mut self.groups[i]
    }
}

/// A hash of a plaintext password, to tell two apart without keeping
/// either.
pub fn password_hash(password: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, Hasher};
    let mut h = BuildHasherDefault::<rustc_hash::FxHasher>::default().build_hasher();
    h.write(password.as_bytes());
    h.finish()
}
