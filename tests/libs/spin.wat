;; spin - a test library whose start function never ends. The trial at
;; load ends it by the epoch deadline and refuses it.
(module
  (import "env" "memory" (memory 1))
  (export "memory" (memory 0))
  (global $heap_base i32 (i32.const 2048))
  (export "__heap_base" (global $heap_base))
  (func $start (loop $forever (br $forever)))
  (start $start)
  (func (export "f") (result i32) (i32.const 1)))
