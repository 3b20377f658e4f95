/*
 * window.h - an app's window: the back buffer its thread draws into and
 * the front buffer the compositor reads. flush copies back to front under
 * the window's lock, so the screen only ever shows whole frames.
 */
#ifndef VYOMA_WINDOW_H
#define VYOMA_WINDOW_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "canvas.h"
#include "draw.h"

struct window {
	char title[65];
	struct rect frame;	/* the content area, in screen coordinates */
	uint32_t accent;	/* title bar colour, 0xRRGGBBAA */
	struct canvas back;	/* touched only by the app's thread */
	struct canvas front;	/* guarded by lock */
	pthread_mutex_t lock;
	bool presented;		/* front holds at least one flushed frame */
	atomic_bool dirty;	/* flushed since the compositor last drew it */
	_Atomic uint32_t flushes;	/* frames published so far */
	/* A new size (w << 16 | h) for the app's thread to apply, or 0. */
	_Atomic uint32_t pending_size;
	/* Window manager state, main thread only. */
	void *owner;		/* the app (struct app) */
	bool minimised;		/* hidden, listed in the panel */
	bool closed;		/* its app was closed; hidden until it starts */
	bool maximised;
	bool undecorated;	/* the desktop's: no frame, no title bar */
	struct rect restore;	/* the frame before maximising */
};

struct window *window_new(const char *title, struct rect frame,
			  uint32_t accent);
void window_free(struct window *w);

/* Publishes the back buffer as the window's current frame. */
void window_flush(struct window *w);

/*
 * Asks for a new content size. The buffers are replaced on the app's
 * thread, before its next draw command, so its drawing never races a
 * resize; the app is told with a resize event.
 */
void window_request_size(struct window *w, int width, int height);

/* Applies one draw command to the back buffer; true if it was a flush. */
bool window_draw(struct window *w, const struct draw_cmd *cmd);

#endif
