"""Generated answers (optional): a chat model writes the answer from the cited passages only.

Off unless `FRONTLINE_LLM_URL` and `FRONTLINE_LLM_MODEL` are set (index/config.py). Any
OpenAI-compatible server works (Ollama, vLLM, llama.cpp server, OpenAI): one streamed
`POST …/v1/chat/completions` with httpx, read as server-sent events (`data: {json}` lines,
ended by `data: [DONE]`).

The model sees the question and the numbered passages and is told to answer in the
question's language with [n] markers. Its text is used only when it checks out:

    markers   every [n] names a cited passage, and there is at least one
    numbers   every number in the text is one a cited passage gives ("17.000" / "17,000" /
              "17 ribu" are one number), or the publication date it was shown
    language  the question's, where `index.search.abstain.language` can tell

Otherwise, and on a timeout (one deadline over connecting and the whole stream), an HTTP
error, a malformed or cut-off stream (an error event, `finish_reason: length`) or empty
text, `Generator.answer` raises `GenerationError` with a kind, and the service keeps the
extractive answer and logs the reason. The passages stay cited either way. A server that
answers the streamed request with one JSON completion is read too.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import httpx

from index.errors import GenerationError
from index.ingest.dates import display_date
from index.search.abstain import language
from index.text.analysis import normalize_number
from index.text.figures import extract_figures

MARKER = re.compile(r"\[(\d+)\]")
_NUMBER = re.compile(r"\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?!\d)|\d+(?:[.,]\d+)?")
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_NEWLINE = re.compile(r"\r\n|\r|\n")
# A link in the model's text (markdown, bare or angle-bracketed), which Discord would render.
_LINK = re.compile(r"\]\(|\b(?:https?|ftp)://|\bwww\.|<[a-z][\w+.-]*:", re.IGNORECASE)
MAX_LINE_CHARS = 65536
MAX_TEXT_CHARS = 2000  # a model that does not stop is cut off here (and its answer refused)


@dataclass(frozen=True)
class Passage:
    """A cited passage as the model sees it."""

    n: int
    text: str
    publisher: str = ""
    published_at: str | None = None


def endpoint(url: str) -> str:
    """`…/v1/chat/completions` from a base URL given with or without `/v1` (or already complete)."""
    url = url.rstrip("/")
    if url.endswith("/chat/completions"):
        return url
    return f"{url}/chat/completions" if url.endswith("/v1") else f"{url}/v1/chat/completions"


def question_language(question: str) -> str:
    """The language the answer must be written in, named for the model ("" when unsure)."""
    guess = language(question)
    if guess == "cyrillic":
        return "Ukrainian" if _UKRAINIAN.search(question) else ""
    return {"en": "English", "id": "Indonesian"}.get(guess, "")


def messages(question: str, passages: Sequence[Passage]) -> list[dict[str, str]]:
    """The chat request: instructions, then the numbered passages and the question."""
    named = question_language(question)
    written_in = f"in {named}, the language of the question" if named else "in the language of the question"
    system = (
        "You answer questions about news coverage of a war using ONLY the numbered passages given. "
        f"Write one to three sentences {written_in}. After each statement put the number of the passage "
        "it comes from in square brackets, like [1]. Use only numbers that appear in the passages. "
        "If the passages do not answer the question, say so in one sentence."
    )
    lines = []
    for p in passages:
        about = ", ".join(x for x in (p.publisher, display_date(p.published_at)) if x)
        lines.append(f"[{p.n}] ({about}) {p.text}" if about else f"[{p.n}] {p.text}")
    user = "Passages:\n" + "\n\n".join(lines) + f"\n\nQuestion: {question}"
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def check(text: str, passages: Sequence[Passage], question: str = "") -> str:
    """`text` stripped, when `passages` back it and it is in `question`'s language; else GenerationError.

    The language is checked as far as `index.search.abstain.language` can tell (a short text often not).
    """
    text = text.strip()
    if not text:
        raise GenerationError("llm_empty")
    cited = {p.n for p in passages}
    markers = [int(m) for m in MARKER.findall(text)]
    if not markers:
        raise GenerationError("llm_no_citation")
    unknown = sorted(set(markers) - cited)
    if unknown:
        raise GenerationError("llm_unknown_citation", marker=unknown[0], cited=len(cited))
    if _LINK.search(text):  # the passages are anyone's pages: a link they talked the model into is not shown
        raise GenerationError("llm_link")
    asked_in, written_in = language(question), language(MARKER.sub(" ", text))
    if asked_in and written_in and asked_in != written_in:
        raise GenerationError("llm_wrong_language", language=question_language(question) or asked_in)
    # The passages as the model read them: their text and the publication date it was shown.
    invented = unsupported_numbers(text, [f"{p.text} {display_date(p.published_at)}" for p in passages])
    if invented:
        raise GenerationError("llm_invented_number", number=invented[0])
    return text


def unsupported_numbers(text: str, passages: Sequence[str]) -> list[str]:
    """The numbers in `text` that no passage gives, as written (markers aside)."""
    given: set[float] = set()
    for passage in passages:
        given.update(_plain(n) for n in _NUMBER.findall(passage))
        for figure in extract_figures(passage):
            given.update((figure.low, figure.high))
    text = MARKER.sub(" ", text)
    scaled = extract_figures(text)  # "17 thousand" in the text, "17.000" in the passage
    missing = []
    for match in _NUMBER.finditer(text):
        if _plain(match.group()) in given:
            continue
        around = [f for f in scaled if f.start <= match.start() and match.end() <= f.end]
        if any(f.low in given and f.high in given for f in around):
            continue
        missing.append(match.group())
    return missing


def _plain(token: str) -> float:
    return float(normalize_number(re.sub(r"[\u00a0\u202f ]", "", token)))


class Generator:
    """Writes answers through one OpenAI-compatible chat endpoint, streamed; `answer` is the one call.

    One per service: its httpx client keeps connections to the server open across answers
    (a new client per answer paid a TCP and TLS handshake each time), and at most `concurrency`
    answers are written at once. A question that finds them all taken is not queued behind a
    slow model: it gets `llm_busy` at once and keeps its extractive answer.
    """

    def __init__(self, url: str, model: str, api_key: str = "", timeout_s: float = 30.0, concurrency: int = 4) -> None:
        self.url = endpoint(url)
        self.model = model
        self.timeout_s = timeout_s
        self.concurrency = concurrency
        self._headers = {"Accept": "text/event-stream"}
        if api_key:
            self._headers["Authorization"] = f"Bearer {api_key}"
        self._slots = threading.BoundedSemaphore(concurrency)
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout_s),
            follow_redirects=False,
            limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
        )

    def answer(self, question: str, passages: Sequence[Passage]) -> str:
        """The model's checked answer to `question` from `passages`; GenerationError when there is none to use."""
        return check(self.complete(messages(question, passages)), passages, question)

    def complete(self, chat: list[dict[str, str]]) -> str:
        """The streamed completion's text, within one deadline."""
        if not self._slots.acquire(blocking=False):
            raise GenerationError("llm_busy", limit=self.concurrency)
        try:
            return self._complete(chat)
        finally:
            self._slots.release()

    def _complete(self, chat: list[dict[str, str]]) -> str:
        deadline = time.monotonic() + self.timeout_s
        body = {"model": self.model, "messages": chat, "stream": True, "temperature": 0}
        try:
            with self._client.stream("POST", self.url, json=body, headers=self._headers) as response:
                if response.status_code != 200:
                    raise GenerationError("llm_http_status", status=response.status_code)
                if response.headers.get("content-type", "").startswith("application/json"):
                    return _whole(response, deadline, self.timeout_s)  # a server that does not stream
                lines = _lines(response.iter_text(), deadline, self.timeout_s)
                return "".join(_deltas(lines, deadline, self.timeout_s))
        except httpx.TimeoutException as exc:
            raise GenerationError("llm_timeout", seconds=self.timeout_s) from exc
        except httpx.HTTPError as exc:
            raise GenerationError("llm_unreachable", reason=type(exc).__name__) from exc

    def close(self) -> None:
        self._client.close()


def _lines(chunks: Iterator[str], deadline: float, timeout_s: float) -> Iterator[str]:
    """The stream's lines, checking the deadline at every chunk (a server may drip a line for ever)."""
    buffer = ""
    for chunk in chunks:
        if time.monotonic() > deadline:
            raise GenerationError("llm_timeout", seconds=timeout_s)
        buffer += chunk
        *complete, buffer = _NEWLINE.split(buffer)
        if len(buffer) > MAX_LINE_CHARS:
            raise GenerationError("llm_malformed_stream", reason="a line over the size limit")
        yield from complete
    if buffer:
        yield buffer


def _deltas(lines: Iterator[str], deadline: float, timeout_s: float) -> Iterator[str]:
    """The text pieces of an SSE chat stream, up to `data: [DONE]`; GenerationError on anything else."""
    size = 0
    for line in lines:
        if time.monotonic() > deadline:
            raise GenerationError("llm_timeout", seconds=timeout_s)
        line = line.strip()
        if not line or line.startswith(":") or line.startswith(("event:", "id:", "retry:")):
            continue  # keep-alives, comments and the fields we do not use
        if not line.startswith("data:"):
            raise GenerationError("llm_malformed_stream", reason="a line that is not an SSE field")
        data = line[5:].strip()
        if data == "[DONE]":
            return
        piece = _piece(data)
        size += len(piece)
        if size > MAX_TEXT_CHARS:
            raise GenerationError("llm_too_long", limit=MAX_TEXT_CHARS)
        yield piece
    raise GenerationError("llm_malformed_stream", reason="the stream ended before [DONE]")


def _piece(data: str) -> str:
    """The text of one chunk event ("" for a role or usage chunk); GenerationError for an error or a cut-off."""
    try:
        event = json.loads(data)
        if not isinstance(event, dict):
            raise TypeError
        if event.get("error"):  # servers report failures mid-stream this way
            error = event["error"]
            message = error.get("message", "") if isinstance(error, dict) else str(error)
            raise GenerationError("llm_stream_error", reason=message[:200] or "no message")
        choice = event["choices"][0] if event.get("choices") else {}
        piece = (choice.get("delta") or {}).get("content") or ""
        finish = choice.get("finish_reason")
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise GenerationError("llm_malformed_stream", reason="an event that is not a chat chunk") from exc
    if not isinstance(piece, str):
        raise GenerationError("llm_malformed_stream", reason="content that is not text")
    if finish == "length":
        raise GenerationError("llm_truncated")
    return piece


def _whole(response: httpx.Response, deadline: float, timeout_s: float) -> str:
    """The text of a server that answered the streamed request with one JSON completion.

    Read a piece at a time under the same deadline and size limit as a stream: a reply that
    drips or never ends is cut off, not read into memory for as long as the server likes.
    """
    parts, size = [], 0
    for part in response.iter_bytes():
        if time.monotonic() > deadline:
            raise GenerationError("llm_timeout", seconds=timeout_s)
        size += len(part)
        if size > MAX_LINE_CHARS:
            raise GenerationError("llm_malformed_stream", reason="a reply over the size limit")
        parts.append(part)
    body = b"".join(parts)
    try:
        choice = json.loads(body)["choices"][0]
        text = choice["message"]["content"] or ""
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise GenerationError("llm_malformed_stream", reason="a JSON reply that is not a chat completion") from exc
    if not isinstance(text, str):
        raise GenerationError("llm_malformed_stream", reason="content that is not text")
    if choice.get("finish_reason") == "length":
        raise GenerationError("llm_truncated")
    return text
