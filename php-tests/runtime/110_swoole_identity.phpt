--TEST--
Swoole identity: extension_loaded('swoole'), phpversion('swoole') 6.2.1, ReflectionExtension('swoole') with Swoole's INI settings and no functions or classes of its own, php -m lists both, cosocket keeps its own name and owns the API
--EXTENSIONS--
cosocket
--FILE--
<?php
require __DIR__ . '/../include/child.inc';
function r($label, $fn) {
    try { $v = $fn(); } catch (Throwable $e) { echo "$label => ", get_class($e), ': ', $e->getMessage(), "\n"; return; }
    echo $label, ' => ', str_replace("\n", ' ', var_export($v, true)), "\n";
}
r("extension_loaded('swoole')", fn() => extension_loaded('swoole'));
r("extension_loaded('Swoole')", fn() => extension_loaded('Swoole'));
r("extension_loaded('cosocket')", fn() => extension_loaded('cosocket'));
r("phpversion('swoole')", fn() => phpversion('swoole'));
r("version_compare(phpversion('swoole'), '5.0', '>=')", fn() => version_compare(phpversion('swoole'), '5.0', '>='));
r("phpversion('cosocket') is cosocket's", fn() => phpversion('cosocket') === (new ReflectionExtension('cosocket'))->getVersion());
$ext = new ReflectionExtension('swoole');
r("ReflectionExtension('swoole')->getName()", fn() => $ext->getName());
r("->getVersion()", fn() => $ext->getVersion());
r("->getDependencies()", fn() => $ext->getDependencies());
r("->getFunctions()", fn() => $ext->getFunctions());
r("->getClassNames()", fn() => $ext->getClassNames());
r("->getINIEntries()", function () use ($ext) { $e = $ext->getINIEntries(); ksort($e); return $e; });
r("get_extension_funcs('swoole')", fn() => get_extension_funcs('swoole'));
r("in_array('swoole', get_loaded_extensions())", fn() => in_array('swoole', get_loaded_extensions()));
r("(new ReflectionClass('Swoole\\Coroutine'))->getExtensionName()", fn() => (new ReflectionClass('Swoole\Coroutine'))->getExtensionName());
r("(new ReflectionFunction('go'))->getExtensionName()", fn() => (new ReflectionFunction('go'))->getExtensionName());
r("ini_get('swoole.enable_library')", fn() => ini_get('swoole.enable_library'));
r("ini_get('swoole.use_shortname')", fn() => ini_get('swoole.use_shortname'));
r("ini_get('swoole.enable_preemptive_scheduler')", fn() => ini_get('swoole.enable_preemptive_scheduler'));
r("ini_get('swoole.display_errors')", fn() => ini_get('swoole.display_errors'));
// php --ri swoole (the directives in name order: PHP sorts them only in some SAPIs).
ob_start();
$ext->info();
$info = explode("\n", preg_replace('/^cosocket => .*$/m', 'cosocket => (version)', ob_get_clean()));
$at = array_search('Directive => Local Value => Master Value', $info) + 1;
$directives = array_slice($info, $at, 5);
sort($directives);
echo implode("\n", array_merge(array_slice($info, 0, $at), $directives, array_slice($info, $at + 5))), "\n";
r("ini_set('swoole.enable_library', 'Off') at runtime", fn() => ini_set('swoole.enable_library', 'Off'));
r("ini_set('swoole.use_shortname', 'Off') at runtime", fn() => ini_set('swoole.use_shortname', 'Off'));
r("ini_get_all('swoole')['swoole.use_shortname']", fn() => ini_get_all('swoole')['swoole.use_shortname']);
r('SWOOLE_VERSION', fn() => SWOOLE_VERSION);
r('swoole_version()', fn() => swoole_version());
r('SWOOLE_VERSION_ID', fn() => SWOOLE_VERSION_ID);
r('SWOOLE_MAJOR/MINOR/RELEASE_VERSION', fn() => [SWOOLE_MAJOR_VERSION, SWOOLE_MINOR_VERSION, SWOOLE_RELEASE_VERSION]);
r('SWOOLE_EXTRA_VERSION', fn() => SWOOLE_EXTRA_VERSION);
r('SWOOLE_DEBUG', fn() => SWOOLE_DEBUG);
r('SWOOLE_USE_SHORTNAME', fn() => SWOOLE_USE_SHORTNAME);
// php -m and php --ri in a child php.
[$out] = run_child('<?php passthru(escapeshellarg(PHP_BINARY) . (php_ini_loaded_file() === false ? " -n" : "")
    . " -d extension=" . escapeshellarg(getenv("COSOCKET_SO") ?: ' . var_export(dirname(__DIR__, 2) . '/target/release/libcosocket.so', true) . ') . " -m");');
echo "php -m: ", implode(' ', array_values(array_filter(explode("\n", $out), fn($l) => in_array($l, ['cosocket', 'swoole'])))), "\n";
?>
--EXPECT--
extension_loaded('swoole') => true
extension_loaded('Swoole') => true
extension_loaded('cosocket') => true
phpversion('swoole') => '6.2.1'
version_compare(phpversion('swoole'), '5.0', '>=') => true
phpversion('cosocket') is cosocket's => true
ReflectionExtension('swoole')->getName() => 'swoole'
->getVersion() => '6.2.1'
->getDependencies() => array (   'json' => 'Required',   'sockets' => 'Optional', )
->getFunctions() => array ( )
->getClassNames() => array ( )
->getINIEntries() => array (   'swoole.display_errors' => 'On',   'swoole.enable_library' => 'On',   'swoole.enable_preemptive_scheduler' => 'Off',   'swoole.socket_buffer_size' => '8388608',   'swoole.use_shortname' => 'On', )
get_extension_funcs('swoole') => false
in_array('swoole', get_loaded_extensions()) => true
(new ReflectionClass('Swoole\Coroutine'))->getExtensionName() => 'cosocket'
(new ReflectionFunction('go'))->getExtensionName() => 'cosocket'
ini_get('swoole.enable_library') => 'On'
ini_get('swoole.use_shortname') => 'On'
ini_get('swoole.enable_preemptive_scheduler') => 'Off'
ini_get('swoole.display_errors') => 'On'

swoole

Swoole support => provided by cosocket (coroutine API only)
Version => 6.2.1
cosocket => (version)

Directive => Local Value => Master Value
swoole.display_errors => On => On
swoole.enable_library => On => On
swoole.enable_preemptive_scheduler => Off => Off
swoole.socket_buffer_size => 8388608 => 8388608
swoole.use_shortname => On => On

ini_set('swoole.enable_library', 'Off') at runtime => 'On'
ini_set('swoole.use_shortname', 'Off') at runtime => false
ini_get_all('swoole')['swoole.use_shortname'] => array (   'global_value' => 'On',   'local_value' => 'On',   'access' => 4, )
SWOOLE_VERSION => '6.2.1'
swoole_version() => '6.2.1'
SWOOLE_VERSION_ID => 60201
SWOOLE_MAJOR/MINOR/RELEASE_VERSION => array (   0 => 6,   1 => 2,   2 => 1, )
SWOOLE_EXTRA_VERSION => ''
SWOOLE_DEBUG => false
SWOOLE_USE_SHORTNAME => true
php -m: cosocket swoole
