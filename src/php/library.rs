//! swoole/library's coroutine helpers, native, while `swoole.enable_library` is On (as
//! Swoole embeds the library then): `Swoole\Coroutine\batch()`, `parallel()`, `map()`,
//! `deadlock_check()` and `Swoole\Coroutine\Barrier`, with the signatures and the
//! behaviour of the library's v6.2.1 PHP code (its quirks included), over the runtime's
//! wait groups, timers and suspend/resume (the report deadlock_check() prints is in
//! deadlock.rs). With Off, ini.rs leaves these names to the library's own files. Also
//! the `SWOOLE_HOOK_*` constants (the library's `run()` reads `SWOOLE_HOOK_ALL`; the
//! hooks: runtime_hooks.rs).

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use ext_php_rs::types::{ZendHashTable, Zval};

use super::args::{Arg, ByRef, Callable, Def, Slot};
use super::call::{php_fn, Cx, Fail};
use super::channel::{nan_timeout, wait_timeout};
use super::decl::{self, Class, Prop, PropDefault};
use super::errors::{self, set_last_error};
use super::scheduler;
use super::state::{PROCESS, REQUEST};
use super::vm::{self, Call};
use super::zend::{self, zend_class_entry, zend_object, zval};
use crate::runtime::{self, Cid, WaitGroup};

/// The results of a batch()/map()/parallel(): the coroutines' return values by
/// position (null until each returns) and the wait group the caller waits on. Shared
/// with the coroutines, which may outlive the call after a timeout.
struct Gather {
    results: RefCell<Vec<Zval>>,
    wg: WaitGroup,
}

/// Why [`gather`] returned no results.
enum Gathered {
    /// A coroutine failed fatally meanwhile: the handler bails out as it returns.
    Failed,
    /// It had to wait outside a coroutine: the caller reports Swoole's fatal error
    /// ([`errors::throw_not_in_coroutine`]) once it has dropped what it holds.
    NotInCoroutine,
}

/// Runs each call in a coroutine of its own (each at once, until it first waits), then
/// waits, as the library does with its WaitGroup: until all have returned or `timeout`
/// (Channel::pop's rule: <= 0 waits for ever; NAN fails at once with 505, as
/// cosocket's WaitGroup::wait). Returns the return values, null for those still
/// running.
fn gather(calls: Vec<Call>, timeout: f64) -> Result<Vec<Zval>, Gathered> {
    let g = Rc::new(Gather {
        results: RefCell::new((0..calls.len()).map(|_| Zval::new()).collect()),
        wg: WaitGroup::default(),
    });
    // Cannot fail: a fresh group, and a Vec's length is below i64::MAX.
    let _ = g.wg.add(calls.len() as i64);
    for (i, call) in calls.into_iter().enumerate() {
        let mine = Rc::clone(&g);
        let then: vm::Then = Box::new(move |ret| {
            mine.results.borrow_mut()[i] = ret;
            // Resumes the waiter at once when this is the last one, as a Channel push does.
            let _ = mine.wg.done();
        });
        if scheduler::create_then(call, Some(then)).is_none() {
            if vm::bailing() {
                return Err(Gathered::Failed);
            }
            // Swoole's library would wait for ever for a coroutine it could not create.
            let _ = g.wg.done();
        }
    }
    if !g.wg.is_zero() {
        match wait_timeout(timeout) {
            Err(_) => nan_timeout(),
            Ok(t) => {
                if !runtime::in_coroutine() {
                    // WaitGroup::wait()'s Channel::pop() outside a coroutine.
                    return Err(Gathered::NotInCoroutine);
                }
                let _ = g.wg.wait(t);
            }
        }
    }
    let mut results = g.results.borrow_mut();
    Ok(results.iter_mut().map(std::mem::take).collect())
}

/// [`gather`]'s results under `keys` (`Some`), or its failure as the handler's.
fn finish(keys: Vec<Zval>, gathered: Result<Vec<Zval>, Gathered>) -> Result<Zval, Fail> {
    match gathered {
        Ok(values) => Ok(keyed(keys, values)),
        Err(Gathered::Failed) => Err(Fail::Raised),
        Err(Gathered::NotInCoroutine) => {
            // The fatal error bails out: nothing of ours may be left to drop.
            drop(keys);
            errors::throw_not_in_coroutine()
        }
    }
}

/// An array's entries, key and value, each a new reference.
fn entries(ht: &ZendHashTable) -> Vec<(Zval, Zval)> {
    let mut out = Vec::with_capacity(ht.len());
    let mut it = ht.iter();
    while let Some((key, value)) = it.next_zval() {
        out.push((key, value.shallow_clone()));
    }
    out
}

/// The array of `keys` (long or string zvals, in order) to `values`.
fn keyed(keys: Vec<Zval>, values: Vec<Zval>) -> Zval {
    let mut ht = ZendHashTable::with_capacity(keys.len() as u32);
    for (k, v) in keys.into_iter().zip(values) {
        let _ = match k.zend_str() {
            Some(s) => ht.insert(ext_php_rs::types::ArrayKey::ZendString(s), v),
            None => ht.insert_at_index(k.long().unwrap_or(0), v),
        };
    }
    let mut z = Zval::new();
    z.set_hashtable(ht);
    z
}

/// A call of `callable` with `args`, resolved when the coroutine calls it (as the
/// library's `$task()`: one that is not callable fails in its coroutine).
fn call_of(callable: Zval, args: Vec<Zval>) -> Call {
    Call {
        callable,
        // SAFETY: an all-zero cache is "not resolved yet" for zend_call_function.
        fcc: unsafe { std::mem::zeroed() },
        args,
    }
}

php_fn! {
    /// Runs each of $tasks in a coroutine of its own and waits for them all, or for
    /// $timeout seconds: their return values under their keys, null for those that have
    /// not returned.
    "Swoole\\Coroutine\\batch" fn batch(cx, tasks: &ZendHashTable, timeout: f64 = "-1") -> "array" {
        let (keys, calls): (Vec<Zval>, Vec<Call>) = entries(tasks)
            .into_iter()
            .map(|(k, task)| (k, call_of(task, Vec::new())))
            .unzip();
        let gathered = gather(calls, timeout);
        finish(keys, gathered)
    }
}

php_fn! {
    /// Runs $fn($value, $key) for each entry of $list, each in a coroutine of its own,
    /// and waits for them all, or for $timeout seconds: the results under the list's
    /// keys, null for those that have not returned.
    "Swoole\\Coroutine\\map" fn map(cx, list: &ZendHashTable, r#fn: Callable, timeout: f64 = "-1") -> "array" {
        let f = r#fn.function();
        let (keys, calls): (Vec<Zval>, Vec<Call>) = entries(list)
            .into_iter()
            .map(|(k, v)| {
                let call = Call {
                    callable: f.shallow_clone(),
                    fcc: r#fn.fcc,
                    args: vec![v, k.shallow_clone()],
                };
                (k, call)
            })
            .unzip();
        let gathered = gather(calls, timeout);
        finish(keys, gathered)
    }
}

php_fn! {
    /// Runs $fn() in $n coroutines and waits for them all.
    "Swoole\\Coroutine\\parallel" fn parallel(cx, n: i64, r#fn: Callable) -> "void" {
        let call = Call {
            callable: r#fn.function().shallow_clone(),
            fcc: r#fn.fcc,
            args: Vec::new(),
        };
        if n < 0 {
            // The library counts $n down to zero from below for ever, each coroutine's
            // WaitGroup::done() failing: here one coroutine runs $fn and fails that way.
            let then: vm::Then = Box::new(|_| {
                zend::throw(
                    // SAFETY: SPL's classes exist once the engine runs.
                    unsafe { zend::spl_ce_BadMethodCallException },
                    "WaitGroup misuse: negative counter",
                    0,
                )
            });
            let _ = scheduler::create_then(call, Some(then));
            return Ok(());
        }
        let calls = (0..n).map(|_| call.dup()).collect();
        drop(call);
        let gathered = gather(calls, -1.0);
        finish(Vec::new(), gathered).map(drop)
    }
}

php_fn! {
    /// Prints the report of a deadlock: every coroutine and where it waits.
    "Swoole\\Coroutine\\deadlock_check" fn deadlock_check(cx) -> "" {
        super::deadlock::print_report();
    }
}

// Barrier: the library's class, state in its two private properties (`$cid`: who
// waits, -1 before; `$timer`: the timeout's timer id, -1 for none) and its private
// static `$cancel_list` (here the request's `barrier_cancel`, not a property).

const CID: usize = 0;
const TIMER: usize = 1;

/// Property slot `slot` of a Barrier (declared first in the class, so at the same
/// index in subclasses).
///
/// # Safety
/// `obj` is a live object of Barrier or a subclass.
unsafe fn prop<'a>(obj: *mut zend_object, slot: usize) -> &'a mut Zval {
    zend::zv((*obj).properties_table.as_mut_ptr().add(slot))
}

fn cancel_list_add(cid: Cid) {
    let mut l = REQUEST.barrier_cancel.borrow_mut();
    if !l.contains(&cid) {
        l.push(cid);
    }
}

/// Removes `cid`; whether it was there.
fn cancel_list_take(cid: Cid) -> bool {
    let mut l = REQUEST.barrier_cancel.borrow_mut();
    let before = l.len();
    l.retain(|&c| c != cid);
    l.len() != before
}

/// `Coroutine::resume($cid)` as the library calls it, with its warning when $cid is not
/// parked in `yield()`.
fn resume(cid: Cid) {
    if runtime::with(|rt| rt.resume_suspended(cid)).is_err() {
        set_last_error(errors::SW_ERROR_PHP_FATAL_ERROR);
        zend::zend_error_str(
            zend::E_WARNING,
            "Swoole\\Coroutine::resume(): can not resume the coroutine which is in IO operation or non-existent",
        );
    }
}

/// PHP's `(int)` of a float (zend_dval_to_lval): 0 for NAN and infinities, modular
/// beyond the range of int.
fn php_int(d: f64) -> i64 {
    const TWO63: f64 = (1u64 << 63) as f64;
    const TWO64: f64 = TWO63 * 2.0;
    if !d.is_finite() {
        return 0;
    }
    if (-TWO63..TWO63).contains(&d) {
        return d as i64;
    }
    let mut m = d % TWO64;
    if m < 0.0 {
        m += TWO64;
    }
    if m >= TWO63 {
        m -= TWO64;
    }
    m as i64
}

php_fn! {
    /// Wakes the coroutine that waits on this barrier (its last reference is gone).
    "__destruct" fn barrier_destruct(cx) -> "" {
        let obj = cx.this_obj();
        // SAFETY: a method of Barrier: `obj` is one.
        let (cid, timer) = unsafe {
            (super::zval::to_long(prop(obj, CID)), super::zval::to_long(prop(obj, TIMER)))
        };
        if timer != -1 {
            runtime::with(|rt| rt.timer_clear(timer));
            if cancel_list_take(cid) {
                return;
            }
        }
        if cid != -1 && cid != runtime::current_cid() {
            resume(cid);
        } else {
            cancel_list_add(cid);
        }
    }
}

php_fn! {
    "make" fn barrier_make(cx) -> "self" {
        // SAFETY: the class is registered (make() is one of its methods); the return
        // value is null.
        unsafe { zend::object_init_ex(cx.ret_ptr(), PROCESS.barrier_ce.get()) };
    }
}

/// `Barrier &$barrier`: a by-reference argument, typed for Reflection; its value is
/// checked by the method (internal functions check their own types).
pub struct BarrierRef<'a>(ByRef<'a>);

// SAFETY: as ByRef, whose spec and slots it uses.
unsafe impl<'a> Arg for BarrierRef<'a> {
    const SPEC: &'static str = <ByRef as Arg>::SPEC;
    const PHP_TYPE: &'static str = "\\Swoole\\Coroutine\\Barrier";
    const BY_REF: bool = true;
    unsafe fn fast(cx: &Cx<'_>, i: u32) -> Option<Self> {
        <ByRef as Arg>::fast(cx, i).map(BarrierRef)
    }
    unsafe fn from_slots(s: &[Slot]) -> Self {
        BarrierRef(<ByRef as Arg>::from_slots(s))
    }
    fn from_default(d: Def) -> Self {
        BarrierRef(<ByRef as Arg>::from_default(d))
    }
}

/// Whether `ce` is `base` or inherits from it.
///
/// # Safety
/// `ce` is a linked class entry.
unsafe fn is_a(mut ce: *mut zend_class_entry, base: *mut zend_class_entry) -> bool {
    while !ce.is_null() {
        if ce == base {
            return true;
        }
        ce = (*ce).__bindgen_anon_1.parent;
    }
    false
}

php_fn! {
    /// Waits until every other reference to $barrier is gone (the coroutines it was
    /// given to have ended), or $timeout seconds (1 ms at least; less: no timeout);
    /// $barrier is set to null.
    "wait" fn barrier_wait(cx, barrier: BarrierRef, timeout: f64 = "-1") -> "void" {
        let target = barrier.0 .0;
        let target = if target.is_reference() { target.dereference_mut() } else { target };
        let raw: *mut zval = (target as *mut Zval).cast();
        let obj = match target.object() {
            // SAFETY: a live object's class entry, linked.
            Some(o) if unsafe { is_a(o.ce, PROCESS.barrier_ce.get()) } => {
                (o as *const ext_php_rs::types::ZendObject).cast_mut().cast::<zend_object>()
            }
            _ => {
                let msg = format!(
                    "Swoole\\Coroutine\\Barrier::wait(): Argument #1 ($barrier) must be of type Swoole\\Coroutine\\Barrier, {} given",
                    zend::type_name(raw)
                );
                // SAFETY: the engine's TypeError class exists once it runs.
                return Err(Fail::throw(|| unsafe { zend::zend_ce_type_error }, msg, 0));
            }
        };
        // SAFETY: `obj` is a Barrier (checked above), alive while $barrier holds it.
        let (cid_prop, timer_prop) = unsafe { (prop(obj, CID), prop(obj, TIMER)) };
        if super::zval::to_long(cid_prop) != -1 {
            return Err(Fail::throw(
                errors::exception_ce,
                Cow::Borrowed("The barrier is waiting, cannot wait again."),
                0,
            ));
        }
        let cid = runtime::current_cid();
        cid_prop.set_long(cid);
        let ms = php_int(timeout * 1000.0);
        if timeout > 0.0 && ms > 0 {
            scheduler::need_loop();
            let fire = move |_| {
                cancel_list_add(cid);
                resume(cid);
            };
            let id = runtime::with(|rt| rt.timer_add(ms as u64, false, Rc::new(fire)));
            timer_prop.set_long(id);
        }
        // `$barrier = null`: the old value goes after the variable is null, and with it
        // maybe the last reference (the destructor runs now, in this coroutine).
        drop(std::mem::replace(target, Zval::new()));
        if !cancel_list_take(cid) {
            if !runtime::in_coroutine() {
                errors::throw_not_in_coroutine();
            }
            // Coroutine::yield(): a cancel (false) ends the wait too.
            let _ = runtime::with(|rt| rt.suspend());
        }
        Ok(())
    }
}

pub fn register(module_number: i32) {
    decl::register_functions(&[batch, parallel, map, deadlock_check]);
    let barrier = decl::register_class(&Class {
        doc: "Waits in one coroutine until the others it was handed to have ended (swoole/library's).",
        methods: &[
            barrier_destruct.public(),
            barrier_make.public_static(),
            barrier_wait.public_static(),
        ],
        props: &[
            Prop {
                name: "cid",
                ty: "int",
                default: PropDefault::Long(-1),
                flags: zend::ACC_PRIVATE,
                doc: "",
            },
            Prop {
                name: "timer",
                ty: "",
                default: PropDefault::Long(-1),
                flags: zend::ACC_PRIVATE,
                doc: "",
            },
        ],
        ..Class::new("Swoole\\Coroutine\\Barrier")
    });
    PROCESS.barrier_ce.set(barrier);
    decl::constant_doc(
        "Runtime hook flags (Swoole's values; Swoole\\Runtime::getHookFlags() reports the ones cosocket implements).",
    );
    for (name, v) in [
        ("SWOOLE_HOOK_TCP", 2),
        ("SWOOLE_HOOK_UDP", 4),
        ("SWOOLE_HOOK_UNIX", 8),
        ("SWOOLE_HOOK_UDG", 16),
        ("SWOOLE_HOOK_SSL", 32),
        ("SWOOLE_HOOK_TLS", 64),
        ("SWOOLE_HOOK_STREAM_FUNCTION", 128),
        ("SWOOLE_HOOK_STREAM_SELECT", 128),
        ("SWOOLE_HOOK_FILE", 256),
        ("SWOOLE_HOOK_STDIO", 32768),
        ("SWOOLE_HOOK_SLEEP", 512),
        ("SWOOLE_HOOK_PROC", 1024),
        ("SWOOLE_HOOK_CURL", 2048),
        ("SWOOLE_HOOK_NATIVE_CURL", 4096),
        ("SWOOLE_HOOK_SOCKETS", 16384),
        ("SWOOLE_HOOK_NET_FUNCTION", 2097152),
        ("SWOOLE_HOOK_MONGODB", 4194304),
        ("SWOOLE_HOOK_ALL", 2143285247),
    ] {
        decl::constant(name, v, module_number);
    }
}
