/*
 * vyoma_math.h - the little geometry that apps drawing figures and games
 * need: a sine (apps have no libm), the pixels of a straight line and a
 * ball kept between two walls. Exact enough for a pixel grid and no
 * more; each app decides what a pixel is.
 */
#ifndef VYOMA_MATH_H
#define VYOMA_MATH_H

#define VY_PI 3.14159265358979323846

/*
 * sin(a), a in radians, by a Taylor series on [-pi, pi]. a must fit a
 * long long once divided by 2 pi (|a| < 5e19): the cast of more traps,
 * so an app that takes angles from the user checks them first.
 */
static inline double vy_sin(double a)
{
	double t, s;

	a -= (double)(long long)(a / (2 * VY_PI)) * 2 * VY_PI;
	if (a > VY_PI)
		a -= 2 * VY_PI;
	else if (a < -VY_PI)
		a += 2 * VY_PI;
	t = s = a;
	for (int i = 2; i < 26; i += 2) {
		t *= -a * a / (i * (i + 1));
		s += t;
	}
	return s;
}

/*
 * Calls dot(x, y) for every pixel of the line from (x0, y0) to (x1, y1),
 * both ends included, in order (Bresenham). The app clips in dot().
 */
static inline void vy_line(int x0, int y0, int x1, int y1,
			   void (*dot)(int x, int y))
{
	int dx = x1 > x0 ? x1 - x0 : x0 - x1, sx = x0 < x1 ? 1 : -1;
	int dy = y1 > y0 ? y0 - y1 : y1 - y0, sy = y0 < y1 ? 1 : -1;
	int e = dx + dy;

	for (;;) {
		int e2;

		dot(x0, y0);
		if (x0 == x1 && y0 == y1)
			return;
		e2 = 2 * e;	/* both tests see the old error */
		if (e2 >= dy) {
			e += dy;
			x0 += sx;
		}
		if (e2 <= dx) {
			e += dx;
			y0 += sy;
		}
	}
}

/*
 * Keeps a moving point (a ball's corner) at *pos, moving *v a step,
 * between walls lo and hi: past one, it stops at it and turns back.
 */
static inline void vy_reflect(int *pos, int *v, int lo, int hi)
{
	if (*pos < lo || *pos > hi) {
		*pos = *pos < lo ? lo : hi;
		*v = -*v;
	}
}

#endif
