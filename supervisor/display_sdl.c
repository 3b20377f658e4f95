/*
 * display_sdl.c - the display back end for a developer's desktop: an SDL
 * window showing the composed framebuffer, and the Input Router's third
 * source, SDL's keyboard and mouse events, turned into the same events
 * evdev gives in the image. Linked only into the hosted supervisor.
 */
#include "display.h"
#include "log.h"

#include <SDL.h>

struct sdl {
	SDL_Window *window;
	SDL_Renderer *renderer;
	SDL_Texture *texture;
};

static int sdl_open(struct display *d, int *width, int *height)
{
	struct sdl *s = calloc(1, sizeof(*s));

	if (!s)
		return -1;
	if (SDL_Init(SDL_INIT_VIDEO) != 0) {
		log_error("display: SDL: %s", SDL_GetError());
		free(s);
		return -1;
	}
	s->window = SDL_CreateWindow("VyomaOS", SDL_WINDOWPOS_UNDEFINED,
				     SDL_WINDOWPOS_UNDEFINED, *width, *height, 0);
	s->renderer = s->window ? SDL_CreateRenderer(s->window, -1, 0) : NULL;
	s->texture = s->renderer ? SDL_CreateTexture(s->renderer,
						     SDL_PIXELFORMAT_XRGB8888,
						     SDL_TEXTUREACCESS_STREAMING,
						     *width, *height) : NULL;
	if (!s->texture) {
		log_error("display: SDL: %s", SDL_GetError());
		if (s->renderer)
			SDL_DestroyRenderer(s->renderer);
		if (s->window)
			SDL_DestroyWindow(s->window);
		SDL_Quit();
		free(s);
		return -1;
	}
	d->priv = s;
	return 0;
}

static void sdl_present(struct display *d, struct rect damage)
{
	struct sdl *s = d->priv;
	SDL_Rect r = { damage.x, damage.y, damage.w, damage.h };

	SDL_UpdateTexture(s->texture, &r, d->fb.pixels + (size_t)damage.y *
			  (size_t)d->fb.width + damage.x,
			  d->fb.width * (int)sizeof(uint32_t));
	SDL_RenderCopy(s->renderer, s->texture, NULL, NULL);
	SDL_RenderPresent(s->renderer);
}

static void sdl_close(struct display *d)
{
	struct sdl *s = d->priv;

	SDL_DestroyTexture(s->texture);
	SDL_DestroyRenderer(s->renderer);
	SDL_DestroyWindow(s->window);
	SDL_Quit();
	free(s);
}

static uint8_t mods_of(uint16_t sdl_mod)
{
	return (uint8_t)(((sdl_mod & KMOD_SHIFT) ? MOD_SHIFT : 0) |
			 ((sdl_mod & KMOD_CTRL) ? MOD_CTRL : 0) |
			 ((sdl_mod & KMOD_ALT) ? MOD_ALT : 0) |
			 ((sdl_mod & KMOD_GUI) ? MOD_SUPER : 0));
}

static uint8_t buttons_of(uint32_t state)
{
	return (uint8_t)(((state & SDL_BUTTON_LMASK) ? BUTTON_LEFT : 0) |
			 ((state & SDL_BUTTON_RMASK) ? BUTTON_RIGHT : 0) |
			 ((state & SDL_BUTTON_MMASK) ? BUTTON_MIDDLE : 0));
}

static uint8_t button_of(uint8_t sdl_button)
{
	return sdl_button == SDL_BUTTON_LEFT ? BUTTON_LEFT :
	       sdl_button == SDL_BUTTON_RIGHT ? BUTTON_RIGHT :
	       sdl_button == SDL_BUTTON_MIDDLE ? BUTTON_MIDDLE : 0;
}

static void sdl_pump(struct display *d, input_sink sink)
{
	/* SDL's mouse state is already past queued events: track our own. */
	static uint8_t held;
	SDL_Event e;

	(void)d;
	while (SDL_PollEvent(&e)) {
		struct user_input ev = { .kind = INPUT_POINTER };

		switch (e.type) {
		case SDL_KEYDOWN:
		case SDL_KEYUP:
			ev.kind = INPUT_KEY;
			ev.keycode = keymap_from_hid((uint16_t)e.key.keysym.scancode);
			if (!ev.keycode)
				continue;
			ev.down = e.type == SDL_KEYDOWN;
			ev.mods = mods_of(e.key.keysym.mod);
			ev.codepoint = keymap_codepoint(ev.keycode, ev.mods);
			sink(&ev);
			break;
		case SDL_MOUSEMOTION:
			ev.x = e.motion.x;
			ev.y = e.motion.y;
			ev.buttons = buttons_of(e.motion.state);
			sink(&ev);
			break;
		case SDL_MOUSEBUTTONDOWN:
		case SDL_MOUSEBUTTONUP:
			ev.x = e.button.x;
			ev.y = e.button.y;
			ev.changed = button_of(e.button.button);
			if (!ev.changed)
				continue;
			ev.down = e.type == SDL_MOUSEBUTTONDOWN;
			held = ev.down ? held | ev.changed :
				   held & (uint8_t)~ev.changed;
			ev.buttons = held;
			sink(&ev);
			break;
		case SDL_QUIT:
			/* Closing the window is the power button. */
			ev.kind = INPUT_POWER;
			sink(&ev);
			break;
		}
	}
}

const struct display_backend display_sdl = {
	.name = "sdl",
	.open = sdl_open,
	.present = sdl_present,
	.close = sdl_close,
	.pump = sdl_pump,
	.pump_ms = 8,
};
