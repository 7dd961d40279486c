//! `Swoole\Timer` and the `swoole_timer_*` functions, on the runtime's callback timers
//! (runtime/tasks.rs). Each firing runs the callback in a coroutine of its own, as
//! Swoole does: a tick's callback gets the timer id first, then the extra arguments; an
//! after timer's only the arguments. A timer put on the loop outside `run()` runs at
//! `Event::wait()` or at script end.

use std::rc::Rc;

use ext_php_rs::types::{ZendHashTable, Zval};

use super::args::{Callable, Rest};
use super::call::{php_fn, Fail};
use super::coroutine::new_iterator;
use super::decl::{self, Class};
use super::errors::{self, set_last_error};
use super::scheduler;
use super::state::PROCESS;
use super::vm::Call;
use super::zend;
use crate::runtime::{self, TimerId};

/// after() and tick(): Swoole's warning for an interval under 1 ms.
fn add(ms: i64, func: &Callable, params: &Rest, repeat: bool) -> Result<TimerId, Fail> {
    if ms < 1 {
        set_last_error(errors::SW_ERROR_PHP_FATAL_ERROR);
        zend::error_docref(zend::E_WARNING, "Timer must be greater than or equal to 1");
        return Err(Fail::False);
    }
    scheduler::need_loop();
    let call = Call::new(func, params);
    let fire = move |id: TimerId| {
        let mut c = call.dup();
        if repeat {
            let mut z = Zval::new();
            z.set_long(id);
            c.args.insert(0, z);
        }
        scheduler::create(c);
    };
    Ok(runtime::with(|rt| {
        rt.timer_add(ms as u64, repeat, Rc::new(fire))
    }))
}

php_fn! {
    /// Calls $callback(...$params) once, in a coroutine, after $ms milliseconds.
    /// @return int|false the timer's id
    "after" fn timer_after(cx, ms: i64, callback: Callable, params: Rest) -> "int|false" {
        add(ms, &callback, &params, false)
    }
}

php_fn! {
    /// Calls $callback($timer_id, ...$params) every $ms milliseconds, each time in a new
    /// coroutine, until Timer::clear($timer_id).
    /// @return int|false the timer's id
    "tick" fn timer_tick(cx, ms: i64, callback: Callable, params: Rest) -> "int|false" {
        add(ms, &callback, &params, true)
    }
}

/// Swoole's exists(), info() and clear() return false before any timer exists without
/// looking at their arguments (a string, none at all: no TypeError then): `parsed`'s
/// handler, behind that check.
macro_rules! false_before_timers {
    ($name:ident = $parsed:ident) => {
        #[allow(non_upper_case_globals)]
        const $name: decl::Func = {
            extern "C" fn handler(ex: *mut zend::zend_execute_data, rv: *mut zend::zval) {
                if runtime::with(|rt| rt.timers_initialized()) {
                    ($parsed.handler)(ex, rv);
                } else {
                    // SAFETY: the engine's return value for this call.
                    unsafe { zend::ret_bool(rv, false) };
                }
            }
            decl::Func { handler, ..$parsed }
        };
    };
}

false_before_timers!(timer_exists = timer_exists_parsed);
false_before_timers!(timer_info = timer_info_parsed);
false_before_timers!(timer_clear = timer_clear_parsed);

php_fn! {
    "exists" fn timer_exists_parsed(cx, timer_id: i64) -> "bool" {
        runtime::with(|rt| rt.timer_exists(timer_id))
    }
}

php_fn! {
    /// exec_msec, exec_count, interval, round, removed; null for an unknown id, false
    /// before any timer exists.
    "info" fn timer_info_parsed(cx, timer_id: i64) -> "?array" {
        let info = runtime::with(|rt| rt.timer_info(timer_id));
        info.map(|i| {
            let mut ht = ZendHashTable::new();
            let _ = ht.insert("exec_msec", i.exec_msec);
            let _ = ht.insert("exec_count", i.exec_count);
            let _ = ht.insert("interval", i.interval);
            let _ = ht.insert("round", i.round as i64);
            let _ = ht.insert("removed", i.removed);
            ht
        })
    }
}

php_fn! {
    /// initialized, num (the timers, internal ones not counted), round.
    "stats" fn timer_stats(cx, ..) -> "array" {
        let stats = runtime::with(|rt| rt.timer_stats());
        let (num, round) = stats.unwrap_or((0, 0));
        let mut ht = ZendHashTable::new();
        let _ = ht.insert("initialized", stats.is_some());
        let _ = ht.insert("num", num as i64);
        let _ = ht.insert("round", round as i64);
        ht
    }
}

php_fn! {
    /// The ids of the timers.
    "list" fn timer_list(cx, ..) -> "\\Swoole\\Timer\\Iterator" {
        let mut ht = ZendHashTable::new();
        for id in runtime::with(|rt| rt.timer_list()) {
            let _ = ht.push(id);
        }
        new_iterator(cx, PROCESS.timer_iterator_ce.get(), ht);
    }
}

php_fn! {
    "clear" fn timer_clear_parsed(cx, timer_id: i64) -> "bool" {
        runtime::with(|rt| rt.timer_clear(timer_id))
    }
}

php_fn! {
    /// Clears every timer; false before any timer exists.
    // As Swoole's (and stats(), list()): no arguments, any given ignored.
    "clearAll" fn timer_clear_all(cx, ..) -> "bool" {
        runtime::with(|rt| rt.timer_clear_all())
    }
}

pub fn register() {
    decl::register_class(&Class {
        doc: "Timers that run a callback in a coroutine of its own, once or every interval.",
        methods: &[
            timer_tick.public_static(),
            timer_after.public_static(),
            timer_exists.public_static(),
            timer_info.public_static(),
            timer_stats.public_static(),
            timer_list.public_static(),
            timer_clear.public_static(),
            timer_clear_all.public_static(),
        ],
        ..Class::new("Swoole\\Timer")
    });
    // SAFETY: SPL's ArrayIterator exists by MINIT.
    let array_iterator = unsafe { zend::spl_ce_ArrayIterator };
    let it = decl::register_class(&Class {
        doc: "What Timer::list() returns: the timers' ids.",
        parent: Some(("\\ArrayIterator", array_iterator)),
        ..Class::new("Swoole\\Timer\\Iterator")
    });
    PROCESS.timer_iterator_ce.set(it);
    decl::register_functions(&[
        timer_after
            .named("swoole_timer_after")
            .doc("Same as Swoole\\Timer::after()."),
        timer_tick
            .named("swoole_timer_tick")
            .doc("Same as Swoole\\Timer::tick()."),
        timer_exists.named("swoole_timer_exists").doc(""),
        timer_info.named("swoole_timer_info").doc(""),
        timer_stats.named("swoole_timer_stats").doc(""),
        timer_list.named("swoole_timer_list").doc(""),
        timer_clear.named("swoole_timer_clear").doc(""),
        timer_clear_all.named("swoole_timer_clear_all").doc(""),
    ]);
}
