#![no_main]
//! EOF-marked packets: the first byte says how long the marker is (1 to 8), the next
//! byte the maximum; the marker follows, then the stream.
use cosocket::protocol::eof;
use libfuzzer_sys::fuzz_target;

include!("check.rs");

fuzz_target!(|data: &[u8]| {
    let [len, max, rest @ ..] = data else { return };
    let len = 1 + *len as usize % eof::MAX_EOF;
    if rest.len() < len {
        return;
    }
    let (marker, stream) = rest.split_at(len);
    let max = 1 + ((*max as usize) << 4);
    check(stream, |b| eof::decode(b, marker, max));
});
