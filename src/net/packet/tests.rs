//! recv_packet's limits: how often a length function is asked, how much is buffered
//! for one packet, and how much memory a declared length takes before its bytes come.

use super::*;
use crate::protocol::{LengthField, LengthType};
use crate::runtime::{self, LoopEnd};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

fn ms(n: u64) -> Option<Duration> {
    Some(Duration::from_millis(n))
}

fn pair() -> (Socket, Socket) {
    Socket::pair(libc::AF_UNIX, libc::SOCK_STREAM, 0).unwrap()
}

/// A 4-byte big-endian length, then the body.
fn frame(body: &[u8]) -> Vec<u8> {
    [&(body.len() as u32).to_be_bytes()[..], body].concat()
}

/// A length function over [`frame`]s that counts its calls and the bytes it was given.
fn counting(calls: Rc<RefCell<Vec<usize>>>) -> impl FnMut(&[u8]) -> i64 {
    move |buf: &[u8]| {
        calls.borrow_mut().push(buf.len());
        if buf.len() < 4 {
            return 0;
        }
        4 + u32::from_be_bytes([buf[0], buf[1], buf[2], buf[3]]) as i64
    }
}

#[test]
fn a_length_function_is_asked_once_per_packet() {
    let (a, b) = pair();
    let big = frame(&vec![b'x'; 1 << 20]);
    let small = frame(b"abc");
    let stream = [&big[..], &small[..]].concat();
    runtime::spawn(Box::new(move || {
        for piece in stream.chunks(16384) {
            assert!(a.send_all(piece, ms(1000)).1.is_none());
            runtime::sleep(Duration::from_millis(1));
        }
    }))
    .unwrap();
    let calls = Rc::new(RefCell::new(Vec::new()));
    let c = calls.clone();
    let got = Rc::new(RefCell::new(Vec::new()));
    let g = got.clone();
    runtime::spawn(Box::new(move || {
        let mut user = counting(c);
        for _ in 0..2 {
            match b
                .recv_packet(&Framing::User, 2 << 20, ms(5000), &mut user, |p| p.len())
                .unwrap()
            {
                Packet::Whole(n) => g.borrow_mut().push(n),
                other => panic!("{other:?}"),
            }
        }
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
    assert_eq!(*got.borrow(), [(1 << 20) + 4, 7]);
    // Once per packet (the small one may be asked about before its last bytes came).
    let calls = calls.borrow();
    assert!(calls.len() >= 2 && calls.len() <= 3, "{calls:?}");
    assert!(calls.iter().sum::<usize>() < 3 * READ_AHEAD, "{calls:?}");
}

#[test]
fn need_more_is_asked_again_only_when_bytes_came() {
    let (a, b) = pair();
    let pkt = frame(b"hello");
    runtime::spawn(Box::new(move || {
        for byte in &pkt[..3] {
            assert!(a.send_all(&[*byte], ms(1000)).1.is_none());
            runtime::sleep(Duration::from_millis(5));
        }
        // The reader times out here, and tries again before more comes.
        runtime::sleep(Duration::from_millis(60));
        assert!(a.send_all(&pkt[3..], ms(1000)).1.is_none());
    }))
    .unwrap();
    let calls = Rc::new(RefCell::new(Vec::new()));
    let c = calls.clone();
    let out = Rc::new(RefCell::new(Vec::new()));
    let o = out.clone();
    runtime::spawn(Box::new(move || {
        let mut user = counting(c);
        o.borrow_mut().push(
            b.recv_packet(&Framing::User, 1024, ms(30), &mut user, |p| p.to_vec())
                .map_err(|_| ()),
        );
        o.borrow_mut().push(
            b.recv_packet(&Framing::User, 1024, ms(10), &mut user, |p| p.to_vec())
                .map_err(|_| ()),
        );
        o.borrow_mut().push(
            b.recv_packet(&Framing::User, 1024, ms(1000), &mut user, |p| p.to_vec())
                .map_err(|_| ()),
        );
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
    assert_eq!(
        *out.borrow(),
        [Err(()), Err(()), Ok(Packet::Whole(frame(b"hello")))]
    );
    // Each call saw more bytes than the last: none was repeated after the timeouts.
    let calls = calls.borrow();
    assert_eq!(&calls[..3], [1, 2, 3]);
    assert_eq!(calls.len(), 4, "{calls:?}");
}

/// Writes 64 KiB chunks of `fill` (after `first`) until the reader stops reading.
fn flood(a: Socket, first: Vec<u8>, fill: u8) {
    runtime::spawn(Box::new(move || {
        let mut chunk = first;
        for _ in 0..128 {
            if a.send_all(&chunk, ms(300)).1.is_some() {
                break;
            }
            chunk = vec![fill; READ_AHEAD];
        }
    }))
    .unwrap();
}

#[test]
fn no_packet_grows_past_the_maximum() {
    const MAX: usize = 1 << 20;
    // A length function that never tells, an EOF that never comes, a declared length
    // over the maximum: each stops once past the maximum, whatever keeps coming.
    let field = LengthField {
        kind: LengthType::U32Be,
        offset: 0,
        body_offset: 4,
    };
    let cases = [
        (Framing::User, vec![b'x'; READ_AHEAD]),
        (Framing::Eof(b"\r\n".to_vec()), vec![b'x'; READ_AHEAD]),
        (
            Framing::Length(field),
            [&(2u32 << 20).to_be_bytes()[..], &[b'x'; 100]].concat(),
        ),
    ];
    for (framing, first) in cases {
        let (a, b) = pair();
        flood(a, first, b'x');
        let seen = Rc::new(RefCell::new(Vec::new()));
        let s = seen.clone();
        let out = Rc::new(RefCell::new(None));
        let o = out.clone();
        runtime::spawn(Box::new(move || {
            let user = |buf: &[u8]| {
                s.borrow_mut().push(buf.len());
                0
            };
            *o.borrow_mut() = Some(
                b.recv_packet(&framing, MAX, ms(5000), user, |p| p.len())
                    .unwrap(),
            );
            assert!(b.buffer.borrow().is_empty());
        }))
        .unwrap();
        assert_eq!(runtime::run(), LoopEnd::Done);
        let out = out.borrow_mut().take().unwrap();
        assert!(
            matches!(
                out,
                Packet::Bad(Bad::NoEnd) | Packet::Bad(Bad::TooLarge(0x200004))
            ),
            "{out:?}"
        );
        let most = seen.borrow().iter().copied().max().unwrap_or(0);
        assert!(
            most < MAX + READ_AHEAD + MARGIN,
            "the length function saw {most} bytes"
        );
    }
}

#[test]
fn a_declared_length_takes_memory_only_as_its_bytes_come() {
    // 3 GiB declared (within the maximum), 3 bytes sent: the read waits with little
    // memory held, then ends as the peer does.
    let field = LengthField {
        kind: LengthType::U32Be,
        offset: 0,
        body_offset: 4,
    };
    for framing in [Framing::Length(field), Framing::User] {
        let (a, b) = pair();
        let out = Rc::new(RefCell::new(Vec::new()));
        let o = out.clone();
        runtime::spawn(Box::new(move || {
            assert!(a
                .send_all(
                    &[&(3u32 << 30).to_be_bytes()[..], b"abc"].concat(),
                    ms(1000)
                )
                .1
                .is_none());
            runtime::sleep(Duration::from_millis(50));
            a.close();
        }))
        .unwrap();
        runtime::spawn(Box::new(move || {
            let mut user = counting(Rc::new(RefCell::new(Vec::new())));
            let max = u32::MAX as usize;
            let r = b.recv_packet(&framing, max, ms(20), &mut user, |p| p.len());
            let held = b.buffer.borrow().capacity();
            o.borrow_mut().push(format!(
                "{r:?} holding {}",
                if held <= 2 * READ_AHEAD {
                    "little"
                } else {
                    "much"
                }
            ));
            let r = b.recv_packet(&framing, max, ms(1000), &mut user, |p| p.len());
            o.borrow_mut().push(format!("{r:?}"));
        }))
        .unwrap();
        assert_eq!(runtime::run(), LoopEnd::Done);
        assert_eq!(*out.borrow(), ["Err(Timeout) holding little", "Ok(Closed)"]);
    }
}
