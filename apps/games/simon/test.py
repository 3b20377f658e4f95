"""simon (apps/games/simon): game 42 (its number set in /data/simon
beforehand), whose sequence Python makes again from the same seeded
generator; four rounds repeated correctly (stray keys ignored), then a
wrong key ends the game and the best round is saved."""
import os

from harness import Run, check, said, window_of

PADS = [0x30A46C, 0xE5484D, 0x3B82F6, 0xE6E9EF]  # OK DANGER ACCENT TEXT


def sequence(game):
    m = 0xFFFFFFFF
    s, out = (game * 2654435761 & m) ^ 0x9E3779B9, ""
    for _ in range(32):
        s ^= s << 13 & m
        s ^= s >> 17
        s ^= s << 5 & m
        out += str((s >> 16 & 3) + 1)
    return out


def test_simon_repeats_rounds_and_a_wrong_key_ends():
    def prepare(r):
        os.makedirs(r.app_data("simon"))
        with open(r.app_data("simon", "simon"), "w") as f:
            f.write("41 2\n")

    seq = sequence(42)
    wrong = str(int(seq[4]) % 4 + 1)
    keys = "9x" + "".join(seq[:n] for n in range(1, 5)) + seq[:4] + wrong
    r = Run(["simon"], script=f"600 type {keys}\n", started=True,
            prepare=prepare, until=["simon: game over"])
    check(not r.timed_out, "the game ended", r.out[-1500:])
    got = [x[len("simon: "):] for x in said(r, "simon")]
    want = [f"game 42 round {n} shows {seq[:n]}" for n in range(1, 6)]
    want.append("game over at round 5 best 4")
    check(got == want, "each round one step longer, as game 42's "
          "sequence; the wrong key ends round 5", (got, want))
    with open(r.app_data("simon", "simon")) as f:
        check(f.read() == "42 4\n", "game 42 and best round 4 are saved")
    x, y, w, h = window_of(r, "simon")
    check(r.count(PADS[int(wrong) - 1], (x, y, x + w, y + h)) >= 96 * 90,
          "the wrong pad pressed is lit")
    r.cleanup()
