//! `Swoole\Coroutine\Channel` and `Swoole\Coroutine\WaitGroup` over the core's channel
//! and wait queue.

use std::borrow::Cow;
use std::sync::atomic::AtomicPtr;

use ext_php_rs::ffi;
use ext_php_rs::types::{ZendHashTable, Zval};

use super::call::{php_fn, Cx, Fail};
use super::decl::{self, Class, Prop, PropDefault};
use super::errors::{self, require_coroutine};
use super::object::{self, Native};
use super::state::PROCESS;
use super::zend;
use crate::runtime::channel::{Channel as CoreChannel, ChannelError};
use crate::runtime::{Timeout, WaitGroup as CoreWaitGroup, WaitGroupError};

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
        &PROCESS.channel_handlers
    }
}

/// The channel behind `$this`; an Error if the constructor never ran.
#[inline]
fn this_channel<'a>(cx: &Cx<'a>) -> Result<&'a Channel, Fail> {
    cx.this::<Channel>().ok_or_else(|| {
        Fail::throw(
            errors::error_ce,
            "you must call Channel constructor first",
            0,
        )
    })
}

#[inline]
fn set_err_code(cx: &Cx, code: i64) {
    // SAFETY: `$this` is a Channel (or a subclass): `errCode` is declared slot 1.
    let slot = unsafe { cx.this_prop(1) };
    if slot.long() != Some(code) {
        slot.set_long(code);
    }
}

fn channel_error_code(e: ChannelError) -> i64 {
    match e {
        ChannelError::Timeout => CHANNEL_TIMEOUT,
        ChannelError::Closed => CHANNEL_CLOSED,
        ChannelError::Cancelled => CHANNEL_CANCELED,
    }
}

php_fn! {
    /// A size below 1 is taken as 1.
    "__construct" fn channel_construct(cx, size: i64 = "1") -> "" {
        let size = if size <= 0 { 1 } else { size };
        // SAFETY: `$this` is a Channel (or a subclass), alive for the call.
        if unsafe { object::init(cx.this_obj(), Channel(CoreChannel::new(size as usize))) }.is_err() {
            return Err(Fail::throw(errors::error_ce, "channel has already been constructed", 0));
        }
        // SAFETY: `capacity` is declared slot 0.
        unsafe { cx.this_prop(0) }.set_long(size);
        Ok(())
    }
}

php_fn! {
    /// Waits while full; $timeout <= 0 (or INF) waits forever; NAN fails at once.
    "push" fn channel_push(cx, data: &Zval, timeout: f64 = "-1") -> "bool" {
        let ch = this_channel(cx)?;
        // Swoole's channel asks for the current coroutine before anything else.
        require_coroutine();
        let Ok(timeout) = wait_timeout(timeout) else {
            nan_timeout();
            set_err_code(cx, CHANNEL_TIMEOUT);
            return Ok(false);
        };
        match ch.0.push(data.shallow_clone(), timeout) {
            Ok(()) => {
                set_err_code(cx, CHANNEL_OK);
                Ok(true)
            }
            Err((_, e)) => {
                set_err_code(cx, channel_error_code(e));
                Ok(false)
            }
        }
    }
}

php_fn! {
    /// Waits while empty; false on timeout or when closed and drained.
    "pop" fn channel_pop(cx, timeout: f64 = "-1") -> "mixed" {
        let ch = this_channel(cx)?;
        require_coroutine();
        let Ok(timeout) = wait_timeout(timeout) else {
            nan_timeout();
            set_err_code(cx, CHANNEL_TIMEOUT);
            return Err(Fail::False);
        };
        match ch.0.pop(timeout) {
            Ok(v) => {
                set_err_code(cx, CHANNEL_OK);
                Ok(v)
            }
            Err(e) => {
                set_err_code(cx, channel_error_code(e));
                Err(Fail::False)
            }
        }
    }
}

php_fn! {
    "close" fn channel_close(cx) -> "bool" {
        Ok::<_, Fail>(this_channel(cx)?.0.close())
    }
}

php_fn! {
    "length" fn channel_length(cx) -> "int" {
        Ok::<_, Fail>(this_channel(cx)?.0.len() as i64)
    }
}

php_fn! {
    "isEmpty" fn channel_is_empty(cx) -> "bool" {
        Ok::<_, Fail>(this_channel(cx)?.0.is_empty())
    }
}

php_fn! {
    "isFull" fn channel_is_full(cx) -> "bool" {
        Ok::<_, Fail>(this_channel(cx)?.0.is_full())
    }
}

php_fn! {
    /// ['consumer_num' => ..., 'producer_num' => ..., 'queue_num' => ...]
    "stats" fn channel_stats(cx) -> "array" {
        let ch = this_channel(cx)?;
        let mut ht = ZendHashTable::new();
        let _ = ht.insert("consumer_num", ch.0.consumer_num() as i64);
        let _ = ht.insert("producer_num", ch.0.producer_num() as i64);
        let _ = ht.insert("queue_num", ch.0.len() as i64);
        Ok::<_, Fail>(ht)
    }
}

/// `Swoole\Coroutine\WaitGroup`: Swoole ships it as PHP code over a Channel; the same
/// rules here, natively (the core's wait group).
#[derive(Default)]
pub struct WaitGroup(CoreWaitGroup);

impl Native for WaitGroup {
    fn handlers() -> &'static AtomicPtr<ffi::zend_object_handlers> {
        &PROCESS.wait_group_handlers
    }
}

/// A misuse as the exception Swoole's PHP-coded WaitGroup throws.
fn misuse(e: WaitGroupError) -> Fail {
    // SAFETY: SPL's classes exist once the engine runs.
    let (bad_call, invalid): (fn() -> _, fn() -> _) = (
        || unsafe { zend::spl_ce_BadMethodCallException },
        || unsafe { zend::spl_ce_InvalidArgumentException },
    );
    let (ce, msg) = match e {
        WaitGroupError::AddWhileWaiting => (
            bad_call,
            "WaitGroup misuse: add called concurrently with wait",
        ),
        // Past PHP_INT_MAX: a misuse like a negative counter (Swoole's PHP-coded
        // WaitGroup fails too, with a TypeError about a float assigned to its int
        // property).
        WaitGroupError::Overflow => (invalid, "WaitGroup misuse: counter overflow"),
        WaitGroupError::Negative => (invalid, "WaitGroup misuse: negative counter"),
        WaitGroupError::Reused => (
            bad_call,
            "WaitGroup misuse: reused before previous wait has returned",
        ),
    };
    Fail::throw(ce, Cow::Borrowed(msg), 0)
}

php_fn! {
    "__construct" fn wg_construct(cx, delta: i64 = "0") -> "" {
        if delta > 0 {
            cx.this_or_default::<WaitGroup>().0.add(delta).map_err(misuse)?;
        }
        Ok(())
    }
}

php_fn! {
    /// A counter that would go below 0 or past PHP_INT_MAX: InvalidArgumentException.
    "add" fn wg_add(cx, delta: i64 = "1") -> "void" {
        cx.this_or_default::<WaitGroup>().0.add(delta).map_err(misuse)
    }
}

php_fn! {
    "done" fn wg_done(cx) -> "void" {
        // Swoole's done() past zero is a BadMethodCallException.
        cx.this_or_default::<WaitGroup>().0.done().map_err(|_| {
            // SAFETY: SPL's classes exist once the engine runs.
            Fail::throw(
                || unsafe { zend::spl_ce_BadMethodCallException },
                Cow::Borrowed("WaitGroup misuse: negative counter"),
                0,
            )
        })
    }
}

php_fn! {
    "wait" fn wg_wait(cx, timeout: f64 = "-1") -> "bool" {
        let wg = &cx.this_or_default::<WaitGroup>().0;
        if wg.is_waiting() {
            return Err(misuse(WaitGroupError::Reused));
        }
        let Ok(timeout) = wait_timeout(timeout) else {
            nan_timeout();
            return Ok(false);
        };
        if wg.is_zero() {
            return Ok(true);
        }
        require_coroutine();
        wg.wait(timeout).map_err(misuse)
    }
}

php_fn! {
    "count" fn wg_count(cx) -> "int" {
        cx.this_or_default::<WaitGroup>().0.count()
    }
}

pub fn register(module_number: i32) {
    object::handlers_for::<Channel>();
    object::handlers_for::<WaitGroup>();
    decl::register_class(&Class {
        flags: zend::ACC_NOT_SERIALIZABLE,
        methods: &[
            channel_construct.public(),
            channel_push.public(),
            channel_pop.public(),
            channel_is_empty.public(),
            channel_is_full.public(),
            channel_close.public(),
            channel_stats.public(),
            channel_length.public(),
        ],
        props: &[
            Prop {
                name: "capacity",
                ty: "int",
                default: PropDefault::Long(0),
                flags: zend::ACC_PUBLIC,
                doc: "",
            },
            Prop {
                name: "errCode",
                ty: "int",
                default: PropDefault::Long(0),
                flags: zend::ACC_PUBLIC,
                doc: "SWOOLE_CHANNEL_OK, _TIMEOUT, _CLOSED or _CANCELED after a failed push/pop.",
            },
        ],
        aliases: &["Co\\Channel", "chan"],
        create_object: Some(object::create_object::<Channel>),
        ..Class::new("Swoole\\Coroutine\\Channel")
    });
    decl::register_class(&Class {
        flags: zend::ACC_NOT_SERIALIZABLE,
        methods: &[
            wg_construct.public(),
            wg_add.public(),
            wg_done.public(),
            wg_wait.public(),
            wg_count.public(),
        ],
        aliases: &["Co\\WaitGroup"],
        create_object: Some(object::create_object::<WaitGroup>),
        ..Class::new("Swoole\\Coroutine\\WaitGroup")
    });

    for (name, v) in [
        ("SWOOLE_CHANNEL_OK", CHANNEL_OK),
        ("SWOOLE_CHANNEL_TIMEOUT", CHANNEL_TIMEOUT),
        ("SWOOLE_CHANNEL_CLOSED", CHANNEL_CLOSED),
        ("SWOOLE_CHANNEL_CANCELED", CHANNEL_CANCELED),
    ] {
        decl::constant(name, v, module_number);
    }
}
