//! Reads one device's view tree into the model.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::net::IpAddr;

use super::*;
use crate::syntax::{Command, SyntaxTree, Token};

/// Builds the model of one device from its view tree. `fallback_name` names
/// the device when the config has no `sysname`.
pub fn build_device(file: FileId, text: &str, tree: &SyntaxTree, fallback_name: &str) -> Device {
    build_device_with(file, text, tree, fallback_name, &|_, _| Vec::new())
}

/// A change to apply after a device's configuration: a transcript's file,
/// text and tree.
pub type Overlay<'a> = (FileId, &'a str, &'a SyntaxTree);

/// Builds a device, then applies the overlays `overlays` returns for it
/// (called with the device's name and its file's fallback name), in order,
/// as if their commands were typed on the device after its configuration.
pub fn build_device_with<'a: 'b, 'b>(
    file: FileId,
    text: &'b str,
    tree: &'b SyntaxTree,
    fallback_name: &str,
    overlays: &dyn Fn(&str, &str) -> Vec<Overlay<'a>>,
) -> Device {
    // Room for every interface block with lines in it (from the filtered
    // parse, those that give an address or a binding), so that the list
    // and its index are not grown one doubling at a time.
    let interfaces = (0..tree.commands.len())
        .filter(|&i| {
            let c = &tree.commands[i];
            c.parent.is_none()
                && has_lines(tree, i)
                && tree
                    .tokens(c)
                    .first()
                    .is_some_and(|t| crate::syntax::word(text, t) == "interface")
        })
        .count();
    let mut b = Builder {
        file,
        text,
        tree,
        device: Device {
            name: Name::from(fallback_name),
            name_span: None,
            file,
            interfaces: Vec::with_capacity(interfaces),
            vpn_instances: Vec::new(),
            route_targets: RouteTargets::default(),
            bgp: Vec::new(),
            problems: Vec::new(),
            vrp8: tree.vrp8,
            vendor: Vendor::Huawei,
            router_id: History::default(),
            interface_keys: Vec::new(),
            vpn_index: HashMap::default(),
        },
        interface_index: HashMap::with_capacity_and_hasher(interfaces, Default::default()),
        interface_keys: Vec::with_capacity(interfaces),
        roots: vec![None; tree.commands.len()],
        words: Vec::new(),
        line: 0,
        scopes: Vec::new(),
        declared: HashSet::default(),
        deleted: Vec::new(),
    };
    for (i, cmd) in tree.commands.iter().enumerate() {
        b.command(i, cmd);
    }
    for (file, text, tree) in overlays(&b.device.name.clone(), fallback_name) {
        b.file = file;
        b.text = text;
        b.tree = tree;
        b.roots.clear();
        b.roots.resize(tree.commands.len(), None);
        for (i, cmd) in tree.commands.iter().enumerate() {
            b.command(i, cmd);
        }
    }
    b.finish()
}

/// Whether the command at `index` has a command inside it (one comes
/// right after it).
fn has_lines(tree: &SyntaxTree, index: usize) -> bool {
    tree.commands
        .get(index + 1)
        .is_some_and(|c| c.parent == Some(index as u32))
}

/// What a top-level block is, for its children.
#[derive(Clone, Copy)]
enum Root {
    Interface(usize),
    /// An interface block none of whose lines gave it anything yet: the
    /// interface is made (or found, when an earlier block opened it) with
    /// the first line that can give it an address or a VPN binding, so
    /// that blocks with nothing in it (an access port) make no interface,
    /// whether the parse kept their lines or not.
    NewInterface,
    Bgp(usize),
    /// A VPN instance (`false`), or an EVPN instance or bridge domain
    /// (`true`): its route targets are read at any depth.
    Targets(bool),
    Ignored,
}

/// Where a BGP command stands.
enum BgpView<'a> {
    /// Session level of a VRF (the BGP view itself for the public network),
    /// in the view of one address family (` ipv4-family vpn-instance V`:
    /// `Some(true)`) or of both (` vpn-instance V`, the BGP view: `None`).
    Session(&'a str, Option<bool>),
    /// An address family of the public network (`ipv4-family unicast`,
    /// `l2vpn-family evpn`…): peers are enabled or tuned there, not made.
    Family(Family),
    /// Another family of a VPN instance (`ipv4-labeled-unicast
    /// vpn-instance V`, `ipv4-flow vpn-instance V`): its peers are enabled
    /// there.
    VrfFamily(&'a str, Family),
}

struct Builder<'a> {
    file: FileId,
    text: &'a str,
    tree: &'a SyntaxTree,
    device: Device,
    /// The device's interfaces by a hash of the compared name.
    interface_index: HashMap<u64, usize>,
    /// The hash of each interface's name, in the order of the interfaces.
    interface_keys: Vec<u64>,
    /// What each top-level command opened, by command index.
    roots: Vec<Option<Root>>,
    /// The words of the command being read (a buffer reused per command).
    words: Vec<&'a str>,
    /// The line of the command being read.
    line: u32,
    /// Per BGP instance, its scopes by VRF name.
    scopes: Vec<BTreeMap<String, Scope>>,
    /// Groups created by a `group` line: (instance, vrf, name).
    declared: HashSet<(usize, String, String)>,
    /// BGP instances deleted by `undo bgp`.
    deleted: Vec<usize>,
}

fn ip(word: &str) -> Option<IpAddr> {
    word.parse().ok()
}

/// Prefix length from a length (`24`) or a dotted mask (`255.255.255.0`).
fn prefix_len(word: &str, max: u8) -> Option<u8> {
    if let Ok(n) = word.parse::<u8>() {
        return (n <= max).then_some(n);
    }
    let mask: std::net::Ipv4Addr = word.parse().ok()?;
    let bits = u32::from(mask);
    let ones = bits.leading_ones();
    (bits.checked_shl(ones).unwrap_or(0) == 0).then_some(ones as u8)
}

impl<'a> Builder<'a> {
    /// Whether the commands were typed (a transcript): VRP then refuses
    /// some in an order a saved configuration never holds.
    fn typed(&self) -> bool {
        self.tree.kind == crate::syntax::InputKind::Transcript
    }

    fn set_root(&mut self, index: usize, root: Root) {
        if let Some(slot) = self.roots.get_mut(index) {
            *slot = Some(root);
        }
    }

    fn span(&self, cmd: &Command) -> Span {
        Span::at(self.file, cmd.start as usize, cmd.end as usize, cmd.line)
    }

    fn token_span(&self, tok: &Token) -> Span {
        let r = tok.outer_range();
        Span::at(self.file, r.start, r.end, self.line)
    }

    fn problem(&mut self, span: Span, message: impl Into<String>) {
        self.device.problems.push(Problem {
            span,
            message: message.into(),
        });
    }

    /// Reads one command; its words go through a buffer kept from command
    /// to command, so reading allocates nothing per line.
    fn command(&mut self, index: usize, cmd: &Command) {
        let mut words = std::mem::take(&mut self.words);
        words.clear();
        let text = self.text;
        words.extend(
            self.tree
                .tokens(cmd)
                .iter()
                .map(|t| crate::syntax::word(text, t)),
        );
        self.command_words(index, cmd, &words);
        self.words = words;
    }

    /// The `i`th word of a command.
    fn word(&self, cmd: &Command, i: usize) -> Option<&'a str> {
        let text = self.text;
        self.tree
            .tokens(cmd)
            .get(i)
            .map(|t| crate::syntax::word(text, t))
    }

    fn command_words(&mut self, index: usize, cmd: &Command, words: &[&'a str]) {
        self.line = cmd.line;
        let toks = self.tree.tokens(cmd);
        let (undo, words, toks) = match words.first() {
            Some(&"undo") => (true, &words[1..], &toks[1..]),
            _ => (false, words, toks),
        };
        if words.is_empty() {
            return;
        }
        let line = self.span(cmd);
        let Some(parent) = cmd.parent else {
            self.system(index, undo, words, toks, line);
            return;
        };
        // The top-level block, the view right under it, and the depth.
        let mut below_root = index;
        let mut root = parent as usize;
        let mut depth = 2;
        while let Some(p) = self.tree.commands[root].parent {
            below_root = root;
            root = p as usize;
            depth += 1;
        }
        match self.roots.get(root).copied().flatten() {
            Some(Root::Interface(i)) if depth == 2 => self.interface(i, undo, words, line),
            Some(Root::NewInterface)
                if depth == 2 && gives_interface(undo, words, self.tree.tokens(cmd)) =>
            {
                let i = self.open_interface(root);
                self.set_root(root, Root::Interface(i));
                self.interface(i, undo, words, line);
            }
            Some(Root::Targets(evpn)) => {
                // The view a target is in: the instance itself (VRP5's IPv4
                // targets), ` ipv4-family`, ` ipv6-family`, ` evpn`.
                let view = match depth {
                    2 => None,
                    _ => self.word(&self.tree.commands[below_root], 0),
                };
                // Only where `reads_vpn_line` keeps them: right inside, or
                // in one of the views that hold targets.
                if let None | Some("ipv4-family" | "ipv6-family" | "evpn") = view {
                    self.route_target(undo, words, evpn, view)
                }
            }
            Some(Root::Bgp(b)) => {
                let view = match depth {
                    2 => {
                        let span = self.device.bgp[b].span;
                        self.scope(b, PUBLIC_VRF, span);
                        BgpView::Session(PUBLIC_VRF, None)
                    }
                    3 => {
                        let v = &self.tree.commands[below_root];
                        let head = [self.word(v, 0), self.word(v, 1), self.word(v, 2)];
                        match head {
                            [Some("vpn-instance"), Some(vrf), _]
                            | [
                                Some("ipv4-family" | "ipv6-family"),
                                Some("vpn-instance"),
                                Some(vrf),
                            ] => {
                                // The BGP-VPN instance session view exists on VRP8 only.
                                self.device.vrp8 |= head[0] == Some("vpn-instance");
                                let span = self.span(v);
                                self.scope(b, vrf, span);
                                let family = match head[0] {
                                    Some("ipv4-family") => Some(true),
                                    Some("ipv6-family") => Some(false),
                                    _ => None,
                                };
                                BgpView::Session(vrf, family)
                            }
                            [Some(f), Some("vpn-instance"), Some(vrf)] => {
                                BgpView::VrfFamily(vrf, Family::of_view(&[f, "vpn-instance"]))
                            }
                            _ => {
                                let words: Vec<&str> = head.iter().map_while(|w| *w).collect();
                                BgpView::Family(Family::of_view(&words))
                            }
                        }
                    }
                    _ => return,
                };
                self.bgp_command(b, view, undo, words, toks, line);
            }
            _ => {}
        }
    }

    /// `[undo] vpn-target X… [export-extcommunity|import-extcommunity|both]
    /// [evpn]` (NE40E `vpn-target`: both when the direction is left out;
    /// `evpn` marks an L3VPN instance's targets for EVPN routes). Inside an
    /// EVPN instance or a bridge domain every target is EVPN's; inside a
    /// VPN instance, its ` ipv6-family` holds IPv6 targets and the rest are
    /// IPv4's.
    fn route_target(&mut self, undo: bool, words: &[&str], evpn_root: bool, view: Option<&str>) {
        let ["vpn-target", rest @ ..] = words else {
            return;
        };
        let (mut export, mut import, mut evpn) = (false, false, evpn_root);
        let mut targets: Vec<&str> = Vec::new();
        for w in rest {
            match *w {
                "export-extcommunity" => export = true,
                "import-extcommunity" => import = true,
                "both" => (export, import) = (true, true),
                "evpn" => evpn = true,
                w if w.contains(':') => targets.push(w),
                _ => {}
            }
        }
        if !export && !import {
            (export, import) = (true, true);
        }
        let rts = &mut self.device.route_targets;
        let kind = match view {
            _ if evpn => &mut rts.evpn,
            Some("ipv6-family") => &mut rts.v6,
            _ => &mut rts.v4,
        };
        for (on, list) in [(export, &mut kind.export), (import, &mut kind.import)] {
            if !on {
                continue;
            }
            for t in &targets {
                match list.binary_search_by(|x| x.as_str().cmp(t)) {
                    Ok(i) if undo => {
                        list.remove(i);
                    }
                    Err(i) if !undo => list.insert(i, Name::from(*t)),
                    _ => {}
                }
            }
        }
    }

    fn system(&mut self, index: usize, undo: bool, words: &[&str], toks: &[Token], line: Span) {
        match words {
            ["sysname", ..] if !undo && toks.len() >= 2 => {
                let start = toks[1].outer_range().start;
                let end = line.end as usize;
                self.device.name = Name::from(self.text[start..end].trim());
                self.device.name_span = Some(Span::at(self.file, start, end, self.line));
            }
            // The interface is made with the first line of its block that
            // can give it an address (see `Root::NewInterface`).
            ["interface", name @ ..] if !undo && !name.is_empty() => {
                self.set_root(index, Root::NewInterface);
            }
            ["router", "id", addr, ..] => match addr.parse::<std::net::Ipv4Addr>() {
                _ if undo => self.device.router_id.undo(line),
                Ok(a) => self.device.router_id.set(a, line),
                Err(_) => {}
            },
            ["router", "id"] if undo => self.device.router_id.undo(line),
            ["ip", "vpn-instance", name, ..] => {
                let name = Name::from(*name);
                let defined = self.device.vpn_index.contains_key(&name);
                if undo && defined {
                    self.device.vpn_instances.retain(|(n, _)| *n != name);
                    self.device.index_vpn_instances();
                } else if !undo && !defined {
                    self.device
                        .vpn_index
                        .insert(name.clone(), self.device.vpn_instances.len());
                    self.device.vpn_instances.push((name, line));
                }
                self.set_root(index, Root::Targets(false));
            }
            ["evpn", "vpn-instance", ..] | ["bridge-domain", ..] => {
                self.set_root(index, Root::Targets(true));
            }
            ["bgp", asn, rest @ ..] if !undo => {
                let Some(asn) = Asn::parse(asn) else {
                    if asn.starts_with(|c: char| c.is_ascii_digit()) {
                        self.problem(
                            line,
                            format!("`{asn}` is not an AS number (1-4294967295, or x.y); this BGP block is skipped"),
                        );
                    }
                    return;
                };
                let name = match rest {
                    [] => None,
                    ["instance", n, ..] => Some(Name::from(*n)),
                    _ => None,
                };
                let b = match self.device.bgp.iter().position(|i| i.name == name) {
                    // Deleted by `undo bgp`: made anew.
                    Some(b) if self.deleted.contains(&b) => {
                        self.deleted.retain(|&d| d != b);
                        self.device.bgp[b] = new_instance(asn, line, name);
                        b
                    }
                    Some(b) => {
                        if self.device.bgp[b].asn != asn {
                            let have = self.device.bgp[b].display_name();
                            self.problem(
                                line,
                                format!("{have} is already configured; VRP refuses a second AS number for it, so this block is read as part of it"),
                            );
                        }
                        b
                    }
                    None => {
                        self.device.bgp.push(new_instance(asn, line, name));
                        self.scopes.push(BTreeMap::new());
                        self.device.bgp.len() - 1
                    }
                };
                self.set_root(index, Root::Bgp(b));
            }
            // `undo bgp [N [instance X]]` deletes the BGP process, with all
            // its peers (NE40E `bgp`).
            ["bgp", rest @ ..] if undo => {
                let (asn, name) = match rest {
                    [] => (None, None),
                    [asn] => (Asn::parse(asn), None),
                    [asn, "instance", n, ..] => (Asn::parse(asn), Some(Name::from(*n))),
                    _ => return,
                };
                let gone = self
                    .device
                    .bgp
                    .iter()
                    .position(|i| i.name == name && asn.is_none_or(|a| a == i.asn));
                if let Some(b) = gone {
                    self.scopes[b].clear();
                    self.declared.retain(|(i, _, _)| *i != b);
                    self.deleted.push(b);
                }
                self.set_root(index, Root::Ignored);
            }
            // `undo interface X` deletes a logical interface (a loopback, a
            // sub-interface) with its addresses.
            ["interface", name @ ..] if undo && !name.is_empty() => {
                let name = name.join(" ");
                if let Some(i) = self
                    .device
                    .interfaces
                    .iter_mut()
                    .find(|i| same_interface(&i.name, &name) || abbreviates(&name, &i.name))
                {
                    *i = Interface::new(std::mem::take(&mut i.name));
                }
                self.set_root(index, Root::Ignored);
            }
            _ => {}
        }
    }

    /// The interface the `interface` command at `header` opens, made if
    /// the device has none of that name yet.
    fn open_interface(&mut self, header: usize) -> usize {
        let text = self.text;
        let toks = self.tree.tokens(&self.tree.commands[header]);
        let word = |t: &Token| crate::syntax::word(text, t);
        // Names are short: held in place, not allocated.
        let name = match toks {
            [_, one] => Name::from(word(one)),
            [_, words @ ..] => Name::from(words.iter().map(word).collect::<Vec<_>>().join(" ")),
            [] => Name::default(),
        };
        let key = key_hash(&name);
        let found = self
            .interface_index
            .get(&key)
            .copied()
            .filter(|&i| same_interface(&self.device.interfaces[i].name, &name))
            .or_else(|| {
                // Typed with its type cut short (`int g0/0/1`), or cut
                // short first and written in full now.
                (self.typed() || self.file != self.device.file)
                    .then(|| {
                        self.device.interfaces.iter().position(|i| {
                            abbreviates(&name, &i.name) || abbreviates(&i.name, &name)
                        })
                    })
                    .flatten()
            });
        if let Some(i) = found {
            return i;
        }
        self.interface_keys.push(key);
        self.device.interfaces.push(Interface::new(name));
        let i = self.device.interfaces.len() - 1;
        self.interface_index.insert(key, i);
        i
    }

    fn interface(&mut self, i: usize, undo: bool, words: &[&str], line: Span) {
        let iface = &mut self.device.interfaces[i];
        match words {
            ["ip", "binding", "vpn-instance", vrf, ..] => {
                // Binding or unbinding clears the interface's addresses.
                iface.addresses.clear();
                iface.set_vpn((!undo).then(|| (Name::from(*vrf), line)));
            }
            ["ip", "address", rest @ ..] => {
                if undo {
                    match rest {
                        [] => iface.addresses.retain(|a| a.addr.is_ipv6()),
                        [a, ..] => {
                            let a = ip(a);
                            iface.addresses.retain(|x| Some(x.addr) != a)
                        }
                    }
                    return;
                }
                if let [
                    "unnumbered" | "dhcp-alloc" | "ppp-negotiate" | "bootp-alloc",
                    ..,
                ] = rest
                {
                    iface.set_unwritten(Unwritten::V4, !undo);
                    return;
                }
                let [addr, mask, more @ ..] = rest else {
                    return;
                };
                let Some(addr @ IpAddr::V4(_)) = ip(addr) else {
                    // `ip address unnumbered …`, `dhcp-alloc`, `ppp-negotiate`
                    return;
                };
                let Some(prefix) = prefix_len(mask, 32) else {
                    self.problem(line, format!("`{mask}` is not a mask or prefix length"));
                    return;
                };
                let iface = &mut self.device.interfaces[i];
                let sub = more.first() == Some(&"sub");
                if !sub {
                    // A new primary address replaces the old one.
                    if let Some(p) = iface
                        .addresses
                        .iter()
                        .position(|a| a.addr.is_ipv4() && !a.secondary)
                    {
                        iface.addresses.remove(p);
                    }
                }
                iface.addresses.push(IfAddr {
                    addr,
                    prefix,
                    secondary: sub,
                    span: line,
                });
            }
            ["shutdown"] => iface.set_shutdown((!undo).then_some(line)),
            // NE40E `ipv6 address link-local`, `ipv6 address auto`,
            // `ipv6 address eui-64`: addresses the file does not give.
            ["ipv6", "address", "auto", kind, ..] => {
                let kind = match *kind {
                    "link-local" => Unwritten::LINK_LOCAL,
                    _ => Unwritten::V6,
                };
                iface.set_unwritten(kind, !undo);
            }
            ["ipv6", "address", _, "link-local", ..] => {
                iface.set_unwritten(Unwritten::LINK_LOCAL, !undo);
            }
            ["ipv6", "address", .., "eui-64"] => iface.set_unwritten(Unwritten::V6, !undo),
            ["ipv6", "address", rest @ ..] => {
                let (addr, prefix) = match rest {
                    [a, ..] if a.contains('/') => {
                        let (a, l) = a.split_once('/').unwrap_or((a, ""));
                        (ip(a), l.parse::<u8>().ok())
                    }
                    [a, l, ..] => (ip(a), l.parse::<u8>().ok()),
                    _ => (None, None),
                };
                let (Some(addr @ IpAddr::V6(_)), Some(prefix)) = (addr, prefix) else {
                    return;
                };
                if undo {
                    iface.addresses.retain(|x| x.addr != addr);
                } else if prefix <= 128 {
                    iface.addresses.push(IfAddr {
                        addr,
                        prefix,
                        secondary: true,
                        span: line,
                    });
                }
            }
            _ => {}
        }
    }

    /// The scope of a VRF, made on first use (the name is copied then only:
    /// this runs for every BGP command).
    fn scope(&mut self, b: usize, vrf: &str, span: Span) -> &mut Scope {
        let scopes = &mut self.scopes[b];
        if !scopes.contains_key(vrf) {
            return scopes.entry(vrf.to_string()).or_insert_with(|| Scope {
                vrf: Name::from(vrf),
                span: Some(span),
                ..Scope::default()
            });
        }
        scopes
            .get_mut(vrf)
            .unwrap_or_else(|| unreachable!("the scope was just looked up"))
    }

    fn bgp_command(
        &mut self,
        b: usize,
        view: BgpView<'_>,
        undo: bool,
        words: &[&str],
        toks: &[Token],
        line: Span,
    ) {
        let (vrf, session, family) = match view {
            BgpView::Session(v, family) => (v, true, family),
            BgpView::Family(_) => (PUBLIC_VRF, false, None),
            BgpView::VrfFamily(v, _) => (v, false, None),
        };
        // The family a `peer X enable` here enables: the view's; in the
        // BGP view itself IPv4 unicast (NE40E `peer enable (BGP view)`);
        // in a VPN instance's address family view, that family.
        let enables = match view {
            BgpView::Family(f) | BgpView::VrfFamily(_, f) => Some(f),
            BgpView::Session(PUBLIC_VRF, None) => Some(Family::Ipv4Unicast),
            BgpView::Session(_, Some(true)) => Some(Family::Ipv4Unicast),
            BgpView::Session(_, Some(false)) => Some(Family::Ipv6Unicast),
            BgpView::Session(_, None) => None,
        };
        if let ["peer", target, "enable"] | ["peer", target, "group", _, "enable"] = words
            && let Some(f) = enables
        {
            self.enable(b, vrf, target, toks[1].quoted, f, !undo, line);
            return;
        }
        if let Some(f) = enables
            && self.reflector_command(b, vrf, f, undo, words, toks, line)
        {
            return;
        }
        match words {
            ["router-id", "vpn-instance", "auto-select", ..] if vrf == PUBLIC_VRF && session => {
                self.device.bgp[b].vpn_router_id_auto = !undo;
            }
            ["router-id", "allow-same", ..] if vrf == PUBLIC_VRF && session => {
                self.device.bgp[b].allow_same_router_id = !undo;
            }
            ["router-id", rest @ ..] if session => {
                let value = match rest {
                    ["auto-select", ..] if vrf != PUBLIC_VRF => Some(None),
                    [addr, ..] => addr.parse::<std::net::Ipv4Addr>().ok().map(Some),
                    [] => None,
                };
                if vrf == PUBLIC_VRF {
                    let h = &mut self.device.bgp[b].router_id;
                    match value {
                        _ if undo => h.undo(line),
                        Some(Some(a)) => h.set(a, line),
                        _ => {}
                    }
                } else {
                    let h = &mut self.scope(b, vrf, line).router_id;
                    match value {
                        _ if undo => h.undo(line),
                        Some(v) => h.set(v, line),
                        None => {}
                    }
                }
            }
            // `undo ipv4-family vpn-instance V` (or ipv6, or the VRP8
            // ` vpn-instance V` view) deletes what it held: the VPN
            // instance's peers of that family, or all of them.
            ["ipv4-family" | "ipv6-family" | "vpn-instance", ..]
                if undo && vrf == PUBLIC_VRF && session =>
            {
                let (family, name) = match words {
                    ["vpn-instance", name, ..] => (None, *name),
                    [f, "vpn-instance", name, ..] => (Some(*f == "ipv4-family"), *name),
                    _ => return,
                };
                if let Some(scope) = self.scopes[b].get_mut(name) {
                    let gone: Vec<IpAddr> = scope
                        .peers
                        .iter()
                        .filter(|p| family.is_none_or(|v4| p.addr.is_ipv4() == v4))
                        .map(|p| p.addr)
                        .collect();
                    for addr in gone {
                        scope.remove_peer(addr);
                    }
                }
            }
            ["default", "ipv4-unicast"] if vrf == PUBLIC_VRF && session => {
                self.device.bgp[b].no_default_ipv4_unicast = undo.then_some(line);
            }
            ["confederation", "id", asn, ..] if vrf == PUBLIC_VRF && session => {
                let instance = &mut self.device.bgp[b];
                instance.confederation = if undo {
                    None
                } else {
                    Asn::parse(asn).map(|a| (a, line))
                };
            }
            ["confederation", "peer-as", list @ ..] if vrf == PUBLIC_VRF && session => {
                let list: Vec<Asn> = list.iter().filter_map(|a| Asn::parse(a)).collect();
                let instance = &mut self.device.bgp[b];
                instance.confederation_peers_line = Some(line);
                let peers = &mut instance.confederation_peers;
                if undo {
                    peers.retain(|a| !list.contains(a));
                } else {
                    peers.extend(list);
                }
            }
            // ` as-number N` in a VPN instance's address family view;
            // ` as-number ipv4|ipv6 N` in its BGP-VPN instance view (CE6800
            // `as-number (BGP-VPN instance view)`). A plain ` as-number N`
            // there, which no page shows, is taken for both families.
            ["as-number", rest @ ..] if vrf != PUBLIC_VRF && session => {
                let (families, asn) = match (family, rest) {
                    (None, ["ipv4", asn, ..]) => ([true, false], *asn),
                    (None, ["ipv6", asn, ..]) => ([false, true], *asn),
                    (None, [asn, ..]) => ([true, true], *asn),
                    (Some(v4), [asn, ..]) => ([v4, !v4], *asn),
                    (None, []) => ([true, true], ""),
                    (Some(v4), []) => ([v4, !v4], ""),
                };
                self.vpn_as_number(b, vrf, families, undo, asn, line)
            }
            ["group", _, ..] if session => self.group_line(b, vrf, undo, words, toks, line),
            ["peer", target, rest @ ..] => {
                let target_tok = &toks[1];
                let addr = if target_tok.quoted { None } else { ip(target) };
                match addr {
                    Some(addr) if session => {
                        let made = self.peer_line(b, vrf, addr, undo, rest, &toks[2..], line);
                        if made && family.is_some() {
                            let scope = self.scope(b, vrf, line);
                            if let Some(&p) = scope.peer_index.get(&addr) {
                                scope.peers[p].made_in_family = true;
                            }
                        }
                    }
                    Some(_) => {
                        if let (["group", g, ..], Some(tok)) = (rest, toks.get(3)) {
                            let name_span = self.token_span(tok);
                            self.group_ref(b, vrf, g, name_span, line);
                        }
                    }
                    None => {
                        let name_span = self.token_span(target_tok);
                        self.group_ref(b, vrf, target, name_span, line);
                        if session {
                            self.group_setting(b, vrf, target, name_span, undo, rest, line);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// `as-number N` in a VPN instance's BGP view. VRP takes it only before
    /// the VPN instance has peers or groups (NE40E `as-number`,
    /// Prerequisites): typed after them, the command is refused. A saved
    /// configuration holds what the device kept, in the device's own order,
    /// so only typed commands are judged that way.
    fn vpn_as_number(
        &mut self,
        b: usize,
        vrf: &str,
        [v4, v6]: [bool; 2],
        undo: bool,
        asn: &str,
        line: Span,
    ) {
        let typed = self.typed();
        let process = self.device.bgp[b].asn;
        let scope = self.scope(b, vrf, line);
        if typed && !(scope.peers.is_empty() && scope.groups.is_empty()) {
            self.problem(
                line,
                format!("VRP refuses to change the AS number of vpn-instance {vrf} while it has peers or groups; the command is not applied"),
            );
            return;
        }
        let value = match Asn::parse(asn) {
            _ if undo => None,
            Some(a) if a == process => {
                self.problem(
                    line,
                    format!("VRP refuses an AS number for vpn-instance {vrf} equal to the BGP process's ({process}); the command is not applied"),
                );
                return;
            }
            Some(a) => Some(a),
            None => {
                self.problem(
                    line,
                    format!("`{asn}` is not an AS number (1-4294967295, or x.y)"),
                );
                return;
            }
        };
        let scope = self.scope(b, vrf, line);
        for (on, history) in [(v4, &mut scope.as_number), (v6, &mut scope.as_number6)] {
            match value {
                _ if !on => {}
                Some(a) => history.set(a, line),
                None => history.undo(line),
            }
        }
    }

    fn group_ref(&mut self, b: usize, vrf: &str, name: &str, name_span: Span, line: Span) {
        let span = self.device.bgp[b].span;
        self.scope(b, vrf, span).group_refs.push(GroupRef {
            name: Name::from(name),
            span: line,
            name_span,
        });
    }

    /// `group G [internal|external]`, `group G listen [kind]`.
    fn group_line(
        &mut self,
        b: usize,
        vrf: &str,
        undo: bool,
        words: &[&str],
        toks: &[Token],
        line: Span,
    ) {
        let quoted = toks[1].quoted;
        let mut i = 2;
        if !quoted {
            // Words before the first keyword all belong to the name: a name
            // with spaces that was not quoted.
            while i < words.len()
                && !matches!(
                    words[i],
                    "internal" | "external" | "listen" | "confederation-external"
                )
            {
                i += 1;
            }
        }
        let name = words[1..i].join(" ");
        let name_span = Span::at(
            self.file,
            toks[1].outer_range().start,
            toks[i - 1].outer_range().end,
            self.line,
        );
        let dynamic = words.get(i) == Some(&"listen");
        if dynamic {
            i += 1;
        }
        let kind = match words.get(i) {
            Some(&"external") => GroupKind::External,
            Some(&"confederation-external") => GroupKind::ConfederationExternal,
            _ => GroupKind::Internal,
        };
        let key = (b, vrf.to_string(), name.clone());
        let already = self.declared.contains(&key);
        if undo {
            if already {
                self.delete_group(b, vrf, &name, line);
            }
            self.declared.remove(&key);
            return;
        }
        let scope = self.scope(b, vrf, line);
        let g = scope.group_or_placeholder(&name, name_span, line);
        if !already {
            let g = &mut scope.groups[g];
            g.name_span = name_span;
            g.decl = line;
            g.quoted = quoted;
            g.unquoted_space = !quoted && name.contains(' ');
            g.kind = kind;
            g.dynamic = dynamic;
            self.declared.insert(key);
        }
    }

    /// Why VRP refuses a setting on a declared group, when the command
    /// pages say it does:
    /// - an external group's AS may not be the local AS (NE40E `peer
    ///   as-number (group)`: "cannot be the same as the local AS number");
    /// - once a group has members its AS cannot change (NE40E configuration
    ///   guide, Creating a Pure EBGP Peer Group); judged for typed commands
    ///   only, as a saved configuration lists members in its own order;
    /// - `listen-net` and `listen-as` need a dynamic group (`group G
    ///   listen`), `listen-as` an external one (NE40E `peer listen-net`,
    ///   `peer listen-as`, Prerequisites).
    fn group_refusal(
        &mut self,
        b: usize,
        vrf: &str,
        name: &str,
        undo: bool,
        rest: &[&str],
    ) -> Option<String> {
        let typed = self.typed();
        let process = self.device.bgp[b].asn;
        let scope = self.scopes[b].get(vrf)?;
        let group = scope.group(name)?;
        match rest {
            ["as-number", asn, ..] if !undo => {
                let asn = Asn::parse(asn)?;
                // The local AS: the VPN instance's own where it has one.
                let own: Vec<Asn> = [&scope.as_number, &scope.as_number6]
                    .iter()
                    .filter_map(|h| h.current().map(|(a, _)| *a))
                    .collect();
                let local = if own.is_empty() { vec![process] } else { own };
                if group.kind == GroupKind::External && !group.dynamic && local.contains(&asn) {
                    return Some(format!(
                        "the AS of external group {name} cannot be the local AS {asn}"
                    ));
                }
                let current = group.settings.as_number.current().map(|(a, _)| *a);
                let has_members = scope
                    .peers
                    .iter()
                    .any(|p| p.group.current().is_some_and(|(g, _)| g == name));
                (typed && has_members && current.is_some_and(|c| c != asn))
                    .then(|| format!("group {name} has members, so its AS number cannot change"))
            }
            ["listen-net", ..] if !undo && !group.dynamic => Some(format!(
                "`listen-net` needs a dynamic group, and {name} is not one (`group {name} listen …`)"
            )),
            ["listen-as", ..] if !undo && !is_external_dynamic(group) => Some(format!(
                "`listen-as` needs an external dynamic group, and {name} is not one (`group {name} listen external`)"
            )),
            _ => None,
        }
    }

    /// `undo group G`. The NE40E `group` page says both that the members
    /// are deleted with the group and that only the members without an AS
    /// number of their own are disconnected (the VRP5 pages say the second
    /// only). peerlint reads it the second way, which never invents a
    /// broken session: a member with its own AS stays, out of the group
    /// and without what it took from it; a member whose AS came from the
    /// group is gone. The lines that named the group while it existed
    /// named a group that existed.
    fn delete_group(&mut self, b: usize, vrf: &str, name: &str, line: Span) {
        let scope = self.scope(b, vrf, line);
        if let Some(g) = scope.group_index.remove(name) {
            scope.groups.swap_remove(g);
            scope.reindex(true);
        }
        scope.group_refs.retain(|r| r.name != name);
        let members: Vec<(IpAddr, bool)> = scope
            .peers
            .iter()
            .filter(|p| p.group.current().is_some_and(|(g, _)| g == name))
            .map(|p| (p.addr, p.settings.as_number.current().is_some()))
            .collect();
        for (addr, own_as) in members {
            if own_as {
                let p = scope.peer_or_new(addr, line);
                scope.peers[p].group.undo(line);
            } else {
                scope.remove_peer(addr);
            }
        }
    }

    /// A setting on a group: `peer G as-number N`, `peer G listen-only`…
    #[allow(clippy::too_many_arguments)]
    fn group_setting(
        &mut self,
        b: usize,
        vrf: &str,
        name: &str,
        name_span: Span,
        undo: bool,
        rest: &[&str],
        line: Span,
    ) {
        if !(is_setting(rest) || matches!(rest, ["listen-net" | "listen-as", ..])) {
            return;
        }
        let declared = self
            .declared
            .contains(&(b, vrf.to_string(), name.to_string()));
        if declared && let Some(why) = self.group_refusal(b, vrf, name, undo, rest) {
            self.problem(
                line,
                format!("VRP refuses this command: {why}; it is not applied"),
            );
            return;
        }
        let scope = self.scope(b, vrf, line);
        let g = scope.group_or_placeholder(name, name_span, line);
        let group = &mut scope.groups[g];
        match rest {
            ["listen-net", addr, more @ ..] if !undo => {
                let Some(addr) = ip(addr) else { return };
                let max = if addr.is_ipv4() { 32 } else { 128 };
                let prefix = more.first().and_then(|m| prefix_len(m, max)).unwrap_or(max);
                group.listen_nets.push((addr, prefix, line));
            }
            ["listen-as", list @ ..] if !undo => {
                group
                    .listen_as
                    .extend(list.iter().filter_map(|a| Asn::parse(a)).map(|a| (a, line)));
            }
            _ => {
                let problem = apply_setting(&mut group.settings, undo, rest, line);
                if let Some(msg) = problem {
                    self.problem(line, msg);
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn peer_line(
        &mut self,
        b: usize,
        vrf: &str,
        addr: IpAddr,
        undo: bool,
        rest: &[&str],
        rest_toks: &[Token],
        line: Span,
    ) -> bool {
        if rest.is_empty() {
            if undo {
                self.scope(b, vrf, line).remove_peer(addr);
            }
            return false;
        }
        let existed = self.scopes[b]
            .get(vrf)
            .is_some_and(|s| s.peer_index.contains_key(&addr));
        // Typed, a peer's settings need the peer (NE40E `peer fake-as`,
        // `peer connect-interface`: Prerequisites), and a membership needs
        // its group: VRP refuses them otherwise. A saved configuration
        // lists what the device holds, in its own order.
        if self.typed() && !undo {
            let refusal = match rest {
                ["group", g, ..]
                    if !self.declared.contains(&(b, vrf.to_string(), g.to_string())) =>
                {
                    Some(format!("group {g} does not exist yet"))
                }
                ["as-number" | "group", ..] => None,
                _ if !existed && is_setting(rest) => Some(format!(
                    "peer {addr} does not exist yet (`peer {addr} as-number …` creates it)"
                )),
                _ => None,
            };
            if let Some(why) = refusal {
                self.problem(
                    line,
                    format!("VRP refuses this command: {why}; it is not applied"),
                );
                return false;
            }
        }
        if let ["group", g, more @ ..] = rest {
            let name_span = self.token_span(&rest_toks[1]);
            self.group_ref(b, vrf, g, name_span, line);
            let scope = self.scope(b, vrf, line);
            let p = scope.peer_or_new(addr, line);
            let peer = &mut scope.peers[p];
            if undo {
                peer.group.undo(line);
            } else {
                peer.group.set(Name::from(*g), line);
                if let ["as-number", asn, ..] = more
                    && let Some(asn) = Asn::parse(asn)
                {
                    peer.settings.as_number.set(asn, line);
                }
            }
            return !existed;
        }
        if !is_setting(rest) {
            return false;
        }
        let scope = self.scope(b, vrf, line);
        let p = scope.peer_or_new(addr, line);
        if let Some(msg) = apply_setting(&mut scope.peers[p].settings, undo, rest, line) {
            self.problem(line, msg);
        }
        !existed
    }

    /// `[undo] peer X enable` in an address family: on a peer or group that
    /// exists (VRP refuses it for one that does not).
    #[allow(clippy::too_many_arguments)]
    fn enable(
        &mut self,
        b: usize,
        vrf: &str,
        target: &str,
        quoted: bool,
        family: Family,
        enable: bool,
        line: Span,
    ) {
        let Some(scope) = self.scopes[b].get_mut(vrf) else {
            return;
        };
        let addr = if quoted { None } else { ip(target) };
        let settings = match addr {
            Some(addr) => match scope.peer_index.get(&addr) {
                Some(&p) => &mut scope.peers[p].settings,
                None => return,
            },
            None => match scope.group_index.get(target) {
                Some(&g) => &mut scope.groups[g].settings,
                None => return,
            },
        };
        settings.families.push(FamilyLine {
            family,
            enable,
            span: line,
        });
    }

    /// The route reflector's commands in an address family view (the BGP
    /// view stands for IPv4 unicast; a VPN instance's family views for
    /// that VRF): `peer X|G reflect-client` (NE40E `peer reflect-client`),
    /// `reflector cluster-id` (`reflector cluster-id`: an integer or an
    /// IPv4 address), `reflect between-clients` and `policy vpn-target`;
    /// and the commands that originate routes in the family (`network`,
    /// `import-route`, `aggregate`). Returns whether the command was one
    /// of them.
    #[allow(clippy::too_many_arguments)]
    fn reflector_command(
        &mut self,
        b: usize,
        vrf: &str,
        family: Family,
        undo: bool,
        words: &[&str],
        toks: &[Token],
        line: Span,
    ) -> bool {
        let setting = match words {
            ["peer", target, flag @ ("reflect-client" | "upe")] => {
                let quoted = toks[1].quoted;
                let Some(scope) = self.scopes[b].get_mut(vrf) else {
                    return true;
                };
                let addr = if quoted { None } else { ip(target) };
                let settings = match addr {
                    Some(addr) => match scope.peer_index.get(&addr) {
                        Some(&p) => &mut scope.peers[p].settings,
                        None => return true,
                    },
                    None => match scope.group_index.get(*target) {
                        Some(&g) => &mut scope.groups[g].settings,
                        None => return true,
                    },
                };
                let more = settings.more_mut();
                let lines = if *flag == "upe" {
                    &mut more.upe
                } else {
                    &mut more.reflect_client
                };
                lines.push(FamilyLine {
                    family,
                    enable: !undo,
                    span: line,
                });
                return true;
            }
            ["reflector", "cluster-id", rest @ ..] => {
                let id = match rest {
                    _ if undo => None,
                    [v, ..] => match v.parse::<u32>() {
                        Ok(n) if n >= 1 => Some((n, false)),
                        _ => match v.parse::<std::net::Ipv4Addr>() {
                            Ok(a) => Some((u32::from(a), true)),
                            Err(_) => {
                                self.problem(
                                    line,
                                    format!("`{v}` is not a cluster ID (1-4294967295, or an IPv4 address)"),
                                );
                                return true;
                            }
                        },
                    },
                    [] => return true,
                };
                ReflectorSetting::ClusterId(id)
            }
            ["network" | "import-route" | "aggregate", ..] => {
                if !undo {
                    let span = self.device.bgp[b].span;
                    let scope = self.scope(b, vrf, span);
                    if !scope.originates.contains(&family) {
                        scope.originates.push(family);
                    }
                }
                return true;
            }
            ["reflect", "between-clients"] => ReflectorSetting::BetweenClients(!undo),
            ["policy", "vpn-target"] => ReflectorSetting::PolicyVpnTarget(!undo),
            _ => return false,
        };
        let span = self.device.bgp[b].span;
        self.scope(b, vrf, span).reflector.push(ReflectorLine {
            family,
            setting,
            span: line,
        });
        true
    }

    fn finish(mut self) -> Device {
        // Only addresses and VPN bindings matter past this point: an
        // interface with neither is dropped, and every list is trimmed, so
        // that a network of many devices stays small in memory.
        // Each interface's name hash, made when it was opened, goes with it.
        let mut keys = self.interface_keys.iter();
        let mut kept = Vec::with_capacity(self.interface_keys.len());
        self.device.interfaces.retain(|i| {
            let key = keys.next().copied().unwrap_or_default();
            // A shut interface stays: a sub-interface on it is down too.
            let keep = i.is_configured();
            if keep {
                kept.push(key);
            }
            keep
        });
        for i in &mut self.device.interfaces {
            i.addresses.shrink_to_fit();
        }
        self.device.interfaces.shrink_to_fit();
        self.device.index_interfaces(&kept);
        // Settings on a group that no `group` line created stay out of the
        // model; the references to it make `undefined-group` findings.
        for (b, scopes) in self.scopes.into_iter().enumerate() {
            let instance = &mut self.device.bgp[b];
            instance.scopes = scopes
                .into_iter()
                .map(|(vrf, mut scope)| {
                    let groups = scope.groups.len();
                    if groups > 0 {
                        let declared: HashSet<&str> = self
                            .declared
                            .iter()
                            .filter(|(i, v, _)| *i == b && *v == vrf)
                            .map(|(_, _, name)| name.as_str())
                            .collect();
                        scope.groups.retain(|g| declared.contains(g.name.as_str()));
                    }
                    scope.reindex(scope.groups.len() != groups);
                    scope.shrink();
                    scope
                })
                .collect();
        }
        if !self.deleted.is_empty() {
            let mut b = 0;
            let deleted = &self.deleted;
            self.device.bgp.retain(|_| {
                b += 1;
                !deleted.contains(&(b - 1))
            });
        }
        self.device
    }
}

/// Whether an interface's command can give it an address or a VPN binding:
/// [`super::reads_interface_line`] on its words (`words`, after `undo`;
/// written out when typed incomplete), its keywords unquoted as that reads
/// them (`toks`: all of the command's).
fn gives_interface(undo: bool, words: &[&str], toks: &[Token]) -> bool {
    let keywords = match (undo, words) {
        (true, ["shutdown"]) => 0..2,
        (false, ["shutdown"]) => 0..1,
        (true, _) => 0..3,
        (false, _) => 0..2,
    };
    toks.get(keywords)
        .is_some_and(|k| k.iter().all(|t| !t.quoted))
        && matches!(
            words,
            ["ip", "address" | "binding", ..] | ["ipv6", "address", ..] | ["shutdown"]
        )
}

/// A BGP process as `bgp N [instance X]` makes it.
pub(super) fn new_instance(asn: Asn, line: Span, name: Option<Name>) -> BgpInstance {
    BgpInstance {
        asn,
        span: line,
        name,
        scopes: Vec::new(),
        confederation: None,
        confederation_peers: Vec::new(),
        confederation_peers_line: None,
        router_id: History::default(),
        vpn_router_id_auto: false,
        allow_same_router_id: false,
        no_default_ipv4_unicast: None,
    }
}

/// `group G listen external` (or `confederation-external`).
fn is_external_dynamic(group: &Group) -> bool {
    group.dynamic && group.kind != GroupKind::Internal
}

/// The settings peers and groups share that peerlint reads.
fn is_setting(rest: &[&str]) -> bool {
    matches!(
        rest,
        ["as-number" | "fake-as" | "local-as", ..]
            | ["listen-only" | "connect-only" | "ignore", ..]
            | ["connect-interface", ..]
            | ["ebgp-max-hop" | "valid-ttl-hops", ..]
            | ["password" | "keychain" | "tcp-ao", ..]
    )
}

/// Applies one of the settings peers and groups share. Returns a problem
/// to report when the line cannot be read or VRP refuses it.
fn apply_setting(settings: &mut Settings, undo: bool, rest: &[&str], line: Span) -> Option<String> {
    let hops = |n: Option<&&str>| match n {
        None => Some(255),
        Some(n) => n.parse::<u8>().ok().filter(|&n| n >= 1),
    };
    match rest {
        ["as-number", ..] if undo => settings.as_number.undo(line),
        ["as-number", asn, ..] => match Asn::parse(asn) {
            Some(asn) => settings.as_number.set(asn, line),
            None => {
                return Some(format!(
                    "`{asn}` is not an AS number (1-4294967295, or x.y)"
                ));
            }
        },
        ["listen-only" | "connect-only", ..] if undo => settings.mode.undo(line),
        ["listen-only", ..] => settings.mode.set(Mode::ListenOnly, line),
        ["connect-only", ..] => settings.mode.set(Mode::ConnectOnly, line),
        // CE6800 calls the same command `peer X local-as`.
        ["fake-as" | "local-as", ..] if undo => settings.more_mut().fake_as.undo(line),
        ["fake-as" | "local-as", asn, options @ ..] => match Asn::parse(asn) {
            Some(asn) => settings.more_mut().fake_as.set(
                FakeAs {
                    asn,
                    dual: options.contains(&"dual-as"),
                },
                line,
            ),
            None => {
                return Some(format!(
                    "`{asn}` is not an AS number (1-4294967295, or x.y)"
                ));
            }
        },
        ["ebgp-max-hop" | "valid-ttl-hops", ..] if undo => {
            let more = settings.more_mut();
            let h = if rest[0] == "ebgp-max-hop" {
                &mut more.ebgp_max_hop
            } else {
                &mut more.valid_ttl_hops
            };
            h.undo(line);
        }
        [which @ ("ebgp-max-hop" | "valid-ttl-hops"), ..] => {
            let Some(n) = hops(rest.get(1)) else {
                return Some(format!("`{}` is not a hop count (1-255)", rest[1]));
            };
            let more = settings.more_mut();
            // NE40E `peer valid-ttl-hops`: GTSM and EBGP-MAX-HOP "cannot be
            // enabled on a peer or peer group simultaneously".
            let (this, other) = if *which == "ebgp-max-hop" {
                (&mut more.ebgp_max_hop, &more.valid_ttl_hops)
            } else {
                (&mut more.valid_ttl_hops, &more.ebgp_max_hop)
            };
            if other.current().is_some() {
                return Some(
                    "VRP refuses this command: `ebgp-max-hop` and `valid-ttl-hops` (GTSM) exclude each other on one peer or group; it is not applied".to_string(),
                );
            }
            this.set(n, line);
        }
        ["password" | "keychain" | "tcp-ao", ..] => return apply_auth(settings, undo, rest, line),
        ["ignore", ..] if undo => settings.ignore.undo(line),
        ["ignore", ..] => settings.ignore.set((), line),
        ["connect-interface", ..] if undo => settings.connect_interface.undo(line),
        ["connect-interface", src @ ..] => match connect_source(src) {
            Some(src) => settings.connect_interface.set(src, line),
            None => {
                return Some(
                    "`connect-interface` needs an interface name or a source address".to_string(),
                );
            }
        },
        _ => {}
    }
    None
}

/// `peer X password cipher|simple P`, `peer X keychain K`, `peer X tcp-ao
/// policy P` (or `disable`). The three exclude each other on one peer
/// (NE40E `peer password`, `peer keychain`; configuration guide,
/// Configuring TCP-AO Authentication): a second kind is refused.
fn apply_auth(settings: &mut Settings, undo: bool, rest: &[&str], line: Span) -> Option<String> {
    let auth = match rest {
        ["password", "simple", words @ ..] if !words.is_empty() => Auth::Password {
            simple: Some(plain_hash(&words.join(" "))),
        },
        ["password", ..] => Auth::Password { simple: None },
        ["keychain", name, ..] => Auth::Keychain(Name::from(*name)),
        ["tcp-ao", "policy", name, ..] => Auth::TcpAo(Name::from(*name)),
        ["tcp-ao", "disable", ..] => Auth::Disabled,
        _ => return None,
    };
    let history = &mut settings.more_mut().auth;
    let current = history.current().map(|(a, _)| a.kind());
    if undo {
        if current == Some(auth.kind()) {
            history.undo(line);
        }
        return None;
    }
    if let Some(current) = current
        && current != auth.kind()
        && current != "none"
        && auth.kind() != "none"
    {
        return Some(format!(
            "VRP refuses this command: the peer already uses {current} authentication, and TCP MD5 passwords, keychains and TCP-AO exclude each other; it is not applied"
        ));
    }
    history.set(auth, line);
    None
}

use super::password_hash as plain_hash;

/// `LoopBack0`, `loopback 1`, `10.0.0.1`, `LoopBack0 10.0.0.1`.
fn connect_source(words: &[&str]) -> Option<ConnectSource> {
    let first = words.first()?;
    if let Some(addr) = ip(first) {
        return Some(ConnectSource::Address(addr));
    }
    let name_len = words
        .iter()
        .position(|w| ip(w).is_some())
        .unwrap_or(words.len());
    let name = Name::from(words[..name_len].concat());
    match words.get(name_len).and_then(|w| ip(w)) {
        Some(addr) => Some(ConnectSource::InterfaceAddress(name, addr)),
        None => Some(ConnectSource::Interface(name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax;

    fn device(text: &str) -> Device {
        let tree = syntax::parse(text);
        build_device(FileId(0), text, &tree, "stem")
    }

    fn scope<'d>(d: &'d Device, vrf: &str) -> &'d Scope {
        d.bgp[0]
            .scopes
            .iter()
            .find(|s| s.vrf == vrf)
            .unwrap_or_else(|| panic!("no scope {vrf}"))
    }

    const PE: &str = "\
sysname PE1
#
ip vpn-instance A
 ipv4-family
  route-distinguisher 1:1
#
interface GigabitEthernet0/1/0
 ip binding vpn-instance A
 ip address 10.1.1.1 255.255.255.252
#
interface LoopBack0
 ip address 1.1.1.1 32
 ipv6 address 2001:DB8::1/128
#
bgp 100
 group RR internal
 peer RR connect-interface LoopBack0
 peer 2.2.2.2 group RR
 #
 ipv4-family unicast
  peer RR enable
 #
 vpn-instance A
  group CE external
  peer CE as-number 65001
  peer CE listen-only
  peer 10.1.1.2 group CE
 #
 ipv4-family vpn-instance A
  peer 10.1.1.6 as-number 65002
  peer 10.1.1.6 connect-only
  peer 10.1.1.6 listen-only
#
return
";

    #[test]
    fn reads_interfaces_and_vrfs() {
        let d = device(PE);
        assert_eq!(d.name, "PE1");
        let g = d.interface("GigabitEthernet0/1/0").unwrap();
        assert_eq!(d.vrf_of(g), "A");
        assert_eq!(g.addresses[0].prefix, 30);
        let lo = d.interface("loopback 0").unwrap();
        assert_eq!(lo.addresses.len(), 2);
        assert_eq!(lo.addresses[0].prefix, 32);
        assert_eq!(d.vpn_instances.len(), 1);
    }

    #[test]
    fn merges_vrf_views_and_resolves_groups() {
        let d = device(PE);
        let public = scope(&d, PUBLIC_VRF);
        let rr_peer = public.peer("2.2.2.2".parse().unwrap()).unwrap();
        assert_eq!(
            public.effective_as(rr_peer, Asn::plain(100)).map(|a| a.0),
            Some(Asn::plain(100))
        );
        assert_eq!(
            public.effective_source(rr_peer).map(|(src, _)| src),
            Some(&ConnectSource::Interface("LoopBack0".into()))
        );
        let a = scope(&d, "A");
        let ce = a.peer("10.1.1.2".parse().unwrap()).unwrap();
        assert_eq!(
            a.effective_as(ce, Asn::plain(100)).map(|a| a.0),
            Some(Asn::plain(65001))
        );
        let m = a.effective_mode(ce);
        assert_eq!(m.mode, Mode::ListenOnly);
        assert!(m.from_group);
        let other = a.peer("10.1.1.6".parse().unwrap()).unwrap();
        assert_eq!(a.effective_mode(other).mode, Mode::ListenOnly);
        assert_eq!(other.settings.mode.overridden().len(), 1);
    }

    #[test]
    fn group_refs_and_quoted_names() {
        let text = "bgp 100\n group \"my group\" external\n peer \"my group\" as-number 2\n peer 1.1.1.1 group \"my group\"\n group bad name external\n peer 1.1.1.2 group Missing\n";
        let d = device(text);
        let s = scope(&d, PUBLIC_VRF);
        let g = s.group("my group").unwrap();
        assert!(g.quoted && !g.unquoted_space);
        assert_eq!(g.kind, GroupKind::External);
        let p = s.peer("1.1.1.1".parse().unwrap()).unwrap();
        assert_eq!(
            s.effective_as(p, Asn::plain(100)).map(|a| a.0),
            Some(Asn::plain(2))
        );
        let bad = s.group("bad name").unwrap();
        assert!(bad.unquoted_space);
        assert!(s.group("Missing").is_none());
        assert!(s.group_refs.iter().any(|r| r.name == "Missing"));
    }

    #[test]
    fn undo_resets_and_deletes() {
        let text = "bgp 100\n peer 1.1.1.1 as-number 2\n peer 1.1.1.1 listen-only\n undo peer 1.1.1.1 listen-only\n peer 1.1.1.3 as-number 3\n undo peer 1.1.1.3\n";
        let d = device(text);
        let s = scope(&d, PUBLIC_VRF);
        let p = s.peer("1.1.1.1".parse().unwrap()).unwrap();
        assert_eq!(s.effective_mode(p).mode, Mode::Both);
        assert!(p.settings.mode.overridden().is_empty());
        assert!(s.peer("1.1.1.3".parse().unwrap()).is_none());
    }

    #[test]
    fn multi_instance_and_ipv6_peers() {
        let text = "bgp 100\n peer 2001:db8::2 as-number 200\n#\nbgp 300 instance X\n ipv4-family vpn-instance X\n  peer 10.0.0.2 as-number 65000.1\n";
        let d = device(text);
        assert_eq!(d.bgp.len(), 2);
        let s = &d.bgp[0].scopes[0];
        assert!(s.peer("2001:DB8:0::2".parse().unwrap()).is_some());
        assert_eq!(d.bgp[1].name.as_deref(), Some("X"));
        let x = &d.bgp[1].scopes[0];
        assert_eq!(x.vrf, "X");
        let p = x.peer("10.0.0.2".parse().unwrap()).unwrap();
        assert_eq!(
            p.settings.as_number.current().map(|a| *a.0),
            Asn::parse("65000.1")
        );
    }

    #[test]
    fn bad_values_are_problems_not_panics() {
        let d = device(
            "bgp 1x\n peer 1.1.1.1 as-number 2\n#\nbgp 100\n peer 1.1.1.1 as-number abc\n peer 1.1.1.1 connect-interface\n",
        );
        assert_eq!(d.problems.len(), 3, "{:?}", d.problems);
    }
}
