;; fardata - a test library whose data lands at 64 KiB, in what apps
;; keep for themselves, while its __heap_base says 2100. Refused at load:
;; the trial looks at where the bytes went, not at what it says.
(module
  (import "env" "memory" (memory 2))
  (export "memory" (memory 0))
  (global $heap_base i32 (i32.const 2100))
  (export "__heap_base" (global $heap_base))
  (data (i32.const 65536) "over the app's data")
  (func (export "f") (result i32) (i32.const 1)))
