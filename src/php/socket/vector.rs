//! Scatter/gather I/O: readVector(), readVectorAll(), writeVector(), writeVectorAll().

use ext_php_rs::boxed::ZBox;
use ext_php_rs::types::{ZendHashTable, Zval};

use super::{clear_err, exception_ce, fail, limit, net_err, set_err, this, Obj, Sock, Wait};
use crate::net::{Deadline, NetError};
use crate::php::call::{php_fn, Cx, Fail};
use crate::php::errors;
use crate::php::zend;
use crate::runtime::Timeout;

/// A vector call's start: `$this`, its socket, the array's items, the wait limit.
type VectorCall<'a> = (Obj, &'a Sock, Vec<&'a Zval>, Timeout);

/// What every vector method starts with: the coroutine check, `$this`, the checked
/// array and the timeout (read or write).
fn vector_call<'a>(
    cx: &Cx<'a>,
    arr: &'a ZendHashTable,
    timeout: f64,
    write: bool,
) -> Result<VectorCall<'a>, Fail> {
    errors::require_coroutine();
    let (obj, s) = this(cx)?;
    let items = io_vector(obj, arr, write)?;
    let which = if write { Wait::Write } else { Wait::Read };
    let t = limit(obj, s, s.timeout(timeout, which))?;
    Ok((obj, s, items, t))
}

/// Checks a readVector()/writeVector() array; throws Swoole's Socket\Exception on a
/// bad item. Yields the items.
fn io_vector(obj: Obj, ht: &ZendHashTable, want_string: bool) -> Result<Vec<&Zval>, Fail> {
    if ht.len() as i64 > crate::php::constants::SWOOLE_IOV_MAX {
        set_err(
            obj,
            libc::EINVAL,
            &format!(
                "The maximum of iov count is {}",
                crate::php::constants::SWOOLE_IOV_MAX
            ),
        );
        return Err(Fail::False);
    }
    let exc = exception_ce;
    let mut items = Vec::with_capacity(ht.len());
    for (i, v) in ht.values().enumerate() {
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
            return Err(Fail::throw(exc, msg, libc::EINVAL as i64));
        }
        if want_string && v.zend_str().is_some_and(|s| s.is_empty()) {
            return Err(Fail::throw(
                exc,
                format!("Item #[{i}] cannot be empty string"),
                libc::EINVAL as i64,
            ));
        }
        if !want_string && v.long().is_some_and(|n| n <= 0) {
            return Err(Fail::throw(
                exc,
                format!("Item #[{i}] must be greater than 0"),
                libc::EINVAL as i64,
            ));
        }
        items.push(v);
    }
    Ok(items)
}

fn read_vector(
    cx: &Cx,
    io_vector: &ZendHashTable,
    timeout: f64,
    all: bool,
) -> Result<ZBox<ZendHashTable>, Fail> {
    let (obj, s, items, t) = vector_call(cx, io_vector, timeout, false)?;
    if items.is_empty() {
        // Nothing to read: done at once, whatever the socket's state.
        clear_err(obj);
        return Ok(ZendHashTable::new());
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
            // SAFETY: a fresh string of `n` bytes.
            iov_base: unsafe { (*b).val.as_mut_ptr() }.cast(),
            iov_len: n,
        })
        .collect();
    let deadline = Deadline::new(t);
    // SAFETY: each iovec points into its own fresh string, used by nobody else.
    let result = unsafe {
        if all {
            readv_all(s, &iov, total, &deadline)
        } else {
            s.net.readv(&iov, &deadline).map_err(|e| (0, e))
        }
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
    // SAFETY: the strings are ours, not shared; the first `n` bytes, in order, were
    // written by the reads.
    unsafe {
        // readVector() fails with false; readVectorAll() gives what it got, [] included.
        if n == 0 && result.is_err() && !all {
            bufs.iter().for_each(|&b| zend::zstr_free(b));
            return Err(Fail::False);
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
        Ok(ht)
    }
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

php_fn! {
    /// readVector([5, 5]) reads "helloworld" as ['hello', 'world'].
    "readVector" fn sock_read_vector(cx, io_vector: &ZendHashTable, timeout: f64 = "0") -> "array|false" {
        read_vector(cx, io_vector, timeout, false)
    }
}

php_fn! {
    "readVectorAll" fn sock_read_vector_all(cx, io_vector: &ZendHashTable, timeout: f64 = "0") -> "array|false" {
        read_vector(cx, io_vector, timeout, true)
    }
}

fn write_vector(cx: &Cx, io_vector: &ZendHashTable, timeout: f64, all: bool) -> Result<i64, Fail> {
    let (obj, s, items, t) = vector_call(cx, io_vector, timeout, true)?;
    if items.is_empty() {
        clear_err(obj);
        return Ok(0);
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
        Some(e) if sent == 0 => Err(fail(obj, s, e)),
        Some(e) => {
            net_err(obj, s, e);
            Ok(sent as i64)
        }
        None => {
            clear_err(obj);
            Ok(sent as i64)
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

php_fn! {
    "writeVector" fn sock_write_vector(cx, io_vector: &ZendHashTable, timeout: f64 = "0") -> "int|false" {
        write_vector(cx, io_vector, timeout, false)
    }
}

php_fn! {
    "writeVectorAll" fn sock_write_vector_all(cx, io_vector: &ZendHashTable, timeout: f64 = "0") -> "int|false" {
        write_vector(cx, io_vector, timeout, true)
    }
}
