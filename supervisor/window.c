/*
 * window.c - per-app double buffering. The back buffer is private to the
 * app thread (no lock while drawing); only the copy on flush is locked.
 */
#include "window.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct window *window_new(const char *title, struct rect frame,
			  uint32_t accent)
{
	struct window *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	snprintf(w->title, sizeof(w->title), "%s", title);
	w->frame = frame;
	w->accent = accent;
	if (canvas_init(&w->back, frame.w, frame.h) ||
	    canvas_init(&w->front, frame.w, frame.h)) {
		window_free(w);
		return NULL;
	}
	pthread_mutex_init(&w->lock, NULL);
	return w;
}

void window_free(struct window *w)
{
	if (!w)
		return;
	canvas_free(&w->back);
	canvas_free(&w->front);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

void window_flush(struct window *w)
{
	pthread_mutex_lock(&w->lock);
	memcpy(w->front.pixels, w->back.pixels,
	       (size_t)w->back.width * w->back.height * sizeof(uint32_t));
	w->presented = true;
	pthread_mutex_unlock(&w->lock);
	atomic_fetch_add(&w->flushes, 1);
	atomic_store(&w->dirty, true);
}

void window_request_size(struct window *w, int width, int height)
{
	atomic_store(&w->pending_size, (uint32_t)width << 16 |
		     (uint32_t)(height & 0xFFFF));
}

/* On the app's thread: new, blank buffers of the pending size. */
static void apply_pending_size(struct window *w)
{
	uint32_t size = atomic_exchange(&w->pending_size, 0);
	struct canvas back, front;

	if (!size)
		return;
	if (canvas_init(&back, (int)(size >> 16), (int)(size & 0xFFFF)))
		return;
	if (canvas_init(&front, back.width, back.height)) {
		canvas_free(&back);
		return;
	}
	canvas_free(&w->back);
	w->back = back;
	pthread_mutex_lock(&w->lock);
	canvas_free(&w->front);
	w->front = front;
	w->presented = false;
	pthread_mutex_unlock(&w->lock);
}

bool window_draw(struct window *w, const struct draw_cmd *cmd)
{
	struct rect all;

	apply_pending_size(w);
	all = (struct rect){ 0, 0, w->back.width, w->back.height };

	switch (cmd->op) {
	case DRAW_FILL_RECT:
		canvas_fill_rect(&w->back, (struct rect){ cmd->x, cmd->y,
							  cmd->w, cmd->h },
				 cmd->rgba);
		return false;
	case DRAW_TEXT:
		canvas_draw_text(&w->back, cmd->x, cmd->y, cmd->rgba,
				 cmd->size, cmd->text, cmd->text_len, all);
		return false;
	case DRAW_FLUSH:
		window_flush(w);
		return true;
	case DRAW_PIXELS: {
		uint8_t rgb[DRAW_PIXELS_MAX];

		draw_pixels_decode(cmd, rgb);
		canvas_draw_rgb(&w->back, (struct rect){ cmd->x, cmd->y,
							 cmd->w, cmd->h }, rgb);
		return false;
	}
	}
	return false;
}
