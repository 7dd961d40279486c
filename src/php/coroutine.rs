//! The coroutine API: `go()`, `Co\run()`, `Swoole\Coroutine`, `Swoole\Coroutine\System`,
//! `Swoole\Event::wait()`, and the process-wide options of `Coroutine::set()`.

use std::cell::{Cell, RefCell};
use std::ffi::c_int;
use std::ptr;
use std::time::Instant;

use ext_php_rs::ffi;
use ext_php_rs::types::{ZendHashTable, Zval};

use super::channel::{nan_timeout, wait_timeout};
use super::decl::{self, arg, opt, variadic, Func, Ty};
use super::errors::{self, require_coroutine, set_last_error};
use super::php_fn;
use super::vm::{self, Call};
use super::zend::{
    self, eg, zend_class_entry, zend_execute_data, MAY_BE_ANY, MAY_BE_ARRAY, MAY_BE_BOOL,
    MAY_BE_CALLABLE, MAY_BE_DOUBLE, MAY_BE_FALSE, MAY_BE_LONG, MAY_BE_NULL, MAY_BE_VOID,
};
use crate::runtime::{self, Cid, LoopEnd, ResumeError, SpawnError, Timeout, Wake};

/// Socket timeouts in seconds (`Coroutine::set(['socket_*_timeout' => ...])`).
#[derive(Clone, Copy, Debug)]
pub struct Timeouts {
    pub connect: f64,
    pub read: f64,
    pub write: f64,
    pub dns: f64,
}

impl Timeouts {
    const DEFAULT: Timeouts = Timeouts {
        connect: 10.0,
        read: 60.0,
        write: 60.0,
        dns: 60.0,
    };
}

/// Who owns the event loop of this request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LoopState {
    /// No loop: `Co\run()` may start one.
    Idle,
    /// Coroutines were created outside `run()`: the loop runs at `Event::wait()` or at
    /// shutdown (as Swoole, which creates its reactor then).
    Pending,
    /// `run()` or `Event::wait()` is driving it.
    Running,
}

thread_local! {
    static TIMEOUTS: Cell<Timeouts> = const { Cell::new(Timeouts::DEFAULT) };
    static OPTIONS: RefCell<Option<Zval>> = const { RefCell::new(None) };
    static LOOP: Cell<LoopState> = const { Cell::new(LoopState::Idle) };
    static SHUTDOWN_REGISTERED: Cell<bool> = const { Cell::new(false) };
    static BUFFER_SIZE: Cell<i64> = const { Cell::new(DEFAULT_BUFFER_SIZE) };
}

/// Swoole's `SW_SOCKET_BUFFER_SIZE`: the send and receive buffers of a UDP socket.
const DEFAULT_BUFFER_SIZE: i64 = 8 << 20;

/// The buffer size new UDP sockets get, for sending and for receiving
/// (`Coroutine::set(['socket_buffer_size' => ...])`, 8 MiB by default); None: zero or
/// negative was set, they keep the kernel's default.
pub fn socket_buffer_size() -> Option<i32> {
    let size = BUFFER_SIZE.with(Cell::get);
    (size > 0).then(|| size.min(i32::MAX as i64) as i32)
}

/// A size setting: an int, a float (truncated), or a string of digits with an
/// optional K, M or G ("65536", "64K", "1m"). None for anything else, or a string
/// that is not a size.
pub fn size_setting(v: &Zval) -> Option<i64> {
    if let Some(n) = v.long() {
        return Some(n);
    }
    if let Some(f) = v.double() {
        return f.is_finite().then_some(f as i64);
    }
    let text = v.str()?.trim();
    let (digits, unit) = match text.char_indices().last()? {
        (at, 'k' | 'K') => (&text[..at], 1 << 10),
        (at, 'm' | 'M') => (&text[..at], 1 << 20),
        (at, 'g' | 'G') => (&text[..at], 1 << 30),
        _ => (text, 1),
    };
    digits.parse::<i64>().ok()?.checked_mul(unit)
}

/// The socket timeouts in force.
pub fn timeouts() -> Timeouts {
    TIMEOUTS.with(Cell::get)
}

pub fn request_startup() {
    LOOP.with(|l| l.set(LoopState::Idle));
    SHUTDOWN_REGISTERED.with(|s| s.set(false));
}

pub fn request_shutdown() {
    OPTIONS.with(|o| o.borrow_mut().take());
}

fn parse_fci_args(ex: *mut zend_execute_data) -> Option<Call> {
    // SAFETY: zpp fills these for "f*"; zeroed is their documented initial state.
    unsafe {
        let fci: ffi::zend_fcall_info = std::mem::zeroed();
        let mut fcc: ffi::zend_fcall_info_cache = std::mem::zeroed();
        let mut argv: *mut ffi::zval = ptr::null_mut();
        let mut argc: u32 = 0;
        // zpp fills `fci` with a bitwise copy of the argument: it must never be dropped.
        let mut fci = std::mem::ManuallyDrop::new(fci);
        if zend::zend_parse_parameters(
            zend::num_args(ex),
            c"f*".as_ptr(),
            &mut *fci,
            &mut fcc,
            &mut argv,
            &mut argc,
        ) != 0
        {
            return None;
        }
        Some(Call::from_zpp(&fci, &fcc, argv, argc))
    }
}

/// Starts a coroutine for PHP; false (with Swoole's warning) when it cannot.
fn create(call: Call) -> Option<Cid> {
    if vm::bailing() {
        return None;
    }
    let outside = !runtime::in_coroutine();
    if outside && LOOP.with(Cell::get) == LoopState::Idle {
        LOOP.with(|l| l.set(LoopState::Pending));
    }
    // With the request's first coroutine, as Swoole registers it with its loop.
    register_shutdown_loop();
    match vm::spawn(call) {
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

php_fn!(co_create, |ex, rv| {
    let Some(call) = parse_fci_args(ex) else {
        return;
    };
    match create(call) {
        Some(cid) => zend::zv(rv).set_long(cid),
        None => zend::zv(rv).set_bool(false),
    }
});

/// Runs the loop until it has nothing left; reports a deadlock as Swoole does.
fn drive_loop() {
    LOOP.with(|l| l.set(LoopState::Running));
    let end = runtime::with(|rt| rt.run());
    LOOP.with(|l| l.set(LoopState::Idle));
    if let LoopEnd::Deadlock(count) = end {
        if runtime::with(|rt| rt.limits().deadlock_check) {
            print_deadlock(count);
        }
    }
}

fn print_deadlock(count: usize) {
    let width = 64 + count.to_string().len();
    let hr1 = "=".repeat(width);
    let hr2 = "-".repeat(width);
    zend::output(&format!("\n {hr1}\n  [FATAL ERROR]: all coroutines (count: {count}) are asleep - deadlock!\n {hr1}\n"));
    for cid in runtime::with(|rt| rt.list()).into_iter().take(32) {
        zend::output(&format!("\n  [Coroutine-{cid}]\n {hr2}\n"));
        print_backtrace(cid, 2 /* DEBUG_BACKTRACE_IGNORE_ARGS */, 32);
    }
    zend::output(&format!("\n {hr1}\n"));
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
        LOOP.with(|l| l.set(LoopState::Running));
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
php_fn!(co_run, |ex, rv| {
    let Some(call) = parse_fci_args(ex) else {
        return;
    };
    zend::zv(rv).set_bool(start(vec![(call, 1)]));
});

/// `Swoole\Coroutine\Scheduler`: tasks queued by add()/parallel(), run by start().
#[derive(Default)]
pub struct Scheduler {
    tasks: RefCell<Vec<(Call, i64)>>,
    started: Cell<bool>,
}

impl super::object::Native for Scheduler {
    fn handlers() -> &'static std::sync::atomic::AtomicPtr<ffi::zend_object_handlers> {
        static H: std::sync::atomic::AtomicPtr<ffi::zend_object_handlers> =
            std::sync::atomic::AtomicPtr::new(ptr::null_mut());
        &H
    }
}

/// # Safety
/// Called from a handler: PHP's thread, executor active, `ex`/`rv` the handler's frame and return value. `$this` is a Scheduler (or a subclass).
unsafe fn this_scheduler<'a>(ex: *mut zend_execute_data) -> &'a Scheduler {
    super::object::get_or_default::<Scheduler>(zend::this_obj(ex))
}

/// Queues `count` coroutines of the call parsed from `ex` (after `skip` leading ints).
///
/// # Safety
/// Called from a handler: PHP's thread, executor active, `ex`/`rv` the handler's frame and return value. `$this` is a Scheduler (or a subclass).
unsafe fn scheduler_queue(ex: *mut zend_execute_data, what: &str, with_count: bool) {
    let s = this_scheduler(ex);
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
    let fci = std::mem::ManuallyDrop::new(std::mem::zeroed::<ffi::zend_fcall_info>());
    let mut fci = fci;
    let mut fcc: ffi::zend_fcall_info_cache = std::mem::zeroed();
    let mut argv: *mut ffi::zval = ptr::null_mut();
    let mut argc: u32 = 0;
    let mut count: i64 = 1;
    // zpp fills `fci` with a bitwise copy of the argument: it must never be dropped.
    let rc = if with_count {
        zend::zend_parse_parameters(
            zend::num_args(ex),
            c"lf*".as_ptr(),
            &mut count,
            &mut *fci,
            &mut fcc,
            &mut argv,
            &mut argc,
        )
    } else {
        zend::zend_parse_parameters(
            zend::num_args(ex),
            c"f*".as_ptr(),
            &mut *fci,
            &mut fcc,
            &mut argv,
            &mut argc,
        )
    };
    if rc != 0 {
        return;
    }
    s.tasks
        .borrow_mut()
        .push((Call::from_zpp(&fci, &fcc, argv, argc), count));
}

php_fn!(sched_add, |ex, rv| { scheduler_queue(ex, "add", false) });
php_fn!(sched_parallel, |ex, rv| {
    scheduler_queue(ex, "parallel", true)
});

php_fn!(sched_start, |ex, rv| {
    if zend::zend_parse_parameters(zend::num_args(ex), c"".as_ptr()) != 0 {
        return;
    }
    let s = this_scheduler(ex);
    if s.started.get() {
        set_last_error(errors::SW_ERROR_PHP_FATAL_ERROR);
        zend::error_docref(
            zend::E_WARNING,
            "scheduler is started, unable to execute Swoole\\Coroutine\\Scheduler->start",
        );
        return zend::zv(rv).set_bool(false);
    }
    let tasks = std::mem::take(&mut *s.tasks.borrow_mut());
    if tasks.is_empty() {
        set_last_error(errors::SW_ERROR_PHP_FATAL_ERROR);
        zend::error_docref(zend::E_WARNING, "no coroutine task");
        return zend::zv(rv).set_bool(false);
    }
    s.started.set(true);
    start(tasks);
    s.started.set(false);
    zend::zv(rv).set_bool(true);
});

php_fn!(event_wait, |ex, rv| {
    if zend::zend_parse_parameters(zend::num_args(ex), c"".as_ptr()) != 0 {
        return;
    }
    if runtime::in_coroutine() {
        loop_in_coroutine_fatal("Swoole\\Event::wait(): ");
        return;
    }
    if LOOP.with(Cell::get) == LoopState::Pending && !vm::bailing() {
        drive_loop();
    }
});

// What Swoole registers as a shutdown function when it creates its loop (with the
// first coroutine): the coroutines started at top level run to the end after the
// script. Then the generators that coroutines still parked run in are spared from
// the destructors PHP calls next (they are unwound at RSHUTDOWN, see vm.rs).
php_fn!(event_rshutdown, |ex, rv| {
    if LOOP.with(Cell::get) == LoopState::Pending
        && !vm::bailing()
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
});

fn register_shutdown_loop() {
    if SHUTDOWN_REGISTERED.with(|s| s.replace(true)) {
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

php_fn!(co_sleep, |ex, rv| {
    let mut seconds: f64 = 0.0;
    if zend::zend_parse_parameters(zend::num_args(ex), c"d".as_ptr(), &mut seconds) != 0 {
        return;
    }
    // Written so that NAN fails the test too (Swoole's `seconds < 0.001` lets it through,
    // then sleeps with no timer, forever). NAN's last error is "Invalid params", as for
    // every NAN timeout; below 1 ms it is Swoole's.
    if seconds.is_nan() || seconds < 0.001 {
        set_last_error(if seconds.is_nan() {
            errors::SW_ERROR_INVALID_PARAMS
        } else {
            errors::SW_ERROR_PHP_FATAL_ERROR
        });
        zend::error_docref(
            zend::E_WARNING,
            "Timer must be greater than or equal to 0.001",
        );
        zend::zv(rv).set_bool(false);
        return;
    }
    require_coroutine();
    // +INF: no timer at all, so only a cancel ends it (and the loop reports a deadlock
    // when nothing else can run), where Swoole's timer fails to arm with the same outcome.
    let slept = match Timeout::from_secs(seconds).map(Timeout::duration) {
        Ok(Some(d)) => runtime::sleep(d),
        _ => runtime::with(|rt| rt.park(Timeout::NONE, true)) != Wake::Cancelled,
    };
    // Swoole's sleep ends through its timeout path, which leaves this code behind.
    set_last_error(if slept {
        errors::SW_ERROR_CO_TIMEDOUT
    } else {
        errors::SW_ERROR_CO_CANCELED
    });
    zend::zv(rv).set_bool(slept);
});

php_fn!(co_defer, |ex, rv| {
    // zpp fills `fci` with a bitwise copy of the argument: it must never be dropped.
    let mut fci = std::mem::ManuallyDrop::new(std::mem::zeroed::<ffi::zend_fcall_info>());
    let mut fcc: ffi::zend_fcall_info_cache = std::mem::zeroed();
    if zend::zend_parse_parameters(zend::num_args(ex), c"f".as_ptr(), &mut *fci, &mut fcc) != 0 {
        return;
    }
    require_coroutine();
    (*vm::current_context())
        .defers
        .push(zend::zval_copy(&fci.function_name));
});

// Extra arguments are ignored, as Swoole's getCid() and yield() do.
php_fn!(co_get_cid, |ex, rv| {
    zend::ret_long(rv, runtime::current_cid());
});

php_fn!(co_get_pcid, |ex, rv| {
    let mut cid: i64 = 0;
    if zend::zend_parse_parameters(zend::num_args(ex), c"|l".as_ptr(), &mut cid) != 0 {
        return;
    }
    let pcid = runtime::with(|rt| {
        if cid == 0 {
            rt.current_pcid()
        } else {
            rt.pcid_of(cid)
        }
    });
    match pcid {
        Some(p) => zend::zv(rv).set_long(p),
        None => zend::zv(rv).set_bool(false),
    }
});

php_fn!(co_exists, |ex, rv| {
    let mut cid: i64 = 0;
    if zend::zend_parse_parameters(zend::num_args(ex), c"l".as_ptr(), &mut cid) != 0 {
        return;
    }
    zend::zv(rv).set_bool(runtime::with(|rt| rt.exists(cid)));
});

php_fn!(co_yield, |ex, rv| {
    require_coroutine();
    let wake = runtime::with(|rt| rt.suspend());
    if wake == Wake::Cancelled {
        set_last_error(errors::SW_ERROR_CO_CANCELED);
        zend::ret_bool(rv, false);
    } else {
        zend::ret_bool(rv, true);
    }
});

php_fn!(co_resume, |ex, rv| {
    let mut cid: i64 = 0;
    if !zend::fast_args(ex, 1, &mut [zend::Fast::Long(&mut cid)])
        && zend::zend_parse_parameters(zend::num_args(ex), c"l".as_ptr(), &mut cid) != 0
    {
        return;
    }
    if runtime::with(|rt| rt.resume_suspended(cid)).is_err() {
        set_last_error(errors::SW_ERROR_PHP_FATAL_ERROR);
        zend::error_docref(
            zend::E_WARNING,
            "can not resume the coroutine which is in IO operation or non-existent",
        );
        zend::ret_bool(rv, false);
        return;
    }
    zend::ret_bool(rv, true);
});

php_fn!(co_cancel, |ex, rv| {
    let mut cid: i64 = 0;
    let mut throw_exception: bool = false;
    if zend::zend_parse_parameters(
        zend::num_args(ex),
        c"l|b".as_ptr(),
        &mut cid,
        &mut throw_exception,
    ) != 0
    {
        return;
    }
    if throw_exception && cid != runtime::current_cid() {
        return zend::zv(rv).set_bool(cancel_throwing(cid));
    }
    let result = runtime::with(|rt| rt.cancel(cid));
    match result {
        Ok(()) => zend::zv(rv).set_bool(true),
        Err(e) => {
            set_last_error(match e {
                ResumeError::NotFound => errors::SW_ERROR_CO_NOT_EXISTS,
                _ => errors::SW_ERROR_CO_CANNOT_CANCEL,
            });
            zend::zv(rv).set_bool(false);
        }
    }
});

static CANCELED_CE: std::sync::atomic::AtomicPtr<zend_class_entry> =
    std::sync::atomic::AtomicPtr::new(ptr::null_mut());

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
                CANCELED_CE.load(std::sync::atomic::Ordering::Relaxed),
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

php_fn!(co_is_canceled, |ex, rv| {
    if zend::zend_parse_parameters(zend::num_args(ex), c"".as_ptr()) != 0 {
        return;
    }
    zend::zv(rv).set_bool(runtime::with(|rt| rt.is_cancelled()));
});

php_fn!(co_join, |ex, rv| {
    let mut cids: *mut ffi::zval = ptr::null_mut();
    let mut timeout: f64 = -1.0;
    if zend::zend_parse_parameters(zend::num_args(ex), c"a|d".as_ptr(), &mut cids, &mut timeout)
        != 0
    {
        return;
    }
    require_coroutine();
    let Ok(timeout) = wait_timeout(timeout) else {
        nan_timeout();
        return zend::zv(rv).set_bool(false);
    };
    let me = runtime::current_cid();
    // Each entry converts as PHP's (int) cast does ("12" is 12, "abc" is 0), as in Swoole.
    let list: Vec<i64> = zend::zv(cids)
        .array()
        .map(|ht| {
            ht.values()
                .map(|v| zval_get_long_func((v as *const Zval).cast_mut().cast(), false))
                .collect()
        })
        .unwrap_or_default();
    if list.is_empty() {
        set_last_error(errors::SW_ERROR_INVALID_PARAMS);
        zend::zv(rv).set_bool(false);
        return;
    }
    // In order, as Swoole: joining self warns; a coroutine named twice is a wrong
    // operation; one that does not exist (or has ended) is skipped.
    let mut alive: Vec<i64> = Vec::with_capacity(list.len());
    for cid in list {
        if cid == me {
            set_last_error(errors::SW_ERROR_WRONG_OPERATION);
            zend::error_docref(zend::E_WARNING, "can not join self");
            return zend::zv(rv).set_bool(false);
        }
        if !runtime::with(|rt| rt.exists(cid)) {
            continue;
        }
        if alive.contains(&cid) {
            set_last_error(errors::SW_ERROR_WRONG_OPERATION);
            return zend::zv(rv).set_bool(false);
        }
        alive.push(cid);
    }
    if alive.is_empty() {
        set_last_error(errors::SW_ERROR_INVALID_PARAMS);
        zend::zv(rv).set_bool(false);
        return;
    }
    let deadline = timeout.deadline();
    for cid in alive {
        let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
        match runtime::with(|rt| rt.join_one(cid, left)) {
            Wake::Ready => {}
            Wake::Cancelled => {
                set_last_error(errors::SW_ERROR_CO_CANCELED);
                zend::zv(rv).set_bool(false);
                return;
            }
            _ => {
                set_last_error(errors::SW_ERROR_CO_TIMEDOUT);
                zend::zv(rv).set_bool(false);
                return;
            }
        }
    }
    zend::zv(rv).set_bool(true);
});

/// Applies `Coroutine::set()` options; unknown Swoole keys are kept and ignored.
fn apply_options(ht: &ZendHashTable) {
    let num = |k: &str| {
        ht.get(k)
            .and_then(|v| v.double().or_else(|| v.long().map(|l| l as f64)))
    };
    let mut t = timeouts();
    if let Some(v) = num("socket_timeout") {
        t.read = v;
        t.write = v;
    }
    if let Some(v) = num("socket_connect_timeout") {
        t.connect = v;
    }
    if let Some(v) = num("socket_read_timeout").or_else(|| num("socket_recv_timeout")) {
        t.read = v;
    }
    if let Some(v) = num("socket_write_timeout").or_else(|| num("socket_send_timeout")) {
        t.write = v;
    }
    if let Some(v) = num("socket_dns_timeout") {
        t.dns = v;
    }
    TIMEOUTS.with(|c| c.set(t));
    // Swoole's default for new UDP sockets; a value that is not a size is ignored.
    if let Some(size) = ht.get("socket_buffer_size").and_then(size_setting) {
        BUFFER_SIZE.with(|b| b.set(size));
    }
    runtime::with(|rt| {
        if let Some(v) = num("c_stack_size").or_else(|| num("stack_size")) {
            rt.set_stack_size(v.max(0.0) as usize);
        }
        let mut limits = rt.limits();
        if let Some(v) = num("max_coroutine") {
            limits.max_coroutine = if v > 0.0 { v as usize } else { 100_000 };
        }
        if let Some(v) = ht.get("enable_deadlock_check") {
            limits.deadlock_check = v.bool().unwrap_or(true);
        }
        rt.set_limits(limits);
    });
}

php_fn!(co_set, |ex, rv| {
    let mut arr: *mut ffi::zval = ptr::null_mut();
    if zend::zend_parse_parameters(zend::num_args(ex), c"a".as_ptr(), &mut arr) != 0 {
        return;
    }
    let Some(ht) = zend::zv(arr).array() else {
        return;
    };
    apply_options(ht);
    // getOptions() returns everything set so far, later keys overriding.
    OPTIONS.with(|o| {
        let prev = o.borrow_mut().take();
        *o.borrow_mut() = Some(zend::merge_arrays(prev, ht));
    });
});

php_fn!(co_get_options, |ex, rv| {
    if zend::zend_parse_parameters(zend::num_args(ex), c"".as_ptr()) != 0 {
        return;
    }
    OPTIONS.with(|o| match o.borrow().as_ref() {
        Some(z) => *zend::zv(rv) = z.shallow_clone(),
        None => zend::zv(rv).set_null(),
    });
});

php_fn!(co_stats, |ex, rv| {
    if zend::zend_parse_parameters(zend::num_args(ex), c"".as_ptr()) != 0 {
        return;
    }
    let (s, stack, fds, dns) =
        runtime::with(|rt| (rt.stats(), rt.stack_size(), rt.waited_fds(), rt.dns_load()));
    // Swoole's keys, in its order. event_num: the fds coroutines wait on (Swoole's
    // reactor also counts its AIO pipe once a lookup ran); aio_*: the lookup workers,
    // Swoole's AIO threads here; no signal listeners (there is no waitSignal()).
    let mut ht = ZendHashTable::new();
    for (k, v) in [
        ("event_num", fds as i64),
        ("signal_listener_num", 0),
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
    zend::zv(rv).set_hashtable(ht);
});

static ITERATOR_CE: std::sync::atomic::AtomicPtr<zend_class_entry> =
    std::sync::atomic::AtomicPtr::new(ptr::null_mut());

php_fn!(co_list, |ex, rv| {
    if zend::zend_parse_parameters(zend::num_args(ex), c"".as_ptr()) != 0 {
        return;
    }
    let mut ht = ZendHashTable::new();
    for cid in runtime::with(|rt| rt.list()) {
        let _ = ht.push(cid);
    }
    let mut list = Zval::new();
    list.set_hashtable(ht);
    zend::object_init_ex(rv, ITERATOR_CE.load(std::sync::atomic::Ordering::Relaxed));
    // ArrayIterator::__construct($list)
    let mut ctor = Zval::new();
    let _ = ctor.set_string("__construct", false);
    let mut args = [list];
    let mut ret = Zval::new();
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
});

/// Runs `f` with EG(current_execute_data) set to where coroutine `cid` is suspended.
/// Returns None when it does not exist.
/// Cid -1 is the main context (where `Co\run()` was called) from inside a coroutine.
fn with_frame_of<R>(cid: Cid, f: impl FnOnce() -> R) -> Option<R> {
    let ctx = if cid == -1 {
        vm::main_context()
    } else {
        vm::context_of(cid)?
    };
    if ctx.is_null() {
        return None;
    }
    // SAFETY: a suspended coroutine's saved frame chain lives on its own VM stack,
    // which stays allocated while it is suspended; we restore the pointer at once.
    unsafe {
        // Raw accesses: `f` calls into Zend, which reads and writes EG itself.
        let g = eg();
        let saved = (*g).current_execute_data;
        (*g).current_execute_data = (*ctx).saved_execute_data();
        let r = f();
        (*g).current_execute_data = saved;
        Some(r)
    }
}

fn is_current_or_zero(cid: Cid) -> bool {
    cid == 0 || cid == runtime::current_cid()
}

php_fn!(co_get_backtrace, |ex, rv| {
    let (mut cid, mut options, mut limit): (i64, i64, i64) = (0, 1, 0);
    if zend::zend_parse_parameters(
        zend::num_args(ex),
        c"|lll".as_ptr(),
        &mut cid,
        &mut options,
        &mut limit,
    ) != 0
    {
        return;
    }
    if is_current_or_zero(cid) {
        zend::zend_fetch_debug_backtrace(rv, 0, options as c_int, limit as c_int);
    } else if with_frame_of(cid, || {
        zend::zend_fetch_debug_backtrace(rv, 0, options as c_int, limit as c_int)
    })
    .is_none()
    {
        set_last_error(errors::SW_ERROR_CO_NOT_EXISTS);
        zend::zv(rv).set_bool(false);
    }
});

extern "C" {
    /// PHP's (int) conversion of any zval (`zval_get_long()` for non-integers).
    fn zval_get_long_func(op: *mut ffi::zval, is_strict: bool) -> i64;
    fn zend_trace_to_string(
        trace: *mut ffi::HashTable,
        include_main: bool,
    ) -> *mut ffi::zend_string;
}

/// Prints a backtrace as debug_print_backtrace() does.
fn print_trace(skip_last: c_int, options: i64, limit: i64) {
    let mut trace = Zval::new();
    // SAFETY: the executor is active; the result is an array we own.
    unsafe {
        zend::zend_fetch_debug_backtrace(
            (&mut trace as *mut Zval).cast(),
            skip_last,
            options as c_int,
            limit as c_int,
        );
        if let Some(ht) = trace.array() {
            let s = zend_trace_to_string(ht as *const _ as *mut ffi::HashTable, false);
            if !s.is_null() {
                let text = std::slice::from_raw_parts((*s).val.as_ptr().cast::<u8>(), (*s).len);
                zend::output(&String::from_utf8_lossy(text));
                ffi::ext_php_rs_zend_string_release(s);
            }
        }
    }
}

pub fn print_backtrace(cid: Cid, options: i64, limit: i64) -> bool {
    if is_current_or_zero(cid) {
        print_trace(1, options, limit);
        true
    } else {
        with_frame_of(cid, || print_trace(0, options, limit)).is_some()
    }
}

php_fn!(co_print_backtrace, |ex, rv| {
    let (mut cid, mut options, mut limit): (i64, i64, i64) = (0, 0, 0);
    if zend::zend_parse_parameters(
        zend::num_args(ex),
        c"|lll".as_ptr(),
        &mut cid,
        &mut options,
        &mut limit,
    ) != 0
    {
        return;
    }
    if !print_backtrace(cid, options, limit) {
        set_last_error(errors::SW_ERROR_CO_NOT_EXISTS);
        zend::zv(rv).set_bool(false);
    }
});

static CONTEXT_CE: std::sync::atomic::AtomicPtr<zend_class_entry> =
    std::sync::atomic::AtomicPtr::new(ptr::null_mut());

php_fn!(co_get_context, |ex, rv| {
    let mut cid: i64 = 0;
    if zend::zend_parse_parameters(zend::num_args(ex), c"|l".as_ptr(), &mut cid) != 0 {
        return;
    }
    // Outside a coroutine there is none to have a context, as in Swoole (NULL).
    let ctx = if cid == 0 {
        runtime::in_coroutine().then(vm::current_context)
    } else {
        vm::context_of(cid)
    };
    let Some(ctx) = ctx.filter(|c| !c.is_null()) else {
        set_last_error(errors::SW_ERROR_CO_NOT_EXISTS);
        zend::zv(rv).set_null();
        return;
    };
    let slot = &mut (*ctx).context;
    if slot.is_none() {
        let mut z = Zval::new();
        zend::object_init_ex(
            (&mut z as *mut Zval).cast(),
            CONTEXT_CE.load(std::sync::atomic::Ordering::Relaxed),
        );
        *slot = Some(z);
    }
    if let Some(z) = slot.as_ref() {
        *zend::zv(rv) = z.shallow_clone();
    }
});

php_fn!(co_get_elapsed, |ex, rv| {
    let mut cid: i64 = 0;
    if zend::zend_parse_parameters(zend::num_args(ex), c"|l".as_ptr(), &mut cid) != 0 {
        return;
    }
    let cid = if cid == 0 {
        runtime::current_cid()
    } else {
        cid
    };
    let ms = runtime::with(|rt| rt.started_at(cid)).map_or(-1, |t| t.elapsed().as_millis() as i64);
    zend::zv(rv).set_long(ms);
});

// ---- registration -------------------------------------------------------------------

const INT: Ty = Ty::of(MAY_BE_LONG);
const FLOAT: Ty = Ty::of(MAY_BE_DOUBLE);
const BOOL: Ty = Ty::of(MAY_BE_BOOL);
const CALLABLE: Ty = Ty::of(MAY_BE_CALLABLE);
const STATIC: u32 = zend::ACC_PUBLIC | zend::ACC_STATIC;
/// ZEND_ACC_FINAL.
const ACC_FINAL: u32 = 1 << 5;

const CREATE_PARAMS: &[decl::Param] =
    &[arg("func", CALLABLE), variadic("param", Ty::of(MAY_BE_ANY))];
pub fn register(module_number: i32) {
    let cid_param: &'static [decl::Param] = &const { [opt("cid", INT, "0")] };
    let mut methods = vec![
        Func {
            name: "create",
            handler: co_create,
            params: CREATE_PARAMS,
            ret: Ty::of(MAY_BE_LONG | MAY_BE_FALSE),
            flags: STATIC,
        },
        Func {
            name: "defer",
            handler: co_defer,
            params: &const { [arg("callback", CALLABLE)] },
            ret: Ty::of(MAY_BE_VOID),
            flags: STATIC,
        },
        Func {
            name: "set",
            handler: co_set,
            params: &const { [arg("options", Ty::of(MAY_BE_ARRAY))] },
            ret: Ty::of(MAY_BE_VOID),
            flags: STATIC,
        },
        Func {
            name: "getOptions",
            handler: co_get_options,
            params: &[],
            ret: Ty::of(MAY_BE_ARRAY | MAY_BE_NULL),
            flags: STATIC,
        },
        Func {
            name: "exists",
            handler: co_exists,
            params: &const { [arg("cid", INT)] },
            ret: BOOL,
            flags: STATIC,
        },
        Func {
            name: "yield",
            handler: co_yield,
            params: &[],
            ret: BOOL,
            flags: STATIC,
        },
        Func {
            name: "cancel",
            handler: co_cancel,
            params: &const { [arg("cid", INT), opt("throw_exception", BOOL, "false")] },
            ret: BOOL,
            flags: STATIC,
        },
        Func {
            name: "join",
            handler: co_join,
            params: &const {
                [
                    arg("cid_array", Ty::of(MAY_BE_ARRAY)),
                    opt("timeout", FLOAT, "-1"),
                ]
            },
            ret: BOOL,
            flags: STATIC,
        },
        Func {
            name: "isCanceled",
            handler: co_is_canceled,
            params: &[],
            ret: BOOL,
            flags: STATIC,
        },
        Func {
            name: "suspend",
            handler: co_yield,
            params: &[],
            ret: BOOL,
            flags: STATIC,
        },
        Func {
            name: "resume",
            handler: co_resume,
            params: &const { [arg("cid", INT)] },
            ret: BOOL,
            flags: STATIC,
        },
        Func {
            name: "stats",
            handler: co_stats,
            params: &[],
            ret: Ty::of(MAY_BE_ARRAY),
            flags: STATIC,
        },
        Func {
            name: "getCid",
            handler: co_get_cid,
            params: &[],
            ret: INT,
            flags: STATIC,
        },
        Func {
            name: "getuid",
            handler: co_get_cid,
            params: &[],
            ret: INT,
            flags: STATIC,
        },
        Func {
            name: "getPcid",
            handler: co_get_pcid,
            params: cid_param,
            ret: Ty::of(MAY_BE_FALSE | MAY_BE_LONG),
            flags: STATIC,
        },
        Func {
            name: "getBackTrace",
            handler: co_get_backtrace,
            params: &const {
                [
                    opt("cid", INT, "0"),
                    opt("options", INT, "DEBUG_BACKTRACE_PROVIDE_OBJECT"),
                    opt("limit", INT, "0"),
                ]
            },
            ret: Ty::of(MAY_BE_ARRAY | MAY_BE_FALSE),
            flags: STATIC,
        },
        Func {
            name: "printBackTrace",
            handler: co_print_backtrace,
            params: &const {
                [
                    opt("cid", INT, "0"),
                    opt("options", INT, "0"),
                    opt("limit", INT, "0"),
                ]
            },
            ret: Ty::of(MAY_BE_VOID),
            flags: STATIC,
        },
        Func {
            name: "getElapsed",
            handler: co_get_elapsed,
            params: cid_param,
            ret: INT,
            flags: STATIC,
        },
        Func {
            name: "getContext",
            handler: co_get_context,
            params: cid_param,
            ret: Ty::class("Swoole\\Coroutine\\Context", MAY_BE_NULL),
            flags: STATIC,
        },
        Func {
            name: "list",
            handler: co_list,
            params: &[],
            ret: Ty::class("Swoole\\Coroutine\\Iterator", 0),
            flags: STATIC,
        },
        Func {
            name: "listCoroutines",
            handler: co_list,
            params: &[],
            ret: Ty::class("Swoole\\Coroutine\\Iterator", 0),
            flags: STATIC,
        },
    ];
    // Swoole\Coroutine also answers System's calls (Co::sleep(), Co::gethostbyname()...).
    methods.extend(super::system::system_methods());
    let co = decl::register_class("Swoole\\Coroutine", ptr::null_mut(), &methods, 0, None);
    decl::alias("Co", co);
    let sys = decl::register_class(
        "Swoole\\Coroutine\\System",
        ptr::null_mut(),
        &super::system::system_methods(),
        0,
        None,
    );
    decl::alias("Co\\System", sys);
    // SAFETY: SPL's ArrayIterator exists once the engine has started.
    // SAFETY: SPL's ArrayObject exists once the engine has started.
    // SAFETY: the engine's Exception class exists by MINIT.
    let canceled = decl::register_class(
        "Swoole\\Coroutine\\CanceledException",
        unsafe { zend::zend_ce_exception },
        &[],
        ACC_FINAL,
        None,
    );
    CANCELED_CE.store(canceled, std::sync::atomic::Ordering::Relaxed);
    let context = decl::register_class(
        "Swoole\\Coroutine\\Context",
        unsafe { zend::spl_ce_ArrayObject },
        &[],
        0,
        None,
    );
    CONTEXT_CE.store(context, std::sync::atomic::Ordering::Relaxed);
    decl::alias("Co\\Context", context);
    let it = decl::register_class(
        "Swoole\\Coroutine\\Iterator",
        unsafe { zend::spl_ce_ArrayIterator },
        &[],
        0,
        None,
    );
    ITERATOR_CE.store(it, std::sync::atomic::Ordering::Relaxed);
    decl::alias("Co\\Iterator", it);
    super::object::handlers_for::<Scheduler>();
    let sched = decl::register_class(
        "Swoole\\Coroutine\\Scheduler",
        ptr::null_mut(),
        &[
            Func {
                name: "add",
                handler: sched_add,
                params: CREATE_PARAMS,
                ret: Ty::of(MAY_BE_VOID),
                flags: zend::ACC_PUBLIC,
            },
            Func {
                name: "parallel",
                handler: sched_parallel,
                params: &const {
                    [
                        arg("n", INT),
                        arg("func", CALLABLE),
                        variadic("param", Ty::of(MAY_BE_ANY)),
                    ]
                },
                ret: Ty::of(MAY_BE_VOID),
                flags: zend::ACC_PUBLIC,
            },
            Func {
                name: "set",
                handler: co_set,
                params: &const { [arg("settings", Ty::of(MAY_BE_ARRAY))] },
                ret: Ty::of(MAY_BE_VOID),
                flags: zend::ACC_PUBLIC,
            },
            Func {
                name: "getOptions",
                handler: co_get_options,
                params: &[],
                ret: Ty::of(MAY_BE_ARRAY | MAY_BE_NULL),
                flags: zend::ACC_PUBLIC,
            },
            Func {
                name: "start",
                handler: sched_start,
                params: &[],
                ret: BOOL,
                flags: zend::ACC_PUBLIC,
            },
        ],
        zend::ACC_NOT_SERIALIZABLE,
        Some(super::object::create_object::<Scheduler>),
    );
    decl::alias("Co\\Scheduler", sched);
    let ev = decl::register_class(
        "Swoole\\Event",
        ptr::null_mut(),
        &[
            Func {
                name: "wait",
                handler: event_wait,
                params: &[],
                ret: Ty::of(MAY_BE_VOID),
                flags: STATIC,
            },
            Func {
                name: "rshutdown",
                handler: event_rshutdown,
                params: &[],
                ret: Ty::of(MAY_BE_VOID),
                flags: STATIC,
            },
        ],
        0,
        None,
    );
    let _ = ev;

    let run_params: &'static [decl::Param] =
        &const { [arg("fn", CALLABLE), variadic("args", Ty::of(MAY_BE_ANY))] };
    let int_false = Ty::of(MAY_BE_LONG | MAY_BE_FALSE);
    let void = Ty::of(MAY_BE_VOID);
    decl::register_functions(&[
        Func {
            name: "go",
            handler: co_create,
            params: CREATE_PARAMS,
            ret: int_false,
            flags: 0,
        },
        Func {
            name: "swoole_coroutine_create",
            handler: co_create,
            params: CREATE_PARAMS,
            ret: int_false,
            flags: 0,
        },
        Func {
            name: "defer",
            handler: co_defer,
            params: &const { [arg("callback", CALLABLE)] },
            ret: void,
            flags: 0,
        },
        Func {
            name: "swoole_coroutine_defer",
            handler: co_defer,
            params: &const { [arg("callback", CALLABLE)] },
            ret: void,
            flags: 0,
        },
        Func {
            name: "Swoole\\Coroutine\\run",
            handler: co_run,
            params: run_params,
            ret: BOOL,
            flags: 0,
        },
        Func {
            name: "Co\\run",
            handler: co_run,
            params: run_params,
            ret: BOOL,
            flags: 0,
        },
        Func {
            name: "Swoole\\Coroutine\\go",
            handler: co_create,
            params: CREATE_PARAMS,
            ret: int_false,
            flags: 0,
        },
        Func {
            name: "Co\\go",
            handler: co_create,
            params: CREATE_PARAMS,
            ret: int_false,
            flags: 0,
        },
        Func {
            name: "swoole_event_wait",
            handler: event_wait,
            params: &[],
            ret: void,
            flags: 0,
        },
        Func {
            name: "swoole_event_rshutdown",
            handler: event_rshutdown,
            params: &[],
            ret: void,
            flags: 0,
        },
    ]);
    decl::constant("SWOOLE_EVENT_READ", 512, module_number);
    decl::constant("SWOOLE_EVENT_WRITE", 1024, module_number);
    let _ = (FLOAT, Timeouts::DEFAULT);
}
