<?php
// swoole/library has no unit test of its Coroutine\Server: these drive it as its users do (accept loop,
// protocol settings passed to each connection, SSL handshake per connection, shutdown), with Co\Socket clients.
declare(strict_types=1);

namespace CosocketConsumers;

use PHPUnit\Framework\TestCase;
use Swoole\Coroutine;
use Swoole\Coroutine\Server;
use Swoole\Coroutine\Server\Connection;
use Swoole\Coroutine\Socket;

final class ServerTest extends TestCase
{
    private function echoServer(Server $server, callable $reply): void
    {
        $server->handle(function (Connection $conn) use ($reply) {
            while (true) {
                $data = $conn->recv(5);
                if ($data === '' || $data === false) {
                    break;
                }
                $conn->send($reply($data));
            }
            $conn->close();
        });
    }

    public function testEofProtocolManyClients(): void
    {
        $got = [];
        Coroutine\run(function () use (&$got) {
            $server = new Server('127.0.0.1', 0);
            $server->set(['open_eof_split' => true, 'package_eof' => "\r\n"]);
            $this->echoServer($server, fn ($d) => strtoupper($d));
            go(fn () => $server->start());
            $wg = new Coroutine\WaitGroup();
            for ($c = 0; $c < 3; $c++) {
                $wg->add();
                go(function () use ($server, $c, $wg, &$got) {
                    $s = new Socket(AF_INET, SOCK_STREAM, 0);
                    $s->setProtocol(['open_eof_split' => true, 'package_eof' => "\r\n"]);
                    $this->assertTrue($s->connect('127.0.0.1', $server->port, 2));
                    // Two messages in one write: the server's EOF split must hand them over one by one.
                    $s->sendAll("client $c a\r\nclient $c b\r\n");
                    $got[] = $s->recvPacket(2);
                    $got[] = $s->recvPacket(2);
                    $s->close();
                    $wg->done();
                });
            }
            $wg->wait(5);
            $this->assertTrue($server->shutdown());
        });
        sort($got);
        $this->assertSame(["CLIENT 0 A\r\n", "CLIENT 0 B\r\n", "CLIENT 1 A\r\n", "CLIENT 1 B\r\n",
            "CLIENT 2 A\r\n", "CLIENT 2 B\r\n"], $got);
    }

    public function testLengthProtocol(): void
    {
        $setting = ['open_length_check' => true, 'package_length_type' => 'N', 'package_length_offset' => 0,
            'package_body_offset' => 4, 'package_max_length' => 1 << 20];
        $out = null;
        Coroutine\run(function () use ($setting, &$out) {
            $server = new Server('127.0.0.1', 0);
            $server->set($setting);
            $this->echoServer($server, function ($d) {
                $body = substr($d, 4);
                return pack('N', strlen($body) + 1) . strrev($body) . '!';
            });
            go(fn () => $server->start());
            $s = new Socket(AF_INET, SOCK_STREAM, 0);
            $s->setProtocol($setting);
            $this->assertTrue($s->connect('127.0.0.1', $server->port, 2));
            $body = str_repeat('abc', 100000);
            $s->sendAll(pack('N', strlen($body)) . $body);
            $p = $s->recvPacket(5);
            $out = [strlen($p), substr($p, 4, 6), substr($p, -1)];
            $s->close();
            $server->shutdown();
        });
        $this->assertSame([300005, 'cbacba', '!'], $out);
    }

    public function testIpv6AndUnix(): void
    {
        $out = [];
        $path = sys_get_temp_dir() . '/consumers-server-' . getmypid() . '.sock';
        @unlink($path);
        Coroutine\run(function () use ($path, &$out) {
            foreach ([['::1', AF_INET6], ["unix:$path", AF_UNIX]] as [$host, $family]) {
                $server = new Server($host, 0);
                $out[] = $server->type === $family;
                $this->echoServer($server, fn ($d) => "re:$d");
                go(fn () => $server->start());
                $s = new Socket($family, SOCK_STREAM, 0);
                $ok = $family === AF_UNIX ? $s->connect($path) : $s->connect('::1', $server->port, 2);
                $out[] = $ok;
                $s->send('hi');
                $out[] = $s->recv(1024, 2);
                $s->close();
                $server->shutdown();
            }
        });
        @unlink($path);
        $this->assertSame([true, true, 're:hi', true, true, 're:hi'], $out);
    }

    public function testSsl(): void
    {
        $dir = sys_get_temp_dir() . '/consumers-ssl-' . getmypid();
        @mkdir($dir);
        $key = openssl_pkey_new(['private_key_bits' => 2048, 'private_key_type' => OPENSSL_KEYTYPE_RSA]);
        $csr = openssl_csr_new(['commonName' => 'localhost'], $key);
        $crt = openssl_csr_sign($csr, null, $key, 1);
        openssl_x509_export_to_file($crt, "$dir/c.pem");
        openssl_pkey_export_to_file($key, "$dir/k.pem");
        $out = null;
        Coroutine\run(function () use ($dir, &$out) {
            $server = new Server('127.0.0.1', 0, true);
            $server->set(['ssl_cert_file' => "$dir/c.pem", 'ssl_key_file' => "$dir/k.pem"]);
            $this->echoServer($server, fn ($d) => "tls:$d");
            go(fn () => $server->start());
            $s = new Socket(AF_INET, SOCK_STREAM, 0);
            $s->setProtocol(['open_ssl' => true]);
            $this->assertTrue($s->connect('127.0.0.1', $server->port, 2));
            $s->send('x');
            $out = $s->recv(1024, 2);
            $s->close();
            $server->shutdown();
        });
        array_map('unlink', glob("$dir/*"));
        rmdir($dir);
        $this->assertSame('tls:x', $out);
    }

    public function testStartWithoutHandlerAndBindFailure(): void
    {
        $out = [];
        Coroutine\run(function () use (&$out) {
            $server = new Server('127.0.0.1', 0);
            $out[] = $server->start();
            $out[] = $server->errCode === SOCKET_EINVAL;
            try {
                new Server('127.0.0.1', $server->port);
                $out[] = 'no exception';
            } catch (\Swoole\Exception $e) {
                $out[] = [$e->getMessage() === "bind(127.0.0.1:{$server->port}) failed", $e->getCode() === SOCKET_EADDRINUSE];
            }
        });
        $this->assertSame([false, true, [true, true]], $out);
    }
}
