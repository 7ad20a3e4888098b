use std::collections::{BTreeSet, HashMap};
use std::net::IpAddr;

use super::{Finding, Label, Rule};
use crate::graph::{Network, effective_vrf};
use crate::model::IfAddr;

/// One address owned twice in one VRF.
pub struct DuplicateAddress;

/// An owner of an address: device index, VRF, the address line.
type Owner<'n> = (usize, &'n str, &'n IfAddr);

/// The network address of an interface address.
fn network(a: &IfAddr) -> (IpAddr, u8) {
    match a.addr {
        IpAddr::V4(v4) => {
            let bits = u32::from(a.prefix.min(32));
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - bits)
            };
            (IpAddr::V4((u32::from(v4) & mask).into()), a.prefix)
        }
        IpAddr::V6(v6) => {
            let bits = u32::from(a.prefix.min(128));
            let mask = if bits == 0 {
                0
            } else {
                u128::MAX << (128 - bits)
            };
            (IpAddr::V6((u128::from(v6) & mask).into()), a.prefix)
        }
    }
}

fn link_local(a: IpAddr) -> bool {
    match a {
        IpAddr::V4(v4) => v4.is_link_local(),
        IpAddr::V6(v6) => (v6.segments()[0] & 0xffc0) == 0xfe80,
    }
}

impl Rule for DuplicateAddress {
    fn id(&self) -> &'static str {
        "duplicate-address"
    }

    /// An address is owned twice in one VRF when one device has it on two
    /// interfaces of that VRF, or when two devices have it on a subnet whose
    /// only other device in the input is one neighbour (device and VRF): that
    /// neighbour cannot tell them apart. The same address on devices behind
    /// different neighbours (customer sites reusing link addresses in
    /// different VPNs) is not a conflict.
    fn check(&self, net: &Network, out: &mut Vec<Finding>) {
        let mut owners: HashMap<IpAddr, Vec<Owner>> = HashMap::new();
        let mut subnets: HashMap<(IpAddr, u8), Vec<(usize, &str)>> = HashMap::new();
        for (d, device) in net.devices.iter().enumerate() {
            for iface in &device.interfaces {
                let vrf = effective_vrf(device, iface);
                for a in iface.addresses.iter().filter(|a| !link_local(a.addr)) {
                    owners.entry(a.addr).or_default().push((d, vrf, a));
                    let host = if a.addr.is_ipv4() { 32 } else { 128 };
                    if a.prefix < host {
                        subnets.entry(network(a)).or_default().push((d, vrf));
                    }
                }
            }
        }
        let mut dups: Vec<(IpAddr, &Vec<Owner>)> = owners
            .iter()
            .filter(|(_, o)| o.len() > 1)
            .map(|(a, o)| (*a, o))
            .collect();
        dups.sort_by_key(|(a, _)| *a);
        for (addr, list) in dups {
            let mut list = list.clone();
            list.sort_by_key(|(d, _, a)| (net.devices[*d].file, a.span));
            // Same device and VRF.
            let mut same: HashMap<(usize, &str), Vec<&IfAddr>> = HashMap::new();
            for (d, vrf, a) in &list {
                same.entry((*d, vrf)).or_default().push(a);
            }
            let mut groups: Vec<_> = same.into_iter().filter(|(_, v)| v.len() > 1).collect();
            groups.sort_by_key(|(k, _)| *k);
            for ((d, vrf), addrs) in groups {
                self.push(net, out, addr, vrf, &addrs, &[d]);
            }
            // Different devices behind one neighbour.
            let devices: BTreeSet<usize> = list.iter().map(|(d, _, _)| *d).collect();
            if devices.len() < 2 {
                continue;
            }
            // Each subnet once: owners of a reused address share it.
            let nets: BTreeSet<(IpAddr, u8)> = list.iter().map(|(_, _, a)| network(a)).collect();
            let mut neighbours: BTreeSet<(usize, &str)> = BTreeSet::new();
            'scan: for n in &nets {
                for &(d, vrf) in subnets.get(n).into_iter().flatten() {
                    if !devices.contains(&d) && neighbours.insert((d, vrf)) && neighbours.len() > 1
                    {
                        break 'scan;
                    }
                }
            }
            if neighbours.len() != 1 {
                continue;
            }
            let (_, nvrf) = *neighbours.iter().next().unwrap_or(&(0, ""));
            let mut firsts: Vec<&IfAddr> = Vec::new();
            let mut seen = BTreeSet::new();
            for (d, _, a) in &list {
                if seen.insert(*d) {
                    firsts.push(a);
                }
            }
            let devs: Vec<usize> = seen.into_iter().collect();
            self.push(net, out, addr, nvrf, &firsts, &devs);
        }
    }
}

impl DuplicateAddress {
    fn push(
        &self,
        net: &Network,
        out: &mut Vec<Finding>,
        addr: IpAddr,
        vrf: &str,
        addrs: &[&IfAddr],
        devices: &[usize],
    ) {
        let names: Vec<&str> = devices
            .iter()
            .map(|&d| net.devices[d].name.as_str())
            .collect();
        let place = if vrf == crate::model::PUBLIC_VRF {
            "the public network".to_string()
        } else {
            format!("vpn-instance {vrf}")
        };
        let message = if devices.len() == 1 {
            format!(
                "{addr} is configured on {} interfaces of {} in {place}",
                addrs.len(),
                names[0]
            )
        } else {
            format!(
                "{addr} is configured on {} on one subnet; their neighbour cannot tell them apart",
                names.join(" and ")
            )
        };
        let (last, earlier) = addrs.split_last().expect("at least two owners");
        let mut f = Finding::new(
            self.id(),
            message,
            Label::new(last.span, format!("{addr} again")),
            format!("{}/{vrf}/{addr}", names.join("+")),
        )
        .help("give each interface its own address");
        for a in earlier {
            f = f.related(Label::new(a.span, format!("{addr} is already here")));
        }
        for n in names {
            f = f.about_device(n);
        }
        out.push(f);
    }
}
