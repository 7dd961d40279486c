//! Scatter/gather I/O: readVector(), readVectorAll(), writeVector(), writeVectorAll().

use std::ptr;
use std::sync::atomic::Ordering;

use ext_php_rs::types::{ZendHashTable, Zval};

use super::{
    clear_err, limit, net_err, ret_false, set_err, this, Sock, SockTimeouts, EXCEPTION_CE,
};
use crate::net::{Deadline, NetError};
use crate::php::errors;
use crate::php::php_fn;
use crate::php::zend::{self, zend_object};
use crate::runtime::Timeout;

/// Checks a readVector()/writeVector() array; throws Swoole's Socket\Exception and
/// returns None on a bad item. Yields the items.
///
/// What every vector method starts with: its arguments, the coroutine check, `$this`,
/// the checked array and the timeout (read or write). None: the call has returned.
///
/// # Safety
/// Called from a handler: PHP's thread, executor active, `ex`/`rv` the handler's frame and return value. `$this` is a Socket (or a subclass).
unsafe fn vector_call<'a>(
    ex: *mut zend::zend_execute_data,
    rv: *mut zend::zval,
    write: bool,
) -> Option<(*mut zend_object, &'a Sock, Vec<&'a Zval>, Timeout)> {
    let (mut arr, mut timeout): (*mut zend::zval, f64) = (ptr::null_mut(), 0.0);
    if zend::zend_parse_parameters(zend::num_args(ex), c"a|d".as_ptr(), &mut arr, &mut timeout) != 0
    {
        return None;
    }
    errors::require_coroutine();
    let (obj, s) = this(ex, rv)?;
    let items = io_vector(obj, rv, arr, write)?;
    let which: fn(&SockTimeouts) -> f64 = if write { |t| t.write } else { |t| t.read };
    let t = limit(rv, obj, s, s.timeout(timeout, which))?;
    Some((obj, s, items, t))
}

/// # Safety
/// `obj` is the live Socket object, `rv` the handler's return value, `arr` the zpp array argument.
unsafe fn io_vector<'a>(
    obj: *mut zend_object,
    rv: *mut zend::zval,
    arr: *mut zend::zval,
    want_string: bool,
) -> Option<Vec<&'a Zval>> {
    let ht = zend::zv(arr).array()?;
    if ht.len() as i64 > crate::php::constants::SWOOLE_IOV_MAX {
        set_err(
            obj,
            libc::EINVAL,
            &format!(
                "The maximum of iov count is {}",
                crate::php::constants::SWOOLE_IOV_MAX
            ),
        );
        ret_false(rv);
        return None;
    }
    let mut items = Vec::with_capacity(ht.len());
    for (i, v) in ht.values().enumerate() {
        let exc = EXCEPTION_CE.load(Ordering::Relaxed);
        let ok_type = if want_string {
            v.is_string()
        } else {
            v.is_long()
        };
        if !ok_type {
            let want = if want_string { "string" } else { "int" };
            let msg = format!(
                "Item #[{i}] must be of type {want}, {} given",
                zend::type_name((v as *const Zval).cast_mut().cast())
            );
            zend::throw(exc, &msg, libc::EINVAL as i64);
            return None;
        }
        if want_string && v.zend_str().is_some_and(|s| s.is_empty()) {
            zend::throw(
                exc,
                &format!("Item #[{i}] cannot be empty string"),
                libc::EINVAL as i64,
            );
            return None;
        }
        if !want_string && v.long().is_some_and(|n| n <= 0) {
            zend::throw(
                exc,
                &format!("Item #[{i}] must be greater than 0"),
                libc::EINVAL as i64,
            );
            return None;
        }
        items.push(&*(v as *const Zval));
    }
    Some(items)
}

/// # Safety
/// Called from a handler: PHP's thread, executor active, `ex`/`rv` the handler's frame and return value. `$this` is a Socket (or a subclass).
unsafe fn read_vector(ex: *mut zend::zend_execute_data, rv: *mut zend::zval, all: bool) {
    let Some((obj, s, items, t)) = vector_call(ex, rv, false) else {
        return;
    };
    if items.is_empty() {
        // Nothing to read: done at once, whatever the socket's state.
        clear_err(obj);
        return zend::zv(rv).set_hashtable(ZendHashTable::new());
    }
    let lens: Vec<usize> = items
        .iter()
        .map(|v| v.long().unwrap_or(0) as usize)
        .collect();
    let total: usize = lens.iter().sum();
    // One zend_string per segment, filled in place by readv.
    let bufs: Vec<*mut zend::zend_string> = lens.iter().map(|&n| zend::zstr_alloc(n)).collect();
    let iov: Vec<libc::iovec> = bufs
        .iter()
        .zip(&lens)
        .map(|(&b, &n)| libc::iovec {
            iov_base: (*b).val.as_mut_ptr().cast(),
            iov_len: n,
        })
        .collect();
    let deadline = Deadline::new(t);
    let result = if all {
        readv_all(s, &iov, total, &deadline)
    } else {
        s.net.readv(&iov, &deadline).map_err(|e| (0, e))
    };
    let n = match result {
        Ok(n) => {
            clear_err(obj);
            n
        }
        Err((n, e)) => {
            net_err(obj, s, e);
            n
        }
    };
    // readVector() fails with false; readVectorAll() gives what it got, [] included.
    if n == 0 && result.is_err() && !all {
        bufs.iter().for_each(|&b| zend::zstr_free(b));
        return ret_false(rv);
    }
    let mut ht = ZendHashTable::new();
    let mut left = n;
    for (&b, &len) in bufs.iter().zip(&lens) {
        if left == 0 {
            zend::zstr_free(b);
            continue;
        }
        let used = len.min(left);
        left -= used;
        let mut z = Zval::new();
        zend::return_str((&mut z as *mut Zval).cast(), zend::zstr_finish(b, used));
        let _ = ht.push(z);
    }
    zend::zv(rv).set_hashtable(ht);
}

/// readv until every segment is full, the peer closes, or an error; Err carries the
/// count so far.
///
/// # Safety
/// Each iovec points to `iov_len` writable bytes, untouched by anyone else until this returns.
unsafe fn readv_all(
    s: &Sock,
    iov: &[libc::iovec],
    total: usize,
    deadline: &Deadline,
) -> Result<usize, (usize, NetError)> {
    let mut done = 0;
    let mut rest: Vec<libc::iovec> = iov.to_vec();
    while done < total {
        match s.net.readv(&rest, deadline) {
            Ok(0) => break,
            Ok(n) => {
                done += n;
                advance(&mut rest, n);
            }
            Err(e) => return Err((done, e)),
        }
    }
    Ok(done)
}

/// Drops the first `n` bytes from an iovec list.
fn advance(iov: &mut Vec<libc::iovec>, mut n: usize) {
    while n > 0 && !iov.is_empty() {
        if n >= iov[0].iov_len {
            n -= iov[0].iov_len;
            iov.remove(0);
        } else {
            // SAFETY: moving within the same buffer, n < iov_len.
            iov[0].iov_base = unsafe { iov[0].iov_base.cast::<u8>().add(n) }.cast();
            iov[0].iov_len -= n;
            n = 0;
        }
    }
}

php_fn!(sock_read_vector, |ex, rv| { read_vector(ex, rv, false) });
php_fn!(sock_read_vector_all, |ex, rv| { read_vector(ex, rv, true) });

/// # Safety
/// Called from a handler: PHP's thread, executor active, `ex`/`rv` the handler's frame and return value. `$this` is a Socket (or a subclass).
unsafe fn write_vector(ex: *mut zend::zend_execute_data, rv: *mut zend::zval, all: bool) {
    let Some((obj, s, items, t)) = vector_call(ex, rv, true) else {
        return;
    };
    if items.is_empty() {
        clear_err(obj);
        return zend::zv(rv).set_long(0);
    }
    let parts: Vec<&[u8]> = items
        .iter()
        .map(|v| v.zend_str().map_or(&[][..], |z| z.as_bytes()))
        .collect();
    let deadline = Deadline::new(t);
    let total: usize = parts.iter().map(|p| p.len()).sum();
    let mut sent = 0;
    let mut err = None;
    loop {
        let slices = remaining_slices(&parts, sent);
        match s.net.writev(&slices, &deadline) {
            Ok(n) => sent += n,
            Err(e) => {
                err = Some(e);
                break;
            }
        }
        if !all || sent >= total {
            break;
        }
    }
    match err {
        Some(e) if sent == 0 => {
            net_err(obj, s, e);
            ret_false(rv);
        }
        Some(e) => {
            net_err(obj, s, e);
            zend::zv(rv).set_long(sent as i64);
        }
        None => {
            clear_err(obj);
            zend::zv(rv).set_long(sent as i64);
        }
    }
}

/// The parts of `parts` left after skipping `skip` bytes.
fn remaining_slices<'a>(parts: &[&'a [u8]], mut skip: usize) -> Vec<std::io::IoSlice<'a>> {
    let mut out = Vec::with_capacity(parts.len());
    for p in parts {
        if skip >= p.len() {
            skip -= p.len();
        } else {
            out.push(std::io::IoSlice::new(&p[skip..]));
            skip = 0;
        }
    }
    out
}

php_fn!(sock_write_vector, |ex, rv| { write_vector(ex, rv, false) });
php_fn!(sock_write_vector_all, |ex, rv| {
    write_vector(ex, rv, true)
});
