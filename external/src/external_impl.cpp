// The external implementation (IOVCHECK_IMPL_SOURCES, compiled with every
// API symbol renamed to ext_<name>) as the IovImpl "external", and the
// contract handler its assert()s report to.
#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>

#include <iovcheck/impl.h>
#include <iovcheck/registry.h>

// The functions an external source set defines (under their ext_ names).
#define IOVCHECK_EXTERNAL_FUNCTIONS(X)                                                          \
    X(iov_from_buf_full) X(iov_to_buf_full) X(iov_memset) X(iov_size) X(iov_hexdump) X(iov_copy) \
    X(qemu_iovec_init) X(qemu_iovec_init_external) X(qemu_iovec_add) X(qemu_iovec_concat_iov)   \
    X(qemu_iovec_concat) X(qemu_iovec_subvec_niov) X(qemu_iovec_init_extended)                  \
    X(qemu_iovec_init_slice) X(qemu_iovec_is_zero) X(qemu_iovec_to_buf) X(qemu_iovec_from_buf)   \
    X(qemu_iovec_memset) X(qemu_iovec_compare) X(qemu_iovec_clone) X(qemu_iovec_reset)           \
    X(qemu_iovec_destroy) X(qemu_iovec_discard_back) X(iov_discard_front_undoable)               \
    X(iov_discard_back_undoable) X(iov_discard_front) X(iov_discard_back) X(iov_discard_undo)

// The header inlines and macros, compiled against the external (header_entries.c).
#define IOVCHECK_EXTERNAL_HEADER_ENTRIES(X)                                                      \
    X(iov_from_buf, iov_from_buf) X(iov_to_buf, iov_to_buf) X(iov_send_recv, iov_send_recv)     \
    X(qemu_iovec_init_buf, qemu_iovec_init_buf) X(qemu_iovec_init_buf_macro, qemu_iovec_init_buf) \
    X(qemu_iovec_buf, qemu_iovec_buf)

extern "C" {
#define IOVCHECK_DECLARE_EXTERNAL(name) decltype(::name) ext_##name;
IOVCHECK_EXTERNAL_FUNCTIONS(IOVCHECK_DECLARE_EXTERNAL)
#define IOVCHECK_DECLARE_HEADER_ENTRY(entry, type_of) decltype(::type_of) iovcheck_external_##entry;
IOVCHECK_EXTERNAL_HEADER_ENTRIES(IOVCHECK_DECLARE_HEADER_ENTRY)
}

// ---- The contract handler of the external ------------------------------------------------
// Weak: an external source set that brings its own handler functions wins.

namespace {

void default_external_handler(const char *function, const char *message)
{
    std::fprintf(stderr, "iovcheck: contract violation in external %s: %s\n", function, message);
    std::abort();
}

std::atomic<iov_contract_handler> external_handler{default_external_handler};

}  // namespace

extern "C" __attribute__((weak)) iov_contract_handler ext_iov_set_contract_handler(iov_contract_handler handler)
{
    return external_handler.exchange(handler ? handler : default_external_handler);
}

extern "C" __attribute__((weak)) void ext_iov_contract_violation(const char *function, const char *format, ...)
{
    char message[256];
    va_list args;
    va_start(args, format);
    std::vsnprintf(message, sizeof message, format, args);
    va_end(args);
    // __func__ of a renamed function reads "ext_<name>": report the API name.
    const char *name = function;
    if (name && name[0] == 'e' && name[1] == 'x' && name[2] == 't' && name[3] == '_') {
        name += 4;
    }
    external_handler.load()(name, message);
}

// ---- The table ----------------------------------------------------------------------------

namespace iovcheck {
namespace {

IovImpl make_external_impl()
{
    IovImpl t{};
    t.name = "external";
    t.set_contract_handler = ext_iov_set_contract_handler;
#define IOVCHECK_SET_EXTERNAL(name) t.name = ext_##name;
    IOVCHECK_EXTERNAL_FUNCTIONS(IOVCHECK_SET_EXTERNAL)
#define IOVCHECK_SET_HEADER_ENTRY(entry, type_of) t.entry = iovcheck_external_##entry;
    IOVCHECK_EXTERNAL_HEADER_ENTRIES(IOVCHECK_SET_HEADER_ENTRY)
    return t;
}

const IovImpl external_table = make_external_impl();
const ImplRegistrar external_registrar(external_table);

}  // namespace
}  // namespace iovcheck
