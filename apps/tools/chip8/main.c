/*
 * chip8 - a CHIP-8 emulator for a ROM opened from Files (or `open
 * FILE.ch8`: the VYOMA_EVENT:open event): the 35 standard instructions,
 * the 64x32 screen drawn 8 times larger, the delay and sound timers at
 * 60 Hz and 10 instructions a frame (600 a second).
 *
 * Keys: the hex keypad is 1 2 3 4 / Q W E R / A S D F / Z X C V, as
 * 1 2 3 C / 4 5 6 D / 7 8 9 E / A 0 B F. Backspace restarts the ROM.
 * Conventions of today's interpreters: 8xy6 and 8xyE shift Vx, Fx55 and
 * Fx65 leave I alone, sprites start wrapped and are clipped at the edge.
 * A sound timer above zero shows "beep" in the status row (no audio).
 *
 * Logs, after the frame shows it: "chip8: loaded N bytes", "chip8:
 * frame F draws D" for each frame with D DRW instructions, "chip8:
 * halted at 0xADDR" when the program jumps to itself (the usual end) and
 * "chip8: bad opcode 0xOPOP at 0xADDR" (it then stops).
 */
#include "vyoma_ui.h"
#include "vyoma_services.h"
#include "vyoma_file.h"

#define SCALE 8
#define SX VY_UI_UNIT
#define SY (VY_UI_HEADER + VY_UI_UNIT)
#define STEPS 10	/* instructions a frame */

enum { K_BACK = 14 };

static const uint8_t font[80] = {
	0xF0, 0x90, 0x90, 0x90, 0xF0, 0x20, 0x60, 0x20, 0x20, 0x70,
	0xF0, 0x10, 0xF0, 0x80, 0xF0, 0xF0, 0x10, 0xF0, 0x10, 0xF0,
	0x90, 0x90, 0xF0, 0x10, 0x10, 0xF0, 0x80, 0xF0, 0x10, 0xF0,
	0xF0, 0x80, 0xF0, 0x90, 0xF0, 0xF0, 0x10, 0x20, 0x40, 0x40,
	0xF0, 0x90, 0xF0, 0x90, 0xF0, 0xF0, 0x90, 0xF0, 0x10, 0xF0,
	0xF0, 0x90, 0xF0, 0x90, 0x90, 0xE0, 0x90, 0xE0, 0x90, 0xE0,
	0xF0, 0x80, 0x80, 0x80, 0xF0, 0xE0, 0x90, 0x90, 0x90, 0xE0,
	0xF0, 0x80, 0xF0, 0x80, 0xF0, 0xF0, 0x80, 0xF0, 0x80, 0x80,
};

/* Linux key codes of the keypad's keys 0 to F. */
static const uint8_t keymap[16] = {
	45, 2, 3, 4, 16, 17, 18, 30, 31, 32, 44, 46, 5, 19, 33, 47,
};

static uint8_t rom[3584], mem[4096], V[16], scr[32][64], keys[16];
static uint16_t stack[16], pc, I;
static int romlen, sp, dt, st, stopped, waitreg = -1, w = 528, h = 328;
static uint64_t frame;
static char status[48] = "Open a .ch8 program from Files";
static char title[64] = "CHIP-8";

static void reset(void)
{
	memset(mem, 0, sizeof(mem));
	memset(scr, 0, sizeof(scr));
	memset(V, 0, sizeof(V));
	memcpy(mem + 0x50, font, sizeof(font));
	memcpy(mem + 0x200, rom, (size_t)romlen);
	pc = 0x200;
	sp = dt = st = stopped = 0;
	waitreg = -1;
}

static void draw(void)
{
	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, title);
	vy_fill_rect(SX, SY, 64 * SCALE, 32 * SCALE, VY_UI_SURFACE);
	for (int y = 0; y < 32; y++)
		for (int x = 0, run; x < 64; x += run) {
			/* One rectangle for each run of lit pixels. */
			for (run = 1; x + run < 64 &&
			     scr[y][x + run] == scr[y][x]; run++)
				;
			if (scr[y][x])
				vy_fill_rect(SX + x * SCALE, SY + y * SCALE,
					     run * SCALE, SCALE, VY_UI_TEXT);
		}
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(VY_UI_UNIT, h - VY_UI_ROW, VY_UI_ROW,
		    *status == '!' ? VY_UI_DANGER : VY_UI_DIM,
		    st ? "beep" : status + (*status == '!'));
	vy_flush();
}

static void hex(char *s, unsigned v, int n)
{
	while (n--)
		*s++ = "0123456789abcdef"[v >> (n * 4) & 15];
	*s = 0;
}

/* Stops the program; says why (a leading '!' for an error). */
static void stop(const char *why, unsigned op)
{
	int n = (int)strlen(why);

	memcpy(status, why, (size_t)n);
	if (*why == '!') {
		hex(status + n, op, 4);
		memcpy(status + n + 4, " at 0x", 6);
		n += 10;
	}
	hex(status + n, (unsigned)pc - 2, 3);
	stopped = 1;	/* run_frame() shows and says it */
}

/* One instruction; returns 1 if it drew. */
static int step(void)
{
	unsigned op = (unsigned)mem[pc & 0xFFF] << 8 | mem[(pc + 1) & 0xFFF];
	unsigned x = op >> 8 & 15, y = op >> 4 & 15, kk = op & 0xFF;
	unsigned nnn = op & 0xFFF, t;
	uint8_t *vx = &V[x], vy = V[y];

	pc = (uint16_t)(pc + 2);
	switch (op >> 12) {
	case 0:
		if (op == 0x00E0) {
			memset(scr, 0, sizeof(scr));
			return 1;
		}
		if (op == 0x00EE) {
			if (!sp)
				goto bad;
			pc = stack[--sp];
		}
		return 0;	/* 0nnn, a machine-code call: ignored */
	case 1:
		if (nnn == (unsigned)pc - 2u)
			stop("halted at 0x", op);
		pc = (uint16_t)nnn;
		return 0;
	case 2:
		if (sp == 16)
			goto bad;
		stack[sp++] = pc;
		pc = (uint16_t)nnn;
		return 0;
	case 3:
	case 4:
	case 5:
	case 9:
		/* The skips: 3 Vx == kk, 4 Vx != kk, 5 Vx == Vy, 9 Vx != Vy. */
		t = op >> 12 == 3 || op >> 12 == 4 ? kk : vy;
		if ((*vx == t) == (op >> 12 == 3 || op >> 12 == 5))
			pc = (uint16_t)(pc + 2);
		return 0;
	case 6:
		*vx = (uint8_t)kk;
		return 0;
	case 7:
		*vx = (uint8_t)(*vx + kk);
		return 0;
	case 8:
		switch (op & 15) {
		case 0: *vx = vy; return 0;
		case 1: *vx |= vy; return 0;
		case 2: *vx &= vy; return 0;
		case 3: *vx ^= vy; return 0;
		case 4: t = *vx + vy; break;
		case 5: t = *vx - vy + 256; break;	/* VF: no borrow */
		case 6: t = (unsigned)(*vx >> 1) | (*vx & 1u) << 8; break;
		case 7: t = vy - *vx + 256; break;
		case 14: t = (unsigned)*vx << 1; break;
		default: goto bad;
		}
		*vx = (uint8_t)t;
		/* After Vx, as VF may be Vx. */
		V[15] = (uint8_t)(t >> 8 & 1);
		return 0;
	case 10:
		I = (uint16_t)nnn;
		return 0;
	case 11:
		pc = (uint16_t)(nnn + V[0]);
		return 0;
	case 12:
		*vx = (uint8_t)(vy_random() & kk);
		return 0;
	case 13:
		V[15] = 0;
		for (unsigned r = 0; r < (op & 15); r++) {
			unsigned py = (vy % 32) + r;
			unsigned bits = mem[(I + r) & 0xFFF];

			for (unsigned c = 0; c < 8 && py < 32; c++) {
				unsigned px = (*vx % 64) + c;

				if (px < 64 && bits & 0x80 >> c) {
					V[15] |= scr[py][px];
					scr[py][px] ^= 1;
				}
			}
		}
		return 1;
	case 14:
		if (kk != 0x9E && kk != 0xA1)
			goto bad;
		if (keys[*vx & 15] == (kk == 0x9E))
			pc = (uint16_t)(pc + 2);
		return 0;
	default:
		switch (kk) {
		case 0x07: *vx = (uint8_t)dt; return 0;
		case 0x0A: waitreg = (int)x; return 0;
		case 0x15: dt = *vx; return 0;
		case 0x18: st = *vx; return 0;
		case 0x1E: I = (uint16_t)(I + *vx); return 0;
		case 0x29: I = (uint16_t)(0x50 + (*vx & 15) * 5); return 0;
		case 0x33:
			mem[I & 0xFFF] = *vx / 100;
			mem[(I + 1) & 0xFFF] = *vx / 10 % 10;
			mem[(I + 2) & 0xFFF] = *vx % 10;
			return 0;
		case 0x55:
		case 0x65:
			for (unsigned i = 0; i <= x; i++)
				if (kk == 0x55)
					mem[(I + i) & 0xFFF] = V[i];
				else
					V[i] = mem[(I + i) & 0xFFF];
			return 0;
		}
	}
bad:
	stop("!bad opcode 0x", op);
	return 0;
}

static void run_frame(void)
{
	int draws = 0, beeped = st > 0, was = stopped;

	for (int i = 0; i < STEPS && !stopped && waitreg < 0; i++)
		draws += step();
	if (dt)
		dt--;
	if (st)
		st--;
	frame++;
	if (draws || beeped != (st > 0) || was != stopped)
		draw();
	if (draws) {
		vy_log("chip8: frame ");
		vy_log_num(frame);
		vy_log(" draws ");
		vy_log_num((uint64_t)draws);
		vy_print("");
	}
	if (was != stopped) {
		vy_log("chip8: ");
		vy_print(status + (*status == '!'));
	}
}

static void load(const char *p)
{
	int fd = vy_file_open(p);
	__wasi_iovec_t iov = { rom, sizeof(rom) };
	__wasi_size_t n = 0;
	uint8_t more;
	__wasi_iovec_t extra = { &more, 1 };

	romlen = 0;
	if (fd >= 0) {
		/* Larger than memory above 0x200 holds: refused. */
		if (__wasi_fd_read(fd, &iov, 1, &n) ||
		    (n == sizeof(rom) && !__wasi_fd_read(fd, &extra, 1, &n) &&
		     n))
			n = 0;
		(void)!__wasi_fd_close(fd);
	}
	romlen = (int)n;
	reset();
	/* The ROM's name in the header, cut to fit. */
	p = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
	n = strlen(p) < sizeof(title) ? strlen(p) : sizeof(title) - 1;
	memcpy(title, p, n);
	title[n] = 0;
	if (!romlen) {
		stopped = 1;
		memcpy(status, "!cannot load the program", 25);
		draw();
		vy_print("chip8: cannot load the program");
		return;
	}
	memcpy(status, "running", 8);
	draw();
	vy_log("chip8: loaded ");
	vy_log_num((uint64_t)romlen);
	vy_print(" bytes");
}

static void key(const struct vy_event *ev)
{
	for (int k = 0; k < 16; k++)
		if (ev->keycode == keymap[k]) {
			keys[k] = (uint8_t)ev->down;
			if (ev->down && waitreg >= 0) {
				V[waitreg] = (uint8_t)k;
				waitreg = -1;
			}
		}
	if (ev->down && ev->keycode == K_BACK && romlen) {
		reset();
		memcpy(status, "running", 8);
		draw();
	}
}

int main(void)
{
	struct vy_event ev;
	uint64_t next = 0;

	draw();
	for (;;) {
		uint64_t now = vy_ms();
		int t = romlen && !stopped ?
			(next > now ? (int)(next - now) : 0) : -1;
		int type = vy_next_event(&ev, t);
		const char *p;

		if (type == VY_EV_QUIT)
			break;
		if (type == VY_EV_TIMEOUT) {
			/* 60 frames a second, never catching up in bursts. */
			next = (next + 17 > now ? next : now) + 17;
			run_frame();
		} else if (type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			draw();
		} else if (type == VY_EV_KEY) {
			key(&ev);
		} else if (type == VY_EV_OTHER &&
			   (p = vy_open_event(ev.text))) {
			load(p);
		}
	}
	return 0;
}

#include "vyoma_tiny.h"
