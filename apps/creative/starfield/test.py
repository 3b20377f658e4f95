"""starfield (apps/creative/starfield): frames advance on its timer;
Space pauses them (no frame passes until Space again) and resumes from
the same frame; stars (grey to white points on black) are drawn."""
import re

from harness import Run, check, window_of


def test_starfield_frames_advance_and_pause():
    script = "1500 key Space\n2700 key Space\n"

    def done(lines):
        text = "\n".join(lines)
        m = re.search(r"resumed at frame (\d+)", text)
        return m and any(f"starfield: frame {int(m.group(1)) // 10 * 10 + 20}"
                         in x for x in lines)

    r = Run(["starfield"], script=script, started=True, until=done)
    check(not r.timed_out, "starfield ran on after resuming", r.out[-1500:])
    said = [x.split("[starfield] starfield: ", 1)[1] for x in r.lines
            if "[starfield] starfield: " in x]
    paused = [i for i, x in enumerate(said) if x.startswith("paused")]
    resumed = [i for i, x in enumerate(said) if x.startswith("resumed")]
    check(len(paused) == 1 and len(resumed) == 1 and
          resumed[0] == paused[0] + 1,
          "no frame passed while paused", said)
    at = int(said[paused[0]].split()[-1]) if paused else -1
    check(resumed and said[resumed[0]] == f"resumed at frame {at}",
          "resumed from the frame it paused at", said)
    frames = [int(x.split()[-1]) for x in said if x.startswith("frame")]
    check(len(frames) >= 3 and frames == list(range(10, 10 * len(frames) + 1,
                                                    10)),
          "every 10th frame logged, in order", frames)
    check(frames and frames[-1] > at >= 10, "frames advanced before and after",
          (frames, at))
    x0, y0, w, h = window_of(r, "starfield")
    stars = sum(1 for y in range(y0 + 32, y0 + h) for x in range(x0, x0 + w)
                if r.rows[y][x] != 0 and r.rows[y][x] & 0xFF ==
                r.rows[y][x] >> 8 & 0xFF == r.rows[y][x] >> 16)
    black = r.count(0x000000, (x0, y0 + 32, x0 + w, y0 + h))
    check(stars >= 50 and stars + black == w * (h - 32),
          "grey stars on a black sky", (stars, black))
    r.cleanup()
