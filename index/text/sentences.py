"""Sentence boundaries, with offsets, in text of any language we index."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? … (plus closing quotes/brackets) followed by space and a
# capital, digit or quote, or at a paragraph break. "17.000" and "U.S. officials" stay whole.
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[\w])|\n+")
_ABBREVIATION = re.compile(r"(?:\b[A-Z][a-z]{0,3}|\b[A-Z](?:\.[A-Z])*|\bNo|\bNr|\bdr|\bJl|\bSt)\.$")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        candidate = text[start : match.start()].rstrip()
        next_char = text[match.end() : match.end() + 1]
        if match.group().strip() == "" and "\n" not in match.group():
            # Don't split after an abbreviation or before a lower-case continuation.
            if _ABBREVIATION.search(candidate) or next_char.islower():
                continue
        _append(sentences, text, start, match.start())
        start = match.end()
    _append(sentences, text, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        offset = start + piece.index(stripped)
        sentences.append(Sentence(stripped, offset, offset + len(stripped)))


# -- what may be an answer -------------------------------------------------------------
# Lines that are part of the page, not of the story: agency credits "(AFP / AP / REUTERS)",
# photo captions and credits, bylines, list markers ("3."), navigation ("Baca Juga: ...").
_NAVIGATION = re.compile(
    r"^\W*(baca juga|lihat juga|simak juga|simak|tags?|terkait|terkini|terpopuler|artikel pilihan|bagikan|share"
    r"|read more|see also|related|advertisement|iklan|scroll|читайте також|дивіться також|підписуйтесь|реклама)\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^\W*(oleh|by|penulis|reporter|wartawan|editor|penyunting|sumber|source|foto|photo|ilustrasi|dok\.?"
    r"|автор|джерело|фото|редактор)\s*[:\-–—/|]",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"(\*\s*$|\s/\s?(twitter|instagram|facebook|antara|reuters|ap|afp)\b|/@\w|\(foto\b)", re.IGNORECASE
)
_WORD_RE = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


def is_answer_sentence(text: str) -> bool:
    """Whether a sentence reads as part of the story (so may be an answer), not page furniture."""
    stripped = text.strip()
    words = _WORD_RE.findall(stripped)
    if len(words) < 3 or sum(len(w) for w in words) < 12:
        return False  # list markers ("3."), lone names, stray fragments
    if _NAVIGATION.search(stripped) or _BYLINE.search(stripped) or _CAPTION.search(stripped):
        return False
    if stripped.startswith("(") and stripped.rstrip(" .").endswith(")") and len(stripped) < 80:
        return False  # an agency credit or an aside in brackets
    if stripped.startswith("#") or stripped.startswith("http"):
        return False
    letters = [ch for ch in stripped if ch.isalpha()]
    upper = sum(ch.isupper() for ch in letters)
    return not (len(letters) < 60 and upper > 0.7 * len(letters))  # a shouted credit or section name


# -- what the question asks for -----------------------------------------------------------
# Asks which year, day or hour: a date, though "tahun berapa" also says "berapa" (how many).
ASKS_DATE = re.compile(
    r"(?<!\w)(tahun|tanggal|bulan|pukul|jam|hari)\s+berapa|(?<!\w)(what|which)\s+(year|date|day|month|time)(?!\w)"
    r"|якого\s+(року|числа)|в\s+якому\s+році|котрій\s+годині",
    re.IGNORECASE,
)
_CUE = {
    "number": r"how (many|much|long|far|old|often)|number of|amount of|berapa|jumlah|скільки|сколько",
    "date": r"when|kapan|pada tahun|коли|когда",
    "reason": r"why|what (made|caused|led|prompted)|mengapa|kenapa|apa (sebab|alasan|penyebab)"
    r"|apa yang (membuat|menyebabkan)|чому|з якої причини|що (змусило|спричинило)|почему",
    "place": r"where|di ?mana|ke ?mana|dari ?mana|де|куди|звідки|где",
    "person": r"who|whom|whose|siapa|хто|кого|кто",
}
_CUES = [(kind, re.compile(rf"(?<!\w)({pattern})(kah)?(?!\w)", re.IGNORECASE)) for kind, pattern in _CUE.items()]
_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|januari|februari|maret|mei|juni|juli|agustus|oktober|desember|senin|selasa|rabu|kamis|jumat|sabtu|minggu"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня"
    r"|понеділ\w*|вівтор\w*|серед\w*|четвер\w*|п.ятниц\w*|субот\w*|неділ\w*"
)
_UPPER = "A-ZА-ЯІЇЄҐ"
_EVIDENCE = {
    "number": re.compile(
        r"\d(?:[\d.,]*\d)?|\b(satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|puluhan|ratusan|ribuan|ribu|juta|miliar"
        r"|dozens?|hundreds?|thousands?|millions?|billions?|тисяч\w*|мільйон\w*|мільярд\w*|сотн\w*|десят\w*)\b",
        re.IGNORECASE,
    ),
    "date": re.compile(rf"\b(1[89]|20)\d\d\b|\(\d{{1,2}}/\d{{1,2}}\)|\b({_MONTHS})\b", re.IGNORECASE),
    "reason": re.compile(
        r"\b(because|due to|as a result|owing to|karena|sebab|akibat|lantaran|disebabkan|dipicu|gara-gara"
        r"|через|бо|оскільки|тому що|адже|внаслідок|унаслідок)\b",
        re.IGNORECASE,
    ),
    "place": re.compile(rf"\b(in|at|near|from|di|ke|dari|dekat|у|в|біля|під|поблизу)\s+(?P<thing>[{_UPPER}][\w-]*)"),
    # Two capitalised words or more (a sentence's first word too: "Rolf Soiron kini memimpin ..."), each
    # starting a word: a match tried inside a long capitalised token would make the search quadratic.
    "person": re.compile(rf"(?<![\w'’-])[{_UPPER}][\w'’-]+(?:\s+[{_UPPER}][\w'’-]+)+"),
}


def answer_type(question: str) -> str:
    """What the question asks for: "number", "date", "reason", "place", "person", or "" (no cue)."""
    if ASKS_DATE.search(question):
        return "date"
    for kind, cue in _CUES:
        if cue.search(question):
            return kind
    return ""


def type_evidence(kind: str, sentence: str, question: str = "") -> bool:
    """Whether `sentence` holds something of the kind `answer_type` named (one `question` does not say itself).

    With the question: "Who founded Fatah, Moussa Arafat?" is not answered by a sentence whose only
    name is Moussa Arafat, nor "... its 60th anniversary?" by one whose only number is the 60.
    """
    pattern = _EVIDENCE.get(kind)
    if pattern is None:
        return False
    asked = question.casefold()
    for found in pattern.finditer(sentence):
        thing = (found.groupdict().get("thing") or found.group(0)).casefold()
        # a run of names is new when one of its words is ("Manajer Garuda Pekanbaru Yarman")
        for part in thing.split() if kind == "person" else [thing]:
            if not asked or not re.search(rf"(?<!\w){re.escape(part)}(?!\w)", asked):
                return True
    return False
