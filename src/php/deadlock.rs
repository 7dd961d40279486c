//! The deadlock report: what the loop prints when it ends with every coroutine waiting
//! (scheduler.rs), and swoole/library's `deadlock_check()` (library.rs), which prints the
//! same report.

use ext_php_rs::types::Zval;

use super::ini;
use super::state::REQUEST;
use super::vm::Call;
use super::zend;
use crate::runtime;

/// Reads `$options[$key]` of `Coroutine::getOptions()` as the library does: None when
/// PHP's `empty()` says so, else its `intval()`.
fn option_long(key: &str) -> Option<i64> {
    let options = REQUEST.options.borrow();
    let v = options.as_ref()?.array()?.get(key)?;
    super::zval::truthy(v).then(|| super::zval::to_long(v))
}

/// The library's deadlock report: a header with the number of coroutines, then the
/// backtrace of each (up to `deadlock_check_limit`, 32; `deadlock_check_depth` frames,
/// 32; none with `deadlock_check_disable_trace`), newest first.
pub(super) fn print_report() {
    let (list, count) = runtime::with(|rt| (rt.list(), rt.stats().coroutine_num));
    let width = 64 + count.to_string().len();
    let hr1 = "=".repeat(width);
    let hr2 = "-".repeat(width);
    zend::output(&format!(
        "\n {hr1}\n  [FATAL ERROR]: all coroutines (count: {count}) are asleep - deadlock!\n {hr1}\n"
    ));
    if option_long("deadlock_check_disable_trace").is_none() {
        let limit = option_long("deadlock_check_limit").unwrap_or(32);
        let depth = option_long("deadlock_check_depth").unwrap_or(32);
        for (index, cid) in (1..).zip(list) {
            zend::output(&format!("\n  [Coroutine-{cid}]\n {hr2}\n"));
            if cid == runtime::current_cid() {
                // Called by the caller's coroutine: its trace includes this call, as
                // the library's printBackTrace() from inside deadlock_check() does.
                super::backtrace::print_trace(0, 2 /* DEBUG_BACKTRACE_IGNORE_ARGS */, depth);
            } else {
                super::backtrace::print_backtrace(cid, 2, depth);
            }
            if index >= limit {
                break;
            }
        }
    }
    zend::output(&format!("\n {hr1}\n"));
}

/// What the loop prints when it ends with every coroutine waiting (scheduler.rs), as
/// Swoole: with `swoole.enable_library` On (now: the library's vendor_init.php turns it
/// on), `Swoole\Coroutine\deadlock_check()`, the library's own when it is loaded; with
/// Off, a short header.
pub(super) fn report(count: usize) {
    if !ini::enable_library() {
        let hr = "=".repeat(67);
        zend::output(&format!(
            "\n {hr}\n  [FATAL ERROR]: all coroutines (count: {count}) are asleep - deadlock! \n {hr}\n"
        ));
        return;
    }
    let mut name = Zval::new();
    let _ = name.set_string("Swoole\\Coroutine\\deadlock_check", false);
    if super::zval::callable(&name).is_err() {
        // Off at startup, turned On since, and the library not loaded.
        print_report();
        return;
    }
    let mut call = Call {
        callable: name,
        // SAFETY: an all-zero cache is "not resolved yet" for zend_call_function.
        fcc: unsafe { std::mem::zeroed() },
        args: Vec::new(),
    };
    let mut ret = Zval::new();
    // SAFETY: the main context, executor active, between loop runs.
    unsafe { call.invoke(&mut ret) };
}
