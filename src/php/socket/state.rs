//! The socket's state: checkLiveness(), getBoundCid(), cancel(), shutdown(), close(),
//! isClosed(), getsockname(), getpeername().

use super::setup::addr_array;
use super::stream::{
    _php_stream_free, live_stream, PHP_STREAM_FREE_CLOSE, PHP_STREAM_FREE_KEEP_RSRC,
};
use super::{clear_err, net_err, ret_false, return_bool, this, Sock};
use crate::net::NetError;
use crate::php::object;
use crate::php::{php_fn, zend};
use crate::runtime::Direction;

const SWOOLE_EVENT_READ: i64 = 512;
const SWOOLE_EVENT_WRITE: i64 = 1024;

php_fn!(sock_check_liveness, |ex, rv| {
    if zend::zend_parse_parameters(zend::num_args(ex), c"".as_ptr()) != 0 {
        return;
    }
    let Some((obj, s)) = this(ex, rv) else { return };
    match s.net.check_liveness() {
        Ok(()) => {
            clear_err(obj);
            zend::zv(rv).set_bool(true);
        }
        Err(e) => {
            net_err(obj, s, e);
            ret_false(rv);
        }
    }
});

fn direction(event: i64) -> Option<Direction> {
    match event {
        SWOOLE_EVENT_READ => Some(Direction::Read),
        SWOOLE_EVENT_WRITE => Some(Direction::Write),
        _ => None,
    }
}

php_fn!(sock_get_bound_cid, |ex, rv| {
    let mut event: i64 = 0;
    if zend::zend_parse_parameters(zend::num_args(ex), c"l".as_ptr(), &mut event) != 0 {
        return;
    }
    let Some((_obj, s)) = this(ex, rv) else {
        return;
    };
    let cid = match direction(event) {
        Some(d) => s.net.bound_cid(d),
        // Both directions: the reader first, as Swoole.
        None => match s.net.bound_cid(Direction::Read) {
            0 if event & SWOOLE_EVENT_WRITE != 0 => s.net.bound_cid(Direction::Write),
            c if event & SWOOLE_EVENT_READ != 0 => c,
            _ => 0,
        },
    };
    zend::zv(rv).set_long(cid);
});

php_fn!(sock_cancel, |ex, rv| {
    let mut event: i64 = SWOOLE_EVENT_READ;
    if zend::zend_parse_parameters(zend::num_args(ex), c"|l".as_ptr(), &mut event) != 0 {
        return;
    }
    let Some((_obj, s)) = this(ex, rv) else {
        return;
    };
    let dir = if event == SWOOLE_EVENT_READ {
        Direction::Read
    } else {
        Direction::Write
    };
    zend::zv(rv).set_bool(s.net.cancel(dir));
});

php_fn!(sock_shutdown, |ex, rv| {
    let mut how: i64 = libc::SHUT_RDWR as i64;
    if zend::zend_parse_parameters(zend::num_args(ex), c"|l".as_ptr(), &mut how) != 0 {
        return;
    }
    let Some((obj, s)) = this(ex, rv) else { return };
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
    return_bool(rv, obj, s, r);
});

php_fn!(sock_close, |ex, rv| {
    if zend::zend_parse_parameters(zend::num_args(ex), c"".as_ptr()) != 0 {
        return;
    }
    let Some((_obj, s)) = this(ex, rv) else {
        return;
    };
    // Swoole leaves the `fd` property as it was.
    let stream = s.stream.borrow_mut().take();
    // Swoole shuts a connection (made by connect() or accept()) down before closing it,
    // so its peer reads EOF, not a reset, when input is left unread here. Not an
    // imported one: its stream closes it, as in Swoole.
    if stream.is_none() && (s.connected.get() || s.shut_rd.get() || s.shut_wr.get()) {
        s.net.close_connection();
    } else {
        s.net.close();
    }
    if let Some(z) = stream {
        // An imported socket: closing its stream closes the fd (the peer sees EOF);
        // the resource stays, as a closed one (PHP's own fclose() leaves the same).
        let p = live_stream(&z);
        if !p.is_null() {
            _php_stream_free(p, PHP_STREAM_FREE_KEEP_RSRC | PHP_STREAM_FREE_CLOSE);
        }
    }
    zend::zv(rv).set_bool(true);
});

php_fn!(sock_is_closed, |ex, rv| {
    if zend::zend_parse_parameters(zend::num_args(ex), c"".as_ptr()) != 0 {
        return;
    }
    let closed = object::get::<Sock>(zend::this_obj(ex)).is_none_or(|s| s.net.is_closed());
    zend::zv(rv).set_bool(closed);
});

/// # Safety
/// Called from a handler: PHP's thread, executor active, `ex`/`rv` the handler's frame and return value. `$this` is a Socket (or a subclass).
unsafe fn name_of(ex: *mut zend::zend_execute_data, rv: *mut zend::zval, peer: bool) {
    if zend::zend_parse_parameters(zend::num_args(ex), c"".as_ptr()) != 0 {
        return;
    }
    let Some((obj, s)) = this(ex, rv) else { return };
    match if peer {
        s.net.peer_addr()
    } else {
        s.net.local_addr()
    } {
        Ok(a) => zend::zv(rv).set_hashtable(addr_array(&a)),
        Err(e) => {
            net_err(obj, s, e);
            ret_false(rv);
        }
    }
}

php_fn!(sock_getsockname, |ex, rv| { name_of(ex, rv, false) });
php_fn!(sock_getpeername, |ex, rv| { name_of(ex, rv, true) });
