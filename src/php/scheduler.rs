//! Starting coroutines and driving the loop: `go()`, `defer()`, `Co\run()`,
//! `Swoole\Coroutine\Scheduler`, `Swoole\Event::wait()` and the shutdown function that
//! runs the loop at script end.

use std::cell::{Cell, RefCell};

use ext_php_rs::ffi;
use ext_php_rs::types::Zval;

use super::args::{Callable, Rest};
use super::call::{php_fn, Fail};
use super::decl::{self, Class};
use super::errors::{self, set_last_error};
use super::options::sched_set;
use super::state::{LoopState, PROCESS, REQUEST};
use super::vm::{self, Call};
use super::zend;
use crate::runtime::{self, Cid, LoopEnd, SpawnError};

/// Makes sure a loop will run what is being put on it (a coroutine, a timer, a watched
/// fd): at `Event::wait()`, in a running `run()`, or at script end (Swoole creates its
/// reactor then, and registers the shutdown function that runs it).
pub(super) fn need_loop() {
    if REQUEST.loop_state.get() == LoopState::Idle {
        REQUEST.loop_state.set(LoopState::Pending);
    }
    register_shutdown_loop();
}

/// Whether a loop exists (Swoole's reactor): one runs, or will at `Event::wait()` or at
/// script end.
pub(super) fn loop_exists() -> bool {
    REQUEST.loop_state.get() != LoopState::Idle
}

/// Starts a coroutine for PHP; false (with Swoole's warning) when it cannot.
pub(super) fn create(call: Call) -> Option<Cid> {
    create_then(call, None)
}

/// [`create`], with what runs after the function returns (vm.rs's [`vm::Then`]).
pub(super) fn create_then(call: Call, then: Option<vm::Then>) -> Option<Cid> {
    if vm::bailing() {
        return None;
    }
    let outside = !runtime::in_coroutine();
    if outside && REQUEST.loop_state.get() == LoopState::Idle {
        REQUEST.loop_state.set(LoopState::Pending);
    }
    // With the request's first coroutine, as Swoole registers it with its loop.
    register_shutdown_loop();
    // The first coroutine since the loop last ended applies the hook flags.
    super::runtime_hooks::activate();
    match vm::spawn(call, then) {
        Ok(cid) => Some(cid),
        Err(SpawnError::TooMany(n)) => {
            set_last_error(errors::SW_ERROR_PHP_FATAL_ERROR);
            zend::error_docref(
                zend::E_WARNING,
                &format!("exceed max number of coroutine {n}"),
            );
            None
        }
        Err(SpawnError::Stack(e)) => {
            let code = e.raw_os_error().unwrap_or(libc::ENOMEM);
            set_last_error(code);
            // ENOMEM from mmap is most often the process's mapping count
            // (vm.max_map_count) rather than memory itself: say so, and what to change.
            let hint = if code == libc::ENOMEM {
                " (too many memory mappings? raise vm.max_map_count: sysctl -w vm.max_map_count=262144, or lower c_stack_size)"
            } else {
                ""
            };
            let msg = format!(
                "failed to allocate a coroutine stack: {}{hint}",
                errors::strerror(code)
            );
            zend::error_docref(zend::E_WARNING, &msg);
            None
        }
        Err(SpawnError::Stopping) => None,
    }
}

php_fn! {
    /// Starts a coroutine running $func(...$param). It runs at once, until it first waits.
    /// @return int|false the new coroutine's id, false when max_coroutine is reached
    "go" fn co_create(cx, func: Callable, param: Rest) -> "int|false" {
        create(Call::new(&func, &param)).ok_or(Fail::False)
    }
}

// defer() sits with go(): both are registered here as functions, and as methods of
// Swoole\Coroutine by coroutine.rs.
php_fn! {
    "defer" fn co_defer(cx, callback: Callable) -> "void" {
        errors::require_coroutine();
        vm::defer(callback.function().shallow_clone());
    }
}

// swoole/library's defer(callable $fn), natively (its parameter name kept).
php_fn! {
    /// Runs $fn when the current coroutine ends (last registered, first run).
    "Swoole\\Coroutine\\defer" fn co_defer_fn(cx, r#fn: Callable) -> "void" {
        errors::require_coroutine();
        vm::defer(r#fn.function().shallow_clone());
    }
}

/// Runs the loop until it has nothing left; reports a deadlock as Swoole does.
pub(super) fn drive_loop() {
    REQUEST.loop_state.set(LoopState::Running);
    let end = runtime::with(|rt| rt.run());
    REQUEST.loop_state.set(LoopState::Idle);
    // Swoole removes the hooks when its loop goes (the flags stay).
    super::runtime_hooks::deactivate();
    if let LoopEnd::Deadlock(count) = end {
        if runtime::with(|rt| rt.limits().deadlock_check) {
            super::deadlock::report(count);
        }
    }
}

/// Swoole's fatal error for running the loop from inside a coroutine. It is reported
/// without the bailout, after which the caller returns at once and the coroutine
/// unwinds (see errors::fatal); no destructor runs after it, as after any E_ERROR.
fn loop_in_coroutine_fatal(who: &str) {
    set_last_error(errors::SW_ERROR_PHP_FATAL_ERROR);
    zend::fatal_error_no_bailout(&format!("{who}Unable to call Event::wait() in coroutine"));
    vm::mark_objects_destructed();
    vm::fail_current_coroutine(true);
}

/// Scheduler::start(): creates the tasks' coroutines (each runs at once), then runs
/// the loop until all have ended, which is fatal inside a coroutine. Returns whether
/// every coroutine could be created.
fn start(tasks: Vec<(Call, i64)>) -> bool {
    let inside = runtime::in_coroutine();
    if !inside {
        REQUEST.loop_state.set(LoopState::Running);
    }
    let mut all = true;
    for (call, count) in tasks {
        for _ in 0..count.max(0) {
            all &= create(call.dup()).is_some();
        }
    }
    if vm::bailing() {
        // One of them failed fatally: the handler bails out as it returns.
        return false;
    }
    if inside {
        loop_in_coroutine_fatal("Swoole\\Coroutine\\Scheduler::start(): ");
        return false;
    }
    drive_loop();
    all
}

// Swoole's run() is PHP code over Scheduler: add($fn, ...$args), then start().
php_fn! {
    /// Runs $fn in a coroutine and the event loop until every coroutine has ended.
    "Swoole\\Coroutine\\run" fn co_run(cx, r#fn: Callable, args: Rest) -> "bool" {
        super::runtime_hooks::run_default();
        start(vec![(Call::new(&r#fn, &args), 1)])
    }
}

/// `Swoole\Coroutine\Scheduler`: tasks queued by add()/parallel(), run by start().
#[derive(Default)]
pub struct Scheduler {
    tasks: RefCell<Vec<(Call, i64)>>,
    started: Cell<bool>,
}

impl super::object::Native for Scheduler {
    fn handlers() -> &'static std::sync::atomic::AtomicPtr<ffi::zend_object_handlers> {
        &PROCESS.scheduler_handlers
    }
}

/// Queues `count` coroutines of `call`, unless the scheduler runs.
fn scheduler_queue(s: &Scheduler, what: &str, call: Call, count: i64) {
    if s.started.get() {
        set_last_error(errors::SW_ERROR_PHP_FATAL_ERROR);
        zend::error_docref(
            zend::E_WARNING,
            &format!(
                "scheduler is running, unable to execute Swoole\\Coroutine\\Scheduler->{what}"
            ),
        );
        return;
    }
    s.tasks.borrow_mut().push((call, count));
}

php_fn! {
    "add" fn sched_add(cx, func: Callable, param: Rest) -> "void" {
        scheduler_queue(cx.this_or_default(), "add", Call::new(&func, &param), 1);
    }
}

php_fn! {
    /// Queues $n coroutines of the same function.
    "parallel" fn sched_parallel(cx, n: i64, func: Callable, param: Rest) -> "void" {
        scheduler_queue(cx.this_or_default(), "parallel", Call::new(&func, &param), n);
    }
}

php_fn! {
    /// Creates every queued coroutine and runs the loop until they have all ended.
    "start" fn sched_start(cx) -> "bool" {
        let s = cx.this_or_default::<Scheduler>();
        if s.started.get() {
            set_last_error(errors::SW_ERROR_PHP_FATAL_ERROR);
            zend::error_docref(
                zend::E_WARNING,
                "scheduler is started, unable to execute Swoole\\Coroutine\\Scheduler->start",
            );
            return false;
        }
        let tasks = std::mem::take(&mut *s.tasks.borrow_mut());
        if tasks.is_empty() {
            set_last_error(errors::SW_ERROR_PHP_FATAL_ERROR);
            zend::error_docref(zend::E_WARNING, "no coroutine task");
            return false;
        }
        s.started.set(true);
        start(tasks);
        s.started.set(false);
        true
    }
}

php_fn! {
    /// Runs the loop until every coroutine created outside run() has ended.
    "wait" fn event_wait(cx) -> "void" {
        if runtime::in_coroutine() {
            loop_in_coroutine_fatal("Swoole\\Event::wait(): ");
            return;
        }
        if REQUEST.loop_state.get() == LoopState::Pending && !vm::bailing() {
            drive_loop();
        }
    }
}

// What Swoole registers as a shutdown function when it creates its loop (with the
// first coroutine): the coroutines started at top level run to the end after the
// script. Then the generators that coroutines still parked run in are spared from
// the destructors PHP calls next (they are unwound at RSHUTDOWN, see vm.rs).
php_fn! {
    /// The shutdown function that runs the loop at script end.
    "rshutdown" fn event_rshutdown(cx, ..) -> "void" {
        if REQUEST.loop_state.get() == LoopState::Pending
            && !vm::bailing()
            && !script_failed()
            && !runtime::with(|rt| rt.is_stopping())
        {
            // Swoole 6 deprecates relying on this (call Event::wait() or use Co\run()).
            zend::error_docref(
                zend::E_DEPRECATED,
                "Event::wait() in shutdown function is deprecated",
            );
            drive_loop();
        }
        vm::protect_parked_generators();
    }
}

/// Whether the script ended with a fatal error (an uncaught exception included): then,
/// as in Swoole, the loop does not run at shutdown.
fn script_failed() -> bool {
    // E_ERROR | E_CORE_ERROR | E_COMPILE_ERROR | E_USER_ERROR
    const FATAL: i32 = zend::E_ERROR | 16 | 64 | 256;
    // SAFETY: PHP's thread; plain reads of PG fields.
    unsafe {
        let pg = &*std::ptr::addr_of!(ffi::core_globals);
        !pg.last_error_message.is_null() && pg.last_error_type & FATAL != 0
    }
}

fn register_shutdown_loop() {
    if REQUEST.shutdown_registered.replace(true) {
        return;
    }
    let mut name = Zval::new();
    let _ = name.set_string("register_shutdown_function", false);
    let mut callback = Zval::new();
    let _ = callback.set_string("swoole_event_rshutdown", false);
    // SAFETY: an all-zero fcall_info_cache is "not resolved yet": zend_call_function resolves the name.
    let mut call = Call {
        callable: name,
        fcc: unsafe { std::mem::zeroed() },
        args: vec![callback],
    };
    let mut ret = Zval::new();
    // SAFETY: calling a core function from a handler, executor active.
    unsafe { call.invoke(&mut ret) };
}

pub fn register() {
    super::object::handlers_for::<Scheduler>();
    decl::register_class(&Class {
        doc:
            "Coroutines queued with add()/parallel(), all started by start(), which runs the loop.",
        flags: zend::ACC_NOT_SERIALIZABLE,
        methods: &[
            sched_add.public(),
            sched_parallel.public(),
            sched_set.public(),
            super::options::co_get_options.doc("").public(),
            sched_start.public(),
        ],
        aliases: &["Co\\Scheduler"],
        create_object: Some(super::object::create_object::<Scheduler>),
        ..Class::new("Swoole\\Coroutine\\Scheduler")
    });
    decl::register_functions(&[
        co_create,
        co_create
            .named("swoole_coroutine_create")
            .doc("Same as go()."),
        co_defer
            .named("defer")
            .doc("Runs $callback when the current coroutine ends (last registered, first run)."),
        co_defer
            .named("swoole_coroutine_defer")
            .doc("Same as defer()."),
        event_wait
            .named("swoole_event_wait")
            .doc("Runs the event loop (for coroutines created outside run()) until they all end."),
        event_rshutdown.named("swoole_event_rshutdown"),
        co_run,
        co_run
            .named("Co\\run")
            .doc("Alias of Swoole\\Coroutine\\run()."),
        co_create
            .named("Swoole\\Coroutine\\go")
            .doc("Same as go()."),
        co_create.named("Co\\go").doc("Same as go()."),
        co_defer_fn,
        co_defer_fn
            .named("Co\\defer")
            .doc("Alias of Swoole\\Coroutine\\defer()."),
    ]);
}
