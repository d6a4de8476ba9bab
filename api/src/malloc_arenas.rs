//! glibc gives each thread that allocates its own malloc arena (up to eight per core), and
//! each arena keeps the memory freed in it for itself. With the request workers and the
//! blocking pool (a thread per pooled connection) allocating page-sized buffers, that left
//! peak memory about a fifth higher under load (`tests/load/RESULTS-realistic.md`). The
//! process therefore keeps two arenas, as if started with `MALLOC_ARENA_MAX=2`, unless that
//! variable says otherwise.

#![allow(unsafe_code)]

/// The arenas kept when `MALLOC_ARENA_MAX` is not set.
pub const ARENAS: i32 = 2;

/// Bounds the arenas; called first thing in `main`, before any other thread starts.
pub fn limit() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: `mallopt` only sets an allocator parameter; no memory is touched, and no
        // other thread is allocating yet.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, ARENAS);
        }
    }
}
