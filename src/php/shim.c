/* The engine state that vm.rs carries per coroutine but that has no Rust binding
 * (ext-php-rs leaves these structs opaque): written in C, so the compiler lays the
 * structs out from PHP's own headers for whichever PHP this is built against. */
#include "php.h"
#include "zend_fibers.h"
#include "ext/standard/basic_functions.h"

/* ---- the fiber context that stands for a coroutine ---------------------------------- */

size_t cosocket_fiber_context_size(void)
{
    return sizeof(zend_fiber_context);
}

/* Sets up `ctx` as PHP sets up its main fiber context (zend_fiber_init): the context
 * of code that runs on a stack PHP did not make. Fibers started in the coroutine
 * return to it. */
void cosocket_fiber_context_init(zend_fiber_context *ctx)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->handle = (void *) -1;
    ctx->kind = zend_ce_fiber;
    ctx->status = ZEND_FIBER_STATUS_RUNNING;
}

/* ---- fiber stacks under valgrind ------------------------------------------------------
 * A PHP fiber started in a coroutine runs on PHP's fiber stack, nested in the
 * coroutine's own stack, and the coroutine may switch away while on it. valgrind
 * follows such switches only between stacks it knows: ours are registered with it
 * (runtime/stack.rs), PHP's fiber stacks are not (Debian builds PHP without valgrind
 * support), and valgrind then takes a switch for a huge stack frame and dies. So,
 * under valgrind only, fiber stacks are registered as PHP makes them. */
#if defined(__has_include)
# if __has_include(<valgrind/valgrind.h>)
#  include <valgrind/valgrind.h>
#  define COSOCKET_VALGRIND 1
# endif
#endif

#ifdef COSOCKET_VALGRIND
#include "zend_observer.h"
#include "zend_extensions.h"

/* zend_fibers.c's struct starts with these two fields in every PHP 8 version. */
typedef struct { void *pointer; size_t size; } fiber_stack_head;

static int fiber_stack_slot = -1;

static void fiber_stack_register(zend_fiber_context *ctx)
{
    fiber_stack_head *st = (fiber_stack_head *) ctx->stack;
    if (st && fiber_stack_slot >= 0) {
        unsigned id = VALGRIND_STACK_REGISTER(st->pointer, (char *) st->pointer + st->size);
        ctx->reserved[fiber_stack_slot] = (void *) (uintptr_t) (id + 1);
    }
}

static void fiber_stack_deregister(zend_fiber_context *ctx)
{
    if (fiber_stack_slot >= 0 && ctx->reserved[fiber_stack_slot]) {
        VALGRIND_STACK_DEREGISTER((unsigned) ((uintptr_t) ctx->reserved[fiber_stack_slot] - 1));
        ctx->reserved[fiber_stack_slot] = NULL;
    }
}
#endif

/* MINIT: registers fiber stacks with valgrind from now on, when running under it. */
void cosocket_fiber_valgrind_startup(void)
{
#ifdef COSOCKET_VALGRIND
    if (RUNNING_ON_VALGRIND) {
        fiber_stack_slot = zend_get_resource_handle("cosocket");
        zend_observer_fiber_init_register(fiber_stack_register);
        zend_observer_fiber_destroy_register(fiber_stack_deregister);
    }
#endif
}

/* ---- ext/standard's per-call state --------------------------------------------------
 * BG keeps the user comparator of usort() & co and the state of a serialize() or
 * unserialize() in progress in globals. A callback may yield in the middle of either. */

typedef struct {
    zend_fcall_info compare_fci;
    zend_fcall_info_cache compare_fcc;
    unsigned serialize_lock;
    struct php_serialize_data *serialize_data;
    unsigned serialize_level;
    struct php_unserialize_data *unserialize_data;
    unsigned unserialize_level;
} cosocket_bg_state;

size_t cosocket_bg_state_size(void)
{
    return sizeof(cosocket_bg_state);
}

/* Moves the state out into `into` and leaves BG as it is between calls. Returns 0
 * (touching nothing) when none is in use, the common case. */
int cosocket_bg_take(cosocket_bg_state *into)
{
    if (BG(user_compare_fci).size == 0 && BG(serialize_lock) == 0 && BG(serialize).level == 0
        && BG(unserialize).level == 0) {
        return 0;
    }
    into->compare_fci = BG(user_compare_fci);
    into->compare_fcc = BG(user_compare_fci_cache);
    into->serialize_lock = BG(serialize_lock);
    into->serialize_data = BG(serialize).data;
    into->serialize_level = BG(serialize).level;
    into->unserialize_data = BG(unserialize).data;
    into->unserialize_level = BG(unserialize).level;
    memset(&BG(user_compare_fci), 0, sizeof(BG(user_compare_fci)));
    memset(&BG(user_compare_fci_cache), 0, sizeof(BG(user_compare_fci_cache)));
    BG(serialize_lock) = 0;
    BG(serialize).data = NULL;
    BG(serialize).level = 0;
    BG(unserialize).data = NULL;
    BG(unserialize).level = 0;
    return 1;
}

/* Puts back what cosocket_bg_take() moved out. */
void cosocket_bg_put(const cosocket_bg_state *from)
{
    BG(user_compare_fci) = from->compare_fci;
    BG(user_compare_fci_cache) = from->compare_fcc;
    BG(serialize_lock) = from->serialize_lock;
    BG(serialize).data = from->serialize_data;
    BG(serialize).level = from->serialize_level;
    BG(unserialize).data = from->unserialize_data;
    BG(unserialize).level = from->unserialize_level;
}
