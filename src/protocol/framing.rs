//! Which framing cuts a socket's packets (the choice Swoole's `setProtocol()` keys
//! make), and the dispatch to its parser: given the bytes buffered so far, where the
//! packet at their head ends. The reading itself (until the framing says a packet is
//! whole) is `src/net/packet.rs`'s.

use super::{eof, fastcgi, length, mqtt, whole, Decoded, LengthField, LengthType};

/// Swoole's default `package_max_length` (`SW_INPUT_BUFFER_SIZE`).
pub const DEFAULT_MAX_LENGTH: usize = 2 * 1024 * 1024;

/// How packets are cut.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Framing {
    /// No framing: a packet is whatever one read brings.
    #[default]
    None,
    /// Up to and including the first `package_eof`.
    Eof(Vec<u8>),
    /// Length-prefixed.
    Length(LengthField),
    /// MQTT's remaining-length header.
    Mqtt,
    /// FastCGI records.
    FastCgi,
    /// A length the caller computes (`package_length_func`): see [`ask_user`].
    User,
}

impl Framing {
    /// The verdict of the framing's parser on the packet at the head of `pending`, for
    /// any framing but [`Framing::User`] (whose length comes from [`ask_user`]; here it
    /// only asks for a first byte).
    #[inline]
    pub fn decode(&self, pending: &[u8], max: usize) -> Decoded {
        match self {
            Framing::None if !pending.is_empty() => Decoded::Packet(pending.len()),
            Framing::None | Framing::User => Decoded::Need(1),
            Framing::Eof(marker) => eof::decode(pending, marker, max),
            Framing::Length(field) => length::decode(pending, field, max),
            Framing::Mqtt => mqtt::decode(pending, max),
            Framing::FastCgi => fastcgi::decode(pending, max),
        }
    }
}

/// What a reader learned about the packet at the head of its pending bytes under
/// [`Framing::User`], so that it need not ask again (`package_length_func` is a PHP
/// call); the reader forgets it as soon as the head moves (bytes handed out, or the
/// buffer cleared).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeadNote {
    /// The packet is this many bytes long in all.
    Length(usize),
    /// These many bytes were too few to tell the length: ask again once more arrived.
    TooFew(usize),
}

/// The verdict on the packet at the head of `pending` under [`Framing::User`], and what
/// to note about it (to keep until the head moves): `user` (given the pending bytes:
/// `> 0` the packet's length in all, `0` "need more bytes", `< 0` not a packet, see
/// [`length::from_user`]) is asked only when what it said last about this packet,
/// `note`, no longer holds: its length stands until the packet is taken; "need more"
/// until more bytes came.
pub fn ask_user(
    pending: &[u8],
    note: Option<HeadNote>,
    max: usize,
    user: &mut impl FnMut(&[u8]) -> i64,
) -> (Decoded, Option<HeadNote>) {
    let have = pending.len();
    match note {
        Some(HeadNote::Length(n)) => return (whole(pending, n, max), None),
        Some(HeadNote::TooFew(seen)) if have <= seen => return (Decoded::Need(seen + 1), None),
        _ if have == 0 => return (Decoded::Need(1), None),
        _ => {}
    }
    let said = user(pending);
    let verdict = length::from_user(pending, said, max);
    let note = matches!(verdict, Decoded::Need(_)).then(|| {
        if said > 0 {
            HeadNote::Length(said as usize)
        } else {
            HeadNote::TooFew(have)
        }
    });
    (verdict, note)
}

/// Where a length-checked packet's length comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LengthFrom {
    /// The length field (`package_length_type`/`_offset`, `package_body_offset`).
    #[default]
    Field,
    /// `open_mqtt_protocol`.
    Mqtt,
    /// `open_fastcgi_protocol`.
    FastCgi,
}

/// The framing keys of one socket, as Swoole keeps them: each `setProtocol()` call
/// changes the keys it names and keeps the rest; [`Settings::framing`] is what they
/// amount to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// `open_eof_check` (or `open_eof_split`).
    pub eof_check: bool,
    /// `package_eof`.
    pub eof: Vec<u8>,
    /// `open_length_check`, `open_mqtt_protocol` or `open_fastcgi_protocol`.
    pub length_check: bool,
    /// Which of those three set `length_check` last.
    pub length_from: LengthFrom,
    /// `package_length_type`.
    pub length_type: LengthType,
    /// `package_length_offset`.
    pub length_offset: usize,
    /// `package_body_offset`.
    pub body_offset: usize,
    /// `package_max_length`: no packet is longer.
    pub max: usize,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            eof_check: false,
            eof: b"\r\n".to_vec(),
            length_check: false,
            length_from: LengthFrom::Field,
            length_type: LengthType::U32Be,
            length_offset: 0,
            body_offset: 0,
            max: DEFAULT_MAX_LENGTH,
        }
    }
}

impl Settings {
    /// How packets are cut under these keys, `length_func` saying whether a
    /// `package_length_func` is set: a length check (a function, MQTT, FastCGI or the
    /// length field) wins over an EOF check, as in Swoole.
    pub fn framing(&self, length_func: bool) -> Framing {
        if self.length_check {
            if length_func {
                return Framing::User;
            }
            return match self.length_from {
                LengthFrom::Mqtt => Framing::Mqtt,
                LengthFrom::FastCgi => Framing::FastCgi,
                LengthFrom::Field => Framing::Length(LengthField {
                    kind: self.length_type,
                    offset: self.length_offset,
                    body_offset: self.body_offset,
                }),
            };
        }
        if self.eof_check {
            return Framing::Eof(self.eof.clone());
        }
        Framing::None
    }
}
