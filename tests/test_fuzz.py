"""Hostile and malformed input: a clear error naming the input, or a clean article; never a crash."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.format import answer_embeds
from index.errors import FrontlineError, InputError
from index.ingest.loader import Loaded, LoadOptions, load_inputs

WEIRD = st.sampled_from(
    ["\u200b", "\u200f", "\u202e", "\u2066", "\ufeff", "🙂", "👩‍👩‍👧", "\x00", "\r", "\t", "é", "Ї", "ر", "中"]
)
TEXTISH = st.lists(st.one_of(st.text(max_size=40), WEIRD), max_size=60).map("".join)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def _load(tmp_path, name: str, data: bytes, max_bytes: int = 20_000):
    path = tmp_path / name
    path.write_bytes(data)
    items = list(load_inputs([str(path)], LoadOptions(max_article_bytes=max_bytes)))
    for item in items:
        if isinstance(item, InputError):
            message = str(item)
            assert name in message and "\n" not in message, message
        else:
            assert isinstance(item, Loaded)
            assert item.article.text.strip() and item.article.id
            assert len(item.article.text.encode()) <= max_bytes
    return items


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".html", ".json", ".jsonl", ".bin", ""]))
def test_random_bytes(tmp_path_factory, data, suffix):
    _load(tmp_path_factory.mktemp("bytes"), f"input{suffix}", data)


@FUZZ
@given(text=TEXTISH, suffix=st.sampled_from([".txt", ".html", ".json", ".jsonl"]))
def test_random_text_with_invisible_and_rtl_characters(tmp_path_factory, text, suffix):
    _load(tmp_path_factory.mktemp("text"), f"input{suffix}", text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(depth=st.integers(1, 3000), cut=st.integers(0, 5000), body=TEXTISH)
def test_deeply_nested_and_truncated_html(tmp_path_factory, depth, cut, body):
    html = (
        "<html><body>"
        + "<div><span>" * depth
        + f"<p>{body} Pasukan tiba di Kherson.</p>"
        + "</span></div>" * depth
        + "</body></html>"
    )
    _load(tmp_path_factory.mktemp("html"), "page.html", html[: max(cut, 1)].encode("utf-8", "surrogatepass"))


@FUZZ
@given(records=st.lists(st.one_of(
    st.dictionaries(st.sampled_from(["id", "text", "title", "published_at", "url", "related", "lang"]),
                    st.one_of(st.text(max_size=30), st.integers(), st.none(), st.lists(st.text(max_size=5), max_size=3)), max_size=6),
    st.text(max_size=30), st.integers()), max_size=8))  # fmt: skip
def test_jsonl_records_of_any_shape(tmp_path_factory, records):
    lines = [json.dumps(r) if not isinstance(r, str) else r for r in records]
    _load(tmp_path_factory.mktemp("jsonl"), "feed.jsonl", "\n".join(lines).encode("utf-8", "surrogatepass"))


def test_huge_single_line_is_refused_by_size(tmp_path):
    (error,) = _load(tmp_path, "huge.txt", b"a" * 200_000, max_bytes=20_000)
    assert isinstance(error, InputError) and "cap" in str(error)


@pytest.fixture(scope="module")
def service(sample_index, embedder):
    from index.service import Frontline

    from .conftest import make_settings

    return Frontline(make_settings(sample_index), embedder=embedder)


HOSTILE_QUESTIONS = [
    "x" * 20_000,
    "**how many** people _crossed_ into ~~Finland~~?",
    "```python\nimport os; os.system('rm -rf /')\n```",
    "@everyone @here how many people crossed into Finland?",
    "<@123456789012345678> <@&987654321098765432> <#111> how many protesters were arrested?",
    "\u202e?dnalniF otni dessorc elpoep ynam woh",
    "' OR 1=1; DROP TABLE articles; --",
    "%s %d {0} ${jndi:ldap://x}",
]


@pytest.mark.parametrize("question", HOSTILE_QUESTIONS)
def test_hostile_questions_get_a_sensible_reply(service, question):
    answer = service.ask(question)
    assert len(answer.question) <= 1000
    for embed in answer_embeds(answer):
        text = (embed.description or "") + "".join(f.value for f in embed.fields)
        assert "@everyone" not in text.replace("@\u200beveryone", "")
        assert "<@123456789012345678>" not in text and "<@&987654321098765432>" not in text
    assert service.stats().articles == 1  # nothing was dropped


@pytest.mark.parametrize("question", ["", "   ", "?!?!", "...", "\u200b", "🙂🙂🙂"])
def test_empty_questions_are_refused_with_a_sentence(service, question):
    with pytest.raises(FrontlineError, match="empty"):
        service.ask(question)
