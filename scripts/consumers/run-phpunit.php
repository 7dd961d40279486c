<?php
// Runs PHPUnit test classes with Debian's PHPUnit 9.6 where the projects are written for PHPUnit 10+:
// it reads the attributes PHPUnit 9 ignores (#[Test], #[DataProvider], #[Depends], #[Group]) and builds the
// suite itself, then hands it to PHPUnit 9's TestRunner (same printer and closing line).
//
//   php run-phpunit.php [--bootstrap F] [--in-coroutine] [--group G] [--exclude-group G]
//                       [--filter REGEX] [--exclude REGEX] [--only Class::method[,...]] [--no-convert] [--list] PATH...
// --in-coroutine runs the whole suite inside Swoole\Coroutine\run(), as hyperf's co-phpunit does.
// --list prints "FILE<TAB>Class::method" for each test method instead of running (to run each alone); a method
// another one #[Depends] on is listed with it instead ("FILE<TAB>Class::dep,Class::method"), as the dependent
// one is skipped unless its dependency passed in the same run.
// --exclude leaves out each test (or data set) whose "Class::method" or "Class::method DATA" (DATA: the data set
// as JSON) matches, such as the rows of a data provider that need a service or driver not at hand.
// --no-convert reports PHP warnings/notices instead of turning them into errors (PHPUnit 10+ behaviour).
declare(strict_types=1);

require_once '/usr/share/php/PHPUnit/Autoload.php';

use PHPUnit\Framework\ExecutionOrderDependency;
use PHPUnit\Framework\TestCase;
use PHPUnit\Framework\TestSuite;
use PHPUnit\TextUI\TestRunner;

$opts = ['bootstrap' => null, 'in-coroutine' => false, 'group' => [], 'exclude-group' => [], 'filter' => null,
    'exclude' => null, 'convert' => true, 'list' => false, 'only' => null];
$paths = [];
for ($i = 1; $i < $argc; $i++) {
    switch ($argv[$i]) {
        case '--bootstrap': $opts['bootstrap'] = $argv[++$i]; break;
        case '--in-coroutine': $opts['in-coroutine'] = true; break;
        case '--group': $opts['group'][] = $argv[++$i]; break;
        case '--exclude-group': $opts['exclude-group'][] = $argv[++$i]; break;
        case '--filter': $opts['filter'] = $argv[++$i]; break;
        case '--exclude': $opts['exclude'] = $argv[++$i]; break;
        case '--no-convert': $opts['convert'] = false; break;
        case '--': break;
        case '--only': $opts['only'] = explode(',', $argv[++$i]); break;
        case '--list': $opts['list'] = true; break;
        default: $paths[] = $argv[$i];
    }
}
if ($opts['bootstrap'] !== null) {
    require_once $opts['bootstrap'];
}
// CONSUMERS_NO_HOOKS=1 under Swoole: runtime hooks off (bootstrap's and Co\run's), to tell which failures on
// cosocket are just the missing hooks of issue 20 (sleep, usleep, stream and PDO functions...).
if (getenv('CONSUMERS_NO_HOOKS') && class_exists('Swoole\Runtime', false)) {
    Swoole\Coroutine::set(['hook_flags' => 0]);
    Swoole\Runtime::setHookFlags(0);
}

$files = [];
foreach ($paths as $p) {
    if (is_dir($p)) {
        $it = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($p, FilesystemIterator::SKIP_DOTS));
        foreach ($it as $f) {
            if (str_ends_with($f->getFilename(), 'Test.php')) {
                $files[] = $f->getPathname();
            }
        }
    } else {
        $files[] = $p;
    }
}
sort($files);

function attr_args(ReflectionMethod $m, string $short): array
{
    $out = [];
    foreach ($m->getAttributes() as $a) {
        if ($a->getName() === "PHPUnit\\Framework\\Attributes\\$short") {
            $out[] = $a->getArguments();
        }
    }
    return $out;
}

function doc_tags(ReflectionMethod $m, string $tag): array
{
    preg_match_all('/@' . $tag . '\s+(\S+)/', (string) $m->getDocComment(), $mm);
    return $mm[1];
}

$list = [];
$root = new TestSuite();
$root->setName('consumers');
foreach ($files as $file) {
    $before = get_declared_classes();
    require_once $file;
    $classes = array_diff(get_declared_classes(), $before);
    // A test class already loaded by the autoloader (as a parent) is found by its file name.
    $guess = basename($file, '.php');
    foreach (get_declared_classes() as $c) {
        if (str_ends_with($c, "\\$guess") && (new ReflectionClass($c))->getFileName() === realpath($file)) {
            $classes[] = $c;
        }
    }
    foreach (array_unique($classes) as $class) {
        $rc = new ReflectionClass($class);
        if ($rc->isAbstract() || !$rc->isSubclassOf(TestCase::class) || $rc->getFileName() !== realpath($file)) {
            continue;
        }
        $suite = new TestSuite();
        $suite->setName($class); // run() calls setUpBeforeClass/tearDownAfterClass of the class by this name
        // ... when the suite is a test case class's, as PHPUnit marks one made from its ReflectionClass.
        (fn () => $this->testCase = true)->call($suite);
        foreach ($rc->getMethods(ReflectionMethod::IS_PUBLIC) as $m) {
            $isTest = str_starts_with($m->getName(), 'test') || attr_args($m, 'Test') || doc_tags($m, 'test');
            if (!$isTest || $m->isStatic()) {
                continue;
            }
            $groups = array_merge(array_map(fn ($a) => $a[0], attr_args($m, 'Group')), doc_tags($m, 'group'));
            if ($opts['group'] && !array_intersect($groups, $opts['group'])) {
                continue;
            }
            if (array_intersect($groups, $opts['exclude-group'])) {
                continue;
            }
            if ($opts['filter'] !== null && !preg_match($opts['filter'], "$class::{$m->getName()}")) {
                continue;
            }
            if ($opts['only'] !== null && !in_array("$class::{$m->getName()}", $opts['only'], true)) {
                continue;
            }
            $deps = [];
            foreach (array_merge(array_map(fn ($a) => $a[0], attr_args($m, 'Depends')), doc_tags($m, 'depends')) as $d) {
                $deps[] = ExecutionOrderDependency::createFromDependsAnnotation($class, $d);
            }
            $providers = array_merge(array_map(fn ($a) => $a[0], attr_args($m, 'DataProvider')), doc_tags($m, 'dataProvider'));
            $sets = [];
            foreach ($providers as $p) {
                foreach ($rc->getMethod($p)->invoke(null) as $k => $v) {
                    $sets[$k] = $v;
                }
            }
            if (!$providers) {
                $sets = [null];
            }
            $name = "$class::{$m->getName()}";
            if ($opts['exclude'] !== null) {
                if (preg_match($opts['exclude'], $name)) {
                    continue;
                }
                $sets = array_filter($sets, fn ($data) => $data === null
                    || !preg_match($opts['exclude'], "$name " . json_encode($data, JSON_UNESCAPED_SLASHES)));
                if (!$sets) {
                    continue;
                }
            }
            if ($opts['list']) {
                $list[$name] = [$file, array_map(fn ($d) => $d->getTarget(), $deps)];
                continue;
            }
            foreach ($sets as $k => $data) {
                $t = $providers ? new $class($m->getName(), $data, $k) : new $class($m->getName());
                if ($deps) {
                    $t->setDependencies($deps);
                }
                $suite->addTest($t, $groups);
            }
        }
        if (count($suite) > 0) {
            $root->addTest($suite);
        }
    }
}

if ($opts['list']) {
    // Dependencies first (PHPUnit 9 runs a suite in order), each listed once: with its first dependent.
    $units = [];
    foreach ($list as $name => [$file, $deps]) {
        $units[$name] = [$file, array_merge(array_values(array_intersect($deps, array_keys($list))), [$name])];
    }
    foreach ($units as $name => [$file, $names]) {
        foreach (array_slice($names, 0, -1) as $d) {
            unset($units[$d]);
        }
    }
    foreach ($units as [$file, $names]) {
        echo $file, "\t", implode(',', $names), "\n";
    }
    exit(0);
}
$args = ['colors' => 'never', 'verbose' => true, 'loadedExtensions' => [], 'notLoadedExtensions' => [],
    'extensions' => []];
if (!$opts['convert']) {
    $args += ['convertErrorsToExceptions' => false, 'convertNoticesToExceptions' => false,
        'convertWarningsToExceptions' => false];
}
$run = function () use ($root, $args): int {
    $result = (new TestRunner())->run($root, $args, [], false);
    return $result->wasSuccessful() ? 0 : 1;
};
if ($opts['in-coroutine']) {
    $code = 1;
    Swoole\Coroutine\run(function () use ($run, &$code) { $code = $run(); });
} else {
    $code = $run();
}
exit($code);
