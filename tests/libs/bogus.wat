;; bogus - a test library importing a WASI function that does not exist.
;; Refused at load, naming it (not at each app's first call).
(module
  (import "wasi_snapshot_preview1" "bogus_call" (func $bogus))
  (import "env" "memory" (memory 1))
  (export "memory" (memory 0))
  (global $heap_base i32 (i32.const 2048))
  (export "__heap_base" (global $heap_base))
  (func (export "f") (call $bogus)))
