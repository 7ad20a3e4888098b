use std::net::IpAddr;

use rayon::prelude::*;

use super::{DeviceRule, Finding, Label};
use crate::graph::effective_vrf;
use crate::model::{Device, IfAddr, network_of};

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

impl DeviceRule for DuplicateAddress {
    /// An address is owned twice in one VRF when one device has it on two
    /// interfaces of that VRF, or when two devices have it on a subnet whose
    /// only other device in the input is one neighbour (device and VRF): that
    /// neighbour cannot tell them apart. The same address on devices behind
    /// different neighbours (customer sites reusing link addresses in
    /// different VPNs) is not a conflict.
    fn check(&self, id: &'static str, network: &[Device], out: &mut Vec<Finding>) {
        // One flat list of every address with its prefix and where it is
        // (device, interface, position), sorted once: a million addresses,
        // no map entry and no pointer each. Sorted by address, then by where
        // it is: each address's owners in device order (devices are in file
        // order), and the addresses of a subnet side by side.
        let count = network.iter().map(Device::address_count).sum();
        let mut all: Vec<Entry> = Vec::with_capacity(count);
        for (d, device) in network.iter().enumerate() {
            for (i, iface) in device.interfaces.iter().enumerate() {
                for (k, a) in iface.addresses.iter().enumerate() {
                    if !link_local(a.addr) {
                        all.push((a.addr, a.prefix, d as u32, i as u32, k as u32));
                    }
                }
            }
        }
        all.par_sort_unstable_by_key(|e| (ordered(e.0), e.2, e.3, e.4));
        let owner = |&(_, _, d, i, k): &Entry| -> Owner {
            let device = &network[d as usize];
            let iface = &device.interfaces[i as usize];
            (
                d as usize,
                effective_vrf(device, iface),
                &iface.addresses[k as usize],
            )
        };
        // Owners in device order, a device's own in line order.
        let owners = |run: &[Entry]| -> Vec<Owner> {
            let mut list: Vec<Owner> = run.iter().map(owner).collect();
            for per_device in list.chunk_by_mut(|x, y| x.0 == y.0) {
                per_device.sort_by_key(|o| o.2.span);
            }
            list
        };
        for run in all.chunk_by(|x, y| x.0 == y.0).filter(|r| r.len() > 1) {
            let addr = run[0].0;
            // Same device and VRF: a device's entries are next to each other.
            for per_device in run.chunk_by(|x, y| x.2 == y.2).filter(|c| c.len() > 1) {
                let list = owners(per_device);
                let mut vrfs: Vec<&str> = list.iter().map(|o| o.1).collect();
                vrfs.sort_unstable();
                vrfs.dedup();
                for vrf in vrfs {
                    let addrs: Vec<&IfAddr> =
                        list.iter().filter(|o| o.1 == vrf).map(|o| o.2).collect();
                    if addrs.len() > 1 {
                        push(id, network, out, addr, vrf, &addrs, &[list[0].0]);
                    }
                }
            }
            // Different devices behind one neighbour.
            let mut devices: Vec<u32> = run.iter().map(|e| e.2).collect();
            devices.dedup();
            if devices.len() < 2 {
                continue;
            }
            // Each subnet of the address once, in address order.
            let host = if addr.is_ipv4() { 32 } else { 128 };
            let mut nets: Vec<(IpAddr, u8)> = run
                .iter()
                .filter(|e| e.1 < host)
                .map(|e| (network_of(addr, e.1), e.1))
                .collect();
            nets.sort_unstable();
            nets.dedup();
            let mut neighbours: Vec<(u32, &str)> = Vec::new();
            'scan: for &(subnet, prefix) in &nets {
                // The addresses of the subnet lie side by side in `all`.
                let last = last_of(subnet, prefix);
                let start = all.partition_point(|e| e.0 < subnet);
                let end = all.partition_point(|e| e.0 <= last);
                for e in all[start..end.max(start)].iter().filter(|e| e.1 == prefix) {
                    if devices.binary_search(&e.2).is_ok() {
                        continue;
                    }
                    let d = &network[e.2 as usize];
                    let vrf = effective_vrf(d, &d.interfaces[e.3 as usize]);
                    if !neighbours.contains(&(e.2, vrf)) {
                        neighbours.push((e.2, vrf));
                        if neighbours.len() > 1 {
                            break 'scan;
                        }
                    }
                }
            }
            if neighbours.len() != 1 {
                continue;
            }
            let list = owners(run);
            let firsts: Vec<&IfAddr> = list.chunk_by(|x, y| x.0 == y.0).map(|c| c[0].2).collect();
            let devices: Vec<usize> = devices.iter().map(|&d| d as usize).collect();
            push(id, network, out, addr, neighbours[0].1, &firsts, &devices);
        }
    }
}

/// An address, its prefix length, and its device, interface and position.
type Entry = (IpAddr, u8, u32, u32, u32);

/// An address as integers that compare as `IpAddr` does (IPv4 first),
/// without the byte-array comparisons `IpAddr` makes.
fn ordered(addr: IpAddr) -> (bool, u128) {
    match addr {
        IpAddr::V4(a) => (false, u128::from(u32::from(a))),
        IpAddr::V6(a) => (true, u128::from(a)),
    }
}

/// The last address of a subnet.
fn last_of(network: IpAddr, prefix: u8) -> IpAddr {
    match network {
        IpAddr::V4(a) => {
            let host = u32::MAX.checked_shr(u32::from(prefix.min(32))).unwrap_or(0);
            IpAddr::V4((u32::from(a) | host).into())
        }
        IpAddr::V6(a) => {
            let host = u128::MAX
                .checked_shr(u32::from(prefix.min(128)))
                .unwrap_or(0);
            IpAddr::V6((u128::from(a) | host).into())
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn push(
    id: &'static str,
    network: &[Device],
    out: &mut Vec<Finding>,
    addr: IpAddr,
    vrf: &str,
    addrs: &[&IfAddr],
    devices: &[usize],
) {
    let names: Vec<&str> = devices.iter().map(|&d| network[d].name.as_str()).collect();
    let place = super::pair::vrf_name(vrf);
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
        id,
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
