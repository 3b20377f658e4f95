"""blackjack (apps/games/blackjack): hands played by keys (hit, stand,
next, and keys that mean nothing at that moment); every total the app
says is computed again in Python from the cards it shows, and every
result checked against the rules."""
import re

from harness import Run, check, said

VALUE = {"A": 1, "J": 10, "Q": 10, "K": 10}


def best(ranks):
    """The blackjack total: one ace as 11 when that does not bust."""
    cards = [VALUE.get(c) or int(c) for c in ranks if c != "?"]
    t = sum(cards)
    return t + 10 if 1 in cards and t <= 11 else t


RESULTS = ("win", "lose", "push", "bust", "blackjack")


def dealt_after(n):
    """An until= entry: n hands over and the next one dealt."""
    def done(lines):
        said = [x for x in lines if x.startswith("[blackjack] blackjack: ")]
        ends = [i for i, x in enumerate(said) if x.endswith(RESULTS)]
        return len(ends) >= n and len(said) > ends[n - 1] + 1
    return done


def test_blackjack_totals_and_results_follow_the_rules():
    # Many hands, so that a dealer's blackjack (1 in 21) comes up too.
    keys = "xhsnhhsn" + "snhsn" * 4 + "hhhhsn" + "sn" * 60
    script = "".join(f"{400 + 40 * i} type {k}\n"
                     for i, k in enumerate(keys))
    r = Run(["blackjack"], script=script, started=True,
            until=[dealt_after(keys.count("n"))])
    check(not r.timed_out, "every hand was played", r.out[-1500:])
    got = [x[len("blackjack: "):] for x in said(r, "blackjack")]
    hands, hand = [], []
    for line in got:
        m = re.fullmatch(r"you ((?:\S+ )+)= (\d+) dealer ((?:\S+ )+)= (\d+)",
                         line)
        if m:
            you, dealer = m[1].split(), m[3].split()
            check(int(m[2]) == best(you) and int(m[4]) == best(dealer),
                  "the totals are the cards' totals", line)
            hand.append((you, dealer))
        else:
            check(line in RESULTS, "a result", line)
            hands.append((hand, line))
            hand = []
    # The last N may deal a blackjack, over at once.
    check(len(hands) - keys.count("n") in (0, 1) and
          all(len(c) == 1 for c, _ in hands[keys.count("n"):]),
          "each N came after a hand over", got)
    for cards, res in hands:
        you, dealer = cards[-1]
        me, d = best(you), best(dealer)
        first_you, first_dealer = cards[0]
        check(len(first_you) == 2 and len(first_dealer) == 2 and
              (first_dealer[1] == "?") == (len(cards) > 1 or
                                           res not in ("blackjack", "push",
                                                       "lose")),
              "two cards each, one of the dealer's hidden", cards)
        check("?" not in dealer, "the hidden card is shown at the end",
              cards)
        if res == "bust":
            ok = me > 21 and len(dealer) == 2
        elif res == "blackjack":
            ok = me == 21 and len(you) == 2 and d != 21
        elif len(cards) == 1 and best(first_dealer) == 21:
            # The dealer's blackjack: over at once, a push only with one
            # of yours (it once let you play on, and pushed your 21)
            ok = len(dealer) == 2 and res == ("push" if me == 21 and
                                              len(you) == 2 else "lose")
        else:
            # The dealer drew while under 17 and stopped at 17 or more.
            ok = me <= 21 and d >= 17 and \
                (len(dealer) == 2 or best(dealer[:-1]) < 17) and \
                res == ("win" if d > 21 or me > d else
                        "push" if me == d else "lose")
        check(ok, "the result follows the rules", (cards[-1], res))
        for (y0, _), (y1, _) in zip(cards, cards[1:]):
            check(y1[:len(y0)] == y0 and len(y1) - len(y0) <= 1,
                  "a hit adds one card to the hand", cards)
    r.cleanup()
