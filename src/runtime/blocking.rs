//! Any blocking call off the event loop: the job runs on the worker pool (dns.rs) while
//! the coroutine that asked waits, so the loop never blocks on a disk, a statvfs or a
//! child process.

use std::io;
use std::time::Instant;

use super::*;

impl Runtime {
    /// Runs `job` on a worker thread while the running coroutine waits; its result, or
    /// why the wait ended first (a cancel, the runtime stopping: the job still runs to
    /// its end, its result dropped). `Err` when no worker thread could take it.
    pub fn run_blocking<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
        cancellable: bool,
    ) -> io::Result<Result<T, Wake>> {
        let task = Box::new(move || Box::new(job()) as dns::Output);
        Ok(match self.submit_and_wait(task, None, cancellable)? {
            Ok(out) => out.downcast::<T>().map(|t| *t).map_err(|_| Wake::Closed),
            Err(wake) => Err(wake),
        })
    }

    /// Hands `task` to the pool and parks until its result comes back (or `deadline`).
    pub(super) fn submit_and_wait(
        &self,
        task: dns::Task,
        deadline: Option<Instant>,
        cancellable: bool,
    ) -> io::Result<Result<dns::Output, Wake>> {
        if self.check_fork().is_err() {
            return Ok(Err(Wake::Closed));
        }
        let waker = match self.reactor_mut() {
            Ok(r) => r.waker.clone(),
            Err(_) => return Ok(Err(Wake::Closed)),
        };
        let id = {
            let mut res = self.resolver.borrow_mut();
            let res = res.get_or_insert_with(dns::Resolver::new);
            let id = res.submit_task(task, &waker)?;
            res.pending.insert(id, self.current_cid());
            id
        };
        let wake = self.park_until(deadline, cancellable);
        let mut res = self.resolver.borrow_mut();
        let Some(res) = res.as_mut() else {
            return Ok(Err(Wake::Closed));
        };
        res.pending.remove(&id);
        Ok(match (wake, res.answers.remove(&id)) {
            (Wake::Ready, Some(out)) => Ok(out),
            (Wake::Ready, None) => Err(Wake::Closed),
            (other, _) => Err(other),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;
    use std::time::Duration;

    /// A job blocks its worker, not the loop: another coroutine runs meanwhile, and
    /// the result comes back typed.
    #[test]
    fn a_blocking_job_runs_off_the_loop() {
        let log = Rc::new(RefCell::new(Vec::new()));
        let l = log.clone();
        spawn(Box::new(move || {
            let r = with(|rt| {
                rt.run_blocking(
                    || {
                        std::thread::sleep(Duration::from_millis(30));
                        String::from("done")
                    },
                    false,
                )
            });
            l.borrow_mut().push(format!("{:?}", r.unwrap()));
        }))
        .unwrap();
        let l = log.clone();
        spawn(Box::new(move || {
            sleep(Duration::from_millis(1));
            l.borrow_mut().push("other".into());
        }))
        .unwrap();
        assert_eq!(run(), LoopEnd::Done);
        assert_eq!(*log.borrow(), ["other", "Ok(\"done\")"]);
    }
}
