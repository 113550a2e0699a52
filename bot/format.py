"""Answers and sources as Discord embeds, within Discord's limits, with nothing that pings."""

from __future__ import annotations

import discord

from bot.messages import t
from index.formatting import also_reported, excerpt, shown_title
from index.ingest.dates import display_date
from index.search.answer import Answer, Citation
from index.search.timeline import Timeline
from index.store.db import ArticleInfo

CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
EMBED_TOTAL_LIMIT = 6000
FIELDS_PER_EMBED = 25
EMBEDS_PER_MESSAGE = 10
EXCERPT_CHARS = 350
ANSWER_CHARS = 1500
MIN_CITATION_CHARS = 120  # below this a citation is cut to its title
ACCENT = discord.Colour.dark_red()

# Never notify anyone, whatever text reaches a message (answers quote articles and users).
NO_MENTIONS = discord.AllowedMentions.none()


def clean(text: str) -> str:
    """Escape markdown and neutralise @everyone/@here and user, role and channel mentions."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    # Don't leave a dangling escape backslash.
    return cut.rstrip("\\ ") + "…"


def _safe_url(url: str) -> str:
    return (
        url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        if url.startswith(("http://", "https://"))
        else ""
    )


def dated_source(published_at: str | None, publisher: str, source: str, lang: str = "en") -> str:
    """'27 September 2022, 17:16 UTC+07:00 · Zona Priangan', saying so when either is missing."""
    when = display_date(published_at) or t(lang, "undated")
    return f"{when} · {who_published(publisher, source, lang)}"


def who_published(publisher: str, source: str, lang: str = "en") -> str:
    """'Zona Priangan (original source: Express)' in the bot's language, or 'source unknown'."""
    if publisher and source and source.casefold() != publisher.casefold():
        return t(lang, "attribution", publisher=clean(publisher), source=clean(source))
    return clean(publisher or source) or t(lang, "source_unknown")


def citation_field(
    c: Citation, focus: str = "", excerpt_chars: int = EXCERPT_CHARS, lang: str = "en"
) -> tuple[str, str]:
    shown = shown_title(c.title, c.url, t(lang, "untitled"))
    name = shorten(f"[{c.n}] {shown}", FIELD_NAME_LIMIT)
    title = clean(shorten(shown, 200))
    url = _safe_url(c.url)
    lines = [f"**[{title}]({url})**" if url else f"**{title}**"]
    lines.append(dated_source(c.published_at, c.publisher, c.source, lang))
    lines.append("> " + clean(excerpt(c.passage, focus, excerpt_chars)))
    if c.also:  # the story's other copies, cited once
        lines.append("*" + t(lang, "also_reported", names=clean(shorten(also_reported(c.also), 300))) + "*")
    value = "\n".join(lines)
    if len(value) > FIELD_VALUE_LIMIT:
        value = shorten(value, FIELD_VALUE_LIMIT)
    return name, value


def figures_field(answer: Answer, lang: str = "en") -> tuple[str, str]:
    """The cited passages' differing figures for what was asked, a line each: the figure, its citation, when, who."""
    lines = [
        f"**{clean(f.value)}** [{f.passage}] · {dated_source(f.published_at, f.publisher, '', lang)}"
        for f in answer.figures[:10]
    ]
    return t(lang, "figures_differ"), shorten("\n".join(lines), FIELD_VALUE_LIMIT)


def answer_embeds(answer: Answer, lang: str = "en") -> list[discord.Embed]:
    """One embed when it fits; more (up to Discord's ten) when citations are long."""
    description = shorten(clean(answer.question), 250)
    head = discord.Embed(title=shorten(t(lang, "answer"), TITLE_LIMIT), colour=ACCENT)
    uncertain = answer.found and answer.confidence == "low"
    if not answer.found:
        body = f"**{t(lang, 'nothing_found')}**"
    elif uncertain:  # the closest passages, which may not answer: say so, and claim no answer
        body = f"*{t(lang, 'low_confidence')}*"
    else:  # the answer gets at most a third of the message: the citations are what make it checkable
        marker = f" [{answer.answered_from}]" if answer.citations else ""
        marker = "" if answer.generated else marker  # the model's text carries its own markers
        body = f"**{clean(shorten(answer.answer, ANSWER_CHARS))}**" + marker
    head.description = shorten(f"{body}\n\n*{t(lang, 'question')}: {description}*", DESCRIPTION_LIMIT)
    if not answer.found or uncertain:
        head.colour = discord.Colour.light_grey()
    if not answer.found:
        return [head]
    footer = t(lang, "footer_generated" if answer.generated else "footer")
    # Discord counts EMBED_TOTAL_LIMIT over all the embeds of one message, not per embed.
    budget = EMBED_TOTAL_LIMIT - len(head) - len(footer)
    embeds = [head]
    if answer.figures and not uncertain:
        name, value = figures_field(answer, lang)
        head.add_field(name=name, value=value, inline=False)
        budget -= len(name) + len(value)
    for citation in answer.citations:
        name, value = citation_field(citation, answer.closest or answer.answer, lang=lang)
        if len(name) + len(value) > budget:
            if budget - len(name) < MIN_CITATION_CHARS:
                break  # the rest would be stubs; the citations shown are the best ones anyway
            value = shorten(value, budget - len(name))
        current = embeds[-1]
        if len(current.fields) >= FIELDS_PER_EMBED:
            if len(embeds) >= EMBEDS_PER_MESSAGE:
                break
            current = discord.Embed(colour=ACCENT)
            embeds.append(current)
        current.add_field(name=name, value=value, inline=False)
        budget -= len(name) + len(value)
    embeds[-1].set_footer(text=footer)
    return embeds


def source_embed(info: ArticleInfo, lang: str = "en") -> discord.Embed:
    a = info.article
    shown = shown_title(a.title, a.url, t(lang, "untitled"))
    embed = discord.Embed(title=shorten(shown, TITLE_LIMIT), url=_safe_url(a.url) or None, colour=ACCENT)
    rows = [
        ("published", display_date(a.published_at) or t(lang, "undated")),
        ("publisher", clean(a.publisher) or t(lang, "source_unknown")),
        ("original_source", clean(a.source)), ("language", a.lang), ("editor", clean(a.editor)),
        ("passages", str(info.chunk_count)), ("id", f"`{a.id}`"),
    ]  # fmt: skip
    for key, value in rows:
        if value:
            embed.add_field(name=t(lang, key), value=shorten(value, FIELD_VALUE_LIMIT), inline=True)
    if a.related:
        related = "\n".join(f"• {clean(shorten(h, 200))}" for h in a.related[:10])
        embed.add_field(name=t(lang, "related"), value=shorten(related, FIELD_VALUE_LIMIT), inline=False)
    if info.same_story:
        copies = "\n".join(
            f"• {dated_source(c.published_at, c.publisher, c.source, lang)} · `{clean(shorten(c.id, 80))}`"
            for c in info.same_story[:10]
        )
        embed.add_field(name=t(lang, "same_story"), value=shorten(copies, FIELD_VALUE_LIMIT), inline=False)
    embed.description = shorten(clean(" ".join(a.text.split())), 400)
    return embed


def sources_page_embed(infos: list[ArticleInfo], page: int, has_next: bool, lang: str = "en") -> discord.Embed:
    embed = discord.Embed(title=t(lang, "indexed_articles"), colour=ACCENT)
    if not infos:
        embed.description = t(lang, "no_articles")
        return embed
    lines = []
    for info in infos:
        a = info.article
        date = (a.published_at or "")[:10] or t(lang, "undated")
        who = who_published(a.publisher, a.source, lang)
        shown = shown_title(a.title, a.url, t(lang, "untitled"))
        lines.append(f"`{date}` **{clean(shorten(shown, 120))}** — {who} · `{a.id}`")
    embed.description = shorten("\n".join(lines), DESCRIPTION_LIMIT)
    embed.set_footer(text=t(lang, "page", page=page + 1) + (f" · {t(lang, 'more')}" if has_next else ""))
    return embed


def split_content(text: str, limit: int = CONTENT_LIMIT) -> list[str]:
    """Split plain message content at line or word boundaries into parts Discord accepts."""
    parts: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut < limit // 2:
            cut = text.rfind(" ", 0, limit)
        if cut < limit // 2:
            cut = limit
        parts.append(text[:cut])
        text = text[cut:].lstrip()
    if text:
        parts.append(text)
    return parts


def date_span(date_range: tuple[str, str], lang: str = "en") -> str:
    """'2022-05-13', '2022-03-01 – 2022-05-31', 'from 2022-03-01', 'until 2022-05-31' in the bot's language."""
    start, end = date_range
    if start and end:
        return start if start == end else f"{start} – {end}"
    return t(lang, "span_from", start=start) if start else t(lang, "span_until", end=end)


def dated_answer_embeds(answer: Answer, lang: str = "en") -> list[discord.Embed]:
    """`answer_embeds`, saying under the question which publication days were searched, within the limits."""
    embeds = answer_embeds(answer, lang)
    if not answer.date_range:
        return embeds
    head = embeds[0]
    note = f"\n📅 *{t(lang, 'date_range', span=date_span(answer.date_range, lang))}*"
    head.description = shorten((head.description or "") + note, DESCRIPTION_LIMIT)
    while sum(len(e) for e in embeds) > EMBED_TOTAL_LIMIT:  # the note may push the last citation out
        last = embeds[-1]
        if last.fields:
            last.remove_field(len(last.fields) - 1)
        elif len(embeds) > 1:
            footer = last.footer.text
            embeds.pop()
            embeds[-1].set_footer(text=footer)
        else:
            break
    return embeds


TIMELINE_FACT_CHARS = 220


def timeline_embed(timeline: Timeline, lang: str = "en") -> discord.Embed:
    """One embed: an entry a paragraph (day, linked title, who, the fact, who else reported it), within the limits."""
    embed = discord.Embed(
        title=shorten(t(lang, "timeline", topic=clean(timeline.topic)), TITLE_LIMIT), colour=ACCENT
    )
    head = ""
    if timeline.date_range:
        head = f"📅 *{t(lang, 'date_range', span=date_span(timeline.date_range, lang))}*\n\n"
    if not timeline.entries:
        embed.description = head + t(lang, "no_timeline")
        embed.colour = discord.Colour.light_grey()
        return embed
    reports = sum(n for _, n in timeline.counts)
    footer = t(lang, "timeline_footer", events=len(timeline.entries), reports=reports)
    budget = min(DESCRIPTION_LIMIT, EMBED_TOTAL_LIMIT - len(embed.title or "") - len(footer)) - len(head)
    paragraphs: list[str] = []
    for entry in timeline.entries:
        title = clean(shorten(shown_title(entry.title, entry.url, t(lang, "untitled")), 150))
        url = _safe_url(entry.url)
        lines = [f"`{entry.day}` " + (f"**[{title}]({url})**" if url else f"**{title}**")]
        lines.append(who_published(entry.publisher, entry.source, lang))
        if entry.fact:
            lines.append("> " + clean(shorten(entry.fact, TIMELINE_FACT_CHARS)))
        if entry.also:
            others = ", ".join(dict.fromkeys(who_published(r.publisher, r.source, lang) for r in entry.also))
            lines.append(t(lang, "also_reported", names=shorten(others, 200)))
        paragraph = "\n".join(lines)
        if len(paragraph) + 2 > budget:
            break
        paragraphs.append(paragraph)
        budget -= len(paragraph) + 2
    embed.description = head + "\n\n".join(paragraphs)
    embed.set_footer(text=footer)
    return embed
