//! FastCGI records (`open_fastcgi_protocol`): an 8-byte header (version, type, request
//! id, content length, padding length, reserved), then content and padding.

use super::{whole, Bad, Decoded};

/// The header's size.
pub const HEADER: usize = 8;

/// Decodes the record at the start of `buf`. As in Swoole, content plus padding over
/// 65,535 bytes is [`Bad::LengthNotFound`].
pub fn decode(buf: &[u8], max: usize) -> Decoded {
    if buf.len() < HEADER {
        return Decoded::Need(HEADER);
    }
    let body = u16::from_be_bytes([buf[4], buf[5]]) as usize + buf[6] as usize;
    if body > 0xffff {
        return Decoded::Bad(Bad::LengthNotFound);
    }
    whole(buf, HEADER + body, max)
}
