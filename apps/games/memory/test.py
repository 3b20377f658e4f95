"""memory (apps/games/memory): played blind by the cards' letters (every
pair of cards in turn, which finds all pairs whatever the deal), then
checked against a Python model of the rules over the deal the app's own
lines reveal: each card turned, each pair and try count, the win."""
import itertools
import re

from harness import Run, check, said

OK = 0x30A46C  # a card of a pair found

# Every other pair in capitals, which turn the same cards (they were
# once ignored).
BLIND = "".join((chr(97 + i) + chr(97 + j)).upper() if n % 2 else
                chr(97 + i) + chr(97 + j) for n, (i, j) in
                enumerate(itertools.combinations(range(16), 2)))


def model(val, keys):
    """The lines a correct memory says for these keys over deal val."""
    done, up1, up2, pairs, tries, out = set(), None, None, 0, 0, []
    for k in keys:
        i = ord(k.lower()) - 97
        if up2 is not None:
            up1 = up2 = None
        if i in done or i == up1:
            continue
        out.append(f"card {i} is {val[i]}")
        if up1 is None:
            up1 = i
            continue
        tries += 1
        if val[up1] == val[i]:
            done |= {up1, i}
            pairs += 1
            up1 = None
        else:
            up2 = i
        out[-1] += f" pairs {pairs} tries {tries}"
        if pairs == 8:
            out.append(f"won in {tries} tries")
            break
    return out


def test_memory_finds_every_pair():
    # Ten keys each 150 ms: the console takes 100 lines a second.
    # First by the focus: card 5 (f), then card 4 (e) beside it.
    script = ("300 key Right\n320 key Down\n340 key Enter\n"
              "360 key Left\n380 key Space\n")
    script += "".join(f"{400 + 15 * i} type {BLIND[i:i + 10]}\n"
                     for i in range(0, len(BLIND), 10))
    r = Run(["memory"], script=script, started=True,
            until=["memory: won in"])
    check(not r.timed_out, "memory was won", r.out[-1500:])
    got = [x[len("memory: "):] for x in said(r, "memory")]
    val = {}
    for line in got:
        m = re.match(r"card (\d+) is ([1-8])", line)
        if m:
            check(val.setdefault(int(m[1]), m[2]) == m[2],
                  "a card keeps its number", line)
    check(sorted(val) == list(range(16)) and
          sorted(val.values()) == sorted("12345678" * 2),
          "sixteen cards, each number twice", val)
    if len(val) == 16:
        want = model(val, "fe" + BLIND)
        check(got[1:] == want, "every turn, pair and try as the rules "
              "have them", (got[-5:], want[-5:]))
    check(got[0] == "dealt" and got[-1].startswith("won in"),
          "dealt, then won", got[:1] + got[-1:])
    check(r.count(OK) >= 16 * 56 * 56 - 16 * 400,
          "all sixteen cards show as found", r.count(OK))
    r.cleanup()
