//! The socket's state: checkLiveness(), getBoundCid(), cancel(), shutdown(), close(),
//! isClosed(), getsockname(), getpeername().

use super::setup::addr_array;
use super::{clear_err, fail, return_bool, this, Sock};
use crate::net::NetError;
use ext_php_rs::boxed::ZBox;
use ext_php_rs::types::ZendHashTable;

use crate::php::call::{php_fn, Cx, Fail};
use crate::runtime::Direction;

const SWOOLE_EVENT_READ: i64 = 512;
const SWOOLE_EVENT_WRITE: i64 = 1024;

php_fn! {
    /// Whether the peer is still there, without waiting.
    "checkLiveness" fn sock_check_liveness(cx) -> "bool" {
        let (obj, s) = this(cx)?;
        match s.net.check_liveness() {
            Ok(()) => {
                clear_err(obj);
                Ok(true)
            }
            Err(e) => Err(fail(obj, s, e)),
        }
    }
}

fn direction(event: i64) -> Option<Direction> {
    match event {
        SWOOLE_EVENT_READ => Some(Direction::Read),
        SWOOLE_EVENT_WRITE => Some(Direction::Write),
        _ => None,
    }
}

php_fn! {
    /// The coroutine waiting on SWOOLE_EVENT_READ or SWOOLE_EVENT_WRITE, 0 if none.
    "getBoundCid" fn sock_get_bound_cid(cx, event: i64) -> "int" {
        let (_, s) = this(cx)?;
        Ok::<_, Fail>(match direction(event) {
            Some(d) => s.net.bound_cid(d),
            // Both directions: the reader first, as Swoole.
            None => match s.net.bound_cid(Direction::Read) {
                0 if event & SWOOLE_EVENT_WRITE != 0 => s.net.bound_cid(Direction::Write),
                c if event & SWOOLE_EVENT_READ != 0 => c,
                _ => 0,
            },
        })
    }
}

php_fn! {
    /// Wakes the coroutine waiting on $event with false and errCode SOCKET_ECANCELED.
    "cancel" fn sock_cancel(cx, event: i64 = "SWOOLE_EVENT_READ") -> "bool" {
        let (_, s) = this(cx)?;
        let dir = if event == SWOOLE_EVENT_READ {
            Direction::Read
        } else {
            Direction::Write
        };
        Ok::<_, Fail>(s.net.cancel(dir))
    }
}

php_fn! {
    "shutdown" fn sock_shutdown(cx, how: i64 = "2") -> "bool" {
        let (obj, s) = this(cx)?;
        // Swoole's state: only a connected socket shuts down, each half once.
        let how = how as i32;
        let done =
            (how == libc::SHUT_RD && s.shut_rd.get()) || (how == libc::SHUT_WR && s.shut_wr.get());
        let r = if !s.connected.get() || done {
            Err(NetError::Os(libc::ENOTCONN))
        } else {
            match s.net.shutdown(how) {
                Ok(()) => {
                    s.shut_rd.set(s.shut_rd.get() || how != libc::SHUT_WR);
                    s.shut_wr.set(s.shut_wr.get() || how != libc::SHUT_RD);
                    Ok(())
                }
                // The peer reset the connection: both halves are gone.
                Err(NetError::Os(libc::ENOTCONN)) => {
                    s.shut_rd.set(true);
                    s.shut_wr.set(true);
                    Ok(())
                }
                Err(e) => Err(e),
            }
        };
        if s.shut_rd.get() && s.shut_wr.get() {
            s.connected.set(false);
        }
        return_bool(obj, s, r)
    }
}

php_fn! {
    "close" fn sock_close(cx) -> "bool" {
        let (_, s) = this(cx)?;
        s.close_now();
        let client = s.client.replace(std::ptr::null_mut());
        if !client.is_null() {
            // SAFETY: a client clears the pointer before it goes (see Sock::client).
            unsafe { super::client::socket_closed(client) };
        }
        Ok::<_, Fail>(true)
    }
}

php_fn! {
    "isClosed" fn sock_is_closed(cx) -> "bool" {
        cx.this::<Sock>().is_none_or(|s| s.net.is_closed())
    }
}

fn name_of(cx: &Cx, peer: bool) -> Result<ZBox<ZendHashTable>, Fail> {
    let (obj, s) = this(cx)?;
    let r = if peer {
        s.net.peer_addr()
    } else {
        s.net.local_addr()
    };
    match r {
        Ok(a) => Ok(addr_array(&a)),
        Err(e) => Err(fail(obj, s, e)),
    }
}

php_fn! {
    /// @return array{address: string, port: int}|false
    "getsockname" fn sock_getsockname(cx) -> "array|false" {
        name_of(cx, false)
    }
}

php_fn! {
    /// @return array{address: string, port: int}|false
    "getpeername" fn sock_getpeername(cx) -> "array|false" {
        name_of(cx, true)
    }
}
