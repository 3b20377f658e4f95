;; startcall - a test library whose start function makes a WASI call
;; (fd_write of "PWNED" to stdout). The supervisor's trial at load
;; (supervisor/libtrial.c) refuses it before any app can link it, so
;; the call never runs as an app.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $write (param i32 i32 i32 i32) (result i32)))
  (import "env" "memory" (memory 2))
  (export "memory" (memory 0))
  (global $heap_base i32 (i32.const 2100))
  (export "__heap_base" (global $heap_base))
  ;; an iovec {2056, 6} at 2048, then its bytes
  (data (i32.const 2048) "\08\08\00\00\06\00\00\00PWNED\n")
  (func $start
    (drop (call $write (i32.const 1) (i32.const 2048) (i32.const 1)
                       (i32.const 2080))))
  (start $start)
  (func (export "f") (result i32) (i32.const 1)))
