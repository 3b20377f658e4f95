"""solitaire (apps/games/solitaire): deal 1 is the deck a Python copy of
its shuffle gives; a Python model of Klondike plans a game of legal moves
and draws on that deal, with illegal moves among them, and every one is
accepted or refused by the app as the model says; the columns on screen
are as tall as the model's."""
import re

from harness import Run, check, window_of

TEXT = 0xE6E9EF      # a face-up card
NAMES = [r + s for s in "SHDC" for r in "A23456789TJQK"]


def shuffle(n):
    seed, deck = n, list(range(52))
    for i in range(51, 0, -1):
        seed = (seed * 1103515245 + 12345) % 2 ** 32
        j = (seed >> 16) % (i + 1)
        deck[i], deck[j] = deck[j], deck[i]
    return deck


class Game:
    """Piles 0 stock, 1 waste, 2-5 foundations, 6-12 columns."""

    def __init__(self, deck):
        self.p = [[] for _ in range(13)]
        self.down = [0] * 13
        k = 0
        for c in range(7):
            self.p[6 + c] = deck[k:k + c + 1]
            self.down[6 + c] = c
            k += c + 1
        self.p[0] = deck[k:]

    def draw(self):
        if self.p[0]:
            self.p[1].append(self.p[0].pop())
        else:
            self.p[0], self.p[1] = self.p[1][::-1], []
        top = NAMES[self.p[1][-1]] if self.p[1] else "-"
        return f"draw {len(self.p[0])} {top}"

    def fits(self, c, t):
        red = lambda x: x // 13 in (1, 2)
        if not self.p[t]:
            return c % 13 == (0 if t < 6 else 12)
        top = self.p[t][-1]
        if t < 6:
            return top // 13 == c // 13 and top % 13 + 1 == c % 13
        return red(top) != red(c) and top % 13 == c % 13 + 1

    def first(self, f, t):
        """The card index that would go from f to t, or None."""
        if t < 2 or not self.p[f]:
            return None
        starts = [len(self.p[f]) - 1] if f < 6 or t < 6 else \
            range(self.down[f], len(self.p[f]))
        return next((i for i in starts if self.fits(self.p[f][i], t)), None)

    def move(self, f, t):
        i = self.first(f, t)
        if i is None:
            return f"refused {f} {t}"
        run, self.p[f] = self.p[f][i:], self.p[f][:i]
        self.p[t] += run
        if self.down[f] and self.down[f] >= len(self.p[f]):
            self.down[f] = len(self.p[f]) - 1
        return f"move {f} {t} {len(run)}"


def path(cur, to):
    """Keys that take the cursor from pile cur to pile to."""
    keys = []
    if (cur < 6) != (to < 6):
        keys.append("Down")
        cur = (cur + 6 if cur < 2 else cur + 7) if cur < 6 else \
            (cur - 6 if cur < 8 else 1 if cur == 8 else cur - 7)
    keys += ["Right" if to > cur else "Left"] * abs(to - cur)
    return keys, to


def plan(deck):
    """Keys and what the app must say: legal moves found greedily (to a
    foundation first; between columns only to turn a card up), draws
    when there are none, and two illegal moves."""
    g, cur, keys, said = Game(deck), 6, [], []

    def act(f, t):
        nonlocal cur
        k, cur = path(cur, f)
        keys.extend(k + ["Enter"])
        k, cur = path(cur, t)
        keys.extend(k + ["Enter"])
        said.append(g.move(f, t))

    bad = next((f, t) for f in range(6, 13) for t in range(6, 13)
               if f != t and g.first(f, t) is None)
    act(*bad)
    act(7, 1)                       # nothing goes onto the waste
    draws = 0
    while len(keys) < 260 and draws < 30:
        moves = [(f, t) for f in [1] + list(range(6, 13))
                 for t in range(2, 13) if f != t and
                 g.first(f, t) is not None and
                 (t < 6 or f == 1 or g.first(f, t) == g.down[f] > 0)]
        moves.sort(key=lambda m: m[1] >= 6)
        if moves:
            act(*moves[0])
        else:
            keys.append("d")
            said.append(g.draw())
            draws += 1
    return keys, said, g


def plays_by_the_rules(n):
    """Deal n (N pressed n - 1 times), played as plan() says."""
    deck = shuffle(n)
    keys, said, g = plan(deck)
    keys = ["n"] * (n - 1) + keys
    script = "".join(f"{500 + 25 * i} " +
                     (f"type {k}" if k in ("d", "n") else f"key {k}") + "\n"
                     for i, k in enumerate(keys))
    r = Run(["solitaire"], script=script, started=True, size="800x600",
            until=lambda lines: sum(re.search(r"solitaire: (draw|move|"
                                              r"refused) ", x) is not None
                                    for x in lines) >= len(said),
            timeout=30)
    check(not r.timed_out, "every action was answered", r.out[-1500:])
    check(r.has(f"[solitaire] solitaire: deal {n} " +
                "".join(NAMES[c] for c in deck)),
          f"deal {n} is the shuffle's deck",
          [x for x in r.lines if "deal" in x])
    got = [x.split("solitaire: ", 1)[1] for x in r.lines
           if re.search(r"\[solitaire\] solitaire: (draw|move|refused)", x)]
    check(got == said, "each move accepted or refused as the rules say",
          f"\n got {got}\nwant {said}")
    check(sum(m.startswith("move") for m in said) >= 5 and
          sum(m.startswith("refused") for m in said) >= 2,
          "legal and illegal moves were both tried", said)
    # Each column's top card is face up where the model's height puts it.
    x0, y0, _, _ = window_of(r, "solitaire")
    wrong = []
    for c in range(7):
        p = g.p[6 + c]
        y = y0 + 120 + 6 * g.down[6 + c] + 20 * (len(p) - 1 - g.down[6 + c])
        x = x0 + 8 + 56 * c + 40
        if p and (r.rows[y + 60][x] != TEXT or r.rows[y + 67][x] == TEXT):
            wrong.append(c + 1)
    check(not wrong, "columns drawn as tall as the model's", wrong)
    r.cleanup()
    return said


def test_solitaire_plays_deal_one_by_the_rules():
    plays_by_the_rules(1)


def test_solitaire_moves_runs_of_cards_on_deal_seven():
    """Deal 7's plan moves face-up runs between columns (of 2, 5 and 8
    cards): the whole run goes, and the card under it turns up."""
    said = plays_by_the_rules(7)
    runs = [int(m.split()[3]) for m in said if m.startswith("move")]
    check(max(runs) >= 5 and sum(x > 1 for x in runs) >= 3,
          "runs of several cards were moved", said)
