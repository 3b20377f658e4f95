"""hangman (apps/games/hangman): one word guessed with common letters
(an upper-case repeat and a digit among them, which cost nothing), then
a new word lost on purpose with six letters no word has; every line is
checked against a Python model of the rules over the revealed words."""
import re

from harness import Run, check, said

DANGER = 0xE5484D  # the missed letters, the unfound ones at the end
FIRST = "e1Etaoinshrdlucmfwypbg"
SECOND = "qjxzvk"


def model(word, keys):
    """The lines a correct hangman says for these keys over word."""
    guessed, misses = set(), 0
    mask = lambda: "".join(c if c in guessed else "_" for c in word)
    out = [f"{mask()} misses 0"]
    for k in keys.lower():
        if not k.isalpha() or k in guessed or misses == 6 or \
                "_" not in mask():
            continue
        guessed.add(k)
        misses += k not in word
        out.append(f"{mask()} misses {misses}")
    out.append(("lost " if misses == 6 else "won ") + word)
    return out


def test_hangman_reveals_counts_misses_and_loses():
    script = f"400 type {FIRST}\n700 key Enter\n900 type {SECOND}\n"
    r = Run(["hangman"], script=script, started=True,
            until=[lambda lines: sum("hangman: lost" in x or
                                     "hangman: won" in x
                                     for x in lines) >= 2])
    check(not r.timed_out, "two words played", r.out[-1500:])
    got = [x[len("hangman: "):] for x in said(r, "hangman")]
    ends = [i for i, x in enumerate(got) if re.match(r"(won|lost) ", x)]
    check(len(ends) == 2, "two games ended", got)
    if len(ends) == 2:
        one, two = got[:ends[0] + 1], got[ends[0] + 1:ends[1] + 1]
        check(one == model(one[-1].split()[1], FIRST),
              "the first word: each guess as the rules have it", one)
        check(two == model(two[-1].split()[1], SECOND),
              "the second word: each guess as the rules have it", two)
        check(two[-1].startswith("lost ") and two[-2].endswith("misses 6"),
              "six wrong letters lose", two)
        check(re.fullmatch(r"_+ misses 0", two[0]), "a new word, hidden",
              two)
    check(r.count(DANGER) > 50, "the misses are shown", r.count(DANGER))
    r.cleanup()


def test_hangman_enter_gives_up_and_shows_the_word():
    """Enter in the middle of a word loses it and shows it (it once
    went to a new word with the old one never shown); the next Enter
    starts a new word."""
    script = "400 type e\n600 key Enter\n800 key Enter\n"
    r = Run(["hangman"], script=script, started=True,
            until=[lambda lines: sum(bool(re.search(r"hangman: _+ misses 0$",
                                                    x)) for x in lines) >= 2])
    check(not r.timed_out, "gave up, then a new word", r.out[-1500:])
    got = [x[len("hangman: "):] for x in said(r, "hangman")]
    lost = [x for x in got if x.startswith("lost ")]
    check(len(got) == 5 and len(lost) == 1 and got[3] == lost[0] and
          got[2].endswith(" misses 6") and
          re.fullmatch(r"_+ misses 0", got[4]),
          "guess, give up (misses 6, lost <word>), a new word hidden", got)
    if lost:
        word = lost[0].split()[1]
        check(got[1] == model(word, "e")[1],
              "the word given up is the one being guessed", got)
    r.cleanup()
