//! pcntl_signal() handlers while the loop idles. With `pcntl_async_signals(true)`,
//! pcntl's C handler only queues the signal and sets EG(vm_interrupt); the VM runs the
//! PHP handler at its next instruction, in whatever coroutine runs then. A loop waiting
//! in epoll_wait runs none (every coroutine parked on a channel, a socket with no
//! timeout, a long sleep): in Swoole the handler then never runs. Here the signal ends
//! the poll (EINTR, or the runtime's signal source: runtime/signal.rs), and the loop
//! has [`run`] start `pcntl_signal_dispatch()` in a new coroutine, as it starts a
//! timer's callback: the handler runs in a coroutine, as it does when the VM runs it
//! while coroutines are busy, so it may push to a channel or use a socket (in the main
//! context those are "API must be called in the coroutine" errors). exit() in it ends
//! the script as exit() in any coroutine does (exit status kept, shutdown functions
//! run, the parked coroutines unwound); an exception it throws is an uncaught
//! exception of that coroutine.
//!
//! To close the race where the signal comes right before the loop blocks, pcntl_signal()
//! is wrapped: after it installs its handler, the runtime chains that handler with one
//! that also wakes the loop (see `Runtime::wake_on_signal`).

use std::ptr;

use ext_php_rs::types::Zval;

use super::hooks::FnHook;
use super::scheduler;
use super::vm::Call;
use super::zend::{self, eg, zend_execute_data, zval};
use crate::runtime::{self, Interrupt};

/// pcntl_signal(), wrapped from MINIT to MSHUTDOWN.
static PCNTL_SIGNAL: FnHook = FnHook::new("pcntl_signal", pcntl_signal);

fn pending() -> bool {
    // SAFETY: a byte of PHP's executor globals that signal handlers write: read as
    // the VM does, volatile.
    unsafe { ptr::read_volatile(ptr::addr_of!((*eg()).vm_interrupt.value)) }
}

/// What the VM does at an instruction when EG(vm_interrupt) is set (the flag cleared,
/// then pcntl's signals dispatched), in a new coroutine. A timeout (max_execution_time)
/// is left to the VM, which reports it at its next instruction.
///
/// # Safety
/// The loop, on the main stack with the main context installed.
unsafe fn run() -> bool {
    let g = eg();
    if ptr::read_volatile(ptr::addr_of!((*g).timed_out.value)) {
        return false;
    }
    ptr::write_volatile(ptr::addr_of_mut!((*g).vm_interrupt.value), false);
    let mut callable = Zval::new();
    let _ = callable.set_string("pcntl_signal_dispatch", false);
    scheduler::create(Call {
        callable,
        // SAFETY: all-zero is "not resolved yet": zend_call_function resolves it.
        fcc: std::mem::zeroed(),
        args: Vec::new(),
    });
    // A failure in it (exit(), an uncaught exception) stops the runtime: the loop sees
    // that as it goes on.
    false
}

/// pcntl_signal(), then (when it succeeded) the loop made to wake on that signal.
///
/// # Safety
/// Called by PHP as pcntl_signal()'s handler.
unsafe extern "C" fn pcntl_signal(ex: *mut zend_execute_data, rv: *mut zval) {
    // SAFETY: our handler is in place: `register` installed it.
    PCNTL_SIGNAL.call_original(ex, rv);
    // 3 = IS_TRUE: the handler is in place.
    if (*rv).u1.type_info & 0xff != 3 || zend::num_args(ex) < 1 {
        return;
    }
    let signo = ex.cast::<zval>().add(zend::CALL_FRAME_SLOT);
    if (*signo).u1.type_info & 0xff == zend::IS_LONG as u32 {
        let sig = (*signo).value.lval;
        // No eventfd or epoll: the handler still runs when the poll ends with EINTR.
        let _ = runtime::with(|rt| rt.wake_on_signal(sig as i32));
    }
}

/// MINIT: pcntl_signal() wrapped and the loop's interrupt hook set, if pcntl is there
/// (built in: its functions exist before our MINIT).
pub fn register() {
    if PCNTL_SIGNAL.install() {
        runtime::with(|rt| rt.set_interrupt(Some(Interrupt { pending, run })));
    }
}

/// MSHUTDOWN: pcntl_signal()'s own handler back, before the module is unloaded.
pub fn unregister() {
    PCNTL_SIGNAL.remove();
}
