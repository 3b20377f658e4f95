"""chess (apps/games/chess): a move by cursor and Enter, moves typed as
squares, fool's mate found as checkmate, illegal moves refused (before
and after the mate); then a game with en passant, promotion and
castling, its final position compared square by square with a Python
replay of the moves."""
import re

from harness import Run, check, window_of

TEXT = 0xE6E9EF   # a white token
BG = 0x161B26     # a black token
GAME2 = ("e2e4 a7a6 e4e5 d7d5 e5d6 a6a5 d6e7 a5a4 e7d8 e8d8 g1f3 a4a3 "
         "f1e2 a3b2 e1g1 b2a1").split()


def replay(moves):
    """Who stands where: {square: 'w' or 'b'} after the moves."""
    board = {}
    for f in "abcdefgh":
        for r, who in (("1", "w"), ("2", "w"), ("7", "b"), ("8", "b")):
            board[f + r] = who
    pawns = {f + r for f in "abcdefgh" for r in "27"}
    kings = {"e1", "e8"}
    for m in moves:
        f, t = m[:2], m[2:]
        if f in pawns and f[0] != t[0] and t not in board:
            del board[t[0] + f[1]]          # en passant
        if f in kings and abs(ord(t[0]) - ord(f[0])) == 2:
            rf, rt = ("h", "f") if t[0] == "g" else ("a", "d")
            board[rt + f[1]] = board.pop(rf + f[1])
        board[t] = board.pop(f)
        pawns.discard(t)
        kings.discard(t)
        if f in pawns:
            pawns.add(t)
        if f in kings:
            kings.add(t)
    return board


def test_chess_mate_rules_and_refusals():
    keys = ["key Right", "key Enter", "key Up", "key Enter",   # f2f3
            "type e7e5", "type g2g5", "type g2g4", "type d8h4",
            "type a2a3", "type n"] + [f"type {m}" for m in GAME2]
    script = "".join(f"{500 + 60 * i} {k}\n" for i, k in enumerate(keys))
    r = Run(["chess"], script=script, started=True,
            until=[f"chess: {len(GAME2)} b2a1"])
    check(not r.timed_out, "both games were played", r.out[-1500:])
    said = [x.split("chess: ", 1)[1] for x in r.lines
            if x.startswith("[chess] chess: ")]
    check(said[:7] == ["1 f2f3", "2 e7e5", "illegal g2g5", "3 g2g4",
                       "4 d8h4 checkmate", "illegal a2a3", "new game"],
          "fool's mate: cursor move, typed moves, refusals", said[:7])
    want = [f"{i + 1} {m}" + (" check" if m == "e7d8" else "")
            for i, m in enumerate(GAME2)]
    check(said[7:] == want, "en passant, promotion with check, castling",
          said[7:])
    x0, y0, _, _ = window_of(r, "chess")
    board = replay(GAME2)
    wrong = []
    for i in range(64):
        sq = "abcdefgh"[i % 8] + str(i // 8 + 1)
        px = r.rows[y0 + 40 + (7 - i // 8) * 40 + 6][x0 + 8 + i % 8 * 40 + 6]
        got = "w" if px == TEXT else "b" if px == BG else None
        if got != board.get(sq):
            wrong.append((sq, got, board.get(sq)))
    check(not wrong, "the board shows the replayed position", wrong)
    r.cleanup()


def test_chess_new_game_drops_a_move_half_typed():
    """N after "e2": the status row no longer shows e2 (it did, until the
    next key)."""
    r = Run(["chess"], script="500 type e2\n600 type n\n", started=True,
            until=["chess: new game"])
    check(not r.timed_out, "a new game", r.out[-1500:])
    x0, y0, w, h = window_of(r, "chess")
    typed_at = (x0 + 8 + 15 * 8, y0 + h - 24, x0 + w, y0 + h)
    check(r.bbox(TEXT, typed_at) is None, "nothing typed is shown",
          r.bbox(TEXT, typed_at))
    r.cleanup()
