"""BM25 channels over analysed chunk text (bm25s), scored so fusion can trust them.

Two scores lie in [0, 1] and say how much of the question a chunk matches lexically:
`scores` divides BM25 by the best score each query term reaches anywhere in the
corpus; `coverage` is the IDF-weighted share of the question's distinct terms that
the chunk contains at all. A question that shares no words with the corpus (English
asked of Ukrainian text) scores 0 everywhere and so leaves the ranking to the dense
channel.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from index.text.analysis import gram_terms, is_number_term, word_terms

Analyzer = Callable[[str], list[str]]
ANALYZERS: dict[str, Analyzer] = {"words": word_terms, "grams": gram_terms}


@dataclass
class LexicalChannel:
    name: str
    retriever: bm25s.BM25 | None
    chunk_ids: np.ndarray  # position in the BM25 corpus -> chunk id
    term_max: np.ndarray  # per vocabulary term: its best score in any chunk

    @classmethod
    def build(cls, name: str, chunk_ids: Sequence[int], texts: Sequence[str]) -> LexicalChannel:
        analyze = ANALYZERS[name]
        corpus = [analyze(text) for text in texts]
        ids = np.asarray(chunk_ids, dtype=np.int64)
        if not any(corpus):
            return cls(name, None, ids, np.zeros(0, np.float32))
        retriever = bm25s.BM25()
        retriever.index(corpus, show_progress=False)
        return cls(name, retriever, ids, _term_maxima(retriever))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / "chunk_ids.npy", self.chunk_ids)
        np.save(folder / "term_max.npy", self.term_max)
        if self.retriever is not None:
            self.retriever.save(str(folder / "bm25"))
        (folder / "channel.json").write_text(json.dumps({"name": self.name, "empty": self.retriever is None}))

    @classmethod
    def load(cls, folder: Path) -> LexicalChannel:
        meta = json.loads((folder / "channel.json").read_text())
        retriever = None if meta["empty"] else bm25s.BM25.load(str(folder / "bm25"))
        return cls(meta["name"], retriever, np.load(folder / "chunk_ids.npy"), np.load(folder / "term_max.npy"))

    def scores(self, question: str) -> np.ndarray:
        """Normalised score of every chunk (aligned with `chunk_ids`) for `question`."""
        if self.retriever is None:
            return np.zeros(len(self.chunk_ids), np.float32)
        vocab = self.retriever.vocab_dict
        all_terms = ANALYZERS[self.name](question)
        terms = [t for t in all_terms if t in vocab]
        if not terms:
            return np.zeros(len(self.chunk_ids), np.float32)
        ceiling = float(sum(self.term_max[vocab[t]] for t in terms))
        if ceiling <= 0:
            return np.zeros(len(self.chunk_ids), np.float32)
        # Terms the corpus never uses count against the match: "2022" alone in an English
        # question asked of Ukrainian text must not look like a full lexical match.
        coverage = len(terms) / len(all_terms)
        return (self.retriever.get_scores(terms) * (coverage / ceiling)).astype(np.float32)

    def coverage(self, question: str) -> np.ndarray:
        """IDF-weighted share of the question's distinct terms each chunk contains.

        Unlike BM25 it ignores how often and in how long a chunk a term occurs: for
        short news passages, which of the question's rare terms are present at all
        separates the answering passage from its neighbours better (+1 R@1 on FacQA).
        A term the corpus never uses weighs as much as the rarest term, so a question
        the corpus does not know cannot reach a full match.
        """
        n = len(self.chunk_ids)
        found = np.zeros(n, np.float32)
        if self.retriever is None:
            return found
        terms = list(dict.fromkeys(ANALYZERS[self.name](question)))
        if not terms:
            return found
        vocab, matrix = self.retriever.vocab_dict, self.retriever.scores
        indptr, rows = matrix["indptr"], matrix["indices"]
        found_numbers = np.zeros(n, np.float32)
        total = 0.0
        for term in terms:
            column = vocab.get(term)
            docs = rows[indptr[column] : indptr[column + 1]] if column is not None else rows[:0]
            weight = _idf(n, len(docs))
            total += weight
            (found_numbers if is_number_term(term) else found)[docs] += weight
        # A shared number alone ("2022") says little about the topic: it counts only
        # beside a shared word, so an English question asked of Ukrainian text is still
        # left to the dense channel (the grams channel matches numbers on its own).
        found += np.where(found > 0, found_numbers, 0)
        return found / np.float32(total)


def _idf(documents: int, frequency: int) -> float:
    # BM25's smoothed idf: positive for every frequency, largest for unseen terms.
    return float(np.log1p((documents - frequency + 0.5) / (frequency + 0.5)))


def _term_maxima(retriever: bm25s.BM25) -> np.ndarray:
    data, indptr = retriever.scores["data"], retriever.scores["indptr"]
    maxima = np.zeros(len(indptr) - 1, dtype=np.float32)
    nonempty = np.diff(indptr) > 0
    if nonempty.any():
        maxima[nonempty] = np.maximum.reduceat(data, indptr[:-1][nonempty])
    return maxima
