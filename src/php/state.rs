//! The PHP layer's state, in two places: [`PROCESS`] (made at MINIT, freed at
//! MSHUTDOWN) and [`REQUEST`] (one request's, begun by `request_startup` at RINIT
//! and ended by `request_shutdown` at RSHUTDOWN, both in php/mod.rs, the only two
//! places that reset it). This module holds the data only: it depends on no module
//! that uses it.
//! The core keeps its own (the runtime: coroutines, loop, timers), which the request
//! hooks stop and reset through it.
//!
//! Access rule: PHP is NTS here, so one thread runs MINIT, every request and
//! MSHUTDOWN, and only that thread enters the PHP layer (the core's resolver threads
//! never call into it). Both structs are therefore plain statics of `Cell`s, read and
//! written from that thread only, each access one load or store: no thread-local
//! lookup, no lock, no lazy initialisation on the hot paths (a socket call's last
//! error, a switch's slow-path test, a handler's end check, the spare receive buffer).

use std::cell::{Cell, RefCell};
use std::ptr;
use std::rc::Rc;
use std::sync::atomic::AtomicPtr;

use ext_php_rs::ffi;
use ext_php_rs::types::Zval;

use std::ffi::{c_void, CString};

use super::zend::{zend_class_entry, zend_string};
use crate::runtime::WaitQueue;

/// What lives as long as the module: made at MINIT, read-only while requests run,
/// freed at MSHUTDOWN (`module_shutdown` in php/mod.rs). Class entries, the interned keys and the
/// object handler tables belong to the engine's process-wide tables; the rest is ours.
pub struct Process {
    /// False when cosocket stood down at MINIT (Swoole is loaded): nothing of ours exists.
    pub active: Cell<bool>,
    /// This module as the engine registered it: the `module` of each of our functions
    /// (vm.rs tells our handlers' frames from others' by it).
    pub module: Cell<*mut ffi::zend_module_entry>,
    /// A zeroed internal function, like Swoole's: the bottom frame of every coroutine,
    /// so backtraces and internal calls see a caller that is not another coroutine's
    /// (possibly finished) frame.
    pub dummy_frame: Cell<*mut ffi::zend_function>,
    /// `Swoole\Exception`, `Swoole\Error`.
    pub exception_ce: Cell<*mut zend_class_entry>,
    pub error_ce: Cell<*mut zend_class_entry>,
    /// `Swoole\Coroutine\CanceledException`, `\Iterator`, `\Context`.
    pub canceled_ce: Cell<*mut zend_class_entry>,
    pub iterator_ce: Cell<*mut zend_class_entry>,
    pub context_ce: Cell<*mut zend_class_entry>,
    /// `Swoole\Timer\Iterator` (timer.rs).
    pub timer_iterator_ce: Cell<*mut zend_class_entry>,
    /// `Swoole\Coroutine\Barrier` (library.rs; null with swoole.enable_library=Off).
    pub barrier_ce: Cell<*mut zend_class_entry>,
    /// `Swoole\Coroutine\Socket` and its `\Exception`.
    pub socket_ce: Cell<*mut zend_class_entry>,
    pub socket_exception_ce: Cell<*mut zend_class_entry>,
    /// `Swoole\Coroutine\Server` and its `\Connection` (server.rs; null with
    /// swoole.enable_library=Off).
    pub server_ce: Cell<*mut zend_class_entry>,
    pub server_connection_ce: Cell<*mut zend_class_entry>,
    /// The interned keys of the address arrays (`getsockname()`, `recvfrom()`...).
    pub address_key: Cell<*mut zend_string>,
    pub port_key: Cell<*mut zend_string>,
    /// The object handlers of each native class (see object.rs's `Native`).
    pub socket_handlers: AtomicPtr<ffi::zend_object_handlers>,
    pub channel_handlers: AtomicPtr<ffi::zend_object_handlers>,
    pub wait_group_handlers: AtomicPtr<ffi::zend_object_handlers>,
    pub scheduler_handlers: AtomicPtr<ffi::zend_object_handlers>,
    pub lock_handlers: AtomicPtr<ffi::zend_object_handlers>,
    pub client_handlers: AtomicPtr<ffi::zend_object_handlers>,
    /// The engine's autoload function (SPL's), which our hook calls to do the work.
    pub engine_autoload: Cell<Option<AutoloadFn>>,
    /// What the engine keeps pointers into, from MINIT to MSHUTDOWN: function tables,
    /// their arginfo and the names in them (see decl.rs).
    pub kept: RefCell<Vec<Kept>>,
}

// SAFETY: PHP's one thread only (see the module's access rule).
unsafe impl Sync for Process {}

/// The module's state (see [`Process`]).
pub static PROCESS: Process = Process {
    active: Cell::new(false),
    module: Cell::new(ptr::null_mut()),
    dummy_frame: Cell::new(ptr::null_mut()),
    exception_ce: Cell::new(ptr::null_mut()),
    error_ce: Cell::new(ptr::null_mut()),
    canceled_ce: Cell::new(ptr::null_mut()),
    iterator_ce: Cell::new(ptr::null_mut()),
    context_ce: Cell::new(ptr::null_mut()),
    timer_iterator_ce: Cell::new(ptr::null_mut()),
    barrier_ce: Cell::new(ptr::null_mut()),
    socket_ce: Cell::new(ptr::null_mut()),
    socket_exception_ce: Cell::new(ptr::null_mut()),
    server_ce: Cell::new(ptr::null_mut()),
    server_connection_ce: Cell::new(ptr::null_mut()),
    address_key: Cell::new(ptr::null_mut()),
    port_key: Cell::new(ptr::null_mut()),
    socket_handlers: AtomicPtr::new(ptr::null_mut()),
    channel_handlers: AtomicPtr::new(ptr::null_mut()),
    wait_group_handlers: AtomicPtr::new(ptr::null_mut()),
    scheduler_handlers: AtomicPtr::new(ptr::null_mut()),
    lock_handlers: AtomicPtr::new(ptr::null_mut()),
    client_handlers: AtomicPtr::new(ptr::null_mut()),
    engine_autoload: Cell::new(None),
    kept: RefCell::new(Vec::new()),
};

/// Who owns the event loop of this request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoopState {
    /// No loop: `Co\run()` may start one.
    Idle,
    /// Coroutines were created outside `run()`: the loop runs at `Event::wait()` or at
    /// shutdown (as Swoole, which creates its reactor then).
    Pending,
    /// `run()` or `Event::wait()` is driving it.
    Running,
}

/// One request's state: everything here starts as [`Request::INITIAL`] at RINIT and
/// is back to it after RSHUTDOWN; `request_startup` and `request_shutdown` (php/mod.rs) are the
/// only places that reset it (the modules only read and write it while the request
/// runs). `Coroutine::set()`'s options and every value derived from them (socket
/// timeouts, the UDP buffer size, and the runtime's limits and stack size, which live
/// in the core) go together: a request never sees the last one's.
pub struct Request {
    /// What `swoole_last_error()` returns (written by every failing socket call).
    pub last_error: Cell<i32>,
    /// The switch hook's slow paths, read once per switch (vm.rs: FAILING, PROTECTING).
    pub slow: Cell<u8>,
    /// What the handler running now does as it returns (vm.rs: END_*), read once per
    /// handler call.
    pub handler_end: Cell<u8>,
    /// A coroutine failed with a fatal error proper: the main stack bails out too.
    pub fatal: Cell<bool>,
    /// Set while the coroutines left parked at request end are unwound.
    pub draining: Cell<bool>,
    /// The main stack's PHP context (vm.rs owns it: made at RINIT, freed at RSHUTDOWN).
    /// Opaque here (a `vm::Context`), so that this module depends on none of those
    /// that use it.
    pub main: Cell<*mut c_void>,
    /// Who drives the loop (scheduler.rs).
    pub loop_state: Cell<LoopState>,
    /// Whether the shutdown function that runs the loop at script end is registered.
    pub shutdown_registered: Cell<bool>,
    /// One spare receive buffer, request memory (socket/recv.rs).
    pub spare_recv: Cell<*mut zend_string>,
    /// What `Coroutine::getOptions()` returns: every option set so far.
    pub options: RefCell<Option<Zval>>,
    /// The socket timeouts new sockets start with (from the options).
    pub timeouts: Cell<Timeouts>,
    /// The send/receive buffer size of new UDP sockets (from the options).
    pub buffer_size: Cell<i64>,
    /// Classes (lower-case names) being loaded by a coroutine, with who waits for them
    /// (autoload.rs); a few at a time, so a list.
    pub loading: RefCell<Vec<(Vec<u8>, Rc<WaitQueue>)>>,
    /// The lowest level Swoole's log prints (`Coroutine::set(['log_level' => ...])`, log.rs).
    pub log_level: Cell<i64>,
    /// The error codes `swoole_ignore_error()` silenced in the log (log.rs).
    pub ignored_errors: RefCell<Vec<i64>>,
    /// swoole/library's `Barrier::$cancel_list`: the coroutines whose next barrier wait
    /// returns at once (library.rs).
    pub barrier_cancel: RefCell<Vec<i64>>,
}

// SAFETY: PHP's one thread only (see the module's access rule).
unsafe impl Sync for Request {}

/// The running request's state (see [`Request`]).
pub static REQUEST: Request = Request::INITIAL;

impl Request {
    /// A request's state before it runs any code.
    #[allow(clippy::declare_interior_mutable_const)]
    const INITIAL: Request = Request {
        last_error: Cell::new(0),
        slow: Cell::new(0),
        handler_end: Cell::new(END_NONE),
        fatal: Cell::new(false),
        draining: Cell::new(false),
        main: Cell::new(ptr::null_mut()),
        loop_state: Cell::new(LoopState::Idle),
        shutdown_registered: Cell::new(false),
        spare_recv: Cell::new(ptr::null_mut()),
        options: RefCell::new(None),
        timeouts: Cell::new(Timeouts::DEFAULT),
        buffer_size: Cell::new(DEFAULT_BUFFER_SIZE),
        loading: RefCell::new(Vec::new()),
        log_level: Cell::new(SW_LOG_INFO),
        ignored_errors: RefCell::new(Vec::new()),
        barrier_cancel: RefCell::new(Vec::new()),
    };

    /// Puts every field back to [`Request::INITIAL`]. What a field held is forgotten,
    /// not freed: the callers free what must be freed first.
    pub(super) fn reset(&self) {
        let i = Request::INITIAL;
        self.last_error.set(i.last_error.get());
        self.slow.set(i.slow.get());
        self.handler_end.set(i.handler_end.get());
        self.fatal.set(i.fatal.get());
        self.draining.set(i.draining.get());
        self.main.set(i.main.get());
        self.loop_state.set(i.loop_state.get());
        self.shutdown_registered.set(i.shutdown_registered.get());
        self.spare_recv.set(i.spare_recv.get());
        // Request memory at RINIT: forgotten (request_shutdown freed it in time).
        std::mem::forget(self.options.replace(i.options.into_inner()));
        self.timeouts.set(i.timeouts.get());
        self.buffer_size.set(i.buffer_size.get());
        drop(self.loading.replace(i.loading.into_inner()));
        self.log_level.set(i.log_level.get());
        drop(self.ignored_errors.replace(i.ignored_errors.into_inner()));
        drop(self.barrier_cancel.replace(i.barrier_cancel.into_inner()));
    }
}

/// Socket timeouts in seconds (`Coroutine::set(['socket_*_timeout' => ...])`).
#[derive(Clone, Copy, Debug)]
pub struct Timeouts {
    pub connect: f64,
    pub read: f64,
    pub write: f64,
    pub dns: f64,
}

impl Timeouts {
    pub const DEFAULT: Timeouts = Timeouts {
        connect: 10.0,
        read: 60.0,
        write: 60.0,
        dns: 60.0,
    };
}

/// Swoole's default log level, `SWOOLE_LOG_INFO`.
pub const SW_LOG_INFO: i64 = 2;

/// Swoole's `SW_SOCKET_BUFFER_SIZE`: the send and receive buffers of a UDP socket.
pub const DEFAULT_BUFFER_SIZE: i64 = 8 << 20;

/// What the engine keeps pointers into, from MINIT to MSHUTDOWN: the function tables,
/// their arginfo and the names in them (`PROCESS.kept`). Held for their heap data,
/// never read.
#[allow(dead_code)]
pub enum Kept {
    Name(CString),
    ArgInfo(Box<[ffi::zend_internal_arg_info]>),
    Entries(Box<[ffi::zend_function_entry]>),
}

/// The engine's autoload function's type (`zend_autoload`).
pub type AutoloadFn =
    unsafe extern "C" fn(*mut zend_string, *mut zend_string) -> *mut zend_class_entry;

/// `REQUEST.handler_end` when no handler's end is pending (vm.rs).
pub const END_NONE: u8 = 0;
