//! Running PHP code in coroutines: each coroutine has its own Zend VM stack, and the
//! executor-global (EG) fields that describe "the running script" are switched with
//! the native stack (the runtime calls [`switch_context`] on every switch).
//!
//! Failure rules (see DESIGN.md): a fatal error or an uncaught exception in a
//! coroutine is reported on that coroutine's stack with PHP's own reporting; then the
//! runtime stops and each resumer in turn, back to the main stack, stops running PHP
//! code: when the handler of ours it switched from returns (its Rust values dropped
//! first), its stack unwinds as for `exit()`, freeing its PHP frames, and the script
//! ends there; after a fatal error proper the main stack bails out instead, as PHP
//! does (see [`bail_resumer`]). `exit()` takes the same path silently (PHP has already
//! recorded the exit status). Nothing ever longjmps between stacks. Coroutines still
//! parked at request end are unwound, not abandoned (see [`request_shutdown`]).

use std::ffi::{c_int, c_void};
use std::panic::AssertUnwindSafe;
use std::ptr;

use ext_php_rs::ffi;
use ext_php_rs::types::Zval;
use ext_php_rs::zend::try_catch;

use super::args::{Callable, Rest};
use super::output::{end_output, restore_output, save_output, OutputGlobals};
use super::state::{END_NONE, PROCESS, REQUEST};
use super::zend::{self, eg, zend_execute_data, zend_fcall_info_cache};
use crate::runtime::{self, Cid, SpawnError};

/// Zend VM stack page of a new coroutine (Swoole uses the same); PHP adds pages as
/// the coroutine's calls need them.
const VM_STACK_PAGE: usize = 8 * 1024;

/// The EG fields that belong to one coroutine (Swoole 6 switches the same set).
#[derive(Clone, Copy)]
struct VmState {
    /// PHP's `JMP_BUF *`, only carried here: a `jmp_buf` in Debian's 8.2, a
    /// `sigjmp_buf` in 8.4 (the type depends on the version and its configure run).
    bailout: *mut c_void,
    vm_stack_top: *mut ffi::zval,
    vm_stack_end: *mut ffi::zval,
    vm_stack: ffi::zend_vm_stack,
    vm_stack_page_size: usize,
    current_execute_data: *mut zend_execute_data,
    jit_trace_num: u32,
    error_reporting: i32,
    current_fiber_context: *mut ffi::zend_fiber_context,
    active_fiber: *mut ffi::zend_fiber,
    error_handling: ffi::zend_error_handling_t,
    exception_class: *mut ffi::zend_class_entry,
    exception: *mut ffi::zend_object,
    /// Class names being autoloaded by this coroutine: another coroutine asking for one
    /// of them must wait for the load (see autoload.rs), not be told it is missing.
    in_autoload: *mut ffi::HashTable,
    #[cfg(php83)]
    stack_base: *mut c_void,
    #[cfg(php83)]
    stack_limit: *mut c_void,
}

impl VmState {
    /// # Safety
    /// PHP's thread, with the executor active.
    unsafe fn save() -> VmState {
        // A short-lived shared borrow: nothing else runs while it exists.
        let g = &*eg();
        VmState {
            bailout: g.bailout.cast(),
            vm_stack_top: g.vm_stack_top,
            vm_stack_end: g.vm_stack_end,
            vm_stack: g.vm_stack,
            vm_stack_page_size: g.vm_stack_page_size,
            current_execute_data: g.current_execute_data,
            jit_trace_num: g.jit_trace_num,
            error_reporting: g.error_reporting,
            current_fiber_context: g.current_fiber_context,
            active_fiber: g.active_fiber,
            error_handling: g.error_handling,
            exception_class: g.exception_class,
            exception: g.exception,
            in_autoload: g.in_autoload,
            #[cfg(php83)]
            stack_base: g.stack_base,
            #[cfg(php83)]
            stack_limit: g.stack_limit,
        }
    }

    /// # Safety
    /// PHP's thread; `self` was saved from a coroutine that is still alive.
    unsafe fn restore(&self) {
        // A short-lived exclusive borrow: nothing else runs while it exists.
        let g = &mut *eg();
        g.bailout = self.bailout.cast();
        g.vm_stack_top = self.vm_stack_top;
        g.vm_stack_end = self.vm_stack_end;
        g.vm_stack = self.vm_stack;
        g.vm_stack_page_size = self.vm_stack_page_size;
        g.current_execute_data = self.current_execute_data;
        g.jit_trace_num = self.jit_trace_num;
        g.error_reporting = self.error_reporting;
        g.current_fiber_context = self.current_fiber_context;
        g.active_fiber = self.active_fiber;
        g.error_handling = self.error_handling;
        g.exception_class = self.exception_class;
        g.exception = self.exception;
        g.in_autoload = self.in_autoload;
        #[cfg(php83)]
        {
            g.stack_base = self.stack_base;
            g.stack_limit = self.stack_limit;
        }
    }
}

/// ext/standard's per-call state (usort()'s comparator, a serialize()/unserialize() in
/// progress), moved out by `shim.c` while its coroutine is switched out.
type BgState = [u64; 32];

/// Room for a `zend_fiber_context` (opaque in the bindings; `shim.c` knows its layout).
type FiberContext = [u64; 16];

extern "C" {
    /// PHP's: makes `add_previous` (whose reference it takes) the end of `exception`'s
    /// chain of previous exceptions.
    fn zend_exception_set_previous(
        exception: *mut ffi::zend_object,
        add_previous: *mut ffi::zend_object,
    );
    /// PHP's: a new "unwind exit" object, what `exit()` throws: the frames it passes are
    /// freed without running any catch or finally block.
    fn zend_create_unwind_exit() -> *mut ffi::zend_object;
    fn zend_is_unwind_exit(ex: *const ffi::zend_object) -> bool;
    /// PHP's: no destructor is called for any object existing now.
    fn zend_objects_store_mark_destructed(objects: *mut ffi::zend_objects_store);
}

// In shim.c.
extern "C" {
    fn cosocket_fiber_context_size() -> usize;
    fn cosocket_fiber_context_init(ctx: *mut FiberContext);
    fn cosocket_fiber_valgrind_startup();
    fn cosocket_bg_state_size() -> usize;
    fn cosocket_bg_take(into: *mut BgState) -> c_int;
    fn cosocket_bg_put(from: *const BgState);
    fn cosocket_protect_generators(ex: *mut zend_execute_data, bottom: *const ffi::zend_function);
    fn cosocket_generator_closed_while_running() -> c_int;
    fn cosocket_exception_installed();
}

/// Moves ext/standard's per-call state into `into` when some is in use (boxed then:
/// most switches have none).
///
/// # Safety
/// PHP's thread, request active.
unsafe fn save_bg(into: &mut Option<Box<BgState>>) {
    let mut state: BgState = [0; 32];
    if cosocket_bg_take(&mut state) != 0 {
        *into = Some(Box::new(state));
    }
}

/// # Safety
/// As [`save_bg`]; `saved` came from it in this request.
unsafe fn restore_bg(saved: &mut Option<Box<BgState>>) {
    if let Some(state) = saved.take() {
        cosocket_bg_put(&*state);
    }
}

/// What the PHP layer keeps per coroutine (and once for the main stack).
pub struct Context {
    vm: VmState,
    /// False until the coroutine has set up its own VM stack: until then there is
    /// nothing of its own to restore.
    started: bool,
    /// `defer()` callbacks, run last-in first-out when the coroutine ends.
    pub defers: Vec<Zval>,
    /// The `Swoole\Coroutine\Context` object of `Coroutine::getContext()`, made on first
    /// use and released when the coroutine ends.
    pub context: Option<Zval>,
    /// Its output-buffering state while it is switched out.
    output: Option<OutputGlobals>,
    /// ext/standard's per-call state while it is switched out.
    bg: Option<Box<BgState>>,
    /// The fiber context that stands for this coroutine itself (as PHP's main fiber
    /// context stands for the main stack): fibers started here return to it. Shared
    /// between coroutines, it would send one coroutine's fiber back to another's stack.
    fiber_base: FiberContext,
    /// An exception to throw in this coroutine when it next resumes
    /// (`Coroutine::cancel($cid, true)`), released if it never does.
    pending_exception: Option<Zval>,
}

impl Context {
    /// Built in place on the heap: built on the stack and moved, its few hundred
    /// bytes were copied on every spawn.
    fn new() -> Box<Context> {
        let mut b = Box::<Context>::new_uninit();
        let p = b.as_mut_ptr();
        // SAFETY: every field is written once before `assume_init`; VmState and the
        // fiber context are plain pointers and integers, for which all-zero is valid.
        unsafe {
            ptr::addr_of_mut!((*p).vm).write_bytes(0, 1);
            ptr::addr_of_mut!((*p).started).write(false);
            ptr::addr_of_mut!((*p).defers).write(Vec::new());
            ptr::addr_of_mut!((*p).context).write(None);
            ptr::addr_of_mut!((*p).output).write(None);
            ptr::addr_of_mut!((*p).bg).write(None);
            ptr::addr_of_mut!((*p).fiber_base).write_bytes(0, 1);
            ptr::addr_of_mut!((*p).pending_exception).write(None);
            b.assume_init()
        }
    }

    /// Whether an exception waits to be thrown when this coroutine resumes.
    pub fn has_pending_exception(&self) -> bool {
        self.pending_exception.is_some()
    }

    /// Makes `exception` (an exception object) thrown in this coroutine when it next
    /// resumes: the call it waits in returns with it, as Swoole's
    /// `Coroutine::cancel($cid, true)` does.
    pub fn throw_on_resume(&mut self, exception: Zval) {
        self.pending_exception = Some(exception);
    }

    /// Installs the pending exception, if any, as the running coroutine's EG(exception).
    ///
    /// # Safety
    /// PHP's thread, with this coroutine's state just restored into EG.
    unsafe fn raise_pending(&mut self) {
        let Some(z) = self.pending_exception.take() else {
            return;
        };
        // The object's reference passes from the zval to EG(exception).
        let z = std::mem::ManuallyDrop::new(z);
        let obj = z.value.obj;
        let g = eg();
        let prev = (*g).exception;
        if !prev.is_null() && zend_is_unwind_exit(obj) {
            // Nothing may be caught on the way out: the unwind replaces it.
            ffi::ext_php_rs_zend_object_release(prev);
        } else if !prev.is_null() {
            // Takes over the reference EG(exception) held.
            zend_exception_set_previous(obj, prev);
        }
        (*g).exception = obj;
        cosocket_exception_installed();
    }

    /// The call frame this coroutine was at when it last switched out (for backtraces).
    pub fn saved_execute_data(&self) -> *mut zend_execute_data {
        self.vm.current_execute_data
    }
}

// The request's failure and shutdown flags live in `REQUEST` (state.rs): `slow`,
// read once per switch, holds FAILING when a coroutine failed fatally, so that every
// resumer stops (see [`bail_resumer`]), and PROTECTING while the request shuts down,
// so that a coroutine that parks gets the generators it runs in spared (see
// [`protect_parked_generators`]); `handler_end`, read once per handler call, says what
// the handler running now does as it returns (see [`bail_resumer`]); `fatal` is set
// with FAILING when PHP bailed out of the failure (a fatal error proper, not an
// uncaught exception or exit(): the main stack bails out too, as PHP does there;
// otherwise it unwinds like the coroutines, as for exit()); `draining` while
// [`request_shutdown`] unwinds the coroutines left parked.
const FAILING: u8 = 1;
const PROTECTING: u8 = 2;
const END_BAILOUT: u8 = 1;
const END_UNWIND: u8 = 2;

fn set_failing() {
    REQUEST.slow.set(REQUEST.slow.get() | FAILING);
}

/// The runtime's switch hook: saves the leaving coroutine's EG fields and installs the
/// entering one's. On the way back to a resumer while a coroutine failure is being
/// carried out, stops the resumer (see [`bail_resumer`]).
///
/// # Safety
/// Called by the runtime only, with contexts made here.
unsafe fn switch_context(save: *mut c_void, restore: *mut c_void) {
    // Tested first, while `save` and `restore` are still at hand: the common path
    // keeps nothing alive past the swap.
    let slow = REQUEST.slow.get();
    if slow != 0 {
        return switch_slow(slow, save, restore);
    }
    swap_states(save, restore);
}

/// Saves the leaving coroutine's EG fields and installs the entering one's.
///
/// # Safety
/// As [`switch_context`].
#[inline(always)]
unsafe fn swap_states(save: *mut c_void, restore: *mut c_void) {
    if let Some(s) = save.cast::<Context>().as_mut() {
        s.vm = VmState::save();
        save_output(&mut s.output);
        save_bg(&mut s.bg);
    }
    // A context-less coroutine (one the runtime made for Rust code) has nothing to
    // install: the state of the coroutine that resumed it stays in place.
    if let Some(r) = restore.cast::<Context>().as_mut() {
        if r.started {
            r.vm.restore();
            r.raise_pending();
        }
        restore_output(&mut r.output);
        restore_bg(&mut r.bg);
    }
}

/// [`switch_context`] with its rare work (see `REQUEST.slow`).
///
/// # Safety
/// As [`switch_context`].
#[cold]
#[inline(never)]
unsafe fn switch_slow(slow: u8, save: *mut c_void, restore: *mut c_void) {
    swap_states(save, restore);
    if slow & PROTECTING != 0 {
        if let Some(s) = save.cast::<Context>().as_ref() {
            cosocket_protect_generators(s.vm.current_execute_data, PROCESS.dummy_frame.get());
        }
    }
    if slow & FAILING != 0 && !REQUEST.draining.get() {
        bail_resumer(restore == REQUEST.main.get().cast());
    }
}

/// Spares, from PHP's destructors at request shutdown, the generators that parked
/// coroutines run in (see shim.c): those of the coroutines parked now and, from now
/// on, of each one that parks. Called from the shutdown function Swoole registers
/// (`Swoole\Event::rshutdown`), before PHP calls destructors.
pub fn protect_parked_generators() {
    for cid in runtime::with(|rt| rt.list()) {
        if let Some(ctx) = context_of(cid).filter(|c| !c.is_null()) {
            // SAFETY: a live coroutine's context; its saved frame chain is intact
            // (nothing has been destructed yet).
            unsafe {
                cosocket_protect_generators(
                    (*ctx).vm.current_execute_data,
                    PROCESS.dummy_frame.get(),
                )
            };
        }
    }
    REQUEST.slow.set(REQUEST.slow.get() | PROTECTING);
}

/// The resumer a failed coroutine switched back to must not run PHP code any more.
/// Inside one of our handlers (the usual case: go(), the loop in run(), a push that
/// woke the coroutine), the handler's Rust code ends first, its values dropped (a
/// longjmp would skip their destructors); as it returns, its stack unwinds as for
/// `exit()`, which frees its PHP frames (the main stack bails out instead after a
/// fatal error proper, as PHP does). At a coroutine's bottom frame (its end, which
/// hands the failure on to its own resumer) nothing is to be done. Elsewhere, the
/// bailout is raised here.
///
/// # Safety
/// PHP's thread, the resumer's state just restored into EG.
unsafe fn bail_resumer(main: bool) {
    let ex = (*eg()).current_execute_data;
    if !ex.is_null() && !(*ex).func.is_null() {
        let func = (*ex).func;
        if func == PROCESS.dummy_frame.get() {
            return;
        }
        // 1 = ZEND_INTERNAL_FUNCTION.
        if (*func).type_ == 1 && (*func).internal_function.module == PROCESS.module.get() {
            let bail = main && REQUEST.fatal.get();
            REQUEST
                .handler_end
                .set(if bail { END_BAILOUT } else { END_UNWIND });
            return;
        }
    }
    zend::bailout();
}

/// Fails the running coroutine from inside one of our handlers, after its error has
/// been reported: the handler returns, then the coroutine unwinds and the failure goes
/// on to its resumers as for an uncaught exception (as for a fatal error proper if
/// `fatal`: the main stack then bails out).
pub fn fail_current_coroutine(fatal: bool) {
    REQUEST.fatal.set(REQUEST.fatal.get() | fatal);
    set_failing();
    runtime::with(|rt| rt.stop());
    REQUEST.handler_end.set(END_UNWIND);
}

/// Makes every object existing now count as destructed, as PHP does on a fatal error.
pub fn mark_objects_destructed() {
    // SAFETY: PHP's thread, executor active.
    unsafe { zend_objects_store_mark_destructed(ptr::addr_of_mut!((*eg()).objects_store)) };
}

/// Ends a handler that must not return to PHP code as usual (see [`bail_resumer`]).
///
/// # Safety
/// Called by a handler as it returns, on PHP's thread; `rv` is its return value.
#[inline(always)]
pub unsafe fn bail_if_pending(rv: *mut zend::zval) {
    if REQUEST.handler_end.get() != END_NONE {
        end_handler(rv);
    }
}

/// # Safety
/// As [`bail_if_pending`].
#[cold]
#[inline(never)]
unsafe fn end_handler(rv: *mut zend::zval) {
    let end = REQUEST.handler_end.replace(END_NONE);
    // The engine set it to null before the call: a plain zval to release, as for a
    // handler that throws.
    drop(ptr::replace(rv.cast::<Zval>(), Zval::new()));
    if end == END_BAILOUT {
        zend::bailout();
    }
    // The frames above unwind without running a catch or finally block.
    let g = eg();
    let prev = (*g).exception;
    if !prev.is_null() {
        ffi::ext_php_rs_zend_object_release(prev);
    }
    (*g).exception = zend_create_unwind_exit();
}

/// The runtime's free hook.
///
/// # Safety
/// `ctx` is a `Context` from `Box::into_raw`, freed once.
unsafe fn free_context(ctx: *mut c_void) {
    drop(Box::from_raw(ctx.cast::<Context>()));
}

/// Module start (MINIT): under valgrind, PHP's fiber stacks get registered with it as
/// they are made (see shim.c), so that it follows fibers nested in coroutines.
pub fn module_startup() {
    // SAFETY: MINIT, PHP's thread, before any script runs; EG(current_module) is the
    // module being started, ours.
    unsafe {
        cosocket_fiber_valgrind_startup();
        PROCESS.module.set((*eg()).current_module);
    }
    // The bottom frame of every coroutine (see `Process::dummy_frame`).
    // SAFETY: zend_function is a C union; zeroed plus a type is a valid value.
    let mut f: Box<ffi::zend_function> = Box::new(unsafe { std::mem::zeroed() });
    f.type_ = 1; // ZEND_INTERNAL_FUNCTION
    PROCESS.dummy_frame.set(Box::into_raw(f));
}

/// Sets up the hooks for a request (RINIT).
pub fn request_startup() {
    // SAFETY: size queries; our buffers must hold what shim.c puts in them.
    unsafe {
        assert!(
            cosocket_bg_state_size() <= std::mem::size_of::<BgState>(),
            "BgState too small"
        );
        assert!(
            cosocket_fiber_context_size() <= std::mem::size_of::<FiberContext>(),
            "FiberContext too small"
        );
    }
    let main = Box::into_raw(Context::new());
    // SAFETY: the main context is "started": it is saved before it is ever restored.
    unsafe { (*main).started = true };
    REQUEST.main.set(main.cast());
    runtime::with(|rt| {
        rt.set_hooks(
            Some(runtime::ContextHooks {
                switch: switch_context,
                free: free_context,
            }),
            main.cast(),
        )
    });
}

/// Ends every coroutine still parked, then drops the main context (RSHUTDOWN).
///
/// A parked coroutine is unwound, not abandoned: abandoned, its Rust frames (buffers,
/// handles on sockets and records) and its VM stack with everything its PHP frames
/// hold would leak. Each is resumed with its wait cancelled and an "unwind exit" (what
/// `exit()` throws) pending, so its handler returns and PHP frees its frames without
/// running a catch or finally block; with error reporting off, and no destructor left
/// to run, it runs no PHP code and prints nothing.
pub fn request_shutdown() {
    // SAFETY: RSHUTDOWN, PHP's thread: the objects store is still there. A generator
    // that PHP closed under a parked coroutine (one that parked in it before any
    // protection, see protect_parked_generators) leaves a freed frame in that
    // coroutine's chain: then they are all abandoned, as they were before.
    let parked = runtime::with(|rt| rt.stats().coroutine_num) > 0;
    if parked && unsafe { cosocket_generator_closed_while_running() } == 0 {
        REQUEST.draining.set(true);
        REQUEST.slow.set(REQUEST.slow.get() & !FAILING);
        REQUEST.handler_end.set(END_NONE);
        // PHP has called every destructor already (or skipped them after a fatal
        // error); none may run while the coroutines unwind, for objects made since either.
        mark_objects_destructed();
        runtime::with(|rt| {
            rt.drain(|ctx| {
                // SAFETY: the contexts of PHP coroutines are ours, made by `spawn`.
                if let Some(c) = unsafe { ctx.cast::<Context>().as_mut() } {
                    let mut unwind = Zval::new();
                    // SAFETY: the engine is up; the new object's one reference goes to
                    // the zval (IS_OBJECT_EX: an object, refcounted and collectable).
                    unsafe {
                        let raw = (&mut unwind as *mut Zval).cast::<ffi::zval>();
                        (*raw).value.obj = zend_create_unwind_exit();
                        (*raw).u1.type_info = zend::IS_OBJECT as u32 | (3 << 8);
                    }
                    c.pending_exception = Some(unwind);
                    c.vm.error_reporting = 0;
                }
            })
        });
    }
    runtime::with(|rt| {
        rt.stop();
        rt.reset();
        rt.set_hooks(None, ptr::null_mut());
    });
    let main = REQUEST.main.replace(ptr::null_mut()).cast::<Context>();
    if !main.is_null() {
        // SAFETY: made by request_startup with Box::into_raw.
        drop(unsafe { Box::from_raw(main) });
    }
}

/// Whether a coroutine failed fatally in this request.
pub fn bailing() -> bool {
    REQUEST.slow.get() & FAILING != 0
}

/// The PHP context of the running coroutine (the main one outside coroutines).
pub fn current_context() -> *mut Context {
    runtime::with(|rt| rt.current_ctx()).cast()
}

/// The main context's (null outside a request).
pub fn main_context() -> *mut Context {
    REQUEST.main.get().cast()
}

/// What Swoole's `Coroutine::getStackUsage()` reports for the VM stack of coroutine
/// `cid` (-1: the main context), None if there is no such coroutine: the sum over its
/// pages of the room between each page's recorded top and its end. A page records its
/// top only when the next page is pushed, so the page in use counts whole (8,160 bytes
/// for a coroutine's first page, as in Swoole).
pub fn vm_stack_usage(cid: Cid) -> Option<usize> {
    let mut page = if cid == runtime::current_cid() {
        // SAFETY: PHP's thread, executor active; a plain read of one EG field.
        unsafe { (*eg()).vm_stack }
    } else {
        let ctx = if cid == -1 {
            Some(main_context()).filter(|c| !c.is_null())
        } else {
            context_of(cid)
        }?;
        // SAFETY: a live context of a switched-out coroutine: its saved VM stack is
        // not in use and stays as it is while this runs.
        unsafe { (*ctx).vm.vm_stack }
    };
    let mut bytes = 0;
    while !page.is_null() {
        // SAFETY: a page of a live VM stack: `top` and `end` lie in the page, `prev` is
        // the previous page or null.
        unsafe {
            bytes += ((*page).end as usize).saturating_sub((*page).top as usize);
            page = (*page).prev;
        }
    }
    Some(bytes)
}

/// The PHP context of coroutine `cid`, if it exists.
pub fn context_of(cid: Cid) -> Option<*mut Context> {
    runtime::with(|rt| rt.ctx_of_cid(cid)).map(|c| c.cast())
}

/// Adds a `defer()` callback to the running coroutine's list.
pub fn defer(callback: Zval) {
    // SAFETY: the running coroutine's context (the caller checked it runs in one);
    // nothing else borrows it while it runs.
    unsafe { (*current_context()).defers.push(callback) };
}

/// A callable resolved by zpp (`f`), with its arguments, ready to run in a coroutine.
pub struct Call {
    pub callable: Zval,
    pub fcc: zend_fcall_info_cache,
    pub args: Vec<Zval>,
}

impl Call {
    /// A callable and its arguments, taking references to them.
    pub fn new(func: &Callable, args: &Rest) -> Call {
        Call {
            callable: func.function().shallow_clone(),
            fcc: func.fcc,
            args: args.0.iter().map(Zval::shallow_clone).collect(),
        }
    }

    /// Another reference to the same callable and arguments.
    pub fn dup(&self) -> Call {
        Call {
            callable: self.callable.shallow_clone(),
            fcc: self.fcc,
            args: self.args.iter().map(|a| a.shallow_clone()).collect(),
        }
    }

    /// Calls it on the current stack; the return value goes to `retval`.
    ///
    /// # Safety
    /// PHP's thread, executor active.
    pub unsafe fn invoke(&mut self, retval: &mut Zval) {
        let mut fci = ffi::zend_fcall_info {
            size: std::mem::size_of::<ffi::zend_fcall_info>(),
            // A bitwise copy: `self.callable` keeps the reference.
            function_name: ptr::read((&self.callable as *const Zval).cast::<ffi::zval>()),
            retval: (retval as *mut Zval).cast(),
            params: self.args.as_mut_ptr().cast(),
            object: ptr::null_mut(),
            param_count: self.args.len() as u32,
            named_params: ptr::null_mut(),
        };
        zend::zend_call_function(&mut fci, &mut self.fcc);
        // `fci.function_name` is a bitwise copy that owns nothing: never drop it.
        std::mem::forget(fci);
    }
}

/// What runs in a coroutine right after its function returned without an exception,
/// given the return value, before its deferred callbacks (swoole/library's helpers
/// collect results with it, library.rs).
pub type Then = Box<dyn FnOnce(Zval)>;

/// Starts a coroutine running `call` (then `then`, with its return value, see
/// [`Then`]); it runs at once until it first waits.
pub fn spawn(call: Call, then: Option<Then>) -> Result<Cid, SpawnError> {
    let ctx = Box::into_raw(Context::new());
    // Not boxed: the closure is moved onto the new coroutine's own stack.
    let body = move || {
        // SAFETY: runs on the new coroutine's stack; `ctx` is its context, freed by
        // the runtime only after this body has returned.
        unsafe { coroutine_main(ctx, call, then) }
    };
    // SAFETY: `ctx` is a Context from Box::into_raw, what switch_context and free_context
    // expect; the runtime owns it from here.
    runtime::with(|rt| unsafe { rt.spawn_with_ctx(body, ctx.cast(), Some(free_context)) })
}

/// The body of every PHP coroutine.
///
/// # Safety
/// Called once, on the coroutine's own stack, as its first code.
unsafe fn coroutine_main(ctx: *mut Context, mut call: Call, mut then: Option<Then>) {
    // EG is written through the raw pointer, field by field: a `&mut` to it held
    // across a Zend call (which writes EG itself) would be an aliasing violation.
    let g = eg();
    // A VM stack of its own, with the dummy frame at its bottom.
    zend::zend_vm_stack_init_ex(VM_STACK_PAGE);
    let frame = (*g).vm_stack_top.cast::<zend_execute_data>();
    ptr::write_bytes(frame, 0, 1);
    (*frame).func = PROCESS.dummy_frame.get();
    (*g).vm_stack_top = (*g).vm_stack_top.add(zend::CALL_FRAME_SLOT);
    (*g).current_execute_data = frame;
    (*g).error_handling = 0; // EH_NORMAL
    (*g).exception_class = ptr::null_mut();
    (*g).exception = ptr::null_mut();
    (*g).jit_trace_num = 0;
    (*g).in_autoload = ptr::null_mut();
    // This coroutine's own base fiber context, set up as PHP sets up the main one.
    let base = ptr::addr_of_mut!((*ctx).fiber_base);
    cosocket_fiber_context_init(base);
    (*g).current_fiber_context = base.cast();
    (*g).active_fiber = ptr::null_mut();
    #[cfg(php83)]
    set_stack_limits(g);
    (*ctx).started = true;

    let mut retval = Zval::new();
    let outcome = try_catch(AssertUnwindSafe(|| {
        call.invoke(&mut retval);
        if let Some(then) = then.take() {
            if (*g).exception.is_null() {
                // The value goes to `then`; the deferred callbacks get null, as the
                // library's closure around the function returns nothing.
                then(std::mem::replace(&mut retval, Zval::new()));
            }
        }
        let mut failed = report_uncaught();
        // Deferred callbacks run even after an exception, last in first out; not
        // once the request is failing or ending.
        while !bailing() && !REQUEST.draining.get() {
            let Some(defer) = (*ctx).defers.pop() else {
                break;
            };
            let mut d = Call {
                callable: defer,
                fcc: std::mem::zeroed(),
                args: Vec::new(),
            };
            if retval.u1.v.type_ != zend::IS_UNDEF {
                d.args.push(retval.shallow_clone());
            }
            let mut ignored = Zval::new();
            d.invoke(&mut ignored);
            failed |= report_uncaught();
        }
        failed
    }));
    let failed = match outcome {
        Ok(failed) => failed,
        Err(ext_php_rs::zend::CatchError::Panic(msg)) => {
            zend::zend_error_str(
                zend::E_WARNING,
                &format!("cosocket: internal error in a coroutine: {msg}"),
            );
            REQUEST.fatal.set(true);
            true
        }
        Err(_) => {
            // A fatal error: PHP has reported it. Its frames stay as the bailout left
            // them, as PHP leaves the main stack's.
            REQUEST.fatal.set(true);
            true
        }
    };
    drop(retval);
    drop(call);
    if REQUEST.draining.get() {
        end_output(true);
    } else if !failed {
        end_output(false);
    }
    (*ctx).defers.clear();
    (*ctx).context = None;
    let in_autoload = (*g).in_autoload;
    if !in_autoload.is_null() {
        // Allocated by the engine (ALLOC_HASHTABLE) on this coroutine's first autoload.
        zend::zend_hash_destroy(in_autoload);
        zend::_efree(in_autoload.cast());
        (*g).in_autoload = ptr::null_mut();
    }
    zend::zend_vm_stack_destroy();
    if failed && !REQUEST.draining.get() {
        set_failing();
        runtime::with(|rt| rt.stop());
    }
}

/// Reports an exception left by the coroutine's function as PHP reports an uncaught
/// one ("PHP Fatal error:  Uncaught ..."; silent for exit()). Returns whether there was one.
///
/// # Safety
/// PHP's thread, executor active.
unsafe fn report_uncaught() -> bool {
    let ex = (*eg()).exception;
    if ex.is_null() {
        return false;
    }
    zend::zend_exception_error(ex, zend::E_ERROR);
    true
}

/// Gives PHP 8.3's stack-depth check (`zend_call_stack_overflowed`) the running
/// coroutine's own stack, as PHP does for a Fiber (`zend_fiber_stack_base`/`_limit`):
/// the base is the stack's top, the limit its lowest usable byte plus
/// `zend.reserved_stack_size`. Deep recursion then raises PHP's own "Maximum call
/// stack size ... reached" Error before the guard page is hit. Left alone when the
/// check is off (`zend.max_allowed_stack_size=-1` leaves the limit null).
///
/// # Safety
/// PHP's thread, executor active, on the stack of the coroutine being started.
#[cfg(php83)]
unsafe fn set_stack_limits(g: *mut ffi::zend_executor_globals) {
    if (*g).stack_limit.is_null() {
        return;
    }
    let Some(b) = runtime::with(|rt| rt.current_stack_bounds()) else {
        return;
    };
    let reserve = (*g).reserved_stack_size as usize;
    (*g).stack_base = b.base as *mut c_void;
    (*g).stack_limit = (b.lowest + reserve.min(b.base - b.lowest)) as *mut c_void;
}
