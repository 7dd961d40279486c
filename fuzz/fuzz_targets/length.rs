#![no_main]
//! Length-prefixed packets: the first 4 bytes choose the field (type, offset, body
//! offset, maximum); the rest is the stream.
use cosocket::protocol::{length, LengthField, LengthType};
use libfuzzer_sys::fuzz_target;

include!("check.rs");

fuzz_target!(|data: &[u8]| {
    let [letter, offset, body, max, rest @ ..] = data else {
        return;
    };
    let Some(kind) = LengthType::from_pack(b"cCsSnvlLNVqQJP"[*letter as usize % 14]) else {
        return;
    };
    let field = LengthField {
        kind,
        offset: *offset as usize % 16,
        body_offset: *body as usize % 32,
    };
    let max = (*max as usize) << 4;
    check(rest, |b| length::decode(b, &field, max));
});
