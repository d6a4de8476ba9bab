//! Waiting for a background thread at the end of the process's life.

use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Joins `thread` if it ends within `limit`; `false` if it was still running then.
pub fn join_within(thread: JoinHandle<()>, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while !thread.is_finished() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    let finished = thread.is_finished();
    if finished {
        let _ = thread.join();
    }
    finished
}
