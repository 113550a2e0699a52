"""Settings from the environment and `.env` (every field is listed in .env.example)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from index.embed.embedder import DEFAULT_MODEL
from index.ingest.fetch import FetchPolicy
from index.ingest.indexer import ChunkingOptions
from index.ingest.loader import LoadOptions


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # Index and model
    index_dir: Path = Field(Path("data/index"), alias="FRONTLINE_INDEX_DIR")
    model: str = Field(DEFAULT_MODEL, alias="FRONTLINE_MODEL")
    model_cache: Path | None = Field(None, alias="FRONTLINE_MODEL_CACHE")
    chunk_tokens: int = Field(128, alias="FRONTLINE_CHUNK_TOKENS", ge=32, le=510)
    chunk_overlap: int = Field(24, alias="FRONTLINE_CHUNK_OVERLAP", ge=0, le=128)
    embed_batch_size: int = Field(32, alias="FRONTLINE_EMBED_BATCH_SIZE", ge=1)
    embed_backend: Literal["auto", "openvino", "torch"] = Field("auto", alias="FRONTLINE_EMBED_BACKEND")
    # Answer-sentence vectors: embedded when a question first cites them (lazy), at write time
    # (direct), or pooled from their chunk's pass (a new index only; see index/embed/bulk.py)
    sentence_vectors: Literal["lazy", "direct", "pooled"] = Field("lazy", alias="FRONTLINE_SENTENCE_VECTORS")

    # Vector store: where a new index keeps its vectors (an existing one keeps what it records;
    # a write naming another backend for it is refused, naming export/import)
    backend: Literal["faiss", "milvus"] | None = Field(None, alias="FRONTLINE_BACKEND")
    milvus_uri: str = Field("", alias="FRONTLINE_MILVUS_URI")
    milvus_token: SecretStr | None = Field(None, alias="FRONTLINE_MILVUS_TOKEN")
    milvus_db: str = Field("", alias="FRONTLINE_MILVUS_DB")
    # The name a Milvus index is published under (by its writer, after every commit) and read by
    # (readers with FRONTLINE_READ_FROM=milvus, which need no index folder); "" publishes nothing
    milvus_index: str = Field("", alias="FRONTLINE_MILVUS_INDEX", pattern=r"^[A-Za-z0-9_-]{0,64}$")
    read_from: Literal["folder", "milvus"] = Field("folder", alias="FRONTLINE_READ_FROM")
    # A Milvus reader's BM25 postings: loaded once per segment (load), or read per question (query)
    milvus_lexical: Literal["load", "query"] = Field("load", alias="FRONTLINE_MILVUS_LEXICAL")
    # Bulk imports: embed on a Ray cluster (ray://host:10001 or host:6379), one model per worker
    ray_address: str = Field("", alias="FRONTLINE_RAY_ADDRESS")
    ray_workers: int | None = Field(None, alias="FRONTLINE_RAY_WORKERS", ge=1)

    # Ingest
    max_article_bytes: int = Field(2_000_000, alias="FRONTLINE_MAX_ARTICLE_BYTES", ge=1)
    max_json_bytes: int = Field(64_000_000, alias="FRONTLINE_MAX_JSON_BYTES", ge=1)
    fetch_timeout_s: float = Field(15.0, alias="FRONTLINE_FETCH_TIMEOUT_S", gt=0)
    fetch_max_bytes: int = Field(5_000_000, alias="FRONTLINE_FETCH_MAX_BYTES", ge=1)
    fetch_allow_hosts: str = Field("", alias="FRONTLINE_FETCH_ALLOW_HOSTS")

    # Generated answers (optional): an OpenAI-compatible chat endpoint, used when URL and model are set
    llm_url: str = Field("", alias="FRONTLINE_LLM_URL")
    llm_model: str = Field("", alias="FRONTLINE_LLM_MODEL")
    llm_api_key: SecretStr | None = Field(None, alias="FRONTLINE_LLM_API_KEY")
    llm_timeout_s: float = Field(30.0, alias="FRONTLINE_LLM_TIMEOUT_S", gt=0)
    # Answers written at once; a question finding them all taken keeps its extractive answer at once
    llm_concurrency: int = Field(4, alias="FRONTLINE_LLM_CONCURRENCY", ge=1, le=64)

    # Discord
    discord_token: SecretStr | None = Field(None, alias="DISCORD_TOKEN")
    guild_ids: str = Field("", alias="FRONTLINE_GUILD_IDS")
    admin_role: str = Field("", alias="FRONTLINE_ADMIN_ROLE")
    ask_cooldown_s: float = Field(10.0, alias="FRONTLINE_ASK_COOLDOWN_S", ge=0)
    ask_rate: int = Field(3, alias="FRONTLINE_ASK_RATE", ge=1)
    answer_k: int = Field(3, alias="FRONTLINE_ANSWER_K", ge=1, le=10)
    message_questions: bool = Field(True, alias="FRONTLINE_MESSAGE_QUESTIONS")
    answer_language: Literal["en", "id", "uk"] = Field("en", alias="FRONTLINE_ANSWER_LANGUAGE")
    # Several bot processes on one Discord application: each runs one shard of SHARD_COUNT
    # (Discord sends each guild's events to one shard), e.g. readers of one Milvus index on several machines.
    shard_id: int | None = Field(None, alias="FRONTLINE_SHARD_ID", ge=0)
    shard_count: int | None = Field(None, alias="FRONTLINE_SHARD_COUNT", ge=1)
    log_level: str = Field("INFO", alias="FRONTLINE_LOG_LEVEL")

    @model_validator(mode="after")
    def _one_shard_of_the_count(self) -> Settings:
        if (self.shard_id is None) != (self.shard_count is None):
            raise ValueError("FRONTLINE_SHARD_ID and FRONTLINE_SHARD_COUNT go together")
        if self.shard_id is not None and self.shard_count is not None and self.shard_id >= self.shard_count:
            raise ValueError("FRONTLINE_SHARD_ID must be below FRONTLINE_SHARD_COUNT (shards count from 0)")
        return self

    def load_options(self) -> LoadOptions:
        hosts = frozenset(h.strip() for h in self.fetch_allow_hosts.split(",") if h.strip())
        return LoadOptions(
            max_article_bytes=self.max_article_bytes,
            max_json_bytes=self.max_json_bytes,
            fetch=FetchPolicy(self.fetch_timeout_s, self.fetch_max_bytes, hosts),
        )

    def milvus_connection(self) -> dict[str, str] | None:
        """Where Milvus is, when this process uses it: the URI (default: milvus.db in the index folder), token, db."""
        if self.backend != "milvus" and not self.milvus_uri and self.read_from != "milvus":
            return None
        return {
            "uri": self.milvus_uri or str(self.index_dir / "milvus.db"),
            "token": self.milvus_token.get_secret_value() if self.milvus_token else "",
            "db": self.milvus_db,
        }

    def chunking(self) -> ChunkingOptions:
        return ChunkingOptions(self.chunk_tokens, self.chunk_overlap, self.sentence_vectors)

    def guild_id_list(self) -> list[int]:
        return [int(g) for g in self.guild_ids.replace(" ", "").split(",") if g]
