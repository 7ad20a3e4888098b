use std::net::IpAddr;

use super::{Finding, Label, Rule};
use crate::graph::{Network, effective_vrf};
use crate::model::IfAddr;

/// One address owned twice in one VRF.
pub struct DuplicateAddress;

/// An owner of an address: device index, VRF, the address line.
type Owner<'n> = (usize, &'n str, &'n IfAddr);

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
        // One flat list of every address with where it is (device,
        // interface, position), sorted once: a million addresses, no map
        // entry and no pointer each. A stable sort on the address alone
        // keeps each address's owners in device order (devices are in file
        // order); a device's own entries are put in line order per run.
        let mut all: Vec<(IpAddr, u32, u32, u32)> = Vec::new();
        for (d, device) in net.devices.iter().enumerate() {
            for (i, iface) in device.interfaces.iter().enumerate() {
                for (k, a) in iface.addresses.iter().enumerate() {
                    if !link_local(a.addr) {
                        all.push((a.addr, d as u32, i as u32, k as u32));
                    }
                }
            }
        }
        all.sort_by_key(|x| x.0);
        let owner = |&(_, d, i, k): &(IpAddr, u32, u32, u32)| -> Owner {
            let device = &net.devices[d as usize];
            let iface = &device.interfaces[i as usize];
            (
                d as usize,
                effective_vrf(device, iface),
                &iface.addresses[k as usize],
            )
        };
        let runs: Vec<(IpAddr, Vec<Owner>)> = all
            .chunk_by(|x, y| x.0 == y.0)
            .filter(|r| r.len() > 1)
            .map(|run| {
                let mut list: Vec<Owner> = run.iter().map(owner).collect();
                for per_device in list.chunk_by_mut(|x, y| x.0 == y.0) {
                    per_device.sort_by_key(|o| o.2.span);
                }
                (run[0].0, list)
            })
            .collect();
        drop(all);
        // The devices on the subnets of addresses that several devices
        // share: only those subnets are looked at.
        let shared = |list: &[Owner]| list.windows(2).any(|w| w[0].0 != w[1].0);
        let wanted: rustc_hash::FxHashSet<(IpAddr, u8)> = runs
            .iter()
            .filter(|(_, list)| shared(list))
            .flat_map(|(_, list)| list.iter().map(|o| o.2.network()))
            .collect();
        let mut subnets: Vec<((IpAddr, u8), usize, &str)> = Vec::new();
        if !wanted.is_empty() {
            for (d, device) in net.devices.iter().enumerate() {
                for iface in &device.interfaces {
                    for a in &iface.addresses {
                        let host = if a.addr.is_ipv4() { 32 } else { 128 };
                        if a.prefix < host && !link_local(a.addr) && wanted.contains(&a.network()) {
                            subnets.push((a.network(), d, effective_vrf(device, iface)));
                        }
                    }
                }
            }
        }
        subnets.sort_by_key(|x| x.0);
        let on_subnet = |n: (IpAddr, u8)| {
            let start = subnets.partition_point(|s| s.0 < n);
            subnets[start..]
                .iter()
                .take_while(move |s| s.0 == n)
                .map(|s| (s.1, s.2))
        };
        for (addr, list) in &runs {
            let addr = *addr;
            // Same device and VRF: a device's entries are next to each other.
            for per_device in list.chunk_by(|x, y| x.0 == y.0).filter(|c| c.len() > 1) {
                let mut vrfs: Vec<&str> = per_device.iter().map(|o| o.1).collect();
                vrfs.sort_unstable();
                vrfs.dedup();
                for vrf in vrfs {
                    let addrs: Vec<&IfAddr> = per_device
                        .iter()
                        .filter(|o| o.1 == vrf)
                        .map(|o| o.2)
                        .collect();
                    if addrs.len() > 1 {
                        self.push(net, out, addr, vrf, &addrs, &[per_device[0].0]);
                    }
                }
            }
            // Different devices behind one neighbour.
            if !shared(list) {
                continue;
            }
            let mut devices: Vec<usize> = list.iter().map(|(d, _, _)| *d).collect();
            devices.dedup();
            // Each subnet once: owners of a reused address share it.
            let mut nets: Vec<(IpAddr, u8)> = list.iter().map(|(_, _, a)| a.network()).collect();
            nets.sort_unstable();
            nets.dedup();
            let mut neighbours: Vec<(usize, &str)> = Vec::new();
            'scan: for n in &nets {
                for (d, vrf) in on_subnet(*n) {
                    if devices.binary_search(&d).is_err() && !neighbours.contains(&(d, vrf)) {
                        neighbours.push((d, vrf));
                        if neighbours.len() > 1 {
                            break 'scan;
                        }
                    }
                }
            }
            if neighbours.len() != 1 {
                continue;
            }
            let nvrf = neighbours[0].1;
            let firsts: Vec<&IfAddr> = list.chunk_by(|x, y| x.0 == y.0).map(|c| c[0].2).collect();
            self.push(net, out, addr, nvrf, &firsts, &devices);
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
        let Some((last, earlier)) = addrs.split_last() else {
            return;
        };
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
