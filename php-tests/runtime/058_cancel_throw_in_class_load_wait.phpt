--TEST--
Coroutine::cancel($cid, true) on a coroutine waiting for a class another coroutine loads: the CanceledException is thrown at the statement that waited and its catch catches it (Swoole runs the autoloader again there and the exception escapes the catch as a fatal error)
--EXTENSIONS--
cosocket
--FILE--
<?php
spl_autoload_register(function ($class) {
    echo "autoload $class in coroutine ", Co::getCid(), "\n";
    Co::sleep(0.05);                 // a slow autoloader that does not find the class
});
Co\run(function () {
    go(function () {
        $found = class_exists('Missing');
        echo "loader: ", var_export($found, true), "\n";
    });
    $waiter = go(function () {
        try {
            new Missing;
            echo "not reached\n";
        } catch (Swoole\Coroutine\CanceledException $e) {
            echo "waiter caught ", get_class($e), " at line ", $e->getLine(), "\n";
        }
    });
    var_dump(Co::cancel($waiter, true));
});
echo "end\n";
?>
--EXPECT--
autoload Missing in coroutine 2
bool(true)
waiter caught Swoole\Coroutine\CanceledException at line 13
loader: false
end
