;; refexport - a test library whose function takes a reference: the
;; supervisor passes a library's values through raw (unchecked), which
;; is sound for numbers only, so such a library is refused at load.
(module
  (import "env" "memory" (memory 1))
  (export "memory" (memory 0))
  (global $heap_base i32 (i32.const 2048))
  (export "__heap_base" (global $heap_base))
  (func (export "f") (param funcref) (result i32) (i32.const 1)))
