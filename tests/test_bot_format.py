"""Answer and source formatting as plain functions: Discord's limits, escaping, no pings."""

import discord
import pytest

from bot.format import (
    DESCRIPTION_LIMIT,
    EMBED_TOTAL_LIMIT,
    EMBEDS_PER_MESSAGE,
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    answer_embeds,
    citation_field,
    clean,
    split_content,
)  # fmt: skip
from index.search.answer import NOTHING_FOUND, Answer, Citation


def _citation(n, title="Sekutu Rusia", passage="17.000 orang Rusia melintasi perbatasan.", url="https://example.org/a"):
    return Citation(n, f"id-{n}", title, "2022-09-27T17:16:00+07:00", "Zona Priangan", "Express", url, passage, 0.9)


def _check_limits(embeds):
    assert 1 <= len(embeds) <= EMBEDS_PER_MESSAGE
    assert sum(len(e) for e in embeds) <= EMBED_TOTAL_LIMIT  # Discord counts the whole message
    for embed in embeds:
        assert len(embed) <= EMBED_TOTAL_LIMIT
        assert len(embed.description or "") <= DESCRIPTION_LIMIT
        assert len(embed.fields) <= 25
        for field in embed.fields:
            assert len(field.name) <= FIELD_NAME_LIMIT and len(field.value) <= FIELD_VALUE_LIMIT


def test_answer_embed_has_answer_and_numbered_citations():
    answer = Answer("how many?", "17.000 orang Rusia melintasi perbatasan.", [_citation(1), _citation(2)])
    (embed,) = answer_embeds(answer)
    assert "17.000 orang Rusia" in embed.description and "[1]" in embed.description
    assert [f.name for f in embed.fields] == ["[1] Sekutu Rusia", "[2] Sekutu Rusia"]
    value = embed.fields[0].value
    assert "**[Sekutu Rusia](https://example.org/a)**" in value
    assert "27 September 2022, 17:16 UTC+07:00" in value
    assert "Zona Priangan (original source: Express)" in value
    _check_limits([embed])


def test_huge_citations_are_trimmed_or_split_never_rejected():
    long_passage = "kata " * 3000
    citations = [_citation(n, title="T" * 400, passage=long_passage) for n in range(1, 26)]
    answer = Answer("q" * 900, "jawaban " * 1000, citations)
    embeds = answer_embeds(answer)
    _check_limits(embeds)
    names = [f.name for e in embeds for f in e.fields]
    # Discord's 6,000 characters hold the whole message: the first citations, in order, whole enough to read.
    assert [n[:4] for n in names] == [f"[{i}] " for i in range(1, len(names) + 1)] and len(names) >= 3


def test_mentions_and_markdown_from_articles_are_neutralised():
    hostile = "@everyone look at <@123456789012345678> and <@&987654321098765432> **bold** `code`"
    answer = Answer(hostile, hostile, [_citation(1, title=hostile, passage=hostile)])
    rendered = "\n".join([answer_embeds(answer)[0].description] + [f.value for f in answer_embeds(answer)[0].fields])
    assert "@everyone" not in rendered.replace("@\u200beveryone", "")
    assert "<@123456789012345678>" not in rendered and "<@&987654321098765432>" not in rendered
    assert "\\*\\*bold\\*\\*" in rendered and "\\`code\\`" in rendered


def test_nothing_found_has_no_citations():
    (embed,) = answer_embeds(Answer("recipe?", NOTHING_FOUND, [], found=False))
    assert NOTHING_FOUND in embed.description and not embed.fields


def test_link_with_parentheses_stays_a_link():
    (embed,) = answer_embeds(Answer("q", "a", [_citation(1, url="https://x.org/a_(b)")]))
    assert "(https://x.org/a_%28b%29)" in embed.fields[0].value


@pytest.mark.parametrize("length", [0, 5, 2000, 2001, 9000])
def test_split_content_respects_limit(length):
    text = ("word " * 3000)[:length]
    parts = split_content(text)
    assert all(len(p) <= 2000 for p in parts)
    assert " ".join(p.strip() for p in parts).split() == text.split()


def test_clean_escapes_here_and_everyone():
    assert clean("@here @everyone") != "@here @everyone"
    assert discord.utils.escape_mentions("@here") in clean("@here")


def test_labels_follow_the_answer_language():
    answer = Answer("berapa?", "17.000 orang.", [_citation(1)])
    (embed,) = answer_embeds(answer, "id")
    assert embed.title == "Jawaban" and "*T: berapa?*" in embed.description
    assert embed.footer.text.startswith("Jawaban diambil")
    (nothing,) = answer_embeds(Answer("q", NOTHING_FOUND, [], found=False), "uk")
    assert "немає відповіді" in nothing.description


def test_every_language_has_every_message():
    from bot.messages import CATALOG

    for lang, messages in CATALOG.items():
        assert set(messages) == set(CATALOG["en"]), lang


def test_an_untitled_citation_shows_its_address_or_untitled_never_its_id():
    name, value = citation_field(_citation(1, title="", url="https://www.example.org/news/trams"))
    assert name == "[1] example.org/news/trams" and "id-1" not in name + value
    name, value = citation_field(_citation(2, title="", url=""), lang="id")
    assert name == "[2] tanpa judul" and "id-2" not in name + value
    # the host as a member reads it (no login, port or case), the path decoded, a page's query kept
    url = "https://user:pw@WWW.Kyiv.example:8443/%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B8/index.php?id=7"
    assert citation_field(_citation(3, title="", url=url))[0] == "[3] kyiv.example/новини/index.php?id=7"
