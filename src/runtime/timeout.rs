//! The one rule for a wait's timeout, as Swoole's APIs take it: seconds as a float.

use std::time::{Duration, Instant};

/// How long a wait may last: a timer, or none. Every wait of the core takes one (or an
/// `Option<Duration>`, which converts for free); the PHP layer makes it from seconds
/// with [`Timeout::from_secs`], the one place the rule for odd values is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Timeout(Option<Duration>);

/// A timeout of NAN seconds: no number at all. Every API fails at once with it (Swoole
/// would wait forever: `NAN > 0` is false there).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidTimeout;

impl Timeout {
    /// No timer: the wait lasts until what it waits for happens (or a cancel, a close).
    pub const NONE: Timeout = Timeout(None);

    /// Seconds as Swoole's APIs give them. A positive finite number arms a timer, of at
    /// least 1 ms (and at most 10^9 s); zero, a negative number, -INF and +INF arm none
    /// (+INF is "no timeout", not a timer that overflows). NAN is [`InvalidTimeout`].
    /// APIs where zero means something else (a socket's "its own timeout", a lookup's
    /// `socket_dns_timeout`) decide that before they call this.
    #[inline]
    pub fn from_secs(seconds: f64) -> Result<Timeout, InvalidTimeout> {
        // `> 0.0` first: it is false for NAN, and the commonest values (-1, 0) leave
        // after one comparison.
        if seconds > 0.0 {
            if seconds < f64::INFINITY {
                Ok(Timeout(Some(duration(seconds.clamp(0.001, 1e9)))))
            } else {
                Ok(Timeout::NONE)
            }
        } else if seconds.is_nan() {
            Err(InvalidTimeout)
        } else {
            Ok(Timeout::NONE)
        }
    }

    /// The timer's length, None for no timer.
    #[inline]
    pub fn duration(self) -> Option<Duration> {
        self.0
    }

    /// When a wait that starts now ends, None for never.
    #[inline]
    pub fn deadline(self) -> Option<Instant> {
        self.0.map(super::deadline_after)
    }
}

impl From<Option<Duration>> for Timeout {
    #[inline]
    fn from(d: Option<Duration>) -> Timeout {
        Timeout(d)
    }
}

impl From<Duration> for Timeout {
    #[inline]
    fn from(d: Duration) -> Timeout {
        Timeout(Some(d))
    }
}

/// Seconds in 0.001..=1e9 as a `Duration`, to the nearest nanosecond: one multiply
/// where `Duration::from_secs_f64`'s exact rounding costs ~50 instructions, on every
/// socket call that passes a timeout. 1e9 s is 1e18 ns, well inside a u64.
#[inline]
fn duration(seconds: f64) -> Duration {
    Duration::from_nanos((seconds * 1e9 + 0.5) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule() {
        let secs = |t| Timeout::from_secs(t).map(Timeout::duration);
        assert_eq!(secs(f64::NAN), Err(InvalidTimeout));
        assert_eq!(secs(1.5), Ok(Some(Duration::from_millis(1500))));
        assert_eq!(secs(1e-6), Ok(Some(Duration::from_millis(1))));
        assert_eq!(secs(1e300), Ok(Some(Duration::from_secs(1_000_000_000))));
        assert_eq!(secs(0.3), Ok(Some(Duration::from_millis(300))));
        assert_eq!(secs(2.5e-3), Ok(Some(Duration::from_micros(2500))));
        assert_eq!(secs(1e9), Ok(Some(Duration::from_secs(1_000_000_000))));
        for none in [0.0, -0.0, -1.0, f64::NEG_INFINITY, f64::INFINITY] {
            assert_eq!(secs(none), Ok(None), "{none}");
        }
    }
}
