;; wrongtype - a test library importing WASI's fd_write with another
;; type than WASI's. Refused at load, naming it.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32)))
  (import "env" "memory" (memory 1))
  (export "memory" (memory 0))
  (global $heap_base i32 (i32.const 2048))
  (export "__heap_base" (global $heap_base))
  (func (export "f") (call $write (i32.const 1))))
