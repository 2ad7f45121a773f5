/* Allocations that a failed assert() abandons (see abandoned.h). */
#include "abandoned.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#ifdef IOVCHECK_COMPAT_TRACKS_ALLOCATIONS

void __lsan_ignore_object(const void *p);

/* The address is kept complemented: LeakSanitizer counts any word that
 * points into a block as a reference, and this table must not make every
 * allocation reachable (it would hide every real leak). */
struct tracked {
    uintptr_t hidden_address;
    unsigned long call;
};

static uintptr_t hide(const void *memory) { return ~(uintptr_t)memory; }

/* The live allocations, unordered (a program holds a few dozen). */
static struct tracked *live;
static size_t live_count, live_capacity;
static unsigned long current_call;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void iovcheck_compat_call_begins(void)
{
    pthread_mutex_lock(&lock);
    current_call++;
    pthread_mutex_unlock(&lock);
}

void iovcheck_compat_call_abandoned(void)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < live_count; i++) {
        if (live[i].call == current_call) {
            __lsan_ignore_object((const void *)~live[i].hidden_address);
        }
    }
    pthread_mutex_unlock(&lock);
}

void iovcheck_compat_track(void *memory)
{
    if (memory == NULL) {
        return;
    }
    pthread_mutex_lock(&lock);
    if (live_count == live_capacity) {
        size_t grown = live_capacity ? 2 * live_capacity : 64;
        struct tracked *moved = realloc(live, grown * sizeof *live);
        if (moved == NULL) {
            abort();
        }
        live = moved;
        live_capacity = grown;
    }
    live[live_count].hidden_address = hide(memory);
    live[live_count].call = current_call;
    live_count++;
    pthread_mutex_unlock(&lock);
}

void iovcheck_compat_untrack(void *memory)
{
    if (memory == NULL) {
        return;
    }
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < live_count; i++) {
        if (live[i].hidden_address == hide(memory)) {
            live[i] = live[--live_count];
            break;
        }
    }
    pthread_mutex_unlock(&lock);
}

#else

void iovcheck_compat_call_begins(void) {}
void iovcheck_compat_call_abandoned(void) {}
void iovcheck_compat_track(void *memory) { (void)memory; }
void iovcheck_compat_untrack(void *memory) { (void)memory; }

#endif
