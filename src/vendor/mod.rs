//! The vendor seam. Each vendor reads its own files into the neutral model
//! ([`crate::model::Device`], built with [`crate::model::Draft`]); the
//! graph and the session rules read only that model. Huawei VRP is read by
//! `syntax/` and `model/`; the others are here:
//!
//! - `ios.rs`: Cisco IOS and IOS XE, and Arista EOS (the same line
//!   grammar; EOS's differences are flagged where they are read);
//! - `iosxr.rs`: Cisco IOS XR;
//! - `junos.rs`: Juniper Junos, hierarchical and `set` lines.
//!
//! `render.rs` speaks each vendor's words back: the line that sets a mode,
//! and the commands of a remedy in that vendor's CLI.

pub mod ios;
pub mod iosxr;
pub mod junos;
pub mod lines;
pub mod render;

use crate::model::{Device, Vendor};
use crate::source::FileId;

/// Which vendor's reader takes a file that the sniffer named another
/// vendor's: `None` for a vendor peerlint does not read (the file is
/// skipped with a notice). The sniffer reads the first lines only; an
/// IOS-looking file is told apart from IOS XR and EOS here, by lines only
/// those write.
pub fn reader(named: &'static str, text: &str) -> Result<Vendor, &'static str> {
    match named {
        "Juniper Junos" => Ok(Vendor::Junos),
        "Cisco IOS XR" => Ok(Vendor::IosXr),
        "Arista EOS" => Ok(Vendor::Eos),
        "Cisco IOS" => cisco_dialect(text),
        _ => Err(named),
    }
}

/// IOS, IOS XR or EOS, from lines only one of them writes:
/// - IOS XR: `route-policy`/`end-policy`, `ipv4 address` in an interface,
///   a `remote-as` line inside a `neighbor` block, an `RP/0/…` prompt;
/// - EOS: `! device:` header, addresses written `A/L` with `ip address`,
///   `neighbor X peer group G` (two words), `management api`,
///   `daemon TerminAttr`, `service routing protocols model`;
/// - FRRouting (or Quagga) without its header, which no reader takes:
///   `neighbor X remote-as external|internal`, `neighbor swp1 interface`;
/// - IOS otherwise.
fn cisco_dialect(text: &str) -> Result<Vendor, &'static str> {
    let mut xr = 0;
    let mut eos = 0;
    let mut in_neighbor_block = false;
    for raw in crate::syntax::lexer::line_iter(text) {
        let line = raw.text.trim_end();
        let body = line.trim_start();
        let indent = line.len() - body.len();
        // The first words, without an allocation per line.
        let mut first = [""; 5];
        let mut n = 0;
        for (slot, w) in first.iter_mut().zip(body.split_ascii_whitespace()) {
            *slot = w;
            n += 1;
        }
        let words = &first[..n];
        if indent == 0 {
            in_neighbor_block = false;
        }
        match words {
            ["!!", "IOS", "XR", ..] | ["route-policy", _] | ["end-policy"] => xr += 2,
            ["ipv4", "address", _, _, ..] if indent > 0 => xr += 1,
            ["remote-as", _] if in_neighbor_block => xr += 2,
            ["neighbor", a] if indent > 0 && a.parse::<std::net::IpAddr>().is_ok() => {
                in_neighbor_block = true
            }
            ["!", "device:", ..] => eos += 3,
            ["ip", "address", a, ..] if indent > 0 && a.contains('/') => eos += 1,
            ["neighbor", _, "peer", "group", ..] => eos += 1,
            ["management", "api", ..] | ["daemon", "TerminAttr"] => eos += 2,
            ["neighbor", _, "remote-as", "external" | "internal"]
            | ["neighbor", _, "interface", ..] => return Err("FRRouting"),
            ["service", "routing", "protocols", "model", ..] => eos += 2,
            _ if body.starts_with("RP/0/") => xr += 2,
            _ => {}
        }
        if xr >= 2 || eos >= 2 {
            break;
        }
    }
    Ok(if xr >= 2 {
        Vendor::IosXr
    } else if eos >= 1 {
        Vendor::Eos
    } else {
        Vendor::Ios
    })
}

/// Reads one file of a vendor into the neutral model (a Huawei file
/// through the VRP parse and model, as the pipeline reads it without
/// overlays).
pub fn lower(vendor: Vendor, file: FileId, text: &str, stem: &str) -> Device {
    match vendor {
        Vendor::Huawei => crate::model::build_device(file, text, &crate::syntax::parse(text), stem),
        Vendor::Ios | Vendor::Eos => ios::lower(file, text, stem, vendor),
        Vendor::IosXr => iosxr::lower(file, text, stem),
        Vendor::Junos => junos::lower(file, text, stem),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cisco_dialects_are_told_apart() {
        let ios = "hostname R1\ninterface Gi0/1\n ip address 10.0.0.1 255.255.255.0\nrouter bgp 1\n neighbor 10.0.0.2 remote-as 2\n";
        assert_eq!(reader("Cisco IOS", ios), Ok(Vendor::Ios));
        let xr = "hostname R1\ninterface Gi0/0/0/0\n ipv4 address 10.0.0.1 255.255.255.0\nrouter bgp 1\n neighbor 10.0.0.2\n  remote-as 2\n";
        assert_eq!(reader("Cisco IOS", xr), Ok(Vendor::IosXr));
        let eos = "hostname leaf1\ninterface Ethernet1\n   no switchport\n   ip address 10.0.0.1/31\nrouter bgp 1\n   neighbor 10.0.0.0 remote-as 2\n";
        assert_eq!(reader("Cisco IOS", eos), Ok(Vendor::Eos));
        assert_eq!(
            reader("Fortinet FortiOS", "config system global\n"),
            Err("Fortinet FortiOS")
        );
        let frr = "hostname frr2\nrouter bgp 65011\n neighbor swp1 interface remote-as external\n";
        assert_eq!(reader("Cisco IOS", frr), Err("FRRouting"));
    }
}
