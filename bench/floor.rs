//! The floor: the benchmark exchanges written directly on mio (one thread, one poll,
//! edge-triggered, one read and one write per message), with no coroutines and no PHP.
//! What any implementation pays in syscalls and the kernel's loopback path.
//!
//!   cargo run --release --no-default-features --example floor -- [workload...]
//!
//! Prints `name value unit` lines, like bench/socket.php.

use std::collections::HashMap;
use std::io::{ErrorKind, Read, Write};
use std::net::SocketAddr;
use std::time::Instant;

use mio::net::{TcpListener, TcpStream, UdpSocket};
use mio::{Events, Interest, Poll, Token};

const CONNS: usize = 100;
const ROUNDS: usize = 2000;
const LISTENER: Token = Token(usize::MAX);

/// One end of an echo exchange: accumulates a message, then acts on it.
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
    have: usize,
    /// Client side: round trips left; server side: None.
    left: Option<usize>,
}

fn pingpong(size: usize) -> f64 {
    let mut poll = Poll::new().unwrap();
    let mut listener = TcpListener::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = listener.local_addr().unwrap();
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)
        .unwrap();
    let mut conns: HashMap<usize, Conn> = HashMap::new();
    let msg = vec![b'x'; size];
    let start = Instant::now();
    for i in 0..CONNS {
        let mut s = TcpStream::connect(addr).unwrap();
        poll.registry()
            .register(&mut s, Token(i), Interest::READABLE | Interest::WRITABLE)
            .unwrap();
        conns.insert(
            i,
            Conn {
                stream: s,
                buf: vec![0; size.max(65536)],
                have: 0,
                left: Some(ROUNDS),
            },
        );
    }
    let mut sent_first = [false; CONNS];
    let mut next = CONNS;
    let mut done = 0;
    let mut events = Events::with_capacity(1024);
    while done < CONNS {
        poll.poll(&mut events, None).unwrap();
        for ev in events.iter() {
            if ev.token() == LISTENER {
                while let Ok((mut s, _)) = listener.accept() {
                    s.set_nodelay(true).unwrap();
                    poll.registry()
                        .register(&mut s, Token(next), Interest::READABLE)
                        .unwrap();
                    conns.insert(
                        next,
                        Conn {
                            stream: s,
                            buf: vec![0; size.max(65536)],
                            have: 0,
                            left: None,
                        },
                    );
                    next += 1;
                }
                continue;
            }
            let id = ev.token().0;
            if id < CONNS && !sent_first[id] && ev.is_writable() {
                let c = conns.get_mut(&id).unwrap();
                c.stream.set_nodelay(true).unwrap();
                write_all(&mut c.stream, &msg);
                sent_first[id] = true;
            }
            if !ev.is_readable() {
                continue;
            }
            let Some(c) = conns.get_mut(&id) else {
                continue;
            };
            loop {
                match c.stream.read(&mut c.buf[c.have..]) {
                    Ok(0) => break,
                    Ok(n) => {
                        c.have += n;
                        if c.have < size {
                            continue;
                        }
                        c.have = 0;
                        match &mut c.left {
                            None => write_all(&mut c.stream, &msg),
                            Some(left) => {
                                *left -= 1;
                                if *left == 0 {
                                    done += 1;
                                } else {
                                    write_all(&mut c.stream, &msg);
                                }
                            }
                        }
                        if n < c.buf.len() {
                            break; // a short read drained the socket
                        }
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                    Err(e) => panic!("read: {e}"),
                }
            }
        }
    }
    start.elapsed().as_secs_f64()
}

/// Writes all of `data`, spinning on WouldBlock (the socket buffers hold a message).
fn write_all(s: &mut TcpStream, mut data: &[u8]) {
    while !data.is_empty() {
        match s.write(data) {
            Ok(n) => data = &data[n..],
            Err(e) if e.kind() == ErrorKind::WouldBlock => std::thread::yield_now(),
            Err(e) => panic!("write: {e}"),
        }
    }
}

fn connect_accept_close(total: usize, parallel: usize) -> f64 {
    let mut poll = Poll::new().unwrap();
    let mut listener = TcpListener::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = listener.local_addr().unwrap();
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)
        .unwrap();
    let mut events = Events::with_capacity(1024);
    let mut pending: HashMap<usize, TcpStream> = HashMap::new();
    let (mut started, mut connected, mut accepted) = (0, 0, 0);
    let mut token = 0;
    let start = Instant::now();
    let open = |poll: &Poll,
                pending: &mut HashMap<usize, TcpStream>,
                token: &mut usize,
                started: &mut usize| {
        let mut s = TcpStream::connect(addr).unwrap();
        poll.registry()
            .register(&mut s, Token(*token), Interest::WRITABLE)
            .unwrap();
        pending.insert(*token, s);
        *token += 1;
        *started += 1;
    };
    for _ in 0..parallel {
        open(&poll, &mut pending, &mut token, &mut started);
    }
    while connected < total || accepted < total {
        poll.poll(&mut events, None).unwrap();
        for ev in events.iter() {
            if ev.token() == LISTENER {
                while let Ok((s, _)) = listener.accept() {
                    drop(s);
                    accepted += 1;
                }
            } else if let Some(mut s) = pending.remove(&ev.token().0) {
                poll.registry().deregister(&mut s).unwrap();
                drop(s);
                connected += 1;
                if started < total {
                    open(&poll, &mut pending, &mut token, &mut started);
                }
            }
        }
    }
    start.elapsed().as_secs_f64()
}

fn udp_pingpong(pairs: usize, rounds: usize) -> f64 {
    let mut poll = Poll::new().unwrap();
    let any: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let mut socks = Vec::new();
    for i in 0..pairs {
        let mut server = UdpSocket::bind(any).unwrap();
        let mut client = UdpSocket::bind(any).unwrap();
        client.connect(server.local_addr().unwrap()).unwrap();
        poll.registry()
            .register(&mut server, Token(2 * i), Interest::READABLE)
            .unwrap();
        poll.registry()
            .register(&mut client, Token(2 * i + 1), Interest::READABLE)
            .unwrap();
        socks.push((server, client, rounds));
    }
    let msg = [b'u'; 64];
    let start = Instant::now();
    for (_, c, _) in &socks {
        c.send(&msg).unwrap();
    }
    let mut done = 0;
    let mut events = Events::with_capacity(1024);
    let mut buf = [0u8; 65536];
    while done < pairs {
        poll.poll(&mut events, None).unwrap();
        for ev in events.iter() {
            let (i, is_client) = (ev.token().0 / 2, ev.token().0 % 2 == 1);
            let (server, client, left) = &mut socks[i];
            if is_client {
                while client.recv(&mut buf).is_ok() {
                    *left -= 1;
                    if *left == 0 {
                        done += 1;
                    } else {
                        client.send(&msg).unwrap();
                    }
                }
            } else {
                while let Ok((n, from)) = server.recv_from(&mut buf) {
                    server.send_to(&buf[..n], from).unwrap();
                }
            }
        }
    }
    start.elapsed().as_secs_f64()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let all = [
        "pingpong64",
        "pingpong64all",
        "pingpong16k",
        "connect",
        "udp",
    ];
    let which: Vec<&str> = if args.is_empty() {
        all.to_vec()
    } else {
        args.iter().map(|s| s.as_str()).collect()
    };
    for w in which {
        match w {
            "pingpong64" => println!(
                "pingpong64_round_trips_per_sec {:.0} rt/s",
                (CONNS * ROUNDS) as f64 / pingpong(64)
            ),
            // The floor reads whatever is there either way: the same exchange.
            "pingpong64all" => println!(
                "pingpong64all_round_trips_per_sec {:.0} rt/s",
                (CONNS * ROUNDS) as f64 / pingpong(64)
            ),
            "pingpong16k" => {
                println!(
                    "pingpong16k_mb_per_sec {:.1} MB/s",
                    (CONNS * ROUNDS * 16384) as f64 / pingpong(16384) / 1e6
                )
            }
            "connect" => println!(
                "connect_accept_close_per_sec {:.0} conn/s",
                20000.0 / connect_accept_close(20000, 50)
            ),
            "udp" => println!(
                "udp_round_trips_per_sec {:.0} rt/s",
                (10 * 20000) as f64 / udp_pingpong(10, 20000)
            ),
            other => eprintln!("unknown workload {other}"),
        }
    }
}
