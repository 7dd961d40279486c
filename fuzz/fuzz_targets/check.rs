// Shared by the targets (included, not a module of the crate): what every parser must
// hold on any input.
use cosocket::protocol::Decoded;

/// Runs `decode` over `buf` and every prefix of the packet it finds, checking that a
/// packet's length is within the buffer, that "need more" asks for more than there
/// is, and that a verdict never changes as bytes are added (a packet's own bytes decode
/// to the same packet; a shorter prefix of it needs more).
pub fn check(buf: &[u8], decode: impl Fn(&[u8]) -> Decoded) {
    match decode(buf) {
        Decoded::Packet(n) => {
            assert!(n > 0 && n <= buf.len(), "Packet({n}) of {} bytes", buf.len());
            assert_eq!(decode(&buf[..n]), Decoded::Packet(n));
            // Walk a few prefixes (all of them would be quadratic).
            for k in [0, n / 2, n - 1] {
                if k < n {
                    match decode(&buf[..k]) {
                        Decoded::Need(m) => assert!(m > k),
                        Decoded::Packet(m) => panic!("prefix of {k} decoded as Packet({m}) inside a packet of {n}"),
                        Decoded::Bad(_) => {}
                    }
                }
            }
        }
        Decoded::Need(n) => assert!(n > buf.len(), "Need({n}) with {} bytes", buf.len()),
        Decoded::Bad(_) => {}
    }
}
