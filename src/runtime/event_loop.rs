//! The event loop: timers, I/O readiness and DNS answers resume the coroutines they
//! are for, until none is left, a deadlock, or `stop()`; and lookups handed to the
//! worker pool while a coroutine waits.

use std::time::{Duration, Instant};

use super::*;

impl Runtime {
    /// Runs a blocking lookup on a worker thread while the running coroutine waits (at
    /// most `timeout`). A lookup that no worker thread can take fails at once with
    /// `EAI_SYSTEM` ([`Runtime::take_resolver_error`] says why).
    pub fn resolve(
        &self,
        lookup: dns::Lookup,
        timeout: Option<Duration>,
    ) -> Result<dns::Answer, Wake> {
        self.resolve_until(lookup, timeout.map(deadline_after))
    }

    /// [`Runtime::resolve`] against an absolute deadline (a step of a call that a
    /// deadline of its own bounds: connect()'s lookup).
    pub fn resolve_until(
        &self,
        lookup: dns::Lookup,
        deadline: Option<Instant>,
    ) -> Result<dns::Answer, Wake> {
        let lookup = Box::new(move || Box::new(lookup()) as dns::Output);
        match self.submit_and_wait(lookup, deadline, true) {
            Ok(Ok(out)) => out
                .downcast::<dns::Answer>()
                .map(|a| *a)
                .map_err(|_| Wake::Closed),
            Ok(Err(wake)) => Err(wake),
            Err(e) => {
                self.resolver_error.set(Some(e));
                Ok(Err(libc::EAI_SYSTEM))
            }
        }
    }

    /// Why the last lookup that failed with `EAI_SYSTEM` at once could not be made.
    pub fn take_resolver_error(&self) -> Option<io::Error> {
        self.resolver_error.take()
    }

    /// A heap entry for `cid`, due at `at`, has come up: wake the coroutine if its wait's
    /// deadline has passed, re-arm for a later deadline, or drop the entry as stale.
    fn timer_due(&self, at: Instant, cid: Cid, now: Instant) {
        let Some(rec) = self.lookup(cid) else { return };
        if rec.timer_at.get() == Some(at) {
            rec.timer_at.set(None);
        }
        let Some(deadline) = rec.deadline.get() else {
            return;
        };
        if rec.state.get() != State::Suspended {
            return;
        }
        if deadline <= now {
            drop(rec);
            let _ = self.resume_from_loop(cid, Wake::Timeout);
        } else if rec.timer_at.get().is_none_or(|t| t > deadline) {
            self.timers.borrow_mut().add(deadline, cid);
            rec.timer_at.set(Some(deadline));
        }
    }

    /// Drops heap entries nobody needs once they outnumber the coroutines well.
    #[inline(always)]
    fn compact_timers(&self, alive: usize) {
        if self.timers.borrow().len() <= 2 * alive + 1024 {
            return;
        }
        let coroutines = self.coroutines.borrow();
        self.timers.borrow_mut().retain(|at, cid| {
            coroutines
                .get(&cid)
                .is_some_and(|r| r.timer_at.get() == Some(at) && r.deadline.get().is_some())
        });
        // Records whose entry went may still need one at their next wait.
        for r in coroutines.values() {
            if r.deadline.get().is_none() {
                r.timer_at.set(None);
            }
        }
    }

    /// Runs I/O and timers until no coroutine is left, a deadlock, or `stop()`.
    ///
    /// Each round polls first, then fires the timers that were due before the poll
    /// (Swoole's order too): a wait whose bytes, peer, EOF or DNS answer came while a
    /// coroutine held the CPU past its deadline gets them, not a timeout. The clock is
    /// read once a round, before the poll: a timer already due makes that poll a zero
    /// timeout, and fires after it. A poll that ends by its timeout reads the clock again
    /// to fire what came due; one that brought events leaves the timers to the next
    /// round (which polls at once if one is due), so a busy loop pays one clock read a
    /// round, as before. Callback timers, watched fds, defer and cycle callbacks
    /// (tasks.rs) keep the loop alive too and have their places in the round.
    pub fn run(&self) -> LoopEnd {
        let mut ready = std::mem::take(&mut *self.ready_buf.borrow_mut());
        let was_running = self.loop_running.replace(true);
        let end = loop {
            if let Some(end) = self.turn(&mut ready) {
                break end;
            }
        };
        self.loop_running.set(was_running);
        *self.ready_buf.borrow_mut() = ready;
        self.unpark_main();
        if end != LoopEnd::Stopped {
            self.free_tasks();
        }
        self.trim_stacks();
        end
    }

    /// One round of [`Runtime::run`] (Swoole's `Event::dispatch()`): None if the loop
    /// would go on, else why it would end (then nothing was done). The loop's tasks
    /// stay as they are (nothing is freed, as `run` does at its end).
    pub fn run_once(&self) -> Option<LoopEnd> {
        let mut ready = std::mem::take(&mut *self.ready_buf.borrow_mut());
        let was_running = self.loop_running.replace(true);
        let end = self.turn(&mut ready);
        self.loop_running.set(was_running);
        *self.ready_buf.borrow_mut() = ready;
        self.unpark_main();
        end
    }

    #[inline(always)]
    fn turn(&self, ready: &mut Vec<Ready>) -> Option<LoopEnd> {
        if self.stopping.get() || self.check_fork().is_err() {
            return Some(LoopEnd::Stopped);
        }
        let tasks = self.tasks_used.get();
        if tasks && self.take_exit() {
            return Some(LoopEnd::Exited);
        }
        let tasks_alive = tasks && self.tasks_alive();
        let alive = self.stats.get().coroutine_num;
        if alive == 0 && !tasks_alive {
            return Some(LoopEnd::Done);
        }
        let waiting_io = self.reactor.borrow().as_ref().map_or(0, |r| r.waiting);
        let pending_dns = self
            .resolver
            .borrow()
            .as_ref()
            .map_or(0, |r| r.pending.len());
        if self.timed_waits.get() == 0
            && waiting_io == 0
            && pending_dns == 0
            && !tasks_alive
            && !self.waits_for_signals()
        {
            return Some(LoopEnd::Deadlock(alive));
        }
        self.compact_timers(alive);
        if tasks {
            self.tasks_turn_start();
            if self.stopping.get() {
                return None;
            }
        }
        // Read now, not before the last round's resumes: a coroutine that ran long
        // must not make the poll outwait the next deadline.
        let before = if self.timers.borrow().is_empty() && !tasks {
            None
        } else {
            Some(Instant::now())
        };
        let mut timeout = before.and_then(|now| self.timers.borrow().next_timeout(now));
        if let (true, Some(now)) = (tasks, before) {
            timeout = self.tasks_timeout(now, timeout);
        }
        if timeout != Some(Duration::ZERO) {
            self.trim_stacks_if_idle(alive);
        }
        ready.clear();
        let polled = match self.reactor_mut() {
            Ok(mut r) => r.poll(timeout, ready),
            Err(e) => Err(e),
        };
        let woken = match polled {
            Ok(w) => w,
            Err(_) => return Some(LoopEnd::Stopped),
        };
        let fire_at = match timeout {
            Some(t) if t.is_zero() => before,
            Some(_) if ready.is_empty() && !woken => Some(Instant::now()),
            _ => None,
        };
        self.dispatch(ready);
        if woken {
            self.deliver_dns();
            self.deliver_signals();
            if self.interrupted() {
                return Some(LoopEnd::Stopped);
            }
        }
        if let Some(now) = fire_at {
            loop {
                let due = self.timers.borrow_mut().pop_expired(now);
                let Some((at, cid)) = due else { break };
                self.timer_due(at, cid, now);
            }
        }
        if tasks && !self.stopping.get() {
            self.tasks_turn_end(Instant::now());
        }
        None
    }

    /// The poll timeout with the tasks': none while a defer callback waits, no later
    /// than the nearest callback timer.
    #[cold]
    fn tasks_timeout(&self, now: Instant, timeout: Option<Duration>) -> Option<Duration> {
        let (deadline, defers) = self.tasks_deadline();
        if defers {
            return Some(Duration::ZERO);
        }
        match (timeout, deadline.map(|d| d.saturating_duration_since(now))) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Installs the main context again if the loop left it out (see
    /// `ContextHooks::switch`): before the loop returns, and before it calls a task's
    /// callback (which runs embedder code on the main stack).
    pub(super) fn unpark_main(&self) {
        if self.main_parked.replace(false) {
            if let Some(h) = self.hooks.get() {
                // SAFETY: the main context, saved when the loop first resumed a
                // coroutine; nothing ran on the main stack since but the loop.
                unsafe { (h.switch)(std::ptr::null_mut(), self.main_ctx.get()) };
            }
        }
    }

    /// Hands the events of one poll to the coroutines waiting for them (inlined into
    /// the loop, as it was before the loop's tasks made the loop longer: a call per
    /// round costs the one-connection ping-pong ~200 instructions a message).
    #[inline(always)]
    fn dispatch(&self, ready: &[Ready]) {
        for ev in ready {
            // The common case in one borrow: both readiness bits (an event usually
            // reports writability with readability), and the reader to resume. A
            // writer, or a TLS operation waiting for the other direction, is taken
            // only right before its own resume (see `dispatch_rest`). A write always
            // tries its syscall first, so a writer that parks while the reader runs
            // does so on a full buffer, whose next edge will come.
            let first = self.with_event_fd(ev, |s| {
                if ev.hup {
                    s.hup = true;
                }
                let mut reader = 0;
                if ev.read {
                    s.set_ready(Direction::Read, true);
                    if !s.crossed(Direction::Read) {
                        reader = s.take_waiter(Direction::Read);
                    }
                }
                if ev.write {
                    s.set_ready(Direction::Write, true);
                }
                let rest = (ev.read && s.crossed(Direction::Write))
                    || (ev.write && (s.writer != 0 || s.crossed(Direction::Read)));
                (reader, rest)
            });
            let Some((reader, rest)) = first else {
                continue;
            };
            if reader > 0 {
                let _ = self.resume_from_loop(reader, Wake::Ready);
            }
            if rest {
                self.dispatch_rest(ev);
            }
        }
    }

    /// What an event wakes besides a plain reader: a TLS write waiting for readability,
    /// the writer, a TLS read waiting for writability; each taken right before its
    /// resume, so that nothing an earlier one did meanwhile can leave it resumed twice
    /// (checked again each time: a woken coroutine may have closed the fd and made
    /// another under the same key).
    fn dispatch_rest(&self, ev: &Ready) {
        let take = |slot: Direction, want: Direction| {
            self.with_event_fd(ev, |s| {
                if s.crossed(slot) == (slot != want) {
                    s.take_waiter(slot)
                } else {
                    0
                }
            })
            .filter(|&cid| cid > 0)
        };
        let mut wakes = [None; 3];
        if ev.read {
            wakes[0] = Some((Direction::Write, Direction::Read));
        }
        if ev.write {
            wakes[1] = Some((Direction::Write, Direction::Write));
            wakes[2] = Some((Direction::Read, Direction::Write));
        }
        for (slot, want) in wakes.into_iter().flatten() {
            if let Some(cid) = take(slot, want) {
                let _ = self.resume_from_loop(cid, Wake::Ready);
            }
        }
    }

    /// [`Runtime::with_fd`] for the fd an event was fetched for: None if it has left
    /// since (its key may be another fd's now) or a connection attempt began on it.
    fn with_event_fd<R>(&self, ev: &Ready, f: impl FnOnce(&mut FdState) -> R) -> Option<R> {
        self.with_fd(ev.key, |s| (s.gen == ev.gen).then(|| f(s)))
            .flatten()
    }

    fn deliver_dns(&self) {
        let done = match self.resolver.borrow_mut().as_mut() {
            Some(res) => res.take_done(),
            None => return,
        };
        for (id, answer) in done {
            let cid = {
                let mut res = self.resolver.borrow_mut();
                let Some(res) = res.as_mut() else { return };
                match res.pending.remove(&id) {
                    Some(cid) => {
                        res.answers.insert(id, answer);
                        cid
                    }
                    None => continue,
                }
            };
            let _ = self.resume_from_loop(cid, Wake::Ready);
        }
    }

    /// [`Runtime::resume`] from the loop: the main context may stay parked.
    #[inline]
    pub(super) fn resume_from_loop(&self, cid: Cid, wake: Wake) -> Result<(), ResumeError> {
        let rec = self.lookup(cid).ok_or(ResumeError::NotFound)?;
        if rec.state.get() != State::Suspended {
            return Err(ResumeError::NotSuspended);
        }
        if !self.stopping.get() {
            self.switch_into(rec, wake, true);
        }
        Ok(())
    }

    /// Forgets every coroutine (suspended ones are abandoned, not unwound), every timer
    /// and the reactor, so that the next request starts clean.
    pub fn reset(&self) {
        let all: Vec<Rc<Record>> = self
            .coroutines
            .borrow_mut()
            .drain()
            .map(|(_, r)| r)
            .collect();
        drop(all);
        self.current.set(std::ptr::null());
        overflow::publish(0, -1, 0);
        *self.timers.borrow_mut() = Timers::default();
        // Request memory (the embedder's callbacks) is dropped here, while it exists.
        let tasks = std::mem::replace(&mut *self.tasks.borrow_mut(), tasks::Tasks::new());
        self.tasks_used.set(false);
        self.loop_running.set(false);
        drop(tasks);
        // A child that ends without having used the runtime since the fork: its
        // resolver's workers are the parent's, so it is forgotten, never dropped (the
        // one `forked` returns has no workers and may go). The reactor may be dropped:
        // that closes this process's copy of the epoll fd only.
        if fork::take() & fork::CHILD != 0 {
            if let Some(old) = self.resolver.borrow_mut().take() {
                let _ = old.forked();
            }
        }
        *self.reactor.borrow_mut() = None;
        *self.resolver.borrow_mut() = None;
        self.stats.set(Stats::default());
        self.main_parked.set(false);
        self.next_cid.set(1);
        self.stopping.set(false);
        self.epoch.set(self.epoch.get().wrapping_add(1));
    }
}
