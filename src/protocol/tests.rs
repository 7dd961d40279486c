//! The parsers against hand-made packets: every length type and byte order, packets
//! cut at every byte, several in one buffer, oversized and malformed ones.

use super::*;

const MAX: usize = 2 * 1024 * 1024;

/// Feeds `stream` to `decode` the way a socket would, `chunk` bytes at a time, and
/// returns the packets it cut out (or the first error).
fn split(
    stream: &[u8],
    chunk: usize,
    decode: impl Fn(&[u8]) -> Decoded,
) -> Result<Vec<Vec<u8>>, Bad> {
    let mut buf = Vec::new();
    let mut out = Vec::new();
    for piece in stream.chunks(chunk.max(1)) {
        buf.extend_from_slice(piece);
        loop {
            match decode(&buf) {
                Decoded::Packet(n) => {
                    assert!(n > 0 && n <= buf.len());
                    out.push(buf.drain(..n).collect());
                }
                Decoded::Need(n) => {
                    assert!(n > buf.len(), "Need({n}) with {} buffered", buf.len());
                    break;
                }
                Decoded::Bad(b) => return Err(b),
            }
        }
    }
    assert!(buf.is_empty(), "bytes left over: {buf:?}");
    Ok(out)
}

fn every_chunking(stream: &[u8], want: &[&[u8]], decode: impl Fn(&[u8]) -> Decoded + Copy) {
    for chunk in 1..=stream.len() {
        let got = split(stream, chunk, decode).unwrap();
        assert_eq!(got, want, "chunks of {chunk}");
    }
}

#[test]
fn length_types_and_byte_orders() {
    let cases: &[(u8, Vec<u8>)] = &[
        (b'c', vec![3]),
        (b'C', vec![3]),
        (b's', 3i16.to_ne_bytes().to_vec()),
        (b'S', 3u16.to_ne_bytes().to_vec()),
        (b'n', vec![0, 3]),
        (b'v', vec![3, 0]),
        (b'l', 3i32.to_ne_bytes().to_vec()),
        (b'L', 3u32.to_ne_bytes().to_vec()),
        (b'N', vec![0, 0, 0, 3]),
        (b'V', vec![3, 0, 0, 0]),
        (b'q', 3i64.to_ne_bytes().to_vec()),
        (b'Q', 3u64.to_ne_bytes().to_vec()),
        (b'J', vec![0, 0, 0, 0, 0, 0, 0, 3]),
        (b'P', vec![3, 0, 0, 0, 0, 0, 0, 0]),
    ];
    for (letter, header) in cases {
        let kind = LengthType::from_pack(*letter).unwrap();
        assert_eq!(kind.size(), header.len(), "{}", *letter as char);
        let field = LengthField {
            kind,
            offset: 0,
            body_offset: header.len(),
        };
        let mut one = header.clone();
        one.extend_from_slice(b"abc");
        let stream = [one.clone(), one.clone()].concat();
        every_chunking(&stream, &[&one, &one], |b| length::decode(b, &field, MAX));
    }
    for bad in [b'x', b'i', b'I', 0, b'n' + 128] {
        assert!(LengthType::from_pack(bad).is_none());
    }
}

#[test]
fn length_offset_body_offset_and_limits() {
    // A 2-byte tag, a big-endian 16-bit length, 2 reserved bytes, then the body.
    let field = LengthField {
        kind: LengthType::U16Be,
        offset: 2,
        body_offset: 6,
    };
    let pkt: &[u8] = b"TG\x00\x05..hello";
    every_chunking(pkt, &[pkt], |b| length::decode(b, &field, MAX));
    assert_eq!(length::decode(&pkt[..3], &field, MAX), Decoded::Need(4));
    assert_eq!(length::decode(&pkt[..4], &field, MAX), Decoded::Need(11));
    // Over the maximum as soon as the header is in.
    assert_eq!(
        length::decode(&pkt[..4], &field, 10),
        Decoded::Bad(Bad::TooLarge(11))
    );
    assert_eq!(length::decode(pkt, &field, 11), Decoded::Packet(11));
    // Negative lengths, and unsigned 64-bit ones that read as negative.
    let neg = LengthField {
        kind: LengthType::I8,
        offset: 0,
        body_offset: 1,
    };
    assert_eq!(
        length::decode(&[0xff, 1], &neg, MAX),
        Decoded::Bad(Bad::LengthNotFound)
    );
    let huge = LengthField {
        kind: LengthType::U64Be,
        offset: 0,
        body_offset: 8,
    };
    assert_eq!(
        length::decode(&[0xff; 8], &huge, MAX),
        Decoded::Bad(Bad::LengthNotFound)
    );
    assert_eq!(
        length::decode(
            &[0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
            &huge,
            MAX
        ),
        Decoded::Bad(Bad::TooLarge(i64::MAX as u64 + 8))
    );
    // A packet of no bytes at all (found by fuzzing) would never be consumed.
    let zero = LengthField {
        kind: LengthType::U8,
        offset: 0,
        body_offset: 0,
    };
    assert_eq!(
        length::decode(&[0, 1, 2], &zero, MAX),
        Decoded::Bad(Bad::LengthNotFound)
    );
    // Nor a packet shorter than its header: the verdict would change as bytes arrive.
    let short = LengthField {
        kind: LengthType::U32Be,
        offset: 4,
        body_offset: 2,
    };
    assert_eq!(
        length::decode(b"....\0\0\0\x05", &short, MAX),
        Decoded::Bad(Bad::LengthNotFound)
    );
    // A zero-length body is a packet of just the header.
    assert_eq!(
        length::decode(
            b"\x00\x00",
            &LengthField {
                kind: LengthType::U16Be,
                offset: 0,
                body_offset: 2
            },
            MAX
        ),
        Decoded::Packet(2)
    );
}

#[test]
fn user_length_function_verdicts() {
    assert_eq!(length::from_user(b"abc", 0, MAX), Decoded::Need(4));
    assert_eq!(
        length::from_user(b"abc", -1, MAX),
        Decoded::Bad(Bad::LengthNotFound)
    );
    assert_eq!(length::from_user(b"abc", 2, MAX), Decoded::Packet(2));
    assert_eq!(length::from_user(b"abc", 9, MAX), Decoded::Need(9));
    assert_eq!(
        length::from_user(b"abc", 9, 8),
        Decoded::Bad(Bad::TooLarge(9))
    );
    assert_eq!(
        length::from_user(b"abc", i64::MAX, MAX),
        Decoded::Bad(Bad::TooLarge(i64::MAX as u64))
    );
    // "Need more" with the maximum buffered: the packet can only be longer.
    assert_eq!(length::from_user(b"abcd", 0, 5), Decoded::Need(5));
    assert_eq!(length::from_user(b"abcde", 0, 5), Decoded::Bad(Bad::NoEnd));
    assert_eq!(length::from_user(b"abcdef", 0, 5), Decoded::Bad(Bad::NoEnd));
    // A length is still taken with more than the maximum buffered (later packets).
    assert_eq!(length::from_user(b"abcdef", 2, 5), Decoded::Packet(2));
}

#[test]
fn eof_markers_of_every_length() {
    for eof_len in 1..=eof::MAX_EOF {
        let eof: Vec<u8> = (0..eof_len as u8).map(|i| b'#' + i).collect();
        let a = [b"first".to_vec(), eof.clone()].concat();
        let b = [b"second packet".to_vec(), eof.clone()].concat();
        let stream = [a.clone(), b.clone()].concat();
        every_chunking(&stream, &[&a, &b], |buf| eof::decode(buf, &eof, MAX));
    }
    // A marker that starts to match, then does not.
    assert_eq!(eof::decode(b"a\r\r\nb", b"\r\n", MAX), Decoded::Packet(4));
    assert_eq!(eof::decode(b"aaab", b"aab", MAX), Decoded::Packet(4));
    assert_eq!(eof::decode(b"\r", b"\r\n", MAX), Decoded::Need(2));
    // No marker within the maximum.
    assert_eq!(
        eof::decode(b"0123456789", b"\r\n", 10),
        Decoded::Bad(Bad::NoEnd)
    );
    assert_eq!(
        eof::decode(b"012345678\r\n", b"\r\n", 10),
        Decoded::Bad(Bad::NoEnd)
    );
    assert_eq!(
        eof::decode(b"01234567\r\n", b"\r\n", 10),
        Decoded::Packet(10)
    );
    assert_eq!(eof::find(b"abc", b""), None);
}

#[test]
fn mqtt_remaining_length() {
    let small: &[u8] = b"\x30\x03abc";
    let big = [&[0x30u8, 0xc8, 0x01][..], &[b'x'; 200]].concat(); // 200 = 0x48 | 1 << 7
    let stream = [small, &big[..]].concat();
    every_chunking(&stream, &[small, &big], |b| mqtt::decode(b, MAX));
    assert_eq!(mqtt::decode(b"\x30", MAX), Decoded::Need(2));
    assert_eq!(mqtt::decode(b"\x30\x80", MAX), Decoded::Need(3));
    assert_eq!(mqtt::decode(b"\xc0\x00", MAX), Decoded::Packet(2)); // PINGREQ
                                                                    // Four length bytes is the most; a fifth is a bad packet.
    assert_eq!(
        mqtt::decode(b"\x30\xff\xff\xff\x7f", MAX),
        Decoded::Bad(Bad::TooLarge(1 + 4 + mqtt::MAX_REMAINING as u64))
    );
    assert_eq!(
        mqtt::decode(b"\x30\xff\xff\xff\x7f", usize::MAX),
        Decoded::Need(1 + 4 + mqtt::MAX_REMAINING)
    );
    assert_eq!(
        mqtt::decode(b"\x30\xff\xff\xff\xff\x01", MAX),
        Decoded::Bad(Bad::LengthNotFound)
    );
}

#[test]
fn fastcgi_records_with_padding() {
    // FCGI_STDOUT, request 1, 5 bytes of content, 3 of padding.
    let rec: &[u8] = b"\x01\x06\x00\x01\x00\x05\x03\x00hello\0\0\0";
    let end: &[u8] = b"\x01\x03\x00\x01\x00\x08\x00\x00\0\0\0\0\0\0\0\0";
    let stream = [rec, end].concat();
    every_chunking(&stream, &[rec, end], |b| fastcgi::decode(b, MAX));
    assert_eq!(fastcgi::decode(&rec[..7], MAX), Decoded::Need(8));
    assert_eq!(
        fastcgi::decode(b"\x01\x06\x00\x01\xff\xff\x01\x00", MAX),
        Decoded::Bad(Bad::LengthNotFound)
    );
    assert_eq!(fastcgi::decode(rec, 15), Decoded::Bad(Bad::TooLarge(16)));
}

#[test]
fn settings_choose_the_framing_as_swoole() {
    use framing::{Framing, LengthFrom, Settings};
    let mut s = Settings::default();
    assert_eq!(s.framing(false), Framing::None);
    s.eof_check = true;
    assert_eq!(s.framing(false), Framing::Eof(b"\r\n".to_vec()));
    // A length check wins over an EOF check; a length function over the field.
    s.length_check = true;
    let field = LengthField {
        kind: LengthType::U32Be,
        offset: 0,
        body_offset: 0,
    };
    assert_eq!(s.framing(false), Framing::Length(field));
    assert_eq!(s.framing(true), Framing::User);
    s.length_from = LengthFrom::Mqtt;
    assert_eq!(s.framing(false), Framing::Mqtt);
    s.length_from = LengthFrom::FastCgi;
    assert_eq!(s.framing(false), Framing::FastCgi);
    // Dispatch: each framing to its parser.
    assert_eq!(Framing::None.decode(b"", MAX), Decoded::Need(1));
    assert_eq!(Framing::None.decode(b"abc", MAX), Decoded::Packet(3));
    assert_eq!(Framing::User.decode(b"abc", MAX), Decoded::Need(1));
    assert_eq!(
        Framing::Eof(b"\n".to_vec()).decode(b"ab\ncd", MAX),
        Decoded::Packet(3)
    );
    assert_eq!(
        // The length counts the whole packet here (body_offset 0).
        Framing::Length(field).decode(b"\0\0\0\x09abc", MAX),
        Decoded::Need(9)
    );
}

#[test]
fn a_length_function_is_asked_once_per_answer() {
    use framing::{ask_user, HeadNote};
    let mut calls = 0;
    let mut user = |b: &[u8]| {
        calls += 1;
        if b.len() < 2 {
            0
        } else {
            4
        }
    };
    // Too few: noted, and not asked again until more bytes came.
    let (v, note) = ask_user(b"a", None, MAX, &mut user);
    assert_eq!((v, note), (Decoded::Need(2), Some(HeadNote::TooFew(1))));
    assert_eq!(ask_user(b"a", note, MAX, &mut user).0, Decoded::Need(2));
    // A length: noted, and it stands until the packet is whole.
    let (v, note) = ask_user(b"ab", note, MAX, &mut user);
    assert_eq!((v, note), (Decoded::Need(4), Some(HeadNote::Length(4))));
    assert_eq!(
        ask_user(b"abcd", note, MAX, &mut user).0,
        Decoded::Packet(4)
    );
    assert_eq!(ask_user(b"", None, MAX, &mut user).0, Decoded::Need(1));
    assert_eq!(calls, 2);
    // Negative: not a packet.
    assert_eq!(
        ask_user(b"ab", None, MAX, &mut |_| -1).0,
        Decoded::Bad(Bad::LengthNotFound)
    );
}
