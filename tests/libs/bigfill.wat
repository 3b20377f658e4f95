;; bigfill - a test library whose start function grows its memory by
;; a gigabyte and fills it in one instruction (no loop for the epoch
;; to end). The trial's store holds it to 16 MiB: refused at load, and
;; the supervisor never commits the gigabyte.
(module
  (import "env" "memory" (memory 1))
  (export "memory" (memory 0))
  (global $heap_base i32 (i32.const 2048))
  (export "__heap_base" (global $heap_base))
  (func $start
    (drop (memory.grow (i32.const 16383)))
    (memory.fill (i32.const 65536) (i32.const 1) (i32.const 1073676288)))
  (start $start)
  (func (export "f") (result i32) (i32.const 1)))
