"""Language identification for articles that do not declare one."""

from __future__ import annotations

from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Malay is left out on purpose: the classifier often labels Indonesian news as Malay,
# and an Indonesian news desk is far likelier than a Malaysian one here.
_LANGUAGES = [
    "ar", "de", "en", "es", "fa", "fr", "he", "hi", "id", "it", "ja", "ko", "nl", "pl",
    "pt", "ro", "ru", "sv", "tr", "uk", "vi", "zh", "cs", "fi", "hu", "el", "ka", "be",
]  # fmt: skip


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(_LANGUAGES)
    return identifier


def detect_language(text: str) -> str:
    """ISO 639-1 code of `text`'s language, or "" when the text is too short to tell."""
    sample = text[:2000]
    if sum(ch.isalpha() for ch in sample) < 20:
        return ""
    lang, _confidence = _identifier().classify(sample)
    return str(lang)
