//! Length-prefixed packets (`open_length_check`).

use super::{whole, Bad, Decoded, LengthField};

/// Decodes the packet at the start of `buf`: its length field says how long the body
/// is; the packet is `body_offset + length` bytes. A negative length, or a packet
/// shorter than its header, is [`Bad::LengthNotFound`], one over `max` [`Bad::TooLarge`] (as
/// soon as the header is in, before the body arrives).
pub fn decode(buf: &[u8], field: &LengthField, max: usize) -> Decoded {
    let header = field.offset + field.kind.size();
    if buf.len() < header {
        return Decoded::Need(header);
    }
    let len = field.kind.read(&buf[field.offset..]);
    if len < 0 {
        return Decoded::Bad(Bad::LengthNotFound);
    }
    match (len as u64).checked_add(field.body_offset as u64) {
        // A packet shorter than its own header cannot be (an empty one would be cut
        // forever without consuming a byte).
        Some(total) if total < header as u64 => Decoded::Bad(Bad::LengthNotFound),
        Some(total) if total <= max as u64 => whole(buf, total as usize, max),
        total => Decoded::Bad(Bad::TooLarge(total.unwrap_or(u64::MAX))),
    }
}

/// What a user length function (`package_length_func`) returned, as a [`Decoded`]:
/// `> 0` the packet's total length, `0` "need more", `< 0` a bad packet. "Need more"
/// once `max` bytes are in is [`Bad::NoEnd`]: the packet can only be longer than that.
pub fn from_user(buf: &[u8], returned: i64, max: usize) -> Decoded {
    match returned {
        n if n < 0 => Decoded::Bad(Bad::LengthNotFound),
        0 if buf.len() >= max => Decoded::Bad(Bad::NoEnd),
        0 => Decoded::Need(buf.len() + 1),
        n if n as u64 > max as u64 => Decoded::Bad(Bad::TooLarge(n as u64)),
        n => whole(buf, n as usize, max),
    }
}
