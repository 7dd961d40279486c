--TEST--
parallel() with $n < 0: $fn runs once, then its coroutine fails with the library WaitGroup's 'negative counter' BadMethodCallException
--EXTENSIONS--
cosocket
--FILE--
<?php
// parallel() with $n < 0: the library's WaitGroup counts below zero; $fn runs once,
// then its coroutine fails with the WaitGroup's misuse exception.
Co\run(function () {
    $n = 0;
    try {
        Swoole\Coroutine\parallel(-1, function () use (&$n) { $n++; echo "run $n\n"; });
    } catch (Throwable $e) {
        echo "caught ", get_class($e), "\n";
    }
    echo "not reached\n";
});
--EXPECTF--
run 1

Fatal error: Uncaught BadMethodCallException: WaitGroup misuse: negative counter in %s
Stack trace:
%A  thrown in %s
