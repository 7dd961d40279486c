//! Autoloading across coroutines. An autoloader may yield (it may read a file over the
//! network, or just sleep): while one coroutine loads a class, another asking for the
//! same class waits for that load instead of starting a second one (which would
//! declare the class twice) or being told the class does not exist. Swoole does the
//! same.
//!
//! The engine's own guard against recursive autoloading, `EG(in_autoload)`, is kept
//! per coroutine (vm.rs switches it), so a second coroutine reaches the hook below,
//! which is installed in place of the engine's `zend_autoload` (SPL's).

use std::rc::Rc;

use super::state::{PROCESS, REQUEST};
use super::zend::{self, zend_class_entry, zend_string};
use crate::runtime::{self, WaitQueue};

pub use super::state::AutoloadFn;

extern "C" {
    static mut zend_autoload: Option<AutoloadFn>;
    fn zend_hash_find(ht: *const zend::HashTable, key: *mut zend_string) -> *mut zend::zval;
}

/// The queue of the load of `key` in progress, if any (`REQUEST.loading`).
fn loading(key: &[u8]) -> Option<Rc<WaitQueue>> {
    let list = REQUEST.loading.borrow();
    list.iter().find(|(k, _)| k == key).map(|(_, q)| q.clone())
}

/// Installs the hook (MINIT, after SPL has installed its autoloader).
pub fn register() {
    // SAFETY: MINIT runs once, on PHP's thread, before any script: nobody reads it yet.
    unsafe {
        let engine = std::ptr::addr_of_mut!(zend_autoload);
        if (*engine).is_some() {
            PROCESS.engine_autoload.set(*engine);
            *engine = Some(autoload);
        }
    }
}

/// # Safety
/// Called by the engine (zend_lookup_class_ex) with live name strings.
unsafe extern "C" fn autoload(
    name: *mut zend_string,
    lc_name: *mut zend_string,
) -> *mut zend_class_entry {
    // Set before this hook was installed, never changed after.
    let engine = PROCESS
        .engine_autoload
        .get()
        .expect("hook installed without an engine autoloader");
    if !runtime::in_coroutine() {
        // SAFETY: the engine's own call, passed on.
        return unsafe { engine(name, lc_name) };
    }
    // SAFETY: a live zend_string's bytes.
    let key =
        unsafe { std::slice::from_raw_parts((*lc_name).val.as_ptr().cast::<u8>(), (*lc_name).len) }
            .to_vec();
    let busy = loading(&key);
    if let Some(queue) = busy {
        // Another coroutine is loading it: wait for the end of that load and take its
        // outcome (as Swoole: a failed load is not tried again by each waiter).
        // A cancel does not end the wait (the load would then run twice), unless the
        // load ended meanwhile.
        while queue.wait(None) != runtime::Wake::Ready {
            if !loading(&key).is_some_and(|q| Rc::ptr_eq(&q, &queue)) {
                break;
            }
        }
        // SAFETY: the class table lives for the request.
        let found = unsafe { zend_hash_find((*zend::eg()).class_table, lc_name) };
        // SAFETY: class table entries are class entries.
        return if found.is_null() {
            std::ptr::null_mut()
        } else {
            unsafe { (*found).value.ce }
        };
    }
    let queue = Rc::new(WaitQueue::new());
    REQUEST
        .loading
        .borrow_mut()
        .push((key.clone(), queue.clone()));
    // SAFETY: the engine's own call, passed on. A fatal error inside does not return
    // here, but then the request is ending and nothing will wait any more.
    let ce = unsafe { engine(name, lc_name) };
    REQUEST.loading.borrow_mut().retain(|(k, _)| k != &key);
    queue.wake_all(runtime::Wake::Ready);
    ce
}
