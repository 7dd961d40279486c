//! The loop's tasks driven with Rust closures: callback timers, watched fds,
//! buffered writes, defer and cycle callbacks, exit.

use super::*;
use std::cell::RefCell;
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;

type Log = Rc<RefCell<Vec<String>>>;

fn log() -> Log {
    Rc::new(RefCell::new(Vec::new()))
}

fn push(l: &Log, s: impl Into<String>) {
    l.borrow_mut().push(s.into());
}

fn rt<R>(f: impl FnOnce(&Runtime) -> R) -> R {
    with(f)
}

#[test]
fn timers_fire_with_ids_ticks_clear_themselves_and_ids_restart_after_the_loop() {
    let l = log();
    let (l1, l2) = (l.clone(), l.clone());
    let a = rt(|r| {
        r.timer_add(
            // Far past the two 5 ms ticks, however late a loaded machine runs them.
            200,
            false,
            Rc::new(move |id| push(&l1, format!("after {id}"))),
        )
    });
    let n = Rc::new(Cell::new(0));
    let t = rt(|r| {
        r.timer_add(
            5,
            true,
            Rc::new(move |id| {
                n.set(n.get() + 1);
                push(&l2, format!("tick {id} #{}", n.get()));
                if n.get() == 2 {
                    assert!(with(|r| r.timer_clear(id)));
                    // Cleared in its own callback: marked removed until it returns.
                    assert_eq!(with(|r| r.timer_info(id)).map(|i| i.removed), Some(true));
                    assert!(!with(|r| r.timer_exists(id)));
                    assert!(!with(|r| r.timer_clear(id)));
                }
            }),
        )
    });
    assert_eq!((a, t), (1, 2));
    let info = rt(|r| r.timer_info(t)).unwrap();
    assert_eq!((info.interval, info.exec_count, info.round), (5, 0, 0));
    assert_eq!(rt(|r| r.timer_list()), [2, 1]);
    assert_eq!(rt(|r| r.timer_stats()), Some((2, 0)));
    assert!(!rt(|r| r.timer_clear(99)));
    assert_eq!(run(), LoopEnd::Done);
    assert_eq!(*l.borrow(), ["tick 2 #1", "tick 2 #2", "after 1"]);
    // The loop that ran them has ended: the timers are gone, ids start again.
    assert!(!rt(|r| r.timers_initialized()));
    assert_eq!(rt(|r| r.timer_stats()), None);
    let id = rt(|r| r.timer_add(1, false, Rc::new(|_| ())));
    assert_eq!(id, 1);
    assert!(rt(|r| r.timer_clear_all()));
    assert_eq!(run(), LoopEnd::Done);
}

#[test]
fn a_timer_added_in_a_pass_waits_for_the_next_and_callbacks_may_spawn() {
    let l = log();
    let l1 = l.clone();
    rt(|r| {
        r.timer_add(
            1,
            false,
            Rc::new(move |_| {
                let l2 = l1.clone();
                let l3 = l1.clone();
                with(|r| r.timer_add(1, false, Rc::new(move |_| push(&l2, "nested"))));
                spawn(Box::new(move || {
                    push(&l3, "co start");
                    sleep(Duration::from_millis(100)); // far past the nested 1 ms timer, under any load
                    push(&l3, "co end");
                }))
                .unwrap();
                push(&l1, "first");
            }),
        )
    });
    assert_eq!(run(), LoopEnd::Done);
    assert_eq!(*l.borrow(), ["co start", "first", "nested", "co end"]);
}

#[test]
fn watched_fds_are_level_triggered_and_deleting_stops_them() {
    struct H(Log, Cell<u32>);
    impl Watch for H {
        fn ready(&self, fd: RawFd, dir: Direction) {
            self.1.set(self.1.get() + 1);
            push(&self.0, format!("{dir:?} {}", self.1.get()));
            // Never reads: the fd stays readable, so it is reported again.
            if self.1.get() == 3 {
                assert!(with(|r| r.watch_del(fd)));
            }
        }
        fn as_any(&self) -> &dyn Any {
            self
        }
    }
    let l = log();
    let (a, mut b) = UnixStream::pair().unwrap();
    let fd = a.as_raw_fd();
    let h = Rc::new(H(l.clone(), Cell::new(0)));
    rt(|r| r.watch_add(fd, true, false, h.clone())).unwrap();
    assert!(matches!(
        rt(|r| r.watch_add(fd, true, false, h.clone())),
        Err(WatchError::Exists)
    ));
    assert_eq!(rt(|r| r.watch_get(fd)), Some((true, false)));
    assert_eq!(rt(|r| r.watched_fds()), 1);
    b.write_all(b"x").unwrap();
    assert_eq!(run(), LoopEnd::Done);
    assert_eq!(*l.borrow(), ["Read 1", "Read 2", "Read 3"]);
    assert_eq!(rt(|r| r.watch_get(fd)), None);
    assert!(!rt(|r| r.watch_del(fd)));
    // A regular file cannot be watched; its fd stays open and usable.
    let mut f = std::fs::File::open("/proc/self/stat").unwrap();
    let err = rt(|r| r.watch_add(f.as_raw_fd(), true, false, h.clone()));
    assert!(matches!(err, Err(WatchError::Os(ref e)) if e.raw_os_error() == Some(libc::EPERM)));
    let mut buf = [0u8; 4];
    assert!(f.read(&mut buf).unwrap() > 0);
    assert_eq!(rt(|r| r.watched_fds()), 0);
}

#[test]
fn buffered_writes_larger_than_the_socket_buffer_all_arrive() {
    struct Reader(RefCell<UnixStream>, Rc<Cell<usize>>);
    impl Watch for Reader {
        fn ready(&self, fd: RawFd, _: Direction) {
            let mut buf = vec![0u8; 65536];
            loop {
                match self.0.borrow_mut().read(&mut buf) {
                    Ok(0) => {
                        with(|r| r.watch_del(fd));
                        return;
                    }
                    Ok(n) => self.1.set(self.1.get() + n),
                    Err(_) => return,
                }
            }
        }
        fn as_any(&self) -> &dyn Any {
            self
        }
    }
    struct Nothing;
    impl Watch for Nothing {
        fn ready(&self, _: RawFd, _: Direction) {}
        fn as_any(&self) -> &dyn Any {
            self
        }
    }
    let (a, b) = UnixStream::pair().unwrap();
    b.set_nonblocking(true).unwrap();
    let got = Rc::new(Cell::new(0));
    let (afd, bfd) = (a.as_raw_fd(), b.as_raw_fd());
    rt(|r| r.watch_add(afd, true, false, Rc::new(Nothing))).unwrap();
    let data = vec![7u8; 4 << 20];
    rt(|r| r.write_buffered(afd, &data)).unwrap();
    assert!(matches!(
        rt(|r| r.write_buffered(99999, b"x")),
        Err(WatchError::NotFound)
    ));
    // Deleted before its buffer is sent: the bytes still go, then the watch ends.
    assert!(rt(|r| r.watch_del(afd)));
    assert_eq!(rt(|r| r.watch_get(afd)), None);
    rt(|r| {
        r.watch_add(
            bfd,
            true,
            false,
            Rc::new(Reader(RefCell::new(b), got.clone())),
        )
    })
    .unwrap();
    // The peer closes once everything is in: the reader sees EOF and leaves.
    let a = Rc::new(RefCell::new(Some(a)));
    let got2 = got.clone();
    let n = data.len();
    rt(|r| {
        r.timer_add(
            1,
            true,
            Rc::new(move |id| {
                if got2.get() == n {
                    a.borrow_mut().take();
                    with(|r| r.timer_clear(id));
                }
            }),
        )
    });
    assert_eq!(run(), LoopEnd::Done);
    assert_eq!(got.get(), data.len());
}

#[test]
fn one_turn_runs_cycle_before_then_events_and_timers_then_defers_then_cycle_after() {
    let l = log();
    let turns = Rc::new(Cell::new(0));
    let (lb, la, t2) = (l.clone(), l.clone(), turns.clone());
    rt(|r| {
        r.set_cycle(true, Some(Rc::new(move || push(&lb, "before"))));
        r.set_cycle(
            false,
            Some(Rc::new(move || {
                t2.set(t2.get() + 1);
                push(&la, "after")
            })),
        );
    });
    let (l1, l2) = (l.clone(), l.clone());
    rt(|r| {
        r.defer(Box::new(move || {
            push(&l1, "defer 1");
            let l3 = l1.clone();
            with(|r| r.defer(Box::new(move || push(&l3, "defer from defer"))));
        }))
    });
    rt(|r| r.defer(Box::new(move || push(&l2, "defer 2"))));
    assert_eq!(run(), LoopEnd::Done);
    assert_eq!(
        *l.borrow(),
        [
            "before",
            "defer 1",
            "defer 2",
            "after",
            "before",
            "defer from defer",
            "after"
        ]
    );
    // The loop ended: its cycle callbacks went with it.
    assert!(!rt(|r| r.set_cycle(false, None)));
    assert!(rt(|r| r.set_cycle(false, Some(Rc::new(|| ())))));
    assert!(rt(|r| r.set_cycle(false, None)));
}

#[test]
fn exit_clears_the_timers_and_ends_the_loop_after_the_turn() {
    let l = log();
    let (l1, l2) = (l.clone(), l.clone());
    rt(|r| r.timer_add(10_000, false, Rc::new(|_| panic!("cleared"))));
    rt(|r| r.timer_add(50, true, Rc::new(|_| panic!("cleared"))));
    rt(|r| {
        r.timer_add(
            1,
            false,
            Rc::new(move |_| {
                with(|r| r.exit_loop());
                push(&l1, format!("stats {:?}", with(|r| r.timer_stats())));
            }),
        )
    });
    rt(|r| r.set_cycle(false, Some(Rc::new(move || push(&l2, "cycle")))));
    spawn(Box::new(|| {
        sleep(Duration::from_secs(60));
    }))
    .unwrap();
    let start = Instant::now();
    assert_eq!(run(), LoopEnd::Exited);
    assert!(start.elapsed() < Duration::from_secs(5));
    let l = l.borrow();
    // The running timer still counts until it returns; the rest of the turn runs.
    let stats = l.iter().position(|s| s.starts_with("stats")).unwrap();
    assert_eq!(l[stats], "stats Some((1, 1))");
    assert_eq!(&l[stats + 1..], ["cycle"]);
    // Outside the loop, exit only clears the timers.
    rt(|r| r.timer_add(5, false, Rc::new(|_| panic!("cleared"))));
    rt(|r| r.exit_loop());
    assert_eq!(rt(|r| r.timer_stats()), Some((0, 0)));
    rt(|r| r.stop());
    rt(|r| r.reset());
}

#[test]
fn run_once_is_one_turn() {
    let l = log();
    let l1 = l.clone();
    rt(|r| r.defer(Box::new(move || push(&l1, "defer"))));
    let l2 = l.clone();
    rt(|r| r.timer_add(1, false, Rc::new(move |_| push(&l2, "timer"))));
    assert_eq!(rt(|r| r.run_once()), None);
    assert_eq!(*l.borrow(), ["defer"]);
    while l.borrow().len() < 2 {
        assert_eq!(rt(|r| r.run_once()), None);
    }
    assert_eq!(*l.borrow(), ["defer", "timer"]);
    assert_eq!(rt(|r| r.run_once()), Some(LoopEnd::Done));
}

#[test]
fn timer_list_gives_the_ids_in_the_order_of_swooles_hash_map() {
    let cb: TimerFn = Rc::new(|_| ());
    for _ in 0..30 {
        rt(|r| r.timer_add(1000, false, cb.clone()));
    }
    // As Swoole 6.2.1 printed it (a libstdc++ unordered_map, rehashed at 14 and 30).
    let mut want: Vec<TimerId> = vec![30];
    want.extend((1..=13).rev());
    want.extend(14..=29);
    assert_eq!(rt(|r| r.timer_list()), want);
    for id in [3, 7, 8, 20] {
        assert!(rt(|r| r.timer_clear(id)));
    }
    rt(|r| r.timer_add(1000, true, cb.clone()));
    want.retain(|id| ![3, 7, 8, 20].contains(id));
    want.insert(0, 31);
    assert_eq!(rt(|r| r.timer_list()), want);
    assert!(rt(|r| r.timer_clear_all()));
    assert_eq!(rt(|r| r.timer_list()), Vec::<TimerId>::new());
    rt(|r| r.free_tasks());
}

/// How many fds of this process are `fd`'s open file (tests run side by side: the
/// process's fd count is no measure).
fn fds_of(fd: RawFd) -> usize {
    let file = |p: std::path::PathBuf| std::fs::read_link(p).ok();
    let me = file(format!("/proc/self/fd/{fd}").into());
    std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .filter(|e| me.is_some() && file(e.as_ref().unwrap().path()) == me)
        .count()
}

#[test]
fn an_fd_a_socket_of_ours_has_in_epoll_is_watched_through_a_dup() {
    struct H(Log);
    impl Watch for H {
        fn ready(&self, fd: RawFd, dir: Direction) {
            push(&self.0, format!("{dir:?}"));
            assert!(with(|r| r.watch_del(fd)));
        }
        fn as_any(&self) -> &dyn Any {
            self
        }
    }
    let l = log();
    let (a, mut b) = UnixStream::pair().unwrap();
    let fd = a.as_raw_fd();
    // In epoll already (as a socket that has waited): the watch takes a dup of the fd.
    let key = rt(|r| r.register_fd(fd)).unwrap();
    rt(|r| r.watch_add(fd, true, false, Rc::new(H(l.clone())))).unwrap();
    assert_eq!(fds_of(fd), 2);
    b.write_all(b"x").unwrap();
    assert_eq!(run(), LoopEnd::Done);
    assert_eq!(*l.borrow(), ["Read"]);
    assert_eq!(fds_of(fd), 1, "the dup is closed with the watch");
    rt(|r| r.deregister_fd(key, true));

    // Watched first, then a socket's first wait puts it in epoll: the watch moves to a
    // dup, the socket gets the fd.
    let key = rt(|r| r.register_fd_lazily(fd)).unwrap();
    rt(|r| r.watch_add(fd, true, false, Rc::new(H(l.clone())))).unwrap();
    assert_eq!(fds_of(fd), 1);
    rt(|r| r.reactor_mut().unwrap().arm(key)).unwrap();
    assert_eq!(fds_of(fd), 2);
    assert_eq!(run(), LoopEnd::Done);
    assert_eq!(*l.borrow(), ["Read", "Read"]);
    assert_eq!(fds_of(fd), 1);
    rt(|r| r.deregister_fd(key, true));
}
