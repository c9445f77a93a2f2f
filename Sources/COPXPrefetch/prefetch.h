#ifndef OPX_PREFETCH_H
#define OPX_PREFETCH_H

/* Asks the CPU to start loading every 64-byte cache line of `count` bytes at `bytes` (a hint: no
 * fault, no wait; it retires at once, unlike a load). Swift has no prefetch of its own: folds use it
 * to have the next event's payload in cache by the time they read it (OPXProjections' Payload). */
static inline void opx_prefetch(const void *bytes, long count) {
    if (!bytes) return;
    const char *line = (const char *)((unsigned long)bytes & ~63UL);
    const char *end = (const char *)bytes + count;
    for (; line < end; line += 64) __builtin_prefetch(line, 0, 3);
}
#endif
