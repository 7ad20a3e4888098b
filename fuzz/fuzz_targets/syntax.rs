//! Any bytes: decoding and the view tree never panic, and every span stays
//! inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = peerlint::source::decode(data);
    let tree = peerlint::syntax::parse(&text);
    for (i, cmd) in tree.commands.iter().enumerate() {
        assert!(cmd.start <= cmd.end && cmd.end as usize <= text.len());
        assert!(text.is_char_boundary(cmd.start as usize) && text.is_char_boundary(cmd.end as usize));
        assert!(cmd.parent.is_none_or(|p| (p as usize) < i));
        for t in tree.tokens(cmd) {
            assert!(t.end as usize <= text.len() && t.start <= t.end);
        }
    }
    for d in &tree.diagnostics {
        assert!(d.end as usize <= text.len());
    }
});
