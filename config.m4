dnl cosocket is built by cargo; phpize/configure/make drive it so that PECL and PIE
dnl users get the usual workflow:  phpize && ./configure --enable-cosocket && make
dnl leaves modules/cosocket.so, and `make install` puts it in the extension dir with
dnl a cosocket.ini for Debian's phpenmod.

PHP_ARG_ENABLE([cosocket],
  [whether to enable cosocket (Swoole-compatible coroutine sockets)],
  [AS_HELP_STRING([--enable-cosocket], [Enable cosocket])],
  [no])

if test "$PHP_COSOCKET" != "no"; then
  if test "$PHP_THREAD_SAFETY" = "yes"; then
    AC_MSG_ERROR([cosocket needs a non-thread-safe (NTS) PHP; $PHP_CONFIG is a thread-safe (ZTS) build])
  fi
  AC_PATH_PROG([CARGO], [cargo], [no], [$PATH:$HOME/.cargo/bin])
  if test "$CARGO" = "no"; then
    AC_MSG_ERROR([cargo (Rust) is required to build cosocket: see https://rustup.rs])
  fi
  AC_MSG_CHECKING([for libclang (bindgen needs it)])
  if test -n "$(ls /usr/lib/llvm-*/lib/libclang*.so* /usr/lib/*/libclang*.so* 2>/dev/null | head -n 1)"; then
    AC_MSG_RESULT([yes])
  else
    AC_MSG_RESULT([not found; install libclang-dev if the build fails])
  fi
  COSOCKET_PHP_CONFIG=`command -v "$PHP_CONFIG"`
  COSOCKET_SRCDIR="$abs_srcdir"
  PHP_SUBST([COSOCKET_SRCDIR])
  PHP_SUBST([CARGO])
  PHP_SUBST([COSOCKET_PHP_CONFIG])
  PHP_ADD_MAKEFILE_FRAGMENT([$abs_srcdir/Makefile.frag])
fi
