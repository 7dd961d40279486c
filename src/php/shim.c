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

/* ---- generators running in a parked coroutine -----------------------------------------
 * A generator a coroutine is parked in (its body called the waiting function) is
 * "running" for PHP, on a stack PHP does not know is suspended: at request shutdown its
 * destructor would close it, freeing its frame under the coroutine, which is resumed
 * later to unwind (vm.rs). PHP spares a generator running in a suspended Fiber for the
 * same reason (ZEND_GENERATOR_IN_FIBER); those in a parked coroutine get that flag too.
 * PHP clears it when the generator's run returns. */
#include "zend_generators.h"

static void protect_generator(zend_generator *g)
{
    g->flags |= ZEND_GENERATOR_IN_FIBER;
}

/* Flags every generator running in the call chain from `ex` down to `bottom`. */
void cosocket_protect_generators(zend_execute_data *ex, const zend_function *bottom)
{
    for (; ex && ex->func != bottom; ex = ex->prev_execute_data) {
        if (!ex->func) {
            /* The stand-in frame of a generator that delegates ("yield from"). */
            zend_object *obj = Z_OBJ(ex->This);
            if (obj && obj->ce == zend_ce_generator) {
                protect_generator((zend_generator *) obj);
            }
        } else if (ZEND_CALL_INFO(ex) & ZEND_CALL_GENERATOR) {
            /* A generator's frame keeps its generator in return_value. */
            protect_generator((zend_generator *) ex->return_value);
        }
    }
}

/* Whether PHP has closed a generator while it was running: a coroutine parked in it
 * then has a freed frame in its chain and must not be resumed. */
int cosocket_generator_closed_while_running(void)
{
    zend_objects_store *store = &EG(objects_store);
    for (uint32_t i = 1; i < store->top; i++) {
        zend_object *obj = store->object_buckets[i];
        if (IS_OBJ_VALID(obj) && obj->ce == zend_ce_generator) {
            zend_generator *g = (zend_generator *) obj;
            if ((g->flags & ZEND_GENERATOR_CURRENTLY_RUNNING) && !g->execute_data) {
                return 1;
            }
        }
    }
    return 0;
}

/* ---- an exception put in place from outside ----------------------------------------
 * What zend_throw_exception_internal() does once EG(exception) is set, for one set by
 * a resume (a coroutine resumed with an exception pending): a user frame running now
 * (one parked outside any function call, in an autoload say) goes to its exception
 * handling next, instead of running its current opline again. */
void cosocket_exception_installed(void)
{
    zend_execute_data *ex = EG(current_execute_data);
    if (ex && ex->func && ZEND_USER_CODE(ex->func->common.type) && ex->opline->opcode != ZEND_HANDLE_EXCEPTION) {
        EG(opline_before_exception) = ex->opline;
        ex->opline = EG(exception_op);
    }
}

/* ---- ext-sockets' Socket objects ------------------------------------------------------
 * Event::add() takes them as Swoole does, by their fd. ext-sockets' header needs its
 * build's config, so its object layout (the same from PHP 8.0 to 8.4) is written out
 * here; the class is told by its name and module, which -n (no ext-sockets) leaves out. */
#include <limits.h>

typedef struct {
    int bsd_socket;
    int type;
    int error;
    int blocking;
    zval zstream;
    zend_object std;
} cosocket_php_socket;

/* The fd of an ext-sockets Socket (negative once closed), or INT_MIN for any other object. */
int cosocket_ext_socket_fd(zend_object *obj)
{
    zend_class_entry *ce = obj->ce;
    if (ce->type != ZEND_INTERNAL_CLASS || ce->info.internal.module == NULL
        || strcmp(ce->info.internal.module->name, "sockets") != 0
        || !zend_string_equals_literal(ce->name, "Socket")) {
        return INT_MIN;
    }
    return ((cosocket_php_socket *) ((char *) obj - XtOffsetOf(cosocket_php_socket, std)))->bsd_socket;
}
