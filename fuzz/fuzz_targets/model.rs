//! Any bytes: the device model builds without a panic, its spans stay
//! inside the text, and it is the same whether the parse kept every line or
//! only what the model reads.
#![no_main]

use libfuzzer_sys::fuzz_target;
use peerlint::source::FileId;

fuzz_target!(|data: &[u8]| {
    let text = peerlint::syntax::secrets::mask(peerlint::source::decode(data));
    let tree = peerlint::syntax::parse(&text);
    let device = peerlint::model::build_device(FileId(0), &text, &tree, "fuzz");
    let kept = peerlint::syntax::parse_with(&text, &peerlint::model::reads_block);
    assert_eq!(
        peerlint::model::build_device(FileId(0), &text, &kept, "fuzz"),
        device
    );
    for b in &device.bgp {
        assert!(b.span.end as usize <= text.len());
        for s in &b.scopes {
            for p in &s.peers {
                assert!(p.decl.end as usize <= text.len());
            }
        }
    }
});
