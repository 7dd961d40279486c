//! Packet framing and proxy handshakes, PHP-free and without I/O.
//!
//! Framing: given the bytes buffered so far, each parser says whether they start with a
//! whole packet and how long it is; nothing there allocates. [`framing`] chooses the
//! parser from Swoole's keys and dispatches to it; `recvPacket()` runs it over the
//! socket's read-ahead buffer (`src/net/packet.rs`).
//!
//! Proxies ([`socks5`], [`http_connect`], sharing [`tunnel`]): state machines that give
//! the bytes to send and judge the proxy's replies, buffered so far, without reading a
//! socket; `connect()` drives them over the connection to the proxy (`src/net/proxy.rs`).
//!
//! ```
//! use cosocket::protocol::{length, Decoded, LengthField, LengthType};
//! let field = LengthField { kind: LengthType::from_pack(b'N').unwrap(), offset: 0, body_offset: 4 };
//! assert_eq!(length::decode(b"\0\0\0\x02hi+more", &field, 1024), Decoded::Packet(6));
//! assert_eq!(length::decode(b"\0\0", &field, 1024), Decoded::Need(4));
//! ```

#![deny(unsafe_code, missing_docs)]

pub mod eof;
pub mod fastcgi;
pub mod framing;
pub mod http_connect;
pub mod length;
pub mod mqtt;
pub mod socks5;
pub mod tunnel;

/// What a parser found at the start of a buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decoded {
    /// No whole packet yet: at least this many bytes are needed in all (a lower
    /// bound; the caller reads more and asks again).
    Need(usize),
    /// The first this-many bytes are one whole packet, header included.
    Packet(usize),
    /// The bytes cannot start a valid packet.
    Bad(Bad),
}

/// Why a packet is refused (each maps to one of Swoole's error codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bad {
    /// The header holds no usable length (negative, or malformed): Swoole's
    /// `SW_ERROR_PACKAGE_LENGTH_NOT_FOUND`.
    LengthNotFound,
    /// The packet says it is this long in all, header included, which is more than the
    /// maximum: `SW_ERROR_PACKAGE_LENGTH_TOO_LARGE`.
    TooLarge(u64),
    /// The maximum is buffered and no end of the packet is in it (no EOF marker, or no
    /// length from a length function): `SW_ERROR_PACKAGE_LENGTH_TOO_LARGE` too.
    NoEnd,
}

/// How a length field is encoded: the `pack()` letters Swoole accepts for
/// `package_length_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LengthType {
    /// `c`: signed 8-bit.
    I8,
    /// `C`: unsigned 8-bit.
    U8,
    /// `s`: signed 16-bit, machine byte order.
    I16,
    /// `S`: unsigned 16-bit, machine byte order.
    U16,
    /// `n`: unsigned 16-bit, big endian.
    U16Be,
    /// `v`: unsigned 16-bit, little endian.
    U16Le,
    /// `l`: signed 32-bit, machine byte order.
    I32,
    /// `L`: unsigned 32-bit, machine byte order.
    U32,
    /// `N`: unsigned 32-bit, big endian.
    U32Be,
    /// `V`: unsigned 32-bit, little endian.
    U32Le,
    /// `q`: signed 64-bit, machine byte order.
    I64,
    /// `Q`: unsigned 64-bit, machine byte order.
    U64,
    /// `J`: unsigned 64-bit, big endian.
    U64Be,
    /// `P`: unsigned 64-bit, little endian.
    U64Le,
}

impl LengthType {
    /// The type for a `pack()` letter, None for one Swoole does not accept.
    pub fn from_pack(letter: u8) -> Option<LengthType> {
        use LengthType::*;
        Some(match letter {
            b'c' => I8,
            b'C' => U8,
            b's' => I16,
            b'S' => U16,
            b'n' => U16Be,
            b'v' => U16Le,
            b'l' => I32,
            b'L' => U32,
            b'N' => U32Be,
            b'V' => U32Le,
            b'q' => I64,
            b'Q' => U64,
            b'J' => U64Be,
            b'P' => U64Le,
            _ => return None,
        })
    }

    /// The field's width in bytes.
    pub fn size(self) -> usize {
        use LengthType::*;
        match self {
            I8 | U8 => 1,
            I16 | U16 | U16Be | U16Le => 2,
            I32 | U32 | U32Be | U32Le => 4,
            I64 | U64 | U64Be | U64Le => 8,
        }
    }

    /// Reads the field from the start of `b` (which holds at least `size()` bytes).
    /// Unsigned 64-bit values past `i64::MAX` read as negative, as in Swoole.
    pub fn read(self, b: &[u8]) -> i64 {
        use LengthType::*;
        fn a<const N: usize>(b: &[u8]) -> [u8; N] {
            b[..N]
                .try_into()
                .expect("length field shorter than its type")
        }
        match self {
            I8 => i8::from_ne_bytes(a(b)) as i64,
            U8 => b[0] as i64,
            I16 => i16::from_ne_bytes(a(b)) as i64,
            U16 => u16::from_ne_bytes(a(b)) as i64,
            U16Be => u16::from_be_bytes(a(b)) as i64,
            U16Le => u16::from_le_bytes(a(b)) as i64,
            I32 => i32::from_ne_bytes(a(b)) as i64,
            U32 => u32::from_ne_bytes(a(b)) as i64,
            U32Be => u32::from_be_bytes(a(b)) as i64,
            U32Le => u32::from_le_bytes(a(b)) as i64,
            I64 => i64::from_ne_bytes(a(b)),
            U64 => u64::from_ne_bytes(a(b)) as i64,
            U64Be => u64::from_be_bytes(a(b)) as i64,
            U64Le => u64::from_le_bytes(a(b)) as i64,
        }
    }
}

/// Where the length sits in a length-prefixed packet (Swoole's
/// `package_length_type`, `package_length_offset`, `package_body_offset`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LengthField {
    /// The field's encoding.
    pub kind: LengthType,
    /// Where the field starts.
    pub offset: usize,
    /// Where the body starts: the packet is `body_offset + length` bytes long.
    pub body_offset: usize,
}

/// Turns a total packet length (`Ok`), or a length function's verdict, into a
/// [`Decoded`] for `buf`, with `max` as the largest packet allowed.
pub fn whole(buf: &[u8], total: usize, max: usize) -> Decoded {
    if total > max {
        Decoded::Bad(Bad::TooLarge(total as u64))
    } else if total <= buf.len() {
        Decoded::Packet(total)
    } else {
        Decoded::Need(total)
    }
}

#[cfg(test)]
mod proxy_tests;
#[cfg(test)]
mod tests;
