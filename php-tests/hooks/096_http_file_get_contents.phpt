--TEST--
Hooks, file_get_contents('http://...') and fopen's http wrapper against a forked plain-PHP HTTP server: the body and $http_response_header, 10 coroutines each waiting 0.3 s for their response in about 0.3 s, the http context timeout and a refused connection with PHP's own warnings
--EXTENSIONS--
cosocket
--SKIPIF--
<?php require __DIR__ . '/../include/servers.inc'; srv_skip_unless(); ?>
--FILE--
<?php
require __DIR__ . '/hooks.inc';
$a = srv_http_server();
$nobody = srv_free_port();
Co\run(function () use ($a, $nobody) {
    show('body', file_get_contents("http://$a/x"));
    show('status', $http_response_header[0]);
    $stop = ticker();
    $f = fopen("http://$a/y?d=0.2", 'r');
    show('fopen + stream_get_contents', stream_get_contents($f));
    echo $stop(), "\n";
    show('wrapper', stream_get_meta_data($f)['wrapper_type']);
    fclose($f);

    $t = microtime(true);
    $wg = new Swoole\Coroutine\WaitGroup();
    $got = [];
    for ($i = 0; $i < 10; $i++) {
        $wg->add();
        go(function () use ($a, $i, $wg, &$got) {
            $got[$i] = file_get_contents("http://$a/s$i?d=0.3");
            $wg->done();
        });
    }
    $wg->wait();
    ksort($got);
    show('10 x 0.3 s responses', [count(array_filter($got, fn($b) => str_starts_with($b, 'body:GET /s'))), took($t, 0.29, 1.2)]);

    $t = microtime(true);
    $r = file_get_contents("http://$a/slow?d=2", false, stream_context_create(['http' => ['timeout' => 0.5]]));
    show('timeout 0.5', [$r, took($t, 0.45, 1.5)]);
    show('refused', file_get_contents("http://127.0.0.1:$nobody/"));
});
echo "done\n";
?>
--EXPECTF--
body: 'body:GET /x HTTP/1.1'
status: 'HTTP/1.0 200 OK'
fopen + stream_get_contents: 'body:GET /y?d=0.2 HTTP/1.1'
other coroutines ran
wrapper: 'http'
10 x 0.3 s responses: [10,"in [0.29, 1.2] s"]

Warning: file_get_contents(http://127.0.0.1:%d/slow?d=2): Failed to open stream: HTTP request failed! in %s on line %d
timeout 0.5: [false,"in [0.45, 1.5] s"]

Warning: file_get_contents(http://127.0.0.1:%d/): Failed to open stream: Connection refused in %s on line %d
refused: false
done
