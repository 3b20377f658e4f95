;; v128export - a test library whose function returns a v128, a type
;; Wasmtime's C API cannot describe by kind (asking would abort the
;; supervisor): refused at load as not a number, by type comparison.
(module
  (import "env" "memory" (memory 1))
  (export "memory" (memory 0))
  (global $heap_base i32 (i32.const 2048))
  (export "__heap_base" (global $heap_base))
  (func (export "f") (result v128) (v128.const i64x2 0 0)))
