//! Coroutine stacks: mmap'd with a guard page (corosensei's `DefaultStack`), committed
//! lazily by the kernel, and pooled so that spawning does not pay for mmap/munmap.

use std::io;

use corosensei::stack::DefaultStack;

/// Swoole's default C stack size.
pub const DEFAULT_STACK_SIZE: usize = 2 * 1024 * 1024;
/// Bounds for `c_stack_size` (Swoole clamps to the same range).
pub const MIN_STACK_SIZE: usize = 64 * 1024;
pub const MAX_STACK_SIZE: usize = 16 * 1024 * 1024;
/// Stacks kept for reuse; more than this are unmapped when freed.
const POOL_LIMIT: usize = 512;

/// A pool of equally sized stacks.
pub struct StackPool {
    size: usize,
    free: Vec<DefaultStack>,
}

impl StackPool {
    pub const fn new() -> StackPool {
        StackPool { size: DEFAULT_STACK_SIZE, free: Vec::new() }
    }

    /// The size of the stacks handed out.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Changes the size of future stacks (clamped); pooled stacks of the old size go.
    pub fn set_size(&mut self, size: usize) {
        let size = size.clamp(MIN_STACK_SIZE, MAX_STACK_SIZE);
        if size != self.size {
            self.size = size;
            self.free.clear();
        }
    }

    /// A stack from the pool, or a fresh mapping.
    pub fn take(&mut self) -> io::Result<DefaultStack> {
        match self.free.pop() {
            Some(stack) => Ok(stack),
            None => DefaultStack::new(self.size),
        }
    }

    /// Returns a stack whose coroutine has finished (or been reset).
    pub fn give(&mut self, stack: DefaultStack, size: usize) {
        if size == self.size && self.free.len() < POOL_LIMIT {
            self.free.push(stack);
        }
    }
}
