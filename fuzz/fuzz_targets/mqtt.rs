#![no_main]
//! MQTT packets: the first byte picks the maximum; the rest is the stream.
use cosocket::protocol::mqtt;
use libfuzzer_sys::fuzz_target;

include!("check.rs");

fuzz_target!(|data: &[u8]| {
    let [max, rest @ ..] = data else { return };
    let max = if *max == 0 {
        usize::MAX
    } else {
        (*max as usize) << 8
    };
    check(rest, |b| mqtt::decode(b, max));
});
