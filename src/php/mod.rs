//! The PHP layer: registers Swoole's API names and converts between zvals and the
//! core. Only this module touches zvals, EG(...) or ext-php-rs types.

mod args;
mod autoload;
mod backtrace;
mod call;
mod channel;
mod constants;
mod coroutine;
mod cx;
mod deadlock;
mod decl;
mod errors;
mod event;
mod functions;
mod hook_funcs;
mod hook_sockets;
mod hook_stream;
mod hooks;
mod identity;
mod ini;
mod library;
mod lock;
mod log;
mod object;
mod options;
mod output;
mod runtime_hooks;
mod scheduler;
mod server;
mod socket;
mod state;
mod system;
mod system_io;
mod system_signal;
mod system_wait;
mod timer;
mod vm;
mod zend;
mod zval;

use decl::stub;

use std::ffi::c_int;

use ext_php_rs::builders::ModuleBuilder;
use ext_php_rs::ffi;
use ext_php_rs::zend::{ModuleEntry, StaticModuleEntry};
use ext_php_rs::{info_table_end, info_table_row, info_table_start};

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

use std::ptr;

use crate::runtime;
use state::{PROCESS, REQUEST};

extern "C" fn minit(module_type: c_int, module_number: c_int) -> c_int {
    for other in ["swoole", "openswoole"] {
        if zend::module_loaded(other) {
            zend::zend_error_str(
                zend::E_CORE_WARNING,
                &format!(
                    "cosocket: the {other} extension is loaded and defines the same classes and \
                     functions; cosocket stays inactive. Load only one of them."
                ),
            );
            return 0; // SUCCESS: PHP starts, without us.
        }
    }
    // First: the swoole.* settings decide which names the registrations below make.
    // SAFETY: EG(current_module) is this module's registered entry while MINIT runs.
    identity::register(module_type, unsafe { (*zend::eg()).current_module });
    stub::module_startup();
    identity::register_api(module_number);
    errors::register(module_number);
    log::register();
    functions::register();
    constants::register(module_number);
    coroutine::register(module_number);
    scheduler::register();
    timer::register();
    event::register();
    channel::register(module_number);
    socket::register();
    server::register();
    lock::register();
    library::register(module_number);
    runtime_hooks::register();
    stub::write_if_asked();
    autoload::register();
    vm::module_startup();
    system_signal::register();
    // A coroutine stack overflow is reported on stderr the way PHP logs a fatal error
    // there (the handler cannot run PHP's error machinery from a signal handler).
    crate::runtime::overflow::set_message_prefix("PHP Fatal error:  ");
    PROCESS.active.set(true);
    0
}

/// Frees what the module kept (MSHUTDOWN). By then the engine reads none of it: it
/// copied the arginfo of every typed function (and frees its copy itself), and what it
/// still points to for the others (parameter names) only reflection reads. The
/// handler tables stay: the engine may free objects after MSHUTDOWN began.
fn module_shutdown() {
    runtime_hooks::module_shutdown();
    system_signal::unregister();
    PROCESS.kept.borrow_mut().clear();
    let dummy = PROCESS.dummy_frame.replace(ptr::null_mut());
    if !dummy.is_null() {
        // SAFETY: made by vm::module_startup with Box::into_raw; no request runs, so no
        // coroutine frame points to it any more.
        drop(unsafe { Box::from_raw(dummy) });
    }
}

/// Starts a request (RINIT): a clean [`REQUEST`] (whatever ran after the last
/// RSHUTDOWN, such as destructors, left in it is forgotten: the spare buffer was that
/// request's memory, gone with its heap), then the main context and the runtime's hooks.
fn request_startup() {
    REQUEST.reset();
    REQUEST.buffer_size.set(ini::socket_buffer_size());
    vm::request_startup();
}

/// Ends a request (RSHUTDOWN): loads in progress are forgotten first, so a coroutine
/// waiting for one gives up when the coroutines left parked are unwound; then the
/// runtime is stopped and reset, request memory we hold is freed, and every setting
/// goes back to its default, in the core as here.
fn request_shutdown() {
    REQUEST.loading.borrow_mut().clear();
    vm::request_shutdown();
    runtime_hooks::request_shutdown();
    drop(REQUEST.options.take());
    let spare = REQUEST.spare_recv.replace(ptr::null_mut());
    if !spare.is_null() {
        // SAFETY: the spare is ours; the Zend heap is still alive in RSHUTDOWN.
        unsafe { zend::zstr_free(spare) };
    }
    runtime::with(|rt| {
        rt.set_limits(runtime::Limits::DEFAULT);
        rt.set_stack_size(runtime::DEFAULT_STACK_SIZE);
        rt.trim_stacks();
    });
    REQUEST.reset();
}

extern "C" fn mshutdown(_type: c_int, _module_number: c_int) -> c_int {
    if PROCESS.active.get() {
        module_shutdown();
    }
    0
}

extern "C" fn rinit(_type: c_int, _module_number: c_int) -> c_int {
    if PROCESS.active.get() {
        request_startup();
    }
    0
}

extern "C" fn rshutdown(_type: c_int, _module_number: c_int) -> c_int {
    if PROCESS.active.get() {
        request_shutdown();
    }
    0
}

extern "C" fn minfo(_module: *mut ModuleEntry) {
    info_table_start!();
    info_table_row!(
        "cosocket support",
        if PROCESS.active.get() {
            "enabled"
        } else {
            "disabled (swoole loaded)"
        }
    );
    info_table_row!("version", VERSION);
    info_table_row!("Swoole API", identity::SWOOLE_VERSION);
    info_table_row!("event loop", "epoll (mio, edge-triggered)");
    info_table_row!(
        "coroutine stack",
        "corosensei, 2 MiB default, up to 64 per mapping, pooled"
    );
    info_table_row!(
        "coroutine stack guard",
        crate::runtime::stack_guard_description()
    );
    info_table_row!(
        "default c_stack_size",
        crate::runtime::DEFAULT_STACK_SIZE.to_string()
    );
    info_table_row!("built for PHP", env!("COSOCKET_PHP_VERNUM"));
    info_table_end!();
}

/// Load after ext-sockets when both are present: its constants win, ours fill in.
struct Deps([ffi::_zend_module_dep; 2]);
// SAFETY: immutable static data (pointers to string literals).
unsafe impl Sync for Deps {}
static DEPS: Deps = Deps([
    // 3 = MODULE_DEP_OPTIONAL
    ffi::_zend_module_dep {
        name: c"sockets".as_ptr(),
        rel: std::ptr::null(),
        version: std::ptr::null(),
        type_: 3,
    },
    ffi::_zend_module_dep {
        name: std::ptr::null(),
        rel: std::ptr::null(),
        version: std::ptr::null(),
        type_: 0,
    },
]);

/// The module entry PHP looks up when it loads the shared object.
#[no_mangle]
pub extern "C" fn get_module() -> *mut ModuleEntry {
    static MODULE: StaticModuleEntry = StaticModuleEntry::new();
    MODULE.get_or_init(|| {
        let (mut entry, _startup, owned) = ModuleBuilder::new("cosocket", VERSION)
            .startup_function(minit)
            .shutdown_function(mshutdown)
            .request_startup_function(rinit)
            .request_shutdown_function(rshutdown)
            .info_function(minfo)
            .try_into()
            .expect("module entry");
        entry.deps = DEPS.0.as_ptr();
        (entry, owned)
    })
}
