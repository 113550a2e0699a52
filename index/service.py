"""The one entry point the CLI and the bot call: load the model once, answer, index, look up."""

from __future__ import annotations

import logging
import os
import tempfile
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from index.config import Settings
from index.embed.embedder import Embedder, needs_build, shared_embedder
from index.embed.offline_model import default_cache_dir
from index.errors import ArticleNotFoundError, FrontlineError, GenerationError, IndexNotFoundError, InputError
from index.feedback import FeedbackStore, feedback_path
from index.ingest.fetch import redact_url
from index.ingest.indexer import AddReport, Progress, RemoveReport, add_articles, remove_articles
from index.ingest.loader import Loaded, load_inputs
from index.search.answer import Answer, AnswerParams
from index.search.generate import Generator, Passage
from index.search.pipeline import QuestionPipeline
from index.search.retrieval import FusionParams, Mode, query_vectors
from index.search.timeline import Timeline, build_timeline
from index.search.when import explicit_range
from index.store import db
from index.store import vectors as vector_backends
from index.store.folder import IndexDir
from index.store.maintenance import CheckReport, check_index, stored_articles, write_export
from index.store.merge import merge_pending, optimize
from index.store.reader import SegmentCache, Snapshot, return_freed_memory

MAX_QUESTION_CHARS = 1000
log = logging.getLogger(__name__)


def _remote_segments(lexical: str) -> SegmentCache:
    from index.store.remote import RemoteSegments

    return RemoteSegments(lexical)


def clean_question(question: str) -> str:
    """Collapse whitespace, drop invisible format characters (zero-width, bidi overrides), cap the length."""
    visible = "".join(ch for ch in question if unicodedata.category(ch) != "Cf")
    return " ".join(visible.split())[:MAX_QUESTION_CHARS]


@dataclass
class Preflight:
    """What `frontline bot --check` found: problems stop the bot; notes don't."""

    problems: list[FrontlineError] = field(default_factory=list)
    notes: list[FrontlineError] = field(default_factory=list)


def _writable(folder: Path) -> bool:
    """Whether this process can create files in `folder` (or create it, when it does not exist yet)."""
    if folder.is_dir():
        try:
            with tempfile.TemporaryFile(dir=folder):
                return True
        except OSError:
            return False
    parent = folder.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    return parent.is_dir() and os.access(parent, os.W_OK | os.X_OK)


@dataclass(frozen=True)
class Stats:
    articles: int
    chunks: int
    model: str
    dim: int
    generation: int
    created_at: str
    segments: int = 0


class Frontline:
    """Holds the embedding model and the open index snapshot.

    The snapshot is re-opened when a writer (this process or another) commits a new
    generation, so answers switch to the new index without a restart.
    """

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.index_dir = IndexDir(settings.index_dir, backend=settings.backend)
        milvus = settings.milvus_connection()
        if milvus is not None:
            vector_backends.configure("milvus", **milvus)
        # FRONTLINE_READ_FROM=milvus: answer from the index published in Milvus, no folder (index/store/remote.py)
        self.remote = settings.read_from == "milvus"
        if settings.milvus_index and not self.remote:  # the writer publishes each commit for remote readers
            from index.store.published import publisher

            self.index_dir.after_commit = publisher(None, settings.milvus_index)
        self._embedder = embedder
        self._snapshot: Snapshot | None = None
        # segments stay loaded across commits: a new commit loads only its own
        self._segments = SegmentCache() if not self.remote else _remote_segments(settings.milvus_lexical)
        self._lock = threading.Lock()
        self._feedback: FeedbackStore | None = None
        self._generator: Generator | None = None  # made on the first generated answer; keeps its connections
        self.fusion = FusionParams()
        self.answering = AnswerParams()

    @property
    def embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                self._embedder = shared_embedder(
                    self.settings.model,
                    self.settings.model_cache,
                    self.settings.embed_batch_size,
                    self.settings.embed_backend,
                )
            return self._embedder

    def load_model_in_background(self) -> None:
        """Start loading the embedding model on a thread, for a command that reads its inputs first.

        `frontline index add` spends ~0.4 s reading and identifying its inputs and ~0.9 s
        loading the model, most of it in native code that releases the GIL: side by side
        they take about the longer of the two. A failure is not reported here; the next use
        of `embedder` raises it again, where it is worded.
        """

        def load() -> None:
            try:
                self.embedder  # noqa: B018 -- loading it is the point
            except Exception:  # noqa: BLE001 -- raised again, and shown, where the model is used
                pass

        threading.Thread(target=load, name="frontline-model", daemon=True).start()

    def snapshot(self) -> Snapshot:
        """The latest commit, opened once: a new commit (by this process or another) is picked up here."""
        with self._lock:
            if self._snapshot is None or not self._snapshot.is_current(self.index_dir):
                fresh = self._open_remote() if self.remote else Snapshot.open(self.index_dir, self._segments)
                self._check_model(fresh)
                stale, self._snapshot = self._snapshot, fresh  # the old one closes when its last reader is done
                del stale
                if fresh.merged_away:  # their memory, and the merge's, went back to the allocator
                    return_freed_memory()
            return self._snapshot

    def _open_remote(self) -> Snapshot:
        from index.store.remote import RemoteIndex, RemoteSnapshot
        from index.store.vectors.milvus import configured

        where = configured()
        # Without FRONTLINE_MILVUS_URI the connection would default to a Milvus Lite file in the
        # (unused) index folder, made empty on the spot: a reader always names where the index is.
        if where is None or not self.settings.milvus_uri or not self.settings.milvus_index:
            raise FrontlineError("remote_index_unconfigured", setting="FRONTLINE_MILVUS_INDEX")
        source = RemoteIndex(where, self.settings.milvus_index, self.settings.milvus_lexical)
        return RemoteSnapshot.open_remote(source, self._segments)  # type: ignore[arg-type]

    def _writer(self) -> None:
        """Writes go through the index folder on the writer's machine; a remote reader has none."""
        if self.remote:
            raise FrontlineError("index_read_only", name=self.settings.milvus_index)

    def _check_model(self, snapshot: Snapshot) -> None:
        if snapshot.manifest.model != self.settings.model:
            from index.errors import ModelMismatchError

            raise ModelMismatchError(
                "model_mismatch",
                path=self.index_dir.root,
                built=snapshot.manifest.model,
                requested=self.settings.model,
            )

    @property
    def feedback(self) -> FeedbackStore:
        with self._lock:
            if self._feedback is None:
                self._feedback = FeedbackStore(feedback_path(self.index_dir.root))
            return self._feedback

    # -- questions ---------------------------------------------------------
    def ask(
        self,
        question: str,
        k: int = 5,
        mode: Mode = "hybrid",
        *,
        date_from: str | None = None,
        date_to: str | None = None,
        as_of: date | None = None,
    ) -> Answer:
        """Answer `question` from the index.

        `date_from` / `date_to` (YYYY-MM-DD, either may be left out) keep only passages
        published then; otherwise a date in the question ("on 13 May 2022", "last week",
        counted from `as_of`, default today) is preferred. `Answer.date_range` says which
        range was applied (None: all dates).
        """
        question = clean_question(question)
        if not any(ch.isalnum() for ch in question):
            raise FrontlineError("question_empty")
        explicit = explicit_range(date_from, date_to)
        pipeline = QuestionPipeline(self.snapshot(), self.embedder, self.fusion, self.answering)
        answer = pipeline.ask(question, k, mode, dates=explicit, as_of=as_of).answer
        assert answer is not None  # the answer step runs unless left out
        return self.generated(answer)

    def generated(self, answer: Answer) -> Answer:
        """`answer` written by the configured chat model from its citations (index/search/generate.py).

        Unchanged when no model is configured, when there is no confident answer, or when
        the model's text fails (timeout, HTTP error, malformed stream, a marker or number
        the passages do not back): the reason is logged, the extractive answer stands.
        """
        settings = self.settings
        if not (settings.llm_url and settings.llm_model) or answer.confidence != "high" or not answer.citations:
            return answer
        generator = self._answer_model()
        passages = [Passage(c.n, c.passage, c.publisher, c.published_at) for c in answer.citations]
        try:
            text = generator.answer(answer.question, passages)
        except GenerationError as exc:
            log.warning("generated answer not used (%s); the extractive answer is shown", exc)
            return answer
        return replace(answer, answer=text, generated=True)

    def _answer_model(self) -> Generator:
        with self._lock:
            if self._generator is None:
                settings = self.settings
                key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else ""
                self._generator = Generator(
                    settings.llm_url, settings.llm_model, key, settings.llm_timeout_s, settings.llm_concurrency
                )
            return self._generator

    def timeline(
        self,
        topic: str,
        k: int = 12,
        *,
        date_from: str | None = None,
        date_to: str | None = None,
        as_of: date | None = None,
    ) -> Timeline:
        """Dated, cited reports about `topic` in date order, one entry per event (index/search/timeline.py)."""
        topic = clean_question(topic)
        if not any(ch.isalnum() for ch in topic):
            raise FrontlineError("question_empty")
        explicit = explicit_range(date_from, date_to)
        return build_timeline(self.snapshot(), self.embedder, topic, k, explicit, as_of, self.fusion)

    def warm_up(self) -> None:
        """Load the model and the index, and run the model once per usual question length and shape.

        OpenVINO compiles kernels per input shape, and the single-question model on first
        use (0.56 s): without this, the first questions of each length wait 15-560 ms longer
        (a bot calls it at start-up).
        """
        for words in (4, 18, 34, 50):  # token lengths fall in the first four 16-token buckets
            text = " ".join(["kata"] * words)
            for asked in (f"{text}?", text):  # a question (one encoding), a statement (two in one call)
                query_vectors(self.embedder, [asked], self.fusion)
        try:  # open the index and load the stemmer too
            self.ask("Berapa orang melintasi perbatasan dengan Finlandia?")
        except FrontlineError:  # no index yet: /reindex will create one
            pass

    def prepare(self) -> Path:
        """Build every model file this configuration uses into the model cache, then run the model once."""
        self.embedder.encode_queries(["warm-up"])
        return self.model_cache

    @property
    def model_cache(self) -> Path:
        return self.settings.model_cache or default_cache_dir()

    def preflight(self) -> Preflight:
        """What would stop this process from serving, found without writing anything lasting.

        Loads the model (unless it would first have to be built) and opens the index;
        checks that the folders the process writes (index, feedback) are writable.
        """
        report = Preflight()
        root = self.index_dir.root
        if not _writable(root):
            report.problems.append(FrontlineError("folder_not_writable", path=root.resolve(), purpose="the index"))
        feedback = feedback_path(root)
        if feedback.exists() and not os.access(feedback, os.W_OK):
            report.problems.append(FrontlineError("file_not_writable", path=feedback.resolve(), purpose="feedback"))
        settings = self.settings
        if needs_build(settings.model, self.model_cache, settings.embed_backend):
            if _writable(self.model_cache):
                report.notes.append(FrontlineError("model_will_build", path=self.model_cache.resolve()))
            else:
                report.problems.append(FrontlineError("model_not_built", path=self.model_cache.resolve()))
        else:
            try:
                _ = self.embedder
            except FrontlineError as exc:
                report.problems.append(exc)
        if self.index_dir.current() is None and not self.remote:
            report.notes.append(FrontlineError("index_empty", path=root.resolve()))
        else:
            try:
                self.snapshot()
            except FrontlineError as exc:
                report.problems.append(exc)
        return report

    # -- indexing ----------------------------------------------------------
    def load(self, inputs: Iterable[str]) -> list:
        """Files, folders and URLs as the operator names them on the command line."""
        return list(self.stream(inputs))

    def stream(self, inputs: Iterable[str]) -> Iterator[Loaded | InputError]:
        """`load`, one article at a time as it is read: what a bulk `index add` hands to `add`."""
        return load_inputs(inputs, self.settings.load_options())

    def load_url(self, url: str) -> list:
        """Articles from one http(s) URL given by someone who is not the operator (the bot's /reindex).

        Anything else (a path, `file://`, a folder) is refused here, before the loader that
        would read it from the host: an admin must never be able to index the bot's own files.
        """
        url = url.strip()
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 -- raises ValueError on a malformed port
        except ValueError:
            return [InputError("url_only", label=redact_url(url))]
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return [InputError("url_only", label=redact_url(url))]
        if parts.username is not None or parts.password is not None:
            return [InputError("url_credentials", label=redact_url(url))]
        return self.load([url])

    def add(
        self, items: Iterable, progress: Progress | None = None, *, merge: bool = True, distributed: bool = False
    ) -> AddReport:
        """Index `items`; then merge segments as the policy asks, unless `merge` is False (the bot merges later).

        `distributed` (a bulk import) embeds on the Ray cluster at FRONTLINE_RAY_ADDRESS when one is set.
        """
        self._writer()
        embedder = self.embedder
        if distributed and self.settings.ray_address:
            from index.embed.distributed import ray_embedder

            chunking = self.settings.chunking()
            items = list(items)  # read twice: embedded on the cluster first, then indexed
            articles = [item.article for item in items if isinstance(item, Loaded)]
            embedder = ray_embedder(  # type: ignore[assignment]
                articles,
                self.embedder,
                chunking.chunk_tokens,
                chunking.overlap_tokens,
                self.settings.ray_address,
                sentences=chunking.sentence_vectors == "direct",  # lazy: embedded at questions; pooled: here
                cache=self.model_cache,
                workers=self.settings.ray_workers,
            )
        report = add_articles(self.index_dir, embedder, items, self.settings.chunking(), progress)
        if merge:
            self.merge()
        return report

    def remove(self, article_ids: Sequence[str], *, merge: bool = True) -> RemoveReport:
        self._writer()
        report = remove_articles(self.index_dir, article_ids)
        if merge and report.removed:
            self.merge()
        return report

    def merge(self) -> int:
        """Run the automatic merge policy (index/store/merge.py); returns how many merges ran (none on a reader)."""
        if self.remote:  # the writer merges what it wrote; a reader has nothing of its own to merge
            return 0
        manifest = self.index_dir.manifest()
        if manifest is None:
            return 0
        return merge_pending(self.index_dir, manifest.model, manifest.dim)

    def optimize(self) -> int:
        """Merge every segment into one; returns how many there were."""
        self._writer()
        manifest = self.index_dir.manifest()
        if manifest is None:
            raise IndexNotFoundError("index_not_found", path=self.index_dir.root)
        return optimize(self.index_dir, manifest.model, manifest.dim)

    def upgrade(self) -> bool:
        """Bring an index of an older format to the current one (no re-embedding); False when it already is."""
        self._writer()
        folder = self.index_dir.require_current()
        if not self.index_dir.is_legacy(folder):
            return False
        manifest = self.index_dir.manifest()
        assert manifest is not None
        with self.index_dir.write(manifest.model, manifest.dim):
            pass
        return True

    def publish(self) -> int:
        """Publish the latest commit under FRONTLINE_MILVUS_INDEX for remote readers (index/store/published.py)."""
        self._writer()
        if not self.settings.milvus_index:
            raise FrontlineError("remote_index_unconfigured", setting="FRONTLINE_MILVUS_INDEX")
        from index.store.published import publish

        with self.index_dir.lock():
            return publish(self.index_dir, self.settings.milvus_index)

    # -- maintenance -------------------------------------------------------
    def check(self) -> CheckReport:
        return check_index(self.index_dir, self.settings.model)

    def repair(self, progress: Progress | None = None) -> AddReport:
        """Rebuild every derived part (chunks, vectors, BM25) from the stored article text."""
        self._writer()
        articles, generation = stored_articles(self.index_dir)
        items = [Loaded(f"{generation}:{article.id}", article) for article in articles]
        return add_articles(self.index_dir, self.embedder, items, self.settings.chunking(), progress, fresh=True)

    def export(self, path: Path) -> int:
        return write_export(self.index_dir, path)

    # -- lookups -----------------------------------------------------------
    def stats(self) -> Stats:
        manifest = self.snapshot().manifest
        return Stats(
            manifest.articles,
            manifest.chunks,
            manifest.model,
            manifest.dim,
            manifest.generation,
            manifest.created_at,
            manifest.segments,
        )

    def source(self, article_id: str) -> db.ArticleInfo:
        info = self.snapshot().get_article(article_id)
        if info is None:
            raise ArticleNotFoundError("article_not_found", id=article_id)
        return info

    def article_key(self, info: db.ArticleInfo) -> str:
        """A key of at most 100 characters for `info` (Discord's limit on a choice value): its id, or `#<row>`."""
        article_id = info.article.id
        return article_id if len(article_id) <= 100 and not article_id.startswith("#") else f"#{info.row_id}"

    def resolve_article(self, key: str) -> str:
        """The article id an `article_key` (or a typed id) stands for; the key itself when it names none."""
        snapshot = self.snapshot()
        if key.startswith("#") and key[1:].isdigit() and not snapshot.has_article(key):
            return snapshot.article_id_at(int(key[1:])) or key
        return key

    def sources(
        self,
        query: str = "",
        publisher: str = "",
        date_from: str = "",
        date_to: str = "",
        limit: int = 50,
        offset: int = 0,
    ) -> list[db.ArticleInfo]:
        return self.snapshot().list_articles(
            query=query,
            publisher=publisher,
            date_from=date_from,
            date_to=date_to,
            limit=limit,
            offset=offset,
        )


__all__ = ["Frontline", "Stats", "Loaded"]
