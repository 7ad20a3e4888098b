//! Any bytes, read as each vendor's configuration: every reader builds a
//! device without a panic, and every span it keeps stays inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use peerlint::model::Vendor;
use peerlint::source::FileId;

fuzz_target!(|data: &[u8]| {
    let text = peerlint::source::decode(data);
    for vendor in [Vendor::Ios, Vendor::IosXr, Vendor::Junos, Vendor::Eos] {
        let device = peerlint::vendor::lower(vendor, FileId(0), &text, "fuzz");
        assert_eq!(device.vendor, vendor);
        for i in &device.interfaces {
            for a in &i.addresses {
                assert!(a.span.end as usize <= text.len());
            }
        }
        for b in &device.bgp {
            assert!(b.span.end as usize <= text.len());
            for s in &b.scopes {
                for p in &s.peers {
                    assert!(p.decl.end as usize <= text.len());
                    assert!(p.decl.start <= p.decl.end);
                }
                for g in &s.groups {
                    assert!(g.decl.end as usize <= text.len());
                }
            }
        }
    }
});
