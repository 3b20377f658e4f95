;; v128 - a test library importing WASI's fd_close with a v128
;; parameter, a type Wasmtime's C API cannot describe by kind (asking
;; would abort the supervisor). Refused at load by instantiation's own
;; type check, naming the import.
(module
  (import "wasi_snapshot_preview1" "fd_close" (func $close (param v128) (result i32)))
  (import "env" "memory" (memory 1))
  (export "memory" (memory 0))
  (global $heap_base i32 (i32.const 2048))
  (export "__heap_base" (global $heap_base))
  (func (export "f") (result i32) (call $close (v128.const i64x2 0 0))))
