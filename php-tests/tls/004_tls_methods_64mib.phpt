--TEST--
Every I/O method over TLS: a 64 MiB checksum transfer (8 MiB under valgrind), writeVector/readVectorAll, recvWithBuffer, peek, sendFile, recvfrom on a stream
--EXTENSIONS--
cosocket
--SKIPIF--
<?php if (!is_executable('/usr/bin/openssl')) die('skip the openssl command is needed to make certificates'); ?>
--FILE--
<?php
require __DIR__ . '/certs.inc';
use Swoole\Coroutine\Socket;
$d = make_certs();
$mib = getenv('USE_ZEND_ALLOC') === '0' ? 8 : 64;
Co\run(function () use ($d, $mib) {
    [$srv, $port] = tls_listener(['ssl_cert_file' => "$d/server.pem", 'ssl_key_file' => "$d/server.key"]);
    go(function () use ($srv, $mib) {
        $c = $srv->accept();
        $c->sslHandshake();
        $ctx = hash_init('md5');
        $left = $mib << 20;
        while ($left > 0 && ($chunk = $c->recv(min($left, 65536), 30)) !== '' && $chunk !== false) {
            hash_update($ctx, $chunk);
            $left -= strlen($chunk);
        }
        $c->sendAll(hash_final($ctx) . "\n");
        // The other methods, in turn.
        var_dump($c->readVectorAll([3, 4], 30));
        echo "peek: " . $c->peek(5) . "\n";
        echo "recvWithBuffer: " . $c->recvWithBuffer(5, 30) . "\n";
        $peer = null;
        echo "recvfrom: " . $c->recvfrom($peer, 30) . "\n";
        echo "file: " . $c->recvAll(10, 30) . "\n";
        $c->close();
    });
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->setProtocol(['open_ssl' => true]);
    var_dump($c->connect('127.0.0.1', $port, 30));
    $block = random_bytes(1 << 20);
    $ctx = hash_init('md5');
    for ($i = 0; $i < $mib; $i++) {
        $c->sendAll($block, 30);
        hash_update($ctx, $block);
    }
    var_dump(trim($c->recvLine(1024, 30)) === hash_final($ctx));
    var_dump($c->writeVectorAll(['abc', 'defg'], 30));
    $c->sendAll("hello");
    \Co::sleep(0.05);
    $c->sendAll("from recvfrom");
    \Co::sleep(0.05);
    $file = tempnam(sys_get_temp_dir(), 'cosocket-tls');
    file_put_contents($file, "0123456789");
    var_dump($c->sendFile($file));
    unlink($file);
    \Co::sleep(0.1);
    $c->close();
    $srv->close();
});
?>
--EXPECT--
bool(true)
bool(true)
int(7)
array(2) {
  [0]=>
  string(3) "abc"
  [1]=>
  string(4) "defg"
}
peek: hello
recvWithBuffer: hello
recvfrom: from recvfrom
bool(true)
file: 0123456789
