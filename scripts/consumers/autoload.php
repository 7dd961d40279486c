<?php
// A stand-in for Composer's vendor/autoload.php (no Packagist here): given package checkouts in
// dependency order, it does what Composer's generated autoloader does with their composer.json —
// PSR-4 and classmap autoloading (autoload and autoload-dev), then the "files" lists required once,
// dependencies first. Debian's PHP packages (PHPUnit, Mockery, psr/container, psr/log) come from /usr/share/php.
declare(strict_types=1);

function consumers_autoload(array $packageDirs): void
{
    static $psr4 = [], $classmap = [], $registered = false;
    $files = [];
    $root = end($packageDirs);
    foreach ($packageDirs as $dir) {
        $json = json_decode((string) file_get_contents("$dir/composer.json"), true, 512, JSON_THROW_ON_ERROR);
        // autoload-dev counts for the root package only, as with Composer.
        foreach ($dir === $root ? ['autoload', 'autoload-dev'] : ['autoload'] as $section) {
            foreach ($json[$section]['psr-4'] ?? [] as $prefix => $paths) {
                foreach ((array) $paths as $path) {
                    $psr4[$prefix][] = rtrim("$dir/$path", '/');
                }
            }
            foreach ($json[$section]['classmap'] ?? [] as $path) {
                foreach (consumers_php_files("$dir/$path") as $file) {
                    foreach (consumers_declared_names($file) as $name) {
                        $classmap[strtolower($name)] = $file;
                    }
                }
            }
        }
        foreach ($json['autoload']['files'] ?? [] as $file) {
            $files[] = "$dir/$file";
        }
    }
    // Longest prefix first, as Composer does.
    uksort($psr4, fn ($a, $b) => strlen($b) <=> strlen($a));
    if (!$registered) {
        $registered = true;
        spl_autoload_register(function (string $class) use (&$psr4, &$classmap): void {
            if (isset($classmap[strtolower($class)])) {
                require_once $classmap[strtolower($class)];
                return;
            }
            foreach ($psr4 as $prefix => $dirs) {
                if (strncmp($class, $prefix, strlen($prefix)) === 0) {
                    $rel = str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
                    foreach ($dirs as $d) {
                        if (is_file("$d/$rel")) {
                            require_once "$d/$rel";
                            return;
                        }
                    }
                }
            }
        });
        foreach (['/usr/share/php/Mockery/autoload.php', '/usr/share/php/Hamcrest/autoload.php',
            '/usr/share/php/Psr/Container/autoload.php', '/usr/share/php/Psr/Log/autoload.php'] as $debian) {
            if (is_file($debian)) {
                require_once $debian;
            }
        }
    }
    foreach ($files as $file) {
        require_once $file;
    }
}

function consumers_php_files(string $path): array
{
    if (is_file($path)) {
        return [$path];
    }
    $out = [];
    foreach (new RecursiveIteratorIterator(new RecursiveDirectoryIterator($path, FilesystemIterator::SKIP_DOTS)) as $f) {
        if (str_ends_with($f->getPathname(), '.php')) {
            $out[] = $f->getPathname();
        }
    }
    return $out;
}

/** Names of the classes, interfaces, traits and enums a file declares (for a classmap). */
function consumers_declared_names(string $file): array
{
    $ns = '';
    $names = [];
    $tokens = token_get_all((string) file_get_contents($file));
    foreach ($tokens as $i => $t) {
        if (!is_array($t)) {
            continue;
        }
        if ($t[0] === T_NAMESPACE) {
            $ns = '';
            for ($j = $i + 1; isset($tokens[$j]) && $tokens[$j] !== ';' && $tokens[$j] !== '{'; $j++) {
                if (is_array($tokens[$j]) && in_array($tokens[$j][0], [T_NAME_QUALIFIED, T_STRING], true)) {
                    $ns .= $tokens[$j][1];
                }
            }
        } elseif (in_array($t[0], [T_CLASS, T_INTERFACE, T_TRAIT, T_ENUM], true)) {
            $prev = $tokens[$i - 1] ?? null;
            $prev2 = $tokens[$i - 2] ?? null;
            if ((is_array($prev) && $prev[0] === T_DOUBLE_COLON) || (is_array($prev2) && $prev2[0] === T_NEW)) {
                continue; // Foo::class, new class
            }
            for ($j = $i + 1; isset($tokens[$j]); $j++) {
                if (is_array($tokens[$j]) && $tokens[$j][0] === T_STRING) {
                    $names[] = ($ns === '' ? '' : "$ns\\") . $tokens[$j][1];
                    break;
                }
                if (!is_array($tokens[$j]) || $tokens[$j][0] !== T_WHITESPACE) {
                    break;
                }
            }
        }
    }
    return $names;
}
