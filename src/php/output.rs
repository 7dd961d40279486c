//! Output buffering per coroutine: PHP's output globals (OG) belong to the coroutine
//! that opened its buffers, as in Swoole; vm.rs moves them on every switch.

use std::ffi::c_void;
use std::ptr;

/// PHP's output globals (`OG`, main/php_output.h): output buffering state.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct OutputGlobals {
    handlers_size: i32,
    handlers_top: i32,
    handlers_max: i32,
    handlers_elements: *mut c_void,
    active: *mut c_void,
    running: *mut c_void,
    output_start_filename: *mut c_void,
    output_start_lineno: i32,
    flags: i32,
}

extern "C" {
    static mut output_globals: OutputGlobals;
    fn php_output_activate() -> i32;
    fn php_output_deactivate();
    fn php_output_end_all();
    fn php_output_discard_all();
}

/// Output buffers belong to the coroutine that opened them (as in Swoole): on a
/// switch, a coroutine with buffering state takes it along and the next one starts
/// with none.
///
/// # Safety
/// PHP's thread, request active.
pub unsafe fn save_output(into: &mut Option<OutputGlobals>) {
    let og = ptr::addr_of_mut!(output_globals);
    if !(*og).handlers_elements.is_null() {
        *into = Some(*og);
        php_output_activate();
    }
}

/// # Safety
/// As [`save_output`]; `saved` came from it in this request.
pub unsafe fn restore_output(saved: &mut Option<OutputGlobals>) {
    if let Some(mut og) = saved.take() {
        let live = ptr::addr_of_mut!(output_globals);
        // The state replaced here has no buffers (it would have been saved), but it may
        // record where the request's output started (a counted reference to the file
        // name, set once per request): that is the request's, it goes on.
        if og.output_start_filename.is_null() {
            og.output_start_filename = (*live).output_start_filename;
            og.output_start_lineno = (*live).output_start_lineno;
        }
        *live = og;
    }
}

/// At a coroutine's end: its still-open buffers are flushed (or, at request end,
/// discarded: the request's output is over) and its state dropped.
///
/// # Safety
/// PHP's thread, request active, on the stack of the coroutine that is ending.
pub unsafe fn end_output(discard: bool) {
    let og = ptr::addr_of_mut!(output_globals);
    if !(*og).handlers_elements.is_null() {
        if !(*og).active.is_null() {
            if discard {
                php_output_discard_all();
            } else {
                php_output_end_all();
            }
        }
        php_output_deactivate();
        php_output_activate();
    }
}
