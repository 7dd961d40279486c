//! MQTT packets (`open_mqtt_protocol`): a type byte, then the remaining length in 1 to
//! 4 bytes of 7 bits each, then that many bytes.

use super::{whole, Bad, Decoded};

/// The largest remaining length MQTT can encode.
pub const MAX_REMAINING: usize = 268_435_455;

/// Decodes the packet at the start of `buf`. A length that runs past 4 bytes is
/// [`Bad::LengthNotFound`] (what Swoole's recvPacket reports), a packet over `max`
/// [`Bad::TooLarge`] (with its length).
pub fn decode(buf: &[u8], max: usize) -> Decoded {
    let mut remaining = 0usize;
    for i in 0..4 {
        let Some(&b) = buf.get(1 + i) else {
            return Decoded::Need(2 + i);
        };
        remaining |= ((b & 0x7f) as usize) << (7 * i);
        if b & 0x80 == 0 {
            return whole(buf, 1 + (i + 1) + remaining, max);
        }
    }
    Decoded::Bad(Bad::LengthNotFound)
}
