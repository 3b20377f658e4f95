/*
 * vytool_password.h - what passwd, useradd and su share: reading a
 * password and the caller's own name. A password is read from stdin a
 * byte at a time and never echoed: the serial console and the terminal
 * app are raw (no line discipline but the program's), so on a terminal
 * this header is the line discipline, without the echo; from a pipe it
 * reads a line. Under an interactive sh, stdin is a pipe from sh, which
 * echoes what is typed: then, while stderr is a terminal, the echo
 * sequence (docs/shell.md) asks sh not to show what is typed until the
 * line has been read. The password then travels to the supervisor only
 * as lower-case hex (the users protocol: no password in clear on a
 * command line), and its clear bytes are wiped as soon as the hex is
 * made.
 */
#ifndef VYTOOL_PASSWORD_H
#define VYTOOL_PASSWORD_H

#include "vytool_ask.h"

#define VT_PASSWORD_MAX 256	/* bytes: the protocol's limit */
#define VT_PASSWORD_HEX (2 * VT_PASSWORD_MAX + 1)

static bool vt__after_cr;	/* a line ended at CR: skip an LF after it */

static inline bool vt__is_tty(int fd)
{
	__wasi_fdstat_t fs;

	return !__wasi_fd_fdstat_get(fd, &fs) &&
	       fs.fs_filetype == __WASI_FILETYPE_CHARACTER_DEVICE;
}

/* sh's echo sequence, when hide asks for it: sent with what follows. */
static inline void vt__echo(bool hide, bool on)
{
	if (hide)
		vt_eputs(on ? "\033]7700;echo=1\a" : "\033]7700;echo=0\a");
}

/*
 * The line after prompt (on stderr) into pw, VT_PASSWORD_MAX bytes; its
 * length. One byte per read, so nothing past the line is taken from what
 * a child will read next (su's shell). On a terminal: Backspace (DEL or
 * BS) erases a character, Ctrl-U the line, Enter (CR or LF) ends it,
 * escape sequences (arrow keys, a terminal's size report) are dropped,
 * Ctrl-C and Ctrl-D end the tool. End of input before a byte ends it.
 */
static inline size_t vt__read_password(const char *prompt, char *pw)
{
	bool tty = vt__is_tty(0), hide = !tty && vt__is_tty(2);
	bool any = false, too_long = false;
	size_t len = 0;
	int esc = 0;
	char c;

	vt_flush();
	vt__echo(hide, false);
	vt_eputs(prompt);
	vt_flush_out(&vt_stderr);
	for (;;) {
		long r = vt_read(0, &c, 1);

		if (r != 1 && any)
			break;
		if (r != 1 || (tty && (c == 3 || c == 4))) {
			vt_wipe(pw, VT_PASSWORD_MAX);
			vt__echo(hide, true);
			if (tty)
				vt_eputs("\n");
			if (r != 1 || c == 4)
				vt_warn(NULL, "no password given");
			vt_exit(1);
		}
		if (!any && vt__after_cr) {
			vt__after_cr = false;
			if (c == '\n')
				continue;
		}
		any = true;
		if (c == '\r' || c == '\n') {
			vt__after_cr = c == '\r';
			break;
		}
		if (tty && esc) {	/* ESC [ ... final, ESC O x, ESC x */
			esc = esc == 1 && (c == '[' || c == 'O') ? 2 :
			      esc == 2 && (c < 0x40 || c > 0x7e) ? 2 : 0;
		} else if (tty && (c == 0x7f || c == 8)) {
			while (len && ((unsigned char)pw[len - 1] & 0xc0) ==
			       0x80)
				len--;	/* a UTF-8 character's tail */
			if (len)
				len--;
		} else if (tty && c == 0x15) {
			len = 0;	/* Ctrl-U: the whole line */
		} else if (tty && c == 0x1b) {
			esc = 1;
		} else if (len < VT_PASSWORD_MAX) {
			pw[len++] = c;
		} else {
			too_long = true;
		}
	}
	vt__echo(hide, true);
	if (tty)
		vt_eputs("\n");	/* where an echo would have ended it */
	vt_flush_out(&vt_stderr);
	if (too_long) {
		vt_wipe(pw, VT_PASSWORD_MAX);
		vt_die("password too long (at most 256 bytes)");
	}
	return len;
}

/*
 * Prompts for a password and writes its hex, NUL-terminated, into hex
 * (VT_PASSWORD_HEX bytes): "-", the protocol's "none given", for an
 * empty line.
 */
static inline void vt_ask_password(const char *prompt, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	char pw[VT_PASSWORD_MAX];
	size_t n = vt__read_password(prompt, pw);

	for (size_t i = 0; i < n; i++) {
		hex[2 * i] = digits[(unsigned char)pw[i] >> 4];
		hex[2 * i + 1] = digits[pw[i] & 15];
	}
	hex[2 * n] = '\0';
	if (!n)
		memcpy(hex, "-", 2);
	vt_wipe(pw, sizeof(pw));
}

/* A new password, typed twice the same and not empty, as hex into hex
 * (VT_PASSWORD_HEX bytes); else a message and status 1. */
static inline void vt_ask_new_password(char *hex)
{
	char again[VT_PASSWORD_HEX];
	bool same;

	vt_ask_password("New password: ", hex);
	vt_ask_password("Retype new password: ", again);
	same = !strcmp(hex, again);
	vt_wipe(again, sizeof(again));
	if (!same || hex[0] == '-') {
		vt_wipe(hex, VT_PASSWORD_HEX);
		vt_die(same ? "no password given" : "passwords do not match");
	}
}

/* The caller's user name, from `id` (the tool needs that shell grant),
 * and whether they are an admin; NULL after a message. */
static inline const char *vt_caller(bool *admin)
{
	char *line = vt_ask_words((const char *[]){ "id", NULL }, NULL);

	if (!line)
		return NULL;
	*admin = !strcmp(vt_field(line, "admin"), "1");
	return vt_field(line, "name");
}

#endif
