//! Each vendor's words: placeholder.
