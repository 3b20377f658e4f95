//! Re-exports the Wasmtime C API so cargo links it into one static library.
pub use wasmtime_c_api::*;
