//! Who may see what across domains: one rule per kind of person, used by every
//! representation that shows them, so that no endpoint can tell more than another.

mod delegates;

pub use delegates::{DelegateViewer, Disclosure, Shown};
