//! `Swoole\Coroutine` (alias `Co`): the coroutine's own API — ids, yield/resume,
//! cancel, join, stats, list — and the classes around it (`System`, `Context`,
//! `Iterator`, `CanceledException`). Creating coroutines and the loop: scheduler.rs;
//! `set()`: options.rs; backtraces and contexts: backtrace.rs; `sleep()` and lookups:
//! system.rs.

use std::ptr;
use std::time::Instant;

use ext_php_rs::boxed::ZBox;
use ext_php_rs::ffi;
use ext_php_rs::types::{ZendHashTable, Zval};

use super::backtrace::{self, with_frame_of};
use super::call::{php_fn, Cx, Fail};
use super::channel::{nan_timeout, wait_timeout};
use super::decl::{self, Class};
use super::errors::{self, require_coroutine, set_last_error};
use super::options::{co_get_options, co_set};
use super::scheduler::{co_create, co_defer};
use super::state::PROCESS;
use super::system::SYSTEM_METHODS;
use super::vm;
use super::zend;
use super::zval;
use crate::runtime::{self, Cid, ResumeError, Wake};

// Extra arguments are ignored, as Swoole's getCid() and yield() do.
php_fn! {
    /// The current coroutine's id, -1 outside coroutines.
    "getCid" fn co_get_cid(cx, ..) -> "int" {
        runtime::current_cid()
    }
}

php_fn! {
    /// The parent's id (-1 for a top-level coroutine), false outside or if $cid does not exist.
    "getPcid" fn co_get_pcid(cx, cid: i64 = "0") -> "false|int" {
        runtime::with(|rt| {
            if cid == 0 {
                rt.current_pcid()
            } else {
                rt.pcid_of(cid)
            }
        })
        .ok_or(Fail::False)
    }
}

php_fn! {
    /// Swoole's measure of coroutine $cid's PHP VM stack, in bytes (0: the caller's,
    /// -1: the main context's); false if there is no such coroutine.
    "getStackUsage" fn co_get_stack_usage(cx, cid: i64 = "0") -> "false|int" {
        let cid = if cid == 0 { runtime::current_cid() } else { cid };
        match vm::vm_stack_usage(cid) {
            Some(bytes) => Ok(bytes as i64),
            None => {
                set_last_error(errors::SW_ERROR_CO_NOT_EXISTS);
                Err(Fail::False)
            }
        }
    }
}

php_fn! {
    "exists" fn co_exists(cx, cid: i64) -> "bool" {
        runtime::with(|rt| rt.exists(cid))
    }
}

php_fn! {
    /// Parks the current coroutine until resume($cid); false if cancelled.
    "yield" fn co_yield(cx, ..) -> "bool" {
        require_coroutine();
        let wake = runtime::with(|rt| rt.suspend());
        if wake == Wake::Cancelled {
            set_last_error(errors::SW_ERROR_CO_CANCELED);
            false
        } else {
            true
        }
    }
}

php_fn! {
    "resume" fn co_resume(cx, cid: i64) -> "bool" {
        if runtime::with(|rt| rt.resume_suspended(cid)).is_err() {
            set_last_error(errors::SW_ERROR_PHP_FATAL_ERROR);
            zend::error_docref(
                zend::E_WARNING,
                "can not resume the coroutine which is in IO operation or non-existent",
            );
            return false;
        }
        true
    }
}

php_fn! {
    /// Cancels $cid's wait (it returns false). With $throw_exception, a
    /// Swoole\Coroutine\CanceledException is thrown in $cid where it waits.
    "cancel" fn co_cancel(cx, cid: i64, throw_exception: bool = "false") -> "bool" {
        if throw_exception && cid != runtime::current_cid() {
            return cancel_throwing(cid);
        }
        match runtime::with(|rt| rt.cancel(cid)) {
            Ok(()) => true,
            Err(e) => {
                set_last_error(match e {
                    ResumeError::NotFound => errors::SW_ERROR_CO_NOT_EXISTS,
                    _ => errors::SW_ERROR_CO_CANNOT_CANCEL,
                });
                false
            }
        }
    }
}

/// `Coroutine::cancel($cid, true)`: a `Swoole\Coroutine\CanceledException` (made where
/// the target waits, so its file, line and trace are the target's) is thrown in the
/// target when it resumes, and its wait is cancelled. As in Swoole, the exception is
/// thrown even when the wait cannot be cancelled (it comes when that wait ends), and a
/// second call before the first is thrown fails with SW_ERROR_CO_CANCELED.
fn cancel_throwing(cid: Cid) -> bool {
    let Some(ctx) = vm::context_of(cid).filter(|c| !c.is_null()) else {
        set_last_error(errors::SW_ERROR_CO_NOT_EXISTS);
        return false;
    };
    // SAFETY: `ctx` is a live coroutine's context (not the running one's: the caller
    // checked); nothing else holds a borrow of it while this one runs.
    if unsafe { (*ctx).has_pending_exception() } {
        set_last_error(errors::SW_ERROR_CO_CANCELED);
        return false;
    }
    let mut exception = Zval::new();
    let made = with_frame_of(cid, || {
        // SAFETY: the class is registered at MINIT; object_init_ex runs Exception's
        // create handler, which reads the (target's) current frame for file and line.
        unsafe {
            zend::object_init_ex(
                (&mut exception as *mut Zval).cast(),
                PROCESS.canceled_ce.get(),
            )
        }
    });
    if made != Some(0) {
        set_last_error(errors::SW_ERROR_CO_NOT_EXISTS);
        return false;
    }
    // SAFETY: as above.
    unsafe { (*ctx).throw_on_resume(exception) };
    // Whether the wait could be cancelled or not, the exception is on its way.
    let _ = runtime::with(|rt| rt.cancel(cid));
    true
}

php_fn! {
    "isCanceled" fn co_is_canceled(cx) -> "bool" {
        runtime::with(|rt| rt.is_cancelled())
    }
}

php_fn! {
    /// Waits for all of $cid_array to end (entries taken as (int) takes them); false on
    /// timeout (SWOOLE_ERROR_CO_TIMEDOUT), or at once for a cid named twice
    /// (SWOOLE_ERROR_WRONG_OPERATION). Timeouts: <= 0 or INF wait forever; NAN fails (505).
    "join" fn co_join(cx, cid_array: &ZendHashTable, timeout: f64 = "-1") -> "bool" {
        require_coroutine();
        let Ok(timeout) = wait_timeout(timeout) else {
            nan_timeout();
            return false;
        };
        let me = runtime::current_cid();
        // Each entry converts as PHP's (int) cast does ("12" is 12, "abc" is 0), as in Swoole.
        let list: Vec<i64> = cid_array
            .values()
            .map(zval::to_long)
            .collect();
        if list.is_empty() {
            set_last_error(errors::SW_ERROR_INVALID_PARAMS);
            return false;
        }
        // In order, as Swoole: joining self warns; a coroutine named twice is a wrong
        // operation; one that does not exist (or has ended) is skipped.
        let mut alive: Vec<i64> = Vec::with_capacity(list.len());
        for cid in list {
            if cid == me {
                set_last_error(errors::SW_ERROR_WRONG_OPERATION);
                zend::error_docref(zend::E_WARNING, "can not join self");
                return false;
            }
            if !runtime::with(|rt| rt.exists(cid)) {
                continue;
            }
            if alive.contains(&cid) {
                set_last_error(errors::SW_ERROR_WRONG_OPERATION);
                return false;
            }
            alive.push(cid);
        }
        if alive.is_empty() {
            set_last_error(errors::SW_ERROR_INVALID_PARAMS);
            return false;
        }
        let deadline = timeout.deadline();
        for cid in alive {
            let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            match runtime::with(|rt| rt.join_one(cid, left)) {
                Wake::Ready => {}
                Wake::Cancelled => {
                    set_last_error(errors::SW_ERROR_CO_CANCELED);
                    return false;
                }
                _ => {
                    set_last_error(errors::SW_ERROR_CO_TIMEDOUT);
                    return false;
                }
            }
        }
        true
    }
}

php_fn! {
    "stats" fn co_stats(cx) -> "array" {
        let (s, stack, fds, dns, signals) = runtime::with(|rt| {
            (rt.stats(), rt.stack_size(), rt.waited_fds() + rt.watched_fds(), rt.dns_load(), rt.signal_waiters())
        });
        // Swoole's keys, in its order. event_num: the fds coroutines wait on and those
        // Event::add() watches (Swoole's
        // reactor also counts its AIO pipe once a lookup ran); aio_*: the lookup workers,
        // Swoole's AIO threads here; signal_listener_num: the coroutines in waitSignal().
        let mut ht = ZendHashTable::new();
        for (k, v) in [
            ("event_num", fds as i64),
            ("signal_listener_num", signals as i64),
            ("aio_task_num", dns.tasks as i64),
            ("aio_worker_num", dns.workers as i64),
            ("aio_queue_size", dns.queued as i64),
            ("c_stack_size", stack as i64),
            ("coroutine_num", s.coroutine_num as i64),
            ("coroutine_peak_num", s.coroutine_peak_num as i64),
            ("coroutine_last_cid", s.coroutine_last_cid),
        ] {
            let _ = ht.insert(k, v);
        }
        ht
    }
}

php_fn! {
    "list" fn co_list(cx) -> "\\Swoole\\Coroutine\\Iterator" {
        let mut ht = ZendHashTable::new();
        for cid in runtime::with(|rt| rt.list()) {
            let _ = ht.push(cid);
        }
        new_iterator(cx, PROCESS.iterator_ce.get(), ht);
    }
}

/// Makes the call's return value a new `ce` (an ArrayIterator) over `ht`.
pub(super) fn new_iterator(cx: &Cx<'_>, ce: *mut zend::zend_class_entry, ht: ZBox<ZendHashTable>) {
    let mut list = Zval::new();
    list.set_hashtable(ht);
    let rv = cx.ret_ptr();
    // ArrayIterator::__construct($list)
    let mut ctor = Zval::new();
    let _ = ctor.set_string("__construct", false);
    let mut args = [list];
    let mut ret = Zval::new();
    // SAFETY: the class is registered at MINIT and `rv` is the null return value;
    // the call runs the new object's constructor, executor active.
    unsafe {
        zend::object_init_ex(rv, ce);
        let mut fci = ffi::zend_fcall_info {
            size: std::mem::size_of::<ffi::zend_fcall_info>(),
            function_name: ptr::read((&ctor as *const Zval).cast()),
            retval: (&mut ret as *mut Zval).cast(),
            params: args.as_mut_ptr().cast(),
            object: (*rv).value.obj,
            param_count: 1,
            named_params: ptr::null_mut(),
        };
        zend::zend_call_function(&mut fci, ptr::null_mut());
        // `fci.function_name` is a bitwise copy of `ctor`, which owns it.
        std::mem::forget(fci);
    }
}

pub fn register(module_number: i32) {
    let mut methods = vec![
        co_create
            .named("create")
            .doc("@return int|false the new coroutine's id")
            .public_static(),
        co_defer.public_static(),
        co_set.public_static(),
        co_get_options.public_static(),
        co_exists.public_static(),
        co_yield.public_static(),
        co_cancel.public_static(),
        co_join.public_static(),
        co_is_canceled.public_static(),
        co_yield.named("suspend").doc("").public_static(),
        co_resume.public_static(),
        co_stats.public_static(),
        co_get_cid.public_static(),
        co_get_cid.named("getuid").doc("").public_static(),
        co_get_pcid.public_static(),
        co_get_stack_usage.public_static(),
        backtrace::co_get_backtrace.public_static(),
        backtrace::co_print_backtrace.public_static(),
        backtrace::co_get_elapsed.public_static(),
        backtrace::co_get_context.public_static(),
        co_list.public_static(),
        co_list.named("listCoroutines").public_static(),
    ];
    // Swoole\Coroutine also answers System's calls (Co::sleep(), Co::gethostbyname()...).
    methods.extend(SYSTEM_METHODS.map(|m| m.doc("")));
    decl::register_class(&Class {
        methods: &methods,
        aliases: &["Co"],
        ..Class::new("Swoole\\Coroutine")
    });
    decl::register_class(&Class {
        methods: &SYSTEM_METHODS,
        aliases: &["Co\\System"],
        ..Class::new("Swoole\\Coroutine\\System")
    });
    // SAFETY: the engine's Exception class and SPL's ArrayObject and ArrayIterator
    // exist by MINIT.
    let (exception, array_object, array_iterator) = unsafe {
        (
            zend::zend_ce_exception,
            zend::spl_ce_ArrayObject,
            zend::spl_ce_ArrayIterator,
        )
    };
    let canceled = decl::register_class(&Class {
        doc: "Thrown in a coroutine by Coroutine::cancel($cid, true), where it waits.",
        parent: Some(("\\Exception", exception)),
        flags: super::stub::ACC_FINAL,
        ..Class::new("Swoole\\Coroutine\\CanceledException")
    });
    PROCESS.canceled_ce.set(canceled);
    let it = decl::register_class(&Class {
        parent: Some(("\\ArrayIterator", array_iterator)),
        aliases: &["Co\\Iterator"],
        ..Class::new("Swoole\\Coroutine\\Iterator")
    });
    PROCESS.iterator_ce.set(it);
    let context = decl::register_class(&Class {
        doc: "What Coroutine::getContext() returns: an ArrayObject that lives as long as its coroutine.",
        parent: Some(("\\ArrayObject", array_object)),
        aliases: &["Co\\Context"],
        ..Class::new("Swoole\\Coroutine\\Context")
    });
    PROCESS.context_ce.set(context);
    decl::constant_doc("Wait for a socket to become readable (Socket::cancel(), getBoundCid()).");
    decl::constant("SWOOLE_EVENT_READ", 512, module_number);
    decl::constant_doc("Wait for a socket to become writable.");
    decl::constant("SWOOLE_EVENT_WRITE", 1024, module_number);
}
