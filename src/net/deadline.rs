//! A wait's deadline, shared by the steps of one call.

use std::cell::Cell;
use std::time::{Duration, Instant};

use crate::runtime::{self, Timeout};

/// A timeout that becomes an instant only when an operation first has to wait, so
/// that calls which complete at once never read the clock. Loops (`send_all`...) share
/// one, so their timeout bounds the whole loop.
pub struct Deadline {
    timeout: Option<Duration>,
    at: Cell<Option<Instant>>,
}

impl Deadline {
    /// None: no limit.
    pub fn new(timeout: impl Into<Timeout>) -> Deadline {
        Deadline {
            timeout: timeout.into().duration(),
            at: Cell::new(None),
        }
    }

    /// A deadline whose clock starts now: several calls share one timeout.
    pub fn starting_now(timeout: impl Into<Timeout>) -> Deadline {
        let d = Deadline::new(timeout);
        d.instant();
        d
    }

    pub(crate) fn instant(&self) -> Option<Instant> {
        let t = self.timeout?;
        // Cell::get() is a copy: the instant must be stored back, or every wait of a
        // loop would get the whole timeout again.
        let at = self.at.get().unwrap_or_else(|| runtime::deadline_after(t));
        self.at.set(Some(at));
        Some(at)
    }

    /// The end of a step with a limit of its own (`timeout` from now, None: none) that
    /// this deadline bounds too: whichever comes first. connect()'s DNS lookup ends by
    /// `socket_dns_timeout` or connect()'s deadline.
    pub fn within(&self, timeout: impl Into<Timeout>) -> Option<Instant> {
        let step = timeout.into().deadline();
        match (self.instant(), step) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}
