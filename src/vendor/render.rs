//! Each vendor's words, for messages and remedies: the line that sets a
//! connection mode, the command that sets or removes a neighbor setting and
//! the configuration views it is typed in, and a change script's framing.
//! Huawei's words stay with the rules that write them (`undo peer …` in
//! VRP views); this module speaks for the others.
//!
//! The commands, by vendor:
//! - Cisco IOS / IOS XE (Cisco IOS IP Routing: BGP Command Reference,
//!   `neighbor transport`, `neighbor ebgp-multihop`, `router bgp`,
//!   `address-family ipv4 (BGP)`): `[no] neighbor X …` under `router bgp N`,
//!   in `address-family ipv4|ipv6 vrf V` for a VRF's neighbors;
//! - Arista EOS (EOS User Manual, Border Gateway Protocol: `neighbor
//!   passive`, `vrf (BGP)`): the same under `router bgp N`, in `vrf V`;
//! - Cisco IOS XR (BGP Command Reference for Cisco ASR 9000,
//!   `session-open-mode`, `neighbor-group`, `vrf (BGP)`): the setting
//!   alone, inside `neighbor X` or `neighbor-group G`;
//! - Junos (CLI User Guide, `set`/`delete` in configuration mode; BGP
//!   `passive`, `multihop`): one `set`/`delete` line with the whole path,
//!   `protocols bgp group G [neighbor X]`, under `routing-instances V` for
//!   a VRF's.

use std::net::IpAddr;

use crate::model::{Mode, Vendor};

/// Where a neighbor's settings are typed.
#[derive(Clone, Debug)]
pub struct At {
    pub vendor: Vendor,
    /// The BGP process's AS as written.
    pub asn: String,
    /// The VRF; `None` for the global table.
    pub vrf: Option<String>,
    pub peer: IpAddr,
    /// The neighbor's group (Junos neighbors always have one).
    pub group: Option<String>,
}

/// Whose line a command changes: the neighbor's own or its group's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Peer,
    Group,
}

/// The setting that makes a connection mode, in a vendor's words (as it
/// follows `neighbor X` on IOS and EOS); `None` where the vendor has no
/// such mode (EOS and Junos only listen, never only connect).
pub fn mode_setting(vendor: Vendor, mode: Mode) -> Option<&'static str> {
    match (vendor, mode) {
        (Vendor::Ios, Mode::ListenOnly) => Some("transport connection-mode passive"),
        (Vendor::Ios, Mode::ConnectOnly) => Some("transport connection-mode active"),
        (Vendor::IosXr, Mode::ListenOnly) => Some("session-open-mode passive-only"),
        (Vendor::IosXr, Mode::ConnectOnly) => Some("session-open-mode active-only"),
        (Vendor::Eos | Vendor::Junos, Mode::ListenOnly) => Some("passive"),
        (Vendor::Huawei, Mode::ListenOnly) => Some("listen-only"),
        (Vendor::Huawei, Mode::ConnectOnly) => Some("connect-only"),
        _ => None,
    }
}

/// The line that sets a mode, as the configuration writes it: `peer
/// 10.0.0.1 listen-only`, `neighbor CE transport connection-mode passive`,
/// `session-open-mode active-only`, `passive`.
pub fn mode_line(vendor: Vendor, mode: Mode, subject: &str) -> String {
    let setting = mode_setting(vendor, mode).unwrap_or(mode.keyword());
    match vendor {
        Vendor::Huawei => format!("peer {subject} {setting}"),
        Vendor::Ios | Vendor::Eos => format!("neighbor {subject} {setting}"),
        Vendor::IosXr | Vendor::Junos => setting.to_string(),
    }
}

/// The views a command for a subject is typed in, from configuration mode
/// inward, and the command: `setting` set, or removed when `remove`.
pub fn command(at: &At, subject: Subject, setting: &str, remove: bool) -> (Vec<String>, String) {
    let who = match subject {
        Subject::Peer => at.peer.to_string(),
        Subject::Group => at.group.clone().unwrap_or_default(),
    };
    let router = format!("router bgp {}", at.asn);
    match at.vendor {
        Vendor::Ios | Vendor::Eos | Vendor::Huawei => {
            let mut views = vec![router];
            if let Some(vrf) = &at.vrf {
                views.push(match at.vendor {
                    Vendor::Eos => format!("vrf {vrf}"),
                    _ => {
                        let family = if at.peer.is_ipv4() { "ipv4" } else { "ipv6" };
                        format!("address-family {family} vrf {vrf}")
                    }
                });
            }
            let no = if remove { "no " } else { "" };
            (views, format!("{no}neighbor {who} {setting}"))
        }
        Vendor::IosXr => {
            let mut views = vec![router];
            match subject {
                Subject::Group => views.push(format!("neighbor-group {who}")),
                Subject::Peer => {
                    if let Some(vrf) = &at.vrf {
                        views.push(format!("vrf {vrf}"));
                    }
                    views.push(format!("neighbor {who}"));
                }
            }
            let no = if remove { "no " } else { "" };
            (views, format!("{no}{setting}"))
        }
        Vendor::Junos => {
            let mut path = String::new();
            if let Some(vrf) = &at.vrf {
                path.push_str(&format!("routing-instances {vrf} "));
            }
            path.push_str("protocols bgp");
            if let Some(group) = &at.group {
                path.push_str(&format!(" group {group}"));
            }
            if subject == Subject::Peer {
                path.push_str(&format!(" neighbor {}", at.peer));
            }
            let verb = if remove { "delete" } else { "set" };
            (Vec::new(), format!("{verb} {path} {setting}"))
        }
    }
}

/// The command that enables (or, without `enable`, disables) a neighbor
/// in an address family, with its views; `None` for a family the vendor's
/// words here do not cover. IOS and EOS `[no] neighbor X activate` in the
/// family's `address-family` view (Cisco IOS `neighbor activate`; EOS
/// `neighbor activate`), IOS XR `[no] address-family …` inside the
/// neighbor (IOS XR `address-family (BGP)`), Junos `set|delete … family …`
/// (Junos `family (Protocols BGP)`): at the group's level when
/// `group_level`, since a neighbor's own family list replaces its group's.
pub fn family_command(
    at: &At,
    family: crate::model::Family,
    enable: bool,
    group_level: bool,
) -> Option<(Vec<String>, String)> {
    use crate::model::Family as F;
    let (ios, xr, junos, eos) = match family {
        F::Ipv4Unicast => ("ipv4", "ipv4 unicast", "inet unicast", "ipv4"),
        F::Ipv6Unicast => ("ipv6", "ipv6 unicast", "inet6 unicast", "ipv6"),
        F::Vpnv4 => ("vpnv4", "vpnv4 unicast", "inet-vpn unicast", "vpn-ipv4"),
        F::Vpnv6 => ("vpnv6", "vpnv6 unicast", "inet6-vpn unicast", "vpn-ipv6"),
        F::Evpn => ("l2vpn evpn", "l2vpn evpn", "evpn signaling", "evpn"),
        _ => return None,
    };
    let unicast = matches!(family, F::Ipv4Unicast | F::Ipv6Unicast);
    if at.vrf.is_some() && !unicast {
        return None;
    }
    let router = format!("router bgp {}", at.asn);
    let no = if enable { "" } else { "no " };
    match at.vendor {
        Vendor::Ios | Vendor::Huawei => {
            let view = match &at.vrf {
                Some(v) => format!("address-family {ios} vrf {v}"),
                None => format!("address-family {ios}"),
            };
            Some((
                vec![router, view],
                format!("{no}neighbor {} activate", at.peer),
            ))
        }
        Vendor::Eos => {
            let mut views = vec![router];
            if let Some(v) = &at.vrf {
                views.push(format!("vrf {v}"));
            }
            views.push(format!("address-family {eos}"));
            Some((views, format!("{no}neighbor {} activate", at.peer)))
        }
        Vendor::IosXr => {
            let (views, _) = command(at, Subject::Peer, "", true);
            Some((views, format!("{no}address-family {xr}")))
        }
        Vendor::Junos => {
            let subject = if group_level && at.group.is_some() {
                Subject::Group
            } else {
                Subject::Peer
            };
            Some(command(at, subject, &format!("family {junos}"), !enable))
        }
    }
}

/// The commands that configure a new neighbor with its remote AS; `None`
/// for Junos, whose neighbors live in a group the files cannot choose.
pub fn add_neighbor(at: &At, remote_as: &str) -> Option<(Vec<String>, Vec<String>)> {
    if at.vendor == Vendor::Junos {
        return None;
    }
    let (views, command) = command(at, Subject::Peer, &format!("remote-as {remote_as}"), false);
    Some((views, vec![command]))
}

/// The command that removes a neighbor with all its settings.
pub fn remove_neighbor(at: &At) -> (Vec<String>, String) {
    match at.vendor {
        Vendor::Junos => {
            let (views, command) = command(at, Subject::Peer, "", true);
            (views, command.trim_end().to_string())
        }
        Vendor::IosXr => {
            let (mut views, _) = command(at, Subject::Peer, "", true);
            views.pop();
            (views, format!("no neighbor {}", at.peer))
        }
        _ => {
            let (views, _) = command(at, Subject::Peer, "", true);
            (views, format!("no neighbor {}", at.peer))
        }
    }
}

/// Where a command is typed, for a help text: "under `router bgp 100`,
/// `neighbor 10.0.0.1`" or, for Junos, "in configuration mode".
pub fn place(views: &[String]) -> String {
    if views.is_empty() {
        return "in configuration mode".to_string();
    }
    let views: Vec<String> = views.iter().map(|v| format!("`{v}`")).collect();
    format!("under {}", views.join(", "))
}

/// A change script for a device of a vendor other than Huawei: the
/// changes' views and commands inside the vendor's configuration mode,
/// then what makes them take effect.
pub fn script(vendor: Vendor, changes: &[(&[String], &[String])]) -> String {
    let mut out = String::new();
    match vendor {
        Vendor::Junos => {
            out.push_str("configure\n");
            for (_, commands) in changes {
                for c in *commands {
                    out.push_str(c);
                    out.push('\n');
                }
            }
            out.push_str("commit and-quit\n");
        }
        _ => {
            out.push_str(match vendor {
                Vendor::IosXr => "configure\n",
                _ => "configure terminal\n",
            });
            for (views, commands) in changes {
                for (depth, v) in views.iter().enumerate() {
                    out.push_str(&" ".repeat(depth));
                    out.push_str(v);
                    out.push('\n');
                }
                for c in *commands {
                    out.push_str(&" ".repeat(views.len()));
                    out.push_str(c);
                    out.push('\n');
                }
                out.push_str("!\n");
            }
            if vendor == Vendor::IosXr {
                out.push_str("commit\n");
            }
            out.push_str("end\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(vendor: Vendor, vrf: Option<&str>) -> At {
        At {
            vendor,
            asn: "65001".into(),
            vrf: vrf.map(String::from),
            peer: "10.0.0.1".parse().unwrap(),
            group: Some("CE".into()),
        }
    }

    #[test]
    fn each_vendor_resets_a_passive_end_in_its_own_words() {
        let ios = command(
            &at(Vendor::Ios, Some("A")),
            Subject::Peer,
            "transport connection-mode passive",
            true,
        );
        assert_eq!(
            ios,
            (
                vec![
                    "router bgp 65001".into(),
                    "address-family ipv4 vrf A".into()
                ],
                "no neighbor 10.0.0.1 transport connection-mode passive".into()
            )
        );
        let xr = command(
            &at(Vendor::IosXr, None),
            Subject::Group,
            "session-open-mode active-only",
            true,
        );
        assert_eq!(xr.0, vec!["router bgp 65001", "neighbor-group CE"]);
        assert_eq!(xr.1, "no session-open-mode active-only");
        let junos = command(
            &at(Vendor::Junos, Some("V")),
            Subject::Group,
            "passive",
            true,
        );
        assert_eq!(
            junos.1,
            "delete routing-instances V protocols bgp group CE passive"
        );
        assert!(junos.0.is_empty());
        let eos = command(&at(Vendor::Eos, Some("V")), Subject::Peer, "passive", true);
        assert_eq!(eos.0[1], "vrf V");
    }

    #[test]
    fn scripts_enter_and_leave_configuration_mode() {
        let views = vec!["router bgp 65001".to_string()];
        let commands = vec!["no neighbor 10.0.0.1 transport connection-mode passive".to_string()];
        let ios = script(Vendor::Ios, &[(&views, &commands)]);
        assert_eq!(
            ios,
            "configure terminal\nrouter bgp 65001\n no neighbor 10.0.0.1 transport connection-mode passive\n!\nend\n"
        );
        let junos = script(
            Vendor::Junos,
            &[(&[], &["delete protocols bgp group CE passive".to_string()])],
        );
        assert!(junos.ends_with("passive\ncommit and-quit\n"));
        assert!(script(Vendor::IosXr, &[(&views, &commands)]).contains("commit\nend\n"));
    }
}
