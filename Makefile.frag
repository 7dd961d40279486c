# Included by the Makefile that phpize/configure generate (see config.m4).

# cargo's output directory: target/ unless CARGO_TARGET_DIR (or cargo's configuration)
# says otherwise.
COSOCKET_TARGET_DIR = $(shell cd $(COSOCKET_SRCDIR) && $(CARGO) metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
COSOCKET_TARGET = $(COSOCKET_TARGET_DIR)/release/libcosocket.so
COSOCKET_INI_DIR = $(shell d=/etc/php/$$($(COSOCKET_PHP_CONFIG) --version | cut -d. -f1,2)/mods-available; test -d $$d && echo $$d)

all: modules/cosocket.so

modules/cosocket.so: cosocket-cargo
	@mkdir -p modules
	cp $(COSOCKET_TARGET) modules/cosocket.so

.PHONY: cosocket-cargo install-cosocket-ini test-cosocket valgrind fuzz
cosocket-cargo:
	cd $(COSOCKET_SRCDIR) && PHP_CONFIG=$(COSOCKET_PHP_CONFIG) $(CARGO) build --release

install: install-cosocket-ini

# Debian/Ubuntu: `phpenmod cosocket` then enables it (priority 30: after ext-sockets).
install-cosocket-ini:
	@if test -n "$(COSOCKET_INI_DIR)"; then \
		mkdir -p $(INSTALL_ROOT)$(COSOCKET_INI_DIR) && \
		printf '; priority=30\nextension=cosocket.so\n' > $(INSTALL_ROOT)$(COSOCKET_INI_DIR)/cosocket.ini; \
		echo "Installed $(COSOCKET_INI_DIR)/cosocket.ini: enable with phpenmod cosocket"; \
	fi

test-cosocket:
	COSOCKET_SO=$(CURDIR)/modules/cosocket.so bash $(COSOCKET_SRCDIR)/scripts/test.sh

# The runtime and socket tests under valgrind (memcheck, USE_ZEND_ALLOC=0).
valgrind:
	bash $(COSOCKET_SRCDIR)/scripts/valgrind.sh

# Each framing parser under libFuzzer for a fixed time (nightly Rust, cargo-fuzz).
fuzz:
	bash $(COSOCKET_SRCDIR)/scripts/fuzz.sh $(FUZZ_SECONDS)
