//! TLS handshakes between cosocket sockets: verification, failures, timeouts and
//! refusals (the helpers are the parent module's).

use super::*;

#[test]
fn verification_rejects_a_self_signed_certificate_unless_allowed_or_trusted() {
    let files = Files::new();
    let (server, ca) = server_config(&files);
    let verify = TlsConfig {
        verify_peer: true,
        ..TlsConfig::default()
    };

    // System CAs only: the self-signed certificate is refused, and the server hears why.
    let (s, c) = handshake_pair(server.clone(), verify.clone(), Some("localhost"));
    let e = tls_err(c);
    assert_eq!(
        (e.kind, e.code(), e.verify),
        (
            TlsErrorKind::VerifyFailed,
            1014,
            X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT
        )
    );
    assert!(
        e.message().contains("self-signed certificate"),
        "{}",
        e.message()
    );
    assert_eq!(tls_err(s).kind, TlsErrorKind::BadClient);

    let allowed = TlsConfig {
        allow_self_signed: true,
        ..verify.clone()
    };
    assert_eq!(
        handshake_pair(server.clone(), allowed, Some("localhost")),
        (Ok(()), Ok(()))
    );
    let trusted = TlsConfig {
        cafile: Some(ca),
        ..verify
    };
    assert_eq!(
        handshake_pair(server.clone(), trusted, Some("localhost")),
        (Ok(()), Ok(()))
    );
    // Swoole's default: no verification at all.
    assert_eq!(
        handshake_pair(server, TlsConfig::default(), Some("localhost")),
        (Ok(()), Ok(()))
    );
}

/// What a client that does not verify learns after its handshake: OpenSSL's verdict on
/// the chain and which of `names` the certificate is for (Swoole's verifyPeerCert()).
fn unverified_view(
    server: TlsConfig,
    client: TlsConfig,
    names: &'static [&'static str],
) -> (Option<i32>, Vec<bool>) {
    let (l, addr) = listener();
    let sctx = server.server_context().unwrap();
    let cctx = client.client_context().unwrap();
    runtime::spawn(Box::new(move || {
        let conn = l.accept(ms(2000)).unwrap();
        conn.tls_handshake(&sctx, None, &deadline(2000)).unwrap();
        let mut b = [0u8; 4];
        let _ = conn.recv(uninit(&mut b), ms(2000));
    }))
    .unwrap();
    let out = Rc::new(RefCell::new((None, vec![])));
    let o = out.clone();
    runtime::spawn(Box::new(move || {
        let c = connected(&addr);
        c.tls_handshake(&cctx, None, &deadline(2000)).unwrap();
        *o.borrow_mut() = (
            c.tls_verify_result(),
            names.iter().map(|n| c.tls_peer_has_name(n)).collect(),
        );
        c.close();
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
    out.take()
}

#[test]
fn without_verification_the_named_cas_still_judge_the_chain_and_names_can_be_checked() {
    let files = Files::new();
    let (server, ca) = server_config(&files);
    let names = &[
        "localhost",
        "LOCALHOST",
        "127.0.0.1",
        "::1",
        "other",
        "*.localhost",
        "",
    ];
    let matches = vec![true, true, true, false, false, false, false];
    // No CA named: the self-signed certificate is not trusted (but was accepted).
    assert_eq!(
        unverified_view(server.clone(), TlsConfig::default(), names),
        (
            Some(X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT),
            matches.clone()
        )
    );
    // A CA file given without `verify_peer` is loaded, as Swoole loads it.
    let trusting = TlsConfig {
        cafile: Some(ca),
        ..TlsConfig::default()
    };
    assert_eq!(unverified_view(server, trusting, names), (Some(0), matches));
}

#[test]
fn a_wrong_host_name_or_an_expired_certificate_is_rejected() {
    let files = Files::new();
    let (server, ca) = server_config(&files);
    let verify = TlsConfig {
        verify_peer: true,
        cafile: Some(ca.clone()),
        ..TlsConfig::default()
    };
    for trust in [
        verify.clone(),
        TlsConfig {
            allow_self_signed: true,
            cafile: None,
            ..verify.clone()
        },
    ] {
        let wrong = TlsConfig {
            host_name: Some("example.com".into()),
            ..trust
        };
        let e = tls_err(handshake_pair(server.clone(), wrong, None).1);
        assert_eq!(
            (e.kind, e.verify),
            (TlsErrorKind::VerifyFailed, X509_V_ERR_HOSTNAME_MISMATCH),
            "{e}"
        );
    }
    let by_ip = TlsConfig {
        host_name: Some("127.0.0.1".into()),
        ..verify.clone()
    };
    assert_eq!(
        handshake_pair(server.clone(), by_ip, None),
        (Ok(()), Ok(()))
    );
    let by_name = TlsConfig {
        host_name: Some("localhost".into()),
        ..verify
    };
    assert_eq!(
        handshake_pair(server, by_name.clone(), None),
        (Ok(()), Ok(()))
    );

    let (cert, key) = files.pair("expired", &make_cert("localhost", &["localhost"], -30, -1));
    let expired = TlsConfig {
        cert_file: Some(cert.clone()),
        key_file: Some(key),
        ..TlsConfig::default()
    };
    let e = tls_err(
        handshake_pair(
            expired,
            TlsConfig {
                cafile: Some(cert),
                ..by_name
            },
            None,
        )
        .1,
    );
    assert_eq!(
        (e.kind, e.verify),
        (TlsErrorKind::VerifyFailed, X509_V_ERR_CERT_HAS_EXPIRED),
        "{e}"
    );
}

#[test]
fn a_verifying_server_requires_a_client_certificate() {
    let files = Files::new();
    let (mut server, _) = server_config(&files);
    let (client_cert, client_key) = files.pair("client", &make_cert("client", &["client"], -1, 30));
    server.verify_peer = true;
    server.cafile = Some(client_cert.clone());
    let (s, _) = handshake_pair(server.clone(), TlsConfig::default(), None);
    let e = tls_err(s);
    assert_eq!(e.kind, TlsErrorKind::VerifyFailed, "{e}");
    let with_cert = TlsConfig {
        cert_file: Some(client_cert),
        key_file: Some(client_key),
        ..TlsConfig::default()
    };
    assert_eq!(handshake_pair(server, with_cert, None), (Ok(()), Ok(())));
}

#[test]
fn a_plain_text_peer_fails_the_handshake_cleanly() {
    let files = Files::new();
    let (sctx, cctx) = default_contexts(&files);
    let out = Rc::new(RefCell::new(Vec::new()));

    // A TLS client meets a plain-text server.
    let (l, addr) = listener();
    runtime::spawn(Box::new(move || {
        let conn = l.accept(ms(2000)).unwrap();
        conn.send_all(
            b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n",
            ms(2000),
        );
        let mut b = [0u8; 1024];
        let _ = conn.recv(uninit(&mut b), ms(200));
    }))
    .unwrap();
    let o = out.clone();
    runtime::spawn(Box::new(move || {
        let c = connected(&addr);
        let e = tls_err(c.tls_handshake(&cctx, Some("localhost"), &deadline(2000)));
        // Nothing goes out in clear after a failed handshake.
        let after = c.send(b"secret", ms(100));
        o.borrow_mut().push((e, after));
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);

    // A plain-text client meets a TLS server.
    let (l, addr) = listener();
    let o = out.clone();
    runtime::spawn(Box::new(move || {
        let conn = l.accept(ms(2000)).unwrap();
        let e = tls_err(conn.tls_handshake(&sctx, None, &deadline(2000)));
        o.borrow_mut().push((e, Ok(0)));
    }))
    .unwrap();
    runtime::spawn(Box::new(move || {
        let c = connected(&addr);
        c.send_all(b"GET / HTTP/1.0\r\nHost: localhost\r\n\r\n", ms(2000));
        let mut b = [0u8; 64];
        let _ = c.recv(uninit(&mut b), ms(2000));
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);

    let out = out.borrow();
    let (client, after) = &out[0];
    assert_eq!(client.kind, TlsErrorKind::HandshakeFailed, "{client}");
    assert_eq!(client.code(), 1018);
    assert!(
        !client.reason.is_empty(),
        "OpenSSL's reason is kept: {client}"
    );
    assert!(
        matches!(after, Err(NetError::Tls(t)) if t.kind == TlsErrorKind::NotReady),
        "{after:?}"
    );
    let (server, _) = &out[1];
    assert_eq!(
        (server.kind, server.code()),
        (TlsErrorKind::BadClient, 1015),
        "{server}"
    );
    assert!(!server.reason.is_empty(), "{server}");
}

#[test]
fn a_stalled_handshake_times_out_or_is_cancelled() {
    let files = Files::new();
    let (sctx, cctx) = default_contexts(&files);
    let (l, addr) = listener();
    let out = Rc::new(RefCell::new(Vec::new()));
    // A server that accepts and never answers.
    runtime::spawn(Box::new(move || {
        let a = l.accept(ms(2000)).unwrap();
        let b = l.accept(ms(2000)).unwrap();
        runtime::sleep(Duration::from_millis(300));
        drop((a, b));
    }))
    .unwrap();
    let o = out.clone();
    let cctx2 = cctx.clone();
    let addr2 = addr.clone();
    runtime::spawn(Box::new(move || {
        let c = connected(&addr2);
        let r = c.tls_handshake(&cctx2, Some("localhost"), &deadline(50));
        o.borrow_mut().push(r);
    }))
    .unwrap();
    let o = out.clone();
    let c = Rc::new(Socket::new(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap());
    let c2 = c.clone();
    runtime::spawn(Box::new(move || {
        c2.connect(&addr, ms(2000)).unwrap();
        let r = c2.tls_handshake(&cctx, Some("localhost"), &Deadline::new(None));
        o.borrow_mut().push(r);
    }))
    .unwrap();
    runtime::spawn(Box::new(move || {
        runtime::sleep(Duration::from_millis(20));
        assert!(c.cancel(Direction::Read));
    }))
    .unwrap();
    // A client that connects and never says hello: the server's handshake times out.
    let (l, addr) = listener();
    let o = out.clone();
    runtime::spawn(Box::new(move || {
        let conn = l.accept(ms(2000)).unwrap();
        let r = conn.tls_handshake(&sctx, None, &deadline(50));
        o.borrow_mut().push(r);
    }))
    .unwrap();
    runtime::spawn(Box::new(move || {
        let _c = connected(&addr);
        runtime::sleep(Duration::from_millis(200));
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
    let mut got = out.borrow().clone();
    got.sort_by_key(|r| format!("{r:?}"));
    assert_eq!(
        got,
        [
            Err(NetError::Cancelled),
            Err(NetError::Timeout),
            Err(NetError::Timeout)
        ]
    );
}

#[test]
fn a_server_that_closes_mid_handshake_fails_the_clients_handshake() {
    let (l, addr) = listener();
    let out = Rc::new(RefCell::new(None));
    runtime::spawn(Box::new(move || {
        let conn = l.accept(ms(2000)).unwrap();
        let mut b = [0u8; 16];
        let _ = conn.recv(uninit(&mut b), ms(2000)); // part of the ClientHello
        conn.close();
    }))
    .unwrap();
    let o = out.clone();
    runtime::spawn(Box::new(move || {
        let c = connected(&addr);
        let ctx = TlsConfig::default().client_context().unwrap();
        *o.borrow_mut() = Some(c.tls_handshake(&ctx, Some("localhost"), &deadline(2000)));
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
    let e = tls_err(out.borrow_mut().take().unwrap());
    // Swoole's connect() says 1018 for it, as for any failed client handshake.
    assert_eq!(
        (e.kind, e.code()),
        (TlsErrorKind::HandshakeFailed, 1018),
        "{e}"
    );
    assert_eq!(
        e.reason,
        "the peer closed the connection during the TLS handshake"
    );
}

#[test]
fn bad_settings_fail_to_make_a_context() {
    let files = Files::new();
    let pair = make_cert("localhost", &["localhost"], -1, 30);
    let cert = files.put("c.crt", &pair.0.to_pem().unwrap());
    let locked = pair
        .1
        .private_key_to_pem_pkcs8_passphrase(Cipher::aes_256_cbc(), b"secret")
        .unwrap();
    let key = files.put("c.key", &locked);
    let base = TlsConfig {
        cert_file: Some(cert),
        key_file: Some(key),
        ..TlsConfig::default()
    };
    let ok = TlsConfig {
        passphrase: Some("secret".into()),
        ..base.clone()
    };
    assert!(ok.server_context().is_ok());
    for bad in [
        TlsConfig {
            passphrase: Some("wrong".into()),
            ..base.clone()
        },
        TlsConfig {
            cert_file: Some("/nonexistent.pem".into()),
            ..ok.clone()
        },
        TlsConfig {
            ciphers: Some("NO-SUCH-CIPHER".into()),
            ..ok.clone()
        },
        TlsConfig {
            ecdh_curve: Some("no-such-curve".into()),
            ..ok.clone()
        },
        TlsConfig {
            verify_peer: true,
            cafile: Some("/nonexistent.pem".into()),
            ..TlsConfig::default()
        },
    ] {
        // A client reports them as a failed handshake (Swoole's connect()), a server as
        // a context it cannot make; the reason is kept either way.
        let e = bad.client_context().unwrap_err();
        assert_eq!(
            (e.kind, e.code()),
            (TlsErrorKind::HandshakeFailed, 1018),
            "{bad:?}: {e}"
        );
        assert!(
            e.to_string().len() > "SSL handshake failed: ".len(),
            "{bad:?}: {e}"
        );
        if bad.cert_file.is_some() {
            let e = bad.server_context().unwrap_err();
            assert_eq!(
                (e.kind, e.code()),
                (TlsErrorKind::CreateContextFailed, 1019),
                "{bad:?}: {e}"
            );
        }
    }
    let missing_ca = TlsConfig {
        verify_peer: true,
        cafile: Some("/nonexistent.pem".into()),
        ..TlsConfig::default()
    };
    assert_eq!(missing_ca.client_context().unwrap_err().os, libc::ENOENT);
    // An empty cipher list is OpenSSL's default, as an empty curve list is.
    assert!(TlsConfig {
        ciphers: Some(String::new()),
        ecdh_curve: Some(String::new()),
        ..ok.clone()
    }
    .server_context()
    .is_ok());
    assert_eq!(
        TlsConfig::default().server_context().unwrap_err().kind,
        TlsErrorKind::CreateContextFailed
    );
    // Only TLS 1.2 on offer: it is what gets negotiated.
    let (server, _) = server_config(&files);
    let tls12 = TlsConfig {
        protocols: crate::net::tls::protocols::TLSV1_2,
        ..TlsConfig::default()
    };
    assert_eq!(handshake_pair(server, tls12, None), (Ok(()), Ok(())));
}

#[test]
fn a_second_handshake_or_io_during_one_is_refused() {
    let files = Files::new();
    let (sctx, cctx) = default_contexts(&files);
    let (l, addr) = listener();
    runtime::spawn(Box::new(move || {
        let conn = l.accept(ms(2000)).unwrap();
        runtime::sleep(Duration::from_millis(30));
        conn.tls_handshake(&sctx, None, &deadline(2000)).unwrap();
        let mut b = [0u8; 1];
        let _ = conn.recv(uninit(&mut b), ms(2000));
    }))
    .unwrap();
    let c = Rc::new(Socket::new(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap());
    let c2 = c.clone();
    let hs = runtime::spawn(Box::new(move || {
        c2.connect(&addr, ms(2000)).unwrap();
        c2.tls_handshake(&cctx, Some("localhost"), &deadline(2000))
            .unwrap();
        let again = c2.tls_handshake(&cctx, Some("localhost"), &deadline(2000));
        assert!(matches!(again, Err(NetError::Tls(t)) if t.kind == TlsErrorKind::WrongOperation));
        c2.close();
    }))
    .unwrap();
    runtime::spawn(Box::new(move || {
        // While the handshake waits: a reader is a second reader; a writer is refused.
        runtime::sleep(Duration::from_millis(10));
        assert!(c.is_tls());
        let mut b = [0u8; 4];
        assert_eq!(c.recv(uninit(&mut b), ms(10)), Err(NetError::Bound(hs)));
        assert!(matches!(c.send(b"x", ms(10)), Err(NetError::Tls(t)) if t.kind == TlsErrorKind::NotReady));
    }))
    .unwrap();
    assert_eq!(runtime::run(), LoopEnd::Done);
}
