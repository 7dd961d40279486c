//! `Swoole\Coroutine\Channel` and `Swoole\Coroutine\WaitGroup` over the core's channel
//! and wait queue.

use std::cell::Cell;
use std::sync::atomic::{AtomicPtr, Ordering};

use ext_php_rs::ffi;
use ext_php_rs::types::{ZendHashTable, Zval};

use super::decl::{self, arg, opt, Func, Ty};
use super::errors::{self, require_coroutine};
use super::object::{self, Native};
use super::php_fn;
use super::zend::{
    self, zend_class_entry, Fast, MAY_BE_ANY, MAY_BE_ARRAY, MAY_BE_BOOL, MAY_BE_DOUBLE,
    MAY_BE_LONG, MAY_BE_VOID,
};
use crate::runtime::channel::{Channel as CoreChannel, ChannelError};
use crate::runtime::{Timeout, WaitQueue, Wake};

pub const CHANNEL_OK: i64 = 0;
pub const CHANNEL_TIMEOUT: i64 = -1;
pub const CHANNEL_CLOSED: i64 = -2;
pub const CHANNEL_CANCELED: i64 = -3;

/// A timeout argument that is NAN: no number of seconds at all.
pub use crate::runtime::InvalidTimeout as NanTimeout;

/// Swoole's wait timeouts for channels, wait groups, `join()` and lookups, in seconds
/// (the rule: [`Timeout::from_secs`]). NAN is refused: the caller fails at once with
/// [`nan_timeout`]'s last error, rather than waiting forever as Swoole does.
pub fn wait_timeout(seconds: f64) -> Result<Timeout, NanTimeout> {
    Timeout::from_secs(seconds)
}

/// Records a NAN timeout as Swoole's "Invalid params" (505) in `swoole_last_error()`.
pub fn nan_timeout() {
    errors::set_last_error(errors::SW_ERROR_INVALID_PARAMS);
}

pub struct Channel(CoreChannel<Zval>);

impl Native for Channel {
    fn handlers() -> &'static AtomicPtr<ffi::zend_object_handlers> {
        static H: AtomicPtr<ffi::zend_object_handlers> = AtomicPtr::new(std::ptr::null_mut());
        &H
    }
}

/// The channel behind `$this`, throwing if the constructor never ran.
///
/// # Safety
/// Called from a handler: PHP's thread, executor active, `ex`/`rv` the handler's frame and return value. `$this` is a Channel (or a subclass).
unsafe fn this_channel<'a>(ex: *mut zend::zend_execute_data) -> Option<&'a Channel> {
    let obj = zend::this_obj(ex);
    let ch = object::get::<Channel>(obj);
    if ch.is_none() {
        zend::throw(
            errors::error_ce(),
            "you must call Channel constructor first",
            0,
        );
    }
    ch
}

fn set_err_code(ex: *mut zend::zend_execute_data, code: i64) {
    // SAFETY: `$this` is a Channel (or a subclass): `errCode` is declared slot 1.
    unsafe {
        let slot = zend::zv((*zend::this_obj(ex)).properties_table.as_mut_ptr().add(1));
        if slot.long() != Some(code) {
            slot.set_long(code);
        }
    }
}

fn channel_error_code(e: ChannelError) -> i64 {
    match e {
        ChannelError::Timeout => CHANNEL_TIMEOUT,
        ChannelError::Closed => CHANNEL_CLOSED,
        ChannelError::Cancelled => CHANNEL_CANCELED,
    }
}

php_fn!(channel_construct, |ex, rv| {
    let mut size: i64 = 1;
    if zend::zend_parse_parameters(zend::num_args(ex), c"|l".as_ptr(), &mut size) != 0 {
        return;
    }
    let size = if size <= 0 { 1 } else { size };
    let obj = zend::this_obj(ex);
    if object::init(obj, Channel(CoreChannel::new(size as usize))).is_err() {
        zend::throw(
            errors::error_ce(),
            "channel has already been constructed",
            0,
        );
        return;
    }
    zend::zend_update_property_long(
        CHANNEL_CE.load(Ordering::Relaxed),
        obj,
        c"capacity".as_ptr(),
        8,
        size,
    );
});

php_fn!(channel_push, |ex, rv| {
    let mut data: *mut ffi::zval = std::ptr::null_mut();
    let mut timeout: f64 = -1.0;
    if !zend::fast_args(
        ex,
        1,
        &mut [Fast::Any(&mut data), Fast::Double(&mut timeout)],
    ) && zend::zend_parse_parameters(
        zend::num_args(ex),
        c"z|d".as_ptr(),
        &mut data,
        &mut timeout,
    ) != 0
    {
        return;
    }
    let Some(ch) = this_channel(ex) else { return };
    // Swoole's channel asks for the current coroutine before anything else.
    require_coroutine();
    let Ok(timeout) = wait_timeout(timeout) else {
        nan_timeout();
        set_err_code(ex, CHANNEL_TIMEOUT);
        return zend::zv(rv).set_bool(false);
    };
    let value = zend::zval_copy(data);
    match ch.0.push(value, timeout) {
        Ok(()) => {
            set_err_code(ex, CHANNEL_OK);
            zend::ret_bool(rv, true);
        }
        Err((_, e)) => {
            set_err_code(ex, channel_error_code(e));
            zend::ret_bool(rv, false);
        }
    }
});

php_fn!(channel_pop, |ex, rv| {
    let mut timeout: f64 = -1.0;
    if !zend::fast_args(ex, 0, &mut [Fast::Double(&mut timeout)])
        && zend::zend_parse_parameters(zend::num_args(ex), c"|d".as_ptr(), &mut timeout) != 0
    {
        return;
    }
    let Some(ch) = this_channel(ex) else { return };
    require_coroutine();
    let Ok(timeout) = wait_timeout(timeout) else {
        nan_timeout();
        set_err_code(ex, CHANNEL_TIMEOUT);
        return zend::zv(rv).set_bool(false);
    };
    match ch.0.pop(timeout) {
        Ok(v) => {
            set_err_code(ex, CHANNEL_OK);
            // The return zval is still null: nothing to drop before the move.
            std::ptr::write(rv.cast::<Zval>(), v);
        }
        Err(e) => {
            set_err_code(ex, channel_error_code(e));
            zend::ret_bool(rv, false);
        }
    }
});

php_fn!(channel_close, |ex, rv| {
    if zend::zend_parse_parameters(zend::num_args(ex), c"".as_ptr()) != 0 {
        return;
    }
    let Some(ch) = this_channel(ex) else { return };
    zend::zv(rv).set_bool(ch.0.close());
});

php_fn!(channel_length, |ex, rv| {
    if zend::zend_parse_parameters(zend::num_args(ex), c"".as_ptr()) != 0 {
        return;
    }
    let Some(ch) = this_channel(ex) else { return };
    zend::zv(rv).set_long(ch.0.len() as i64);
});

php_fn!(channel_is_empty, |ex, rv| {
    if zend::zend_parse_parameters(zend::num_args(ex), c"".as_ptr()) != 0 {
        return;
    }
    let Some(ch) = this_channel(ex) else { return };
    zend::zv(rv).set_bool(ch.0.is_empty());
});

php_fn!(channel_is_full, |ex, rv| {
    if zend::zend_parse_parameters(zend::num_args(ex), c"".as_ptr()) != 0 {
        return;
    }
    let Some(ch) = this_channel(ex) else { return };
    zend::zv(rv).set_bool(ch.0.is_full());
});

php_fn!(channel_stats, |ex, rv| {
    if zend::zend_parse_parameters(zend::num_args(ex), c"".as_ptr()) != 0 {
        return;
    }
    let Some(ch) = this_channel(ex) else { return };
    let mut ht = ZendHashTable::new();
    let _ = ht.insert("consumer_num", ch.0.consumer_num() as i64);
    let _ = ht.insert("producer_num", ch.0.producer_num() as i64);
    let _ = ht.insert("queue_num", ch.0.len() as i64);
    zend::zv(rv).set_hashtable(ht);
});

/// `Swoole\Coroutine\WaitGroup`: Swoole ships it as PHP code over a Channel; the same
/// rules here, natively.
#[derive(Default)]
pub struct WaitGroup {
    count: Cell<i64>,
    waiting: Cell<bool>,
    waiters: WaitQueue,
}

impl Native for WaitGroup {
    fn handlers() -> &'static AtomicPtr<ffi::zend_object_handlers> {
        static H: AtomicPtr<ffi::zend_object_handlers> = AtomicPtr::new(std::ptr::null_mut());
        &H
    }
}

/// The wait group behind `$this`, created on first use (a subclass may skip the
/// parent constructor).
///
/// # Safety
/// Called from a handler: PHP's thread, executor active, `ex`/`rv` the handler's frame and return value. `$this` is a WaitGroup (or a subclass).
unsafe fn this_wg<'a>(ex: *mut zend::zend_execute_data) -> &'a WaitGroup {
    object::get_or_default::<WaitGroup>(zend::this_obj(ex))
}

fn throw_bad_call(msg: &str) {
    // SAFETY: SPL's classes exist once the engine runs.
    zend::throw(unsafe { zend::spl_ce_BadMethodCallException }, msg, 0);
}

impl WaitGroup {
    fn add(&self, delta: i64) -> bool {
        if self.waiting.get() {
            throw_bad_call("WaitGroup misuse: add called concurrently with wait");
            return false;
        }
        // Past PHP_INT_MAX: a misuse like a negative counter, and the count stays as it
        // was (Swoole's PHP-coded WaitGroup fails too, with a TypeError about a float
        // assigned to its int property).
        let Some(count) = self.count.get().checked_add(delta) else {
            // SAFETY: SPL's classes exist once the engine runs.
            zend::throw(
                unsafe { zend::spl_ce_InvalidArgumentException },
                "WaitGroup misuse: counter overflow",
                0,
            );
            return false;
        };
        if count < 0 {
            // SAFETY: SPL's classes exist once the engine runs.
            zend::throw(
                unsafe { zend::spl_ce_InvalidArgumentException },
                "WaitGroup misuse: negative counter",
                0,
            );
            return false;
        }
        self.count.set(count);
        true
    }
}

php_fn!(wg_construct, |ex, rv| {
    let mut delta: i64 = 0;
    if zend::zend_parse_parameters(zend::num_args(ex), c"|l".as_ptr(), &mut delta) != 0 {
        return;
    }
    let wg = this_wg(ex);
    if delta > 0 {
        wg.add(delta);
    }
});

php_fn!(wg_add, |ex, rv| {
    let mut delta: i64 = 1;
    if zend::zend_parse_parameters(zend::num_args(ex), c"|l".as_ptr(), &mut delta) != 0 {
        return;
    }
    this_wg(ex).add(delta);
});

php_fn!(wg_done, |ex, rv| {
    if zend::zend_parse_parameters(zend::num_args(ex), c"".as_ptr()) != 0 {
        return;
    }
    let wg = this_wg(ex);
    let count = wg.count.get() - 1;
    if count < 0 {
        throw_bad_call("WaitGroup misuse: negative counter");
        return;
    }
    wg.count.set(count);
    if count == 0 && wg.waiting.get() {
        wg.waiters.wake_one(Wake::Ready);
    }
});

php_fn!(wg_wait, |ex, rv| {
    let mut timeout: f64 = -1.0;
    if zend::zend_parse_parameters(zend::num_args(ex), c"|d".as_ptr(), &mut timeout) != 0 {
        return;
    }
    let wg = this_wg(ex);
    if wg.waiting.get() {
        throw_bad_call("WaitGroup misuse: reused before previous wait has returned");
        return;
    }
    let Ok(timeout) = wait_timeout(timeout) else {
        nan_timeout();
        return zend::zv(rv).set_bool(false);
    };
    if wg.count.get() <= 0 {
        zend::zv(rv).set_bool(true);
        return;
    }
    require_coroutine();
    wg.waiting.set(true);
    let wake = wg.waiters.wait(timeout);
    wg.waiting.set(false);
    zend::zv(rv).set_bool(wake == Wake::Ready);
});

php_fn!(wg_count, |ex, rv| {
    if zend::zend_parse_parameters(zend::num_args(ex), c"".as_ptr()) != 0 {
        return;
    }
    zend::zv(rv).set_long(this_wg(ex).count.get());
});

static CHANNEL_CE: AtomicPtr<zend_class_entry> = AtomicPtr::new(std::ptr::null_mut());

const FLOAT: Ty = Ty::of(MAY_BE_DOUBLE);
const INT: Ty = Ty::of(MAY_BE_LONG);
const BOOL: Ty = Ty::of(MAY_BE_BOOL);

pub fn register(module_number: i32) {
    object::handlers_for::<Channel>();
    object::handlers_for::<WaitGroup>();
    let ch = decl::register_class(
        "Swoole\\Coroutine\\Channel",
        std::ptr::null_mut(),
        &[
            Func {
                name: "__construct",
                handler: channel_construct,
                params: &const { [opt("size", INT, "1")] },
                ret: Ty::NONE,
                flags: zend::ACC_PUBLIC,
            },
            Func {
                name: "push",
                handler: channel_push,
                params: &const { [arg("data", Ty::of(MAY_BE_ANY)), opt("timeout", FLOAT, "-1")] },
                ret: BOOL,
                flags: zend::ACC_PUBLIC,
            },
            Func {
                name: "pop",
                handler: channel_pop,
                params: &const { [opt("timeout", FLOAT, "-1")] },
                ret: Ty::of(MAY_BE_ANY),
                flags: zend::ACC_PUBLIC,
            },
            Func {
                name: "isEmpty",
                handler: channel_is_empty,
                params: &[],
                ret: BOOL,
                flags: zend::ACC_PUBLIC,
            },
            Func {
                name: "isFull",
                handler: channel_is_full,
                params: &[],
                ret: BOOL,
                flags: zend::ACC_PUBLIC,
            },
            Func {
                name: "close",
                handler: channel_close,
                params: &[],
                ret: BOOL,
                flags: zend::ACC_PUBLIC,
            },
            Func {
                name: "stats",
                handler: channel_stats,
                params: &[],
                ret: Ty::of(MAY_BE_ARRAY),
                flags: zend::ACC_PUBLIC,
            },
            Func {
                name: "length",
                handler: channel_length,
                params: &[],
                ret: INT,
                flags: zend::ACC_PUBLIC,
            },
        ],
        zend::ACC_NOT_SERIALIZABLE,
        Some(object::create_object::<Channel>),
    );
    decl::prop_long(ch, "capacity", 0, zend::ACC_PUBLIC);
    decl::prop_long(ch, "errCode", 0, zend::ACC_PUBLIC);
    CHANNEL_CE.store(ch, Ordering::Relaxed);
    decl::alias("Co\\Channel", ch);
    decl::alias("chan", ch);

    let wg = decl::register_class(
        "Swoole\\Coroutine\\WaitGroup",
        std::ptr::null_mut(),
        &[
            Func {
                name: "__construct",
                handler: wg_construct,
                params: &const { [opt("delta", INT, "0")] },
                ret: Ty::NONE,
                flags: zend::ACC_PUBLIC,
            },
            Func {
                name: "add",
                handler: wg_add,
                params: &const { [opt("delta", INT, "1")] },
                ret: Ty::of(MAY_BE_VOID),
                flags: zend::ACC_PUBLIC,
            },
            Func {
                name: "done",
                handler: wg_done,
                params: &[],
                ret: Ty::of(MAY_BE_VOID),
                flags: zend::ACC_PUBLIC,
            },
            Func {
                name: "wait",
                handler: wg_wait,
                params: &const { [opt("timeout", FLOAT, "-1")] },
                ret: BOOL,
                flags: zend::ACC_PUBLIC,
            },
            Func {
                name: "count",
                handler: wg_count,
                params: &[],
                ret: INT,
                flags: zend::ACC_PUBLIC,
            },
        ],
        zend::ACC_NOT_SERIALIZABLE,
        Some(object::create_object::<WaitGroup>),
    );
    decl::alias("Co\\WaitGroup", wg);

    for (name, v) in [
        ("SWOOLE_CHANNEL_OK", CHANNEL_OK),
        ("SWOOLE_CHANNEL_TIMEOUT", CHANNEL_TIMEOUT),
        ("SWOOLE_CHANNEL_CLOSED", CHANNEL_CLOSED),
        ("SWOOLE_CHANNEL_CANCELED", CHANNEL_CANCELED),
    ] {
        decl::constant(name, v, module_number);
    }
}
