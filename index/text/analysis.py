"""Text analysis for the lexical channels: words, transliterated character n-grams, numbers."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from unidecode import unidecode

# "17.000" and "17,000" are one number (Indonesian and English thousands separators);
# "2,5" / "2.5" keep their decimal part.
_NUMBER = re.compile(r"\d{1,3}(?:[.,]\d{3})+(?!\d)|\d+(?:[.,]\d+)?")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_LATIN_WORD = re.compile(r"[a-z]+")
GRAM = 4

_QUESTION_MARK_END = re.compile(r"[?？؟]\W*$")
# A question often comes without its question mark; its first word, or in Indonesian
# the question particle -kah on an interrogative anywhere ("Pada tahun berapakah ..."),
# still gives it away.
_INTERROGATIVE_START = re.compile(
    r"^\W*(who|whom|whose|what|when|where|why|how|which"
    r"|apa|siapa|berapa|kapan|di ?mana|mengapa|kenapa|bagaimana"
    r"|хто|що|коли|де|чому|як|скільки|який|яка|яке|які|кто|что|когда|где|почему|как|сколько)(kah)?\b",
    re.IGNORECASE,
)
_QUESTION_PARTICLE = re.compile(r"\b(apa|siapa|berapa|kapan|di ?mana|mana|mengapa|bagaimana)kah\b", re.IGNORECASE)


def is_question(text: str) -> bool:
    """Whether `text` asks something, as opposed to stating it (a headline, a claim, a sentence)."""
    return bool(_QUESTION_MARK_END.search(text) or _INTERROGATIVE_START.search(text) or _QUESTION_PARTICLE.search(text))


def normalize_number(token: str) -> str:
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", token):
        return re.sub(r"[.,]", "", token)
    return token.replace(",", ".")


def numbers(text: str) -> list[str]:
    return [normalize_number(m.group()) for m in _NUMBER.finditer(text)]


def is_number_term(term: str) -> bool:
    """Whether an analysed term is a number: words (`_WORD`) never hold a digit."""
    return term[:1].isdigit()


@lru_cache(maxsize=1)
def _stemmer() -> Any:  # Sastrawi has no type hints
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    # Sastrawi strips Indonesian affixes (me-, di-, ber-, -kan, -nya, ...); words of
    # other languages mostly pass through, so one analyser serves every article.
    if not word.isascii() or len(word) <= 3:
        return word
    return _stemmer().stem(word) or word


def word_terms(text: str) -> list[str]:
    """Case-folded, stemmed words plus normalised numbers."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return [_stem(w) for w in _WORD.findall(text)] + numbers(text)


@lru_cache(maxsize=200_000)
def _grams(word: str) -> tuple[str, ...]:
    padded = f"#{word}#"
    if len(padded) <= GRAM:
        return (padded,)
    return tuple(padded[i : i + GRAM] for i in range(len(padded) - GRAM + 1))


def gram_terms(text: str) -> list[str]:
    """Character n-grams of the text transliterated to Latin, so "Зеленський" meets "Zelensky"."""
    latin = unidecode(unicodedata.normalize("NFKC", text)).lower()
    terms: list[str] = []
    for word in _LATIN_WORD.findall(latin):
        if len(word) >= 3:
            terms.extend(_grams(word))
    return terms + numbers(text)
