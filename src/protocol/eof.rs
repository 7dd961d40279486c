//! Packets that end with a marker (`open_eof_check` / `open_eof_split`, `package_eof`).

use super::{Bad, Decoded};

/// The longest `package_eof` Swoole accepts.
pub const MAX_EOF: usize = 8;

/// Decodes the packet at the start of `buf`: everything up to and including the first
/// `eof`. Without one, more is needed, unless `max` bytes are buffered already; no
/// `eof` within the first `max` bytes is [`Bad::NoEnd`].
pub fn decode(buf: &[u8], eof: &[u8], max: usize) -> Decoded {
    match find(buf, eof) {
        Some(i) if i + eof.len() <= max => Decoded::Packet(i + eof.len()),
        Some(_) => Decoded::Bad(Bad::NoEnd),
        None if buf.len() >= max => Decoded::Bad(Bad::NoEnd),
        None => Decoded::Need(buf.len() + 1),
    }
}

/// The index of the first `needle` in `hay` (None for an empty needle).
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    memchr::memmem::find(hay, needle)
}
