//! What the view-tree builders need to know about VRP's command views: which
//! commands open a view and where, and which commands only ever stand at
//! system level. This is CLI structure only; what a command means belongs to
//! the model.

/// `bgp 100`, `bgp 65001.10 instance A`: the second word is an AS number.
/// (`bgp dynamic-session-limit 5` is a command inside the BGP view.)
fn is_bgp_process(words: &[&str]) -> bool {
    words.first() == Some(&"bgp")
        && words
            .get(1)
            .is_some_and(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))
}

/// Commands that VRP prints at system level only. When one of them turns up
/// indented right after a column-0 `#`, it is a global command printed with a
/// leading space (VRP5 exports do this), not a child of the block above.
pub fn is_system_only(words: &[&str]) -> bool {
    const HEADS: &[&str] = &[
        "sysname",
        "ftp",
        "sftp",
        "stelnet",
        "ssh",
        "telnet",
        "snmp-agent",
        "clock",
        "board",
        "drop",
        "lldp",
        "set",
        "info-center",
        "http",
        "ntp-service",
        "dns",
        "interface",
        "user-interface",
        "aaa",
        "ospf",
        "ospfv3",
        "isis",
        "rip",
        "ripng",
        "mpls",
        "ip",
        "ipv6",
        "vlan",
        "portal",
        "firewall",
        "wlan",
        "stp",
        "lacp",
        "dhcp",
        "route-policy",
        "acl",
        "xpl",
        "tunnel-policy",
        "segment-routing",
        "license",
        "cpu-defend",
        "radius-server",
        "hwtacacs-server",
        "bridge-domain",
        "vsi",
        "l2vpn",
        "evpn",
        "dfs-group",
        "m-lag",
        "e-trunk",
        "telemetry",
        "grpc",
        "netconf",
        "sflow",
        "rsa",
        "dsa",
        "ecc",
        "pki",
        "ike",
        "ipsec",
        "ssl",
        "header",
        "return",
        "system-view",
    ];
    match words.first() {
        Some(head) => HEADS.contains(head) || is_bgp_process(words),
        None => false,
    }
}

/// Commands that belong inside a block and never stand at system level.
/// Some published dumps print one of them at column 0 under its interface.
pub fn never_top_level(words: &[&str]) -> bool {
    matches!(
        words,
        ["ip", "address", ..]
            | ["ipv6", "address", ..]
            | ["ip", "binding", ..]
            | ["ipv6", "enable", ..]
            | ["peer", ..]
            | ["group", ..]
    )
}

/// Blocks whose dumps may carry a column-0 `#` while the block goes on
/// (Huawei's configuration guides print the BGP block that way).
pub fn continues_past_separator(block: &[&str]) -> bool {
    is_bgp_process(block)
}

/// Whether a command opens a view of its own directly under the system view.
pub fn opens_system_view(words: &[&str]) -> bool {
    if is_bgp_process(words) {
        return true;
    }
    match words {
        ["interface", _, ..]
        | ["ip", "vpn-instance", _, ..]
        | ["aaa"]
        | ["user-interface", ..]
        | ["ospf", ..]
        | ["ospfv3", ..]
        | ["isis", ..]
        | ["rip", ..]
        | ["ripng", ..]
        | ["route-policy", ..]
        | ["acl", ..]
        | ["mpls"]
        | ["mpls", "ldp"]
        | ["bridge-domain", _]
        | ["evpn", "vpn-instance", ..]
        | ["evpn"]
        | ["segment-routing"]
        | ["bfd"]
        | ["xpl", ..]
        | ["tunnel-policy", _]
        | ["telemetry"]
        | ["grpc"]
        | ["firewall", "zone", ..]
        | ["dfs-group", _]
        | ["e-trunk", _]
        | ["stp", "region-configuration"]
        | ["traffic", "classifier" | "behavior" | "policy", ..]
        | ["vsi", ..] => true,
        ["vlan", n] => n.chars().all(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// Whether `words` opens a child view of the view opened by `parent`.
pub fn opens_child_view(parent: &[&str], words: &[&str]) -> bool {
    let head = match words.first() {
        Some(h) => *h,
        None => return false,
    };
    if is_bgp_process(parent) {
        return matches!(
            head,
            "ipv4-family"
                | "ipv6-family"
                | "l2vpn-family"
                | "vpn-instance"
                | "ipv4-flow"
                | "ipv6-flow"
                | "ipv4-labeled-unicast"
                | "link-state-family"
        ) && words.len() >= 2;
    }
    match parent {
        ["ip", "vpn-instance", ..] => matches!(head, "ipv4-family" | "ipv6-family"),
        ["aaa"] => matches!(
            head,
            "domain"
                | "authentication-scheme"
                | "authorization-scheme"
                | "accounting-scheme"
                | "service-scheme"
        ),
        ["ospf" | "ospfv3", ..] => head == "area",
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bgp_process_needs_an_as_number() {
        assert!(is_system_only(&["bgp", "100"]));
        assert!(!is_system_only(&["bgp", "dynamic-session-limit", "5"]));
        assert!(opens_system_view(&["bgp", "65001.10", "instance", "A"]));
    }

    #[test]
    fn bgp_children() {
        let bgp = ["bgp", "100"];
        assert!(opens_child_view(
            &bgp,
            &["ipv4-family", "vpn-instance", "A"]
        ));
        assert!(opens_child_view(&bgp, &["vpn-instance", "A"]));
        assert!(!opens_child_view(&bgp, &["peer", "1.1.1.1", "enable"]));
        assert!(!opens_child_view(
            &["ipv4-family", "unicast"],
            &["vpn-instance", "A"]
        ));
    }

    #[test]
    fn interface_lines_never_top_level() {
        assert!(never_top_level(&["ip", "address", "10.0.0.1", "24"]));
        assert!(!never_top_level(&["ip", "vpn-instance", "A"]));
    }
}
