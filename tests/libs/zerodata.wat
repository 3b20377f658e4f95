;; zerodata - a test library whose data is zeros at 8 KiB (as wasm-ld
;; writes .bss under --import-memory), in what apps keep for themselves:
;; at an app's link they would clear its data. Refused at load.
(module
  (import "env" "memory" (memory 1))
  (export "memory" (memory 0))
  (global $heap_base i32 (i32.const 2048))
  (export "__heap_base" (global $heap_base))
  (data (i32.const 8192) "\00\00\00\00\00\00\00\00")
  (func (export "f") (result i32) (i32.const 1)))
