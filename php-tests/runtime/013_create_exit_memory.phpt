--TEST--
100,000 sequential create/exit cycles leave memory_get_usage() within 64 KiB of its start
--EXTENSIONS--
cosocket
--FILE--
<?php
Co\run(function () {
    $f = function ($x) { return $x + 1; };
    for ($i = 0; $i < 1000; $i++) { go($f, $i); }  // warm up pools and caches
    $before = memory_get_usage();
    for ($i = 0; $i < 100000; $i++) {
        go($f, $i);
    }
    $after = memory_get_usage();
    var_dump(abs($after - $before) < 65536);
    if (abs($after - $before) >= 65536) { echo "grew by ", $after - $before, "\n"; }
});
echo "done\n";
?>
--EXPECT--
bool(true)
done
