//! What a socket operation fails with: an errno, one of Swoole's own codes, the end of a
//! wait (timeout, cancel, close), or a TLS failure.

use std::fmt;

use openssl::error::ErrorStack;
use openssl::x509::X509VerifyResult;

use crate::errors::code;
use crate::runtime::{Cid, WaitError, Wake};

/// `ERR_SYSTEM_FLAG` (OpenSSL 3): the error code is this flag and an errno.
const ERR_SYSTEM_FLAG: libc::c_ulong = 1 << 31;

/// Why an operation failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetError {
    /// The syscall's errno.
    Os(i32),
    /// One of Swoole's own codes (`crate::errors`), for failures no errno names: a bad
    /// port, a failed lookup...
    Swoole(i32),
    /// The timeout passed.
    Timeout,
    /// `cancel()` ended the wait.
    Cancelled,
    /// The socket was closed while this coroutine waited on it.
    Closed,
    /// Another coroutine already waits in this direction (Swoole makes this fatal).
    Bound(Cid),
    /// The operation must wait, and the caller is not a coroutine.
    NotInCoroutine,
    /// A TLS failure, with Swoole's `SW_ERROR_SSL_*` code and OpenSSL's reason.
    Tls(TlsError),
}

/// What every socket operation returns.
pub type NetResult<T> = Result<T, NetError>;

/// What a wait on an fd ended with, for the operation that waited: Ok to try its
/// syscall again, else why it stops.
pub(super) fn wait_outcome(r: Result<Wake, WaitError>) -> NetResult<()> {
    match r {
        Ok(Wake::Ready) | Ok(Wake::Resumed) => Ok(()),
        Ok(Wake::Timeout) => Err(NetError::Timeout),
        Ok(Wake::Cancelled) => Err(NetError::Cancelled),
        Ok(Wake::Closed) => Err(NetError::Closed),
        Err(WaitError::Bound(cid)) => Err(NetError::Bound(cid)),
        Err(WaitError::Os(e)) => Err(NetError::Os(e)),
    }
}

/// Which of Swoole's error codes a TLS failure is (`SW_ERROR_SSL_*`, `swoole_error.h`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsErrorKind {
    /// Reading or writing before the handshake ended, or after it failed (1011).
    NotReady,
    /// The peer's certificate failed verification, or none came where one is required
    /// (1014).
    VerifyFailed,
    /// A server handshake failed, or a record was bad in the data phase (1015: Swoole
    /// reports "bad client" for both, on either side).
    BadClient,
    /// The TLS stream is out of step (1016): a write that timed out halfway through a
    /// record leaves nothing that can be sent after it.
    BadProtocol,
    /// The peer closed or reset the connection during a server's handshake; a write
    /// failed on a reset connection, or came after the peer had closed (1017).
    Reset,
    /// A client handshake failed: the peer does not speak TLS, no common version or
    /// cipher, the peer closed or reset the connection, or the client's settings cannot
    /// make a context (1018, as Swoole's connect()).
    HandshakeFailed,
    /// A server's settings cannot make a context: a missing or bad certificate, key,
    /// CA file, cipher list or curve (1019).
    CreateContextFailed,
    /// OpenSSL could not make a connection object (1020).
    CreateSessionFailed,
    /// A handshake on a socket that already runs TLS (Swoole's `SW_ERROR_WRONG_OPERATION`, 509).
    WrongOperation,
}

impl TlsErrorKind {
    /// Swoole's error code (`$socket->errCode`).
    pub fn code(self) -> i32 {
        match self {
            TlsErrorKind::NotReady => code::SW_ERROR_SSL_NOT_READY,
            TlsErrorKind::VerifyFailed => code::SW_ERROR_SSL_VERIFY_FAILED,
            TlsErrorKind::BadClient => code::SW_ERROR_SSL_BAD_CLIENT,
            TlsErrorKind::BadProtocol => code::SW_ERROR_SSL_BAD_PROTOCOL,
            TlsErrorKind::Reset => code::SW_ERROR_SSL_RESET,
            TlsErrorKind::HandshakeFailed => code::SW_ERROR_SSL_HANDSHAKE_FAILED,
            TlsErrorKind::CreateContextFailed => code::SW_ERROR_SSL_CREATE_CONTEXT_FAILED,
            TlsErrorKind::CreateSessionFailed => code::SW_ERROR_SSL_CREATE_SESSION_FAILED,
            TlsErrorKind::WrongOperation => code::SW_ERROR_WRONG_OPERATION,
        }
    }

    /// Swoole's message for the code (`swoole_strerror()`).
    pub fn swoole_message(self) -> &'static str {
        crate::errors::message(self.code()).unwrap_or_default()
    }
}

/// A TLS failure: Swoole's code and the reason OpenSSL (or the kernel) gave. `Copy`, like
/// every [`crate::net::NetError`]: the reason is one of OpenSSL's static strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TlsError {
    /// Which failure, and so which Swoole code.
    pub kind: TlsErrorKind,
    /// Why, in OpenSSL's words ("certificate verify failed", "wrong version number"...),
    /// or cosocket's own; "" if nothing more is known.
    pub reason: &'static str,
    /// The certificate verification result (`X509_V_ERR_*`), 0 if verification did not
    /// fail (or did not run).
    pub verify: i32,
    /// The errno of a failed syscall beneath, 0 if none.
    pub os: i32,
    /// OpenSSL's packed code of the first queued error (`ERR_get_error()`), 0 if none:
    /// what PHP prints as `error:0A000086:...`.
    pub code: libc::c_ulong,
}

impl TlsError {
    /// A failure with a reason of cosocket's own.
    pub fn new(kind: TlsErrorKind, reason: &'static str) -> TlsError {
        TlsError {
            kind,
            reason,
            verify: 0,
            os: 0,
            code: 0,
        }
    }

    /// From OpenSSL's error queue: the first entry's reason (the root cause). A failed
    /// syscall (a CA file that cannot be opened) has no reason string in OpenSSL 3: its
    /// errno is kept instead.
    pub(in crate::net) fn from_stack(kind: TlsErrorKind, stack: &ErrorStack) -> TlsError {
        let first = stack.errors().first();
        let mut e = TlsError::new(kind, first.and_then(|e| e.reason()).unwrap_or(""));
        if let Some(code) = first.map(|e| e.code()) {
            e.code = code;
            if e.reason.is_empty() && code & ERR_SYSTEM_FLAG != 0 {
                e.os = (code & !ERR_SYSTEM_FLAG) as i32;
            }
        }
        e
    }

    /// From a failed syscall or file read.
    pub(in crate::net) fn io(kind: TlsErrorKind, e: &std::io::Error) -> TlsError {
        TlsError {
            os: e.raw_os_error().unwrap_or(libc::EIO),
            ..TlsError::new(kind, "")
        }
    }

    /// Swoole's code (`errCode`).
    pub fn code(&self) -> i32 {
        self.kind.code()
    }

    /// The message for `errMsg`: Swoole's text for the code, then the reason.
    pub fn message(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for TlsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.swoole_message())?;
        let mut sep = ": ";
        if self.verify != 0 {
            // SAFETY: the number came from OpenSSL's own verification result.
            let v = unsafe { X509VerifyResult::from_raw(self.verify) };
            write!(f, "{sep}{}", v.error_string())?;
            sep = ", ";
        }
        if !self.reason.is_empty() && self.verify == 0 {
            write!(f, "{sep}{}", self.reason)?;
            sep = ", ";
        }
        if self.os != 0 {
            write!(f, "{sep}{}", std::io::Error::from_raw_os_error(self.os))?;
        }
        Ok(())
    }
}

impl std::error::Error for TlsError {}
