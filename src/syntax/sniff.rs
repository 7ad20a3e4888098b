//! Whether a file is a VRP device at all. A folder of backups or a
//! configuration repository also holds `LICENSE`, `Makefile`, `README`,
//! and the configurations of other vendors' devices: read as VRP, a Cisco
//! router would own its addresses without any BGP peer, and the Huawei
//! peers facing it would look half-open. So a file counts as a device only
//! when its text looks like a VRP configuration, transcript or capture.
//!
//! The decision reads the first lines only (a dump names its `sysname`, or
//! a transcript shows its prompt, near the top), so it costs nothing next
//! to parsing.

use super::lexer;

/// What a file's text looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Looks {
    /// A VRP configuration, transcript or capture.
    Vrp,
    /// Another vendor's configuration: its name, for the notice.
    Vendor(&'static str),
    /// Neither: a license, a makefile, notes.
    Other,
}

/// How far into a file the markers are looked for.
const SCAN_BYTES: usize = 1 << 20;

/// Decides what a text looks like from its first lines.
pub fn looks(text: &str) -> Looks {
    let mut evidence = Evidence::default();
    let mut scanned = 0;
    for line in lexer::line_iter(text) {
        scanned += line.text.len() + 1;
        if evidence.line(line.text) || scanned > SCAN_BYTES {
            break;
        }
    }
    evidence.verdict()
}

/// What the lines read so far show.
#[derive(Default)]
struct Evidence {
    /// A marker only VRP (or its H3C lookalike) prints: `sysname`, a
    /// `!Software Version` header, a VRP prompt, `bgp <AS>`.
    vrp: bool,
    /// `#` separator lines and a column-0 `return`: VRP's dump layout, but
    /// shell scripts and notes have `#` lines too.
    separators: usize,
    returns: bool,
    /// A block VRP and other vendors share (`interface X` with an indented
    /// line under it), or `ip vpn-instance`: a device of some vendor.
    views: bool,
    /// The line before was an `interface` line at column 0.
    after_interface: bool,
    /// The first other-vendor marker seen.
    vendor: Option<&'static str>,
    /// Junos: lines that open or close a brace block.
    braces: usize,
}

impl Evidence {
    /// Takes one line; `true` once the verdict cannot change.
    fn line(&mut self, raw: &str) -> bool {
        let trimmed = raw.trim_matches(lexer::is_blank_char);
        let indent = raw.len() - raw.trim_start_matches(lexer::is_blank_char).len();
        let after_interface = std::mem::take(&mut self.after_interface);
        if trimmed.is_empty() {
            return false;
        }
        if trimmed == "#" {
            self.separators += 1;
            return false;
        }
        if trimmed.starts_with("!Software Version") || is_version_header(trimmed) {
            self.vrp = true;
            return true;
        }
        if let Some(p) = lexer::prompt(raw)
            && vrp_prompt(raw, &p)
        {
            self.vrp = true;
            return true;
        }
        let words: Vec<&str> = trimmed.split_ascii_whitespace().take(4).collect();
        if indent <= 1 {
            match words.as_slice() {
                ["sysname", _, ..] => {
                    self.vrp = true;
                    return true;
                }
                ["bgp", asn, ..] if is_as_number(asn) => {
                    self.vrp = true;
                    return true;
                }
                _ => {}
            }
        }
        if indent == 0 {
            match words.as_slice() {
                ["return"] | ["Return"] => self.returns = true,
                ["interface", _, ..] => self.after_interface = true,
                ["ip", "vpn-instance", _, ..] => self.views = true,
                _ => self.vendor_line(&words, trimmed),
            }
        } else if after_interface {
            self.views = true;
        }
        if let ["peer", _, "as-number", _, ..] = words.as_slice() {
            self.vrp = true;
            return true;
        }
        if trimmed.ends_with('{') || trimmed == "}" {
            self.braces += 1;
        }
        false
    }

    /// A column-0 line that only another vendor writes.
    fn vendor_line(&mut self, words: &[&str], line: &str) {
        let vendor = match words {
            ["hostname", _, ..] | ["router", "bgp", ..] => "Cisco IOS",
            ["version", v] if !v.ends_with(';') => "Cisco IOS",
            ["version", _] => "Juniper Junos",
            ["frr", "version" | "defaults", ..] => "FRRouting",
            ["!", "Zebra", ..] => "Quagga",
            ["log", "file", f, ..] if f.contains("/quagga/") => "Quagga",
            ["log", "file", f, ..] if f.contains("/frr/") => "FRRouting",
            ["auto" | "iface", _, ..] => "Cumulus Linux",
            ["feature", _, ..] => "Cisco NX-OS",
            [
                "set",
                "system" | "interfaces" | "protocols" | "routing-options",
                ..,
            ] => "Juniper Junos",
            [
                "system" | "interfaces" | "protocols" | "routing-options" | "routing-instances"
                | "policy-options" | "groups" | "chassis" | "snmp",
                "{",
            ] => "Juniper Junos",
            [
                "set" | "deactivate",
                "routing-instances" | "policy-options" | "chassis" | "snmp" | "groups",
                ..,
            ] => "Juniper Junos",
            ["config", "system", ..] => "Fortinet FortiOS",
            ["/interface" | "/ip" | "/routing" | "/system", ..] => "MikroTik RouterOS",
            ["configure"] | ["exit", "all"] => "Nokia SR OS",
            _ if line.starts_with("!! IOS XR") => "Cisco IOS XR",
            _ if line.starts_with("! device:") => "Arista EOS",
            _ => return,
        };
        // The first marker names the vendor, but a more telling one (an
        // IOS XR or EOS header) may follow the `hostname` all of them have.
        if matches!(self.vendor, None | Some("Cisco IOS")) {
            self.vendor = Some(vendor);
        }
    }

    fn verdict(&self) -> Looks {
        if self.vrp || (self.returns && self.separators > 0) {
            return Looks::Vrp;
        }
        if let Some(vendor) = self.vendor {
            return Looks::Vendor(vendor);
        }
        if self.braces >= 4 && !self.views {
            return Looks::Other;
        }
        if self.views { Looks::Vrp } else { Looks::Other }
    }
}

/// `[V200R003C00]`.
fn is_version_header(line: &str) -> bool {
    matches!(lexer::classify(line), lexer::LineKind::VersionHeader)
}

/// `65001`, `100.1`.
fn is_as_number(word: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match word.split_once('.') {
        Some((hi, lo)) => digits(hi) && digits(lo),
        None => digits(word),
    }
}

/// A prompt as VRP prints it, with a command behind it that VRP has: not
/// a Markdown link (`[1]: https://…`) or an angle-bracketed word in notes.
/// Whether a transcript only typed `display` commands, none of which shows
/// a configuration: the output of operational commands (`display bgp
/// peer`…), which describes a device's state but configures nothing.
pub fn only_displays(text: &str) -> bool {
    let mut displays = 0;
    for line in lexer::line_iter(text) {
        let Some(p) = lexer::prompt(line.text) else {
            continue;
        };
        let mut words = p.command.split_ascii_whitespace();
        let Some(first) = words.next() else {
            continue;
        };
        let first = first.to_ascii_lowercase();
        if first.len() < 3 || !"display".starts_with(&first) {
            return false;
        }
        let what = words.next().unwrap_or("").to_ascii_lowercase();
        if what.len() >= 3
            && ["current-configuration", "saved-configuration"]
                .iter()
                .any(|k| k.starts_with(&what))
        {
            return false;
        }
        displays += 1;
    }
    displays > 0
}

fn vrp_prompt(line: &str, p: &lexer::Prompt<'_>) -> bool {
    if p.inner.contains(char::is_whitespace) || p.inner.is_empty() {
        return false;
    }
    // The two-phase commit marks are VRP8's own.
    if line.starts_with("[~") || line.starts_with("[*") {
        return true;
    }
    let Some(first) = p.command.split_ascii_whitespace().next() else {
        // A bare `<HOST>` line: VRP's, when the host is a plain name.
        return !p.system && p.inner.bytes().all(|b| b.is_ascii_graphic());
    };
    const COMMANDS: &[&str] = &[
        "system-view",
        "display",
        "interface",
        "bgp",
        "peer",
        "group",
        "ip",
        "ipv6",
        "quit",
        "return",
        "commit",
        "sysname",
        "undo",
        "save",
        "screen-length",
        "ping",
        "router",
        "ospf",
        "isis",
        "mpls",
        "vlan",
    ];
    let first = first.to_ascii_lowercase();
    first.len() >= 2 && COMMANDS.iter().any(|c| c.starts_with(first.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_output_alone_is_no_configuration() {
        assert!(only_displays(
            "<R1>display bgp peer\n  Peer V AS\n<R1>dis ip int brief\n<R1>\n"
        ));
        assert!(!only_displays(
            "<R1>display current-configuration\n#\nsysname R1\n"
        ));
        assert!(!only_displays("<R1>system-view\n[R1]bgp 100\n"));
        assert!(!only_displays("sysname R1\n"));
    }

    #[test]
    fn vrp_dumps_transcripts_and_captures() {
        for text in [
            "#\nsysname PE1\n#\nreturn\n",
            "!Software Version V800R012C10SPC300\n#\n",
            "\r\n[V200R003C00]\r\n#\r\n sysname R1\r\n",
            "<R1>system-view\n[R1]bgp 100\n",
            "<R1>sys\n",
            "[~HUAWEI] bgp 100\n",
            "bgp 65001\n peer 10.0.0.1 as-number 100\n",
            "interface GigabitEthernet0/0/1\n ip address 10.0.0.1 255.255.255.0\n#\nreturn\n",
            // An abridged dump: interfaces only, no vendor marker.
            "interface LoopBack0\n ip address 1.1.1.1 255.255.255.255\n",
            "# VRP (R) software, Version 5.170\n#\n!comment\n sysname AR1\n",
        ] {
            assert_eq!(looks(text), Looks::Vrp, "{text:?}");
        }
    }

    #[test]
    fn other_vendors_are_named() {
        let ios = "!\nversion 15.2\nhostname R1\n!\ninterface GigabitEthernet0/1\n ip address 10.0.0.2 255.255.255.0\n!\nrouter bgp 65001\n neighbor 10.0.0.1 remote-as 100\n!\nend\n";
        assert_eq!(looks(ios), Looks::Vendor("Cisco IOS"));
        let junos = "## Last commit: 2024-01-01\nversion 21.4R1;\nsystem {\n    host-name R2;\n}\ninterfaces {\n    ge-0/0/0 {\n        unit 0 {\n            family inet {\n                address 10.0.0.2/24;\n            }\n        }\n    }\n}\n";
        assert_eq!(looks(junos), Looks::Vendor("Juniper Junos"));
        let set =
            "set system host-name R3\nset protocols bgp group X neighbor 10.0.0.1 peer-as 100\n";
        assert_eq!(looks(set), Looks::Vendor("Juniper Junos"));
        let xr = "!! IOS XR Configuration 7.3.2\nhostname R4\nrouter bgp 100\n neighbor 10.0.0.1\n  remote-as 200\n";
        assert_eq!(looks(xr), Looks::Vendor("Cisco IOS XR"));
        let eos = "! Command: show running-config\n! device: leaf1 (DCS-7050, EOS-4.28)\nhostname leaf1\nrouter bgp 65001\n";
        assert_eq!(looks(eos), Looks::Vendor("Arista EOS"));
    }

    #[test]
    fn files_that_are_no_configuration() {
        for text in [
            "MIT License\n\nCopyright (c) 2024\n\nPermission is hereby granted, free of charge,\n",
            "all: build\n\nbuild:\n\tcargo build --release\n\n# a comment\n#\n",
            "# Network configs\n\nSee [the wiki][1].\n\n[1]: https://example.com/wiki\n",
            "* @netops\n/core/ @core-team\n",
            "",
            "#!/bin/sh\n#\nfor f in *.cfg; do\n  echo $f\ndone\nreturn 0\n",
        ] {
            assert_eq!(looks(text), Looks::Other, "{text:?}");
        }
    }
}
