/*
 * start_baseline.c - the app-start benchmark's baseline: what starting an
 * app costs when every app is a fresh OS process, the way `wasmtime run`
 * (or the deck's design) would do it. Loads one module (from a
 * precompiled artifact if given one, to be fair to it), gives it WASI
 * with stdout watched, runs it, and exits at its first
 * "VYOMA_DRAW:flush". bench/start.py times it from fork to exit.
 *
 * Usage: start_baseline MODULE.wasm MODULE.cwasm [ARGV0 ARGS...]
 *
 * With arguments it is bench/spawn.py's baseline for a command: the
 * module gets them as its argv, and its exit status is this process's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <wasi.h>
#include <wasm.h>
#include <wasmtime.h>

static ptrdiff_t on_stdout(void *data, const unsigned char *buf, size_t len)
{
	(void)data;
	if (memmem(buf, len, "VYOMA_DRAW:flush", 16))
		_exit(0);	/* first frame: done */
	return (ptrdiff_t)len;
}

static void die(const char *what, wasmtime_error_t *error, wasm_trap_t *trap)
{
	wasm_byte_vec_t msg = { 0, NULL };

	if (error)
		wasmtime_error_message(error, &msg);
	else if (trap)
		wasm_trap_message(trap, &msg);
	fprintf(stderr, "start_baseline: %s: %.*s\n", what, (int)msg.size,
		msg.data ? msg.data : "");
	exit(1);
}

int main(int argc, char **argv)
{
	wasm_engine_t *engine = wasm_engine_new();
	wasmtime_linker_t *linker = wasmtime_linker_new(engine);
	wasmtime_store_t *store = wasmtime_store_new(engine, NULL, NULL);
	wasmtime_context_t *ctx = wasmtime_store_context(store);
	wasi_config_t *wasi = wasi_config_new();
	wasmtime_module_t *module = NULL;
	wasmtime_error_t *error;
	wasmtime_instance_t instance;
	wasmtime_extern_t start;
	wasm_trap_t *trap = NULL;
	static char bytes[1 << 24];
	size_t len;
	FILE *f;

	if (argc < 3)
		return 2;
	if ((f = fopen(argv[2], "rb"))) {
		len = fread(bytes, 1, sizeof(bytes), f);
		fclose(f);
		error = wasmtime_module_deserialize(engine, (uint8_t *)bytes,
						    len, &module);
	} else if ((f = fopen(argv[1], "rb"))) {
		wasm_byte_vec_t out;

		len = fread(bytes, 1, sizeof(bytes), f);
		fclose(f);
		error = wasmtime_module_new(engine, (uint8_t *)bytes, len,
					    &module);
		if (!error && !wasmtime_module_serialize(module, &out) &&
		    (f = fopen(argv[2], "wb"))) {
			fwrite(out.data, 1, out.size, f);
			fclose(f);
		}
	} else {
		return 2;
	}
	if (error)
		die("load", error, NULL);
	if ((error = wasmtime_linker_define_wasi(linker)))
		die("wasi", error, NULL);
	wasi_config_set_stdout_custom(wasi, on_stdout, NULL, NULL);
	if (argc > 3)
		wasi_config_set_argv(wasi, (size_t)argc - 3,
				     (const char **)argv + 3);
	if ((error = wasmtime_context_set_wasi(ctx, wasi)))
		die("wasi", error, NULL);
	error = wasmtime_linker_instantiate(linker, ctx, module, &instance,
					   &trap);
	if (error || trap)
		die("instantiate", error, trap);
	if (!wasmtime_instance_export_get(ctx, &instance, "_start", 6, &start))
		return 1;
	error = wasmtime_func_call(ctx, &start.of.func, NULL, 0, NULL, 0,
				   &trap);
	if (argc > 3) {
		int status = 0;

		if (error && !wasmtime_error_exit_status(error, &status))
			status = 1;
		return status;
	}
	return 1;	/* exited without a frame */
}
