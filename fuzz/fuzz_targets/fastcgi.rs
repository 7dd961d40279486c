#![no_main]
//! FastCGI records: the first byte picks the maximum; the rest is the stream.
use cosocket::protocol::fastcgi;
use libfuzzer_sys::fuzz_target;

include!("check.rs");

fuzz_target!(|data: &[u8]| {
    let [max, rest @ ..] = data else { return };
    let max = if *max == 0 {
        usize::MAX
    } else {
        (*max as usize) << 9
    };
    check(rest, |b| fastcgi::decode(b, max));
});
