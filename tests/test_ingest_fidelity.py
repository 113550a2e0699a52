"""Ingest fidelity (issue 14): every page in, decoded as a browser would, with its own script,
date, headline and publisher. The pages are written for these tests (tests/fixtures/ingest/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.errors import InputError
from index.ingest.decoding import decode
from index.ingest.loader import Loaded, LoadOptions, load_inputs

PAGES = Path(__file__).parent / "fixtures" / "ingest"


def _load(path: Path) -> Loaded:
    items = list(load_inputs([str(path)], LoadOptions()))
    assert len(items) == 1 and isinstance(items[0], Loaded), items
    return items[0]


# --- encodings ---------------------------------------------------------------------------


def test_declared_latin1_page_is_read_as_windows_1252():
    item = _load(PAGES / "latin1-declared.html")
    assert "Bürgermeisterwahl in Fulda endete mit einer Überraschung" in item.article.text
    assert item.replaced_bytes == ""


def test_utf8_page_with_a_stray_byte_keeps_its_text_and_notes_the_byte():
    item = _load(PAGES / "utf8-stray-byte.html")
    assert "влада міста повідомила" in item.article.text
    assert item.replaced_bytes == "1 byte not utf-8"


def test_undeclared_cp1251_page_is_detected():
    item = _load(PAGES / "cp1251-undeclared.html")
    assert "Рятувальники працюють на місці" in item.article.text


def test_meta_charset_shift_jis():
    item = _load(PAGES / "shift-jis.html")
    assert "政府は来月から実施する方針だ。" in item.article.text


def test_plain_text_in_windows_1252():
    item = _load(PAGES / "latin1.txt")
    assert item.article.title == "Café de Paris"
    assert "Saint-Honoré a rouvert" in item.article.text


def test_http_header_charset_wins_over_detection():
    data = "<html><body><p>Zürich: Straßenbahn fährt wieder</p></body></html>".encode("cp1252")
    assert decode(data, html=True, content_type="text/html; charset=ISO-8859-1").text.count("ü") == 1
    assert decode(data, html=True, content_type="text/html; charset=ISO-8859-1").how == "header"


def test_utf8_bytes_beat_a_wrong_latin1_declaration():
    data = '<meta charset="iso-8859-1"><p>Київ — столиця</p>'.encode()
    assert "Київ — столиця" in decode(data, html=True).text


def test_utf16_with_bom_is_text_not_binary(tmp_path):
    path = tmp_path / "bom16.txt"
    path.write_bytes(
        "\ufeffSerangan di Kherson\n\nPasukan Ukraina merebut kembali kota itu pada hari Jumat.".encode("utf-16-le")
    )
    assert "merebut kembali" in _load(path).article.text


def test_add_summary_names_replaced_bytes():
    from index.ingest.indexer import AddReport

    report = AddReport(added=["a"], replaced=["page.html (1 byte not utf-8)"])
    assert "1 with unreadable bytes replaced by \ufffd (page.html (1 byte not utf-8))" in report.summary()


def test_binary_is_still_refused(tmp_path):
    path = tmp_path / "image.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    [item] = list(load_inputs([str(path)], LoadOptions()))
    assert isinstance(item, InputError) and item.kind == "binary"


def test_json_stays_strict_utf8(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_bytes('{"text": "caf\xe9"}\n'.encode("latin-1"))
    [item] = list(load_inputs([str(path)], LoadOptions()))
    assert isinstance(item, InputError) and item.kind == "not_utf8"


@pytest.mark.parametrize("encoding", ["cp1252", "cp1250", "cp1251", "gb18030", "cp932", "utf-8"])
def test_no_text_file_is_refused_for_its_encoding(tmp_path, encoding):
    words = {
        "cp1252": "Les habitants de Kherson ont célébré la libération de leur ville vendredi soir.",
        "cp1250": "Obyvatelé Chersonu v pátek večer oslavovali osvobození svého města.",
        "cp1251": "Жителі Херсона в пʼятницю ввечері святкували звільнення свого міста.".replace("ʼ", "'"),
        "gb18030": "赫尔松居民周五晚上庆祝城市解放。",
        "cp932": "ヘルソンの住民は金曜日の夜、街の解放を祝った。",
        "utf-8": "Warga Kherson merayakan pembebasan kota mereka pada Jumat malam.",
    }[encoding]
    path = tmp_path / "story.txt"
    path.write_bytes(words.encode(encoding))
    item = _load(path)
    assert item.article.text.strip()


# --- scripts without spaces --------------------------------------------------------------


def test_chinese_text_is_not_dropped_as_chrome():
    from index.ingest.parsers.raw_text import parse_raw_text

    text = "赫尔松居民庆祝解放\n\n乌克兰军队周五进入赫尔松市中心。\n\n数千名居民走上街头庆祝！\n\n首页\n\n国际"
    article = parse_raw_text(text)
    assert article.title == "赫尔松居民庆祝解放"
    assert article.text == "乌克兰军队周五进入赫尔松市中心。\n\n数千名居民走上街头庆祝！"


def test_japanese_paragraphs_survive_html_extraction():
    from index.ingest.parsers.html import parse_html

    html = (
        "<html><head><title>ヘルソン解放 | 東京新報</title></head><body><article><h1>ヘルソン解放</h1>"
        "<p>ウクライナ軍は金曜日、ヘルソン市中心部に入った。</p><p>住民は街の解放を祝った。</p></article></body></html>"
    )
    article = parse_html(html, label="ja.html")
    assert "ウクライナ軍は金曜日、ヘルソン市中心部に入った。" in article.text
    assert "住民は街の解放を祝った。" in article.text


def test_word_count_counts_cjk_characters():
    from index.ingest.parsers.raw_text import word_count

    assert word_count("Kabar Daerah") == 2
    assert word_count("首页") == 1
    assert word_count("乌克兰军队周五进入赫尔松市中心") == 7


# --- dates from the raw page -------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "stored", "shown"),
    [
        ("offset.html", "2020-12-25T01:59:50+02:00", "25 December 2020, 01:59 UTC+02:00"),
        ("jsonld-offset.html", "2022-03-14T23:30:00-05:00", "14 March 2022, 23:30 UTC-05:00"),
        ("day-only.html", "2020-07-08", "8 July 2020"),
        ("commented-date.html", "2020-07-12T10:00:00+03:00", "12 July 2020, 10:00 UTC+03:00"),  # not 21 July 2015
        ("copyright-only.html", None, ""),  # not 1 January 2016
        ("no-date.html", None, ""),
        ("publisher-copyright.html", None, ""),
    ],
)
def test_page_dates(page, stored, shown):
    from index.ingest.dates import display_date

    article = _load(PAGES / page).article
    assert article.published_at == stored
    assert display_date(article.published_at) == shown


@pytest.mark.parametrize(
    "stamp",
    [
        '<meta property="article:published_time" content="Fri, 25 Dec 2020 01:59:50 +0200">',
        '<meta itemprop="datePublished" content="2020-12-25T01:59:50+02:00">',
        '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2020-12-25T01:59:50+0200"}</script>',
    ],
)
def test_the_publishers_offset_is_kept(stamp):
    from index.ingest.parsers.html import parse_html

    body = "<p>Russian forces shelled residential districts overnight, regional officials said on Monday.</p>"
    html = f"<html><head><title>T</title>{stamp}</head><body><article><h1>T</h1>{body}</article></body></html>"
    assert parse_html(html, label="x.html").published_at == "2020-12-25T01:59:50+02:00"


def test_a_utc_stamp_is_stored_at_the_publishers_own_offset_when_the_page_states_both():
    from index.ingest.parsers.html import parse_html

    stamps = (
        '<meta property="article:published_time" content="2023-11-09T02:11:03+00:00">'
        '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2023-11-08T21:11:03-05:00"}'
        "</script>"
    )
    body = "<p>Russian forces shelled residential districts overnight, regional officials said on Monday.</p>"
    html = f"<html><head><title>T</title>{stamps}</head><body><article><h1>T</h1>{body}</article></body></html>"
    assert parse_html(html, label="x.html").published_at == "2023-11-08T21:11:03-05:00"  # not 9 November, UTC


def test_days_stored_by_older_indexes_are_shown_as_days():
    from index.ingest.dates import display_date, parse_date

    assert display_date("2020-07-08T00:00:00") == "8 July 2020"  # zone-less midnight, as stored before
    assert display_date("2020-07-08T00:00:00+03:00") == "8 July 2020, 00:00 UTC+03:00"  # a stated midnight
    assert parse_date("2020-07-08T00:00:00") == "2020-07-08"


def test_cjk_dates():
    from index.ingest.dates import looks_like_date_line, parse_date

    assert parse_date("2020年7月8日") == "2020-07-08"
    assert parse_date("2020年07月08日 10:30") == "2020-07-08T10:30:00"
    assert looks_like_date_line("2022年9月27日 17:16")


def test_frontline_source_says_undated_and_source_unknown():
    from index.formatting import format_source
    from index.ingest.articles import Article
    from index.store.db import ArticleInfo

    text = format_source(ArticleInfo(Article(text="x", id="a1", title="T"), chunk_count=1, indexed_at="2024-01-01"))
    assert "published:       undated" in text
    assert "publisher:       source unknown" in text


def test_an_untitled_article_is_shown_by_its_address_never_its_id():
    """A page whose title came out "" (its headline only the site's name): `ask` citations and `source`."""
    from index.formatting import format_citation, format_source, format_source_line
    from index.ingest.articles import Article
    from index.search.answer import Citation
    from index.store.db import ArticleInfo

    cited = Citation(1, "a1b2c3", "", "2024-01-02", "Kyiv Daily", "", "https://www.kyivdaily.example/news/trams/", "P.", 0.9)
    head = format_citation(cited).splitlines()[0]
    assert head == "[1] kyivdaily.example/news/trams" and "a1b2c3" not in head
    cited.url = ""
    assert format_citation(cited).splitlines()[0] == "[1] untitled"
    info = ArticleInfo(Article(text="x", id="a1b2c3", title=""), chunk_count=1, indexed_at="2024-01-01")
    assert "title:           untitled" in format_source(info)
    # the `sources` list names it as citations do: its address, else its opening words
    page = Article(text="Trams run again.", id="a1b2c3", title="", url="https://kyivdaily.example/news/trams")
    assert format_source_line(ArticleInfo(page, 1, "")).endswith("a1b2c3  kyivdaily.example/news/trams")
    assert format_source_line(info).endswith("a1b2c3  x")


# --- headlines and publishers ------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "title", "publisher"),
    [
        (
            "navigation-h1.html",
            "Bundesregierung beschließt Hilfspaket für die Ukraine",
            "Bundesministerium der Finanzen",
        ),
        ("seo-title.html", "Ukrainian troops enter Kherson as residents celebrate", "Daily Courier"),
        ("reply-heading.html", "Kyiv metro becomes a shelter again", ""),
        ("publisher-url.html", "Kharkiv shelled overnight", "kyivdaily.example"),
        ("publisher-copyright.html", "Kharkiv shelled overnight", ""),
        ("publisher-handle.html", "Kharkiv shelled overnight", ""),
        ("publisher-address.html", "Kharkiv shelled overnight", ""),
        ("publisher-section.html", "Inflazione record in Italia", "giornalediroma.example"),
        ("offset.html", "Kharkiv shelled overnight", "Kyiv Daily"),
        ("jsonld-offset.html", "Kharkiv shelled overnight", "Kyiv Daily"),
    ],
)
def test_headline_and_publisher(page, title, publisher):
    article = _load(PAGES / page).article
    assert article.title == title
    assert article.publisher == publisher


def test_publisher_from_the_fetched_address():
    from index.ingest.parsers.html import parse_html

    html = (PAGES / "publisher-handle.html").read_text(encoding="utf-8")
    assert parse_html(html, label="x", url="https://www.kyivdaily.example/a/1").publisher == "kyivdaily.example"


@pytest.mark.parametrize(
    ("page", "title"),
    [
        # the kicker (Dachzeile, overline) marked by its class and a hidden ": " is not the headline
        ("kicker-headline.html", "Stromnetz nach Angriffen wiederhergestellt"),
        # <title> names only the site: the page's one h1 (not a masthead, not in comments)
        ("article-heading.html", "Drone debris damages apartment block in Kyiv"),
        # a Chinese site name glued on with "-" and no spaces
        ("cjk-site-suffix.html", "基辅全市恢复供电，医院学校供暖正常"),
        # ruby readings (<rt>) are not part of the headline; "|" without spaces splits off the site
        ("ruby-headline.html", "電気が戻る"),
    ],
)
def test_headline_rules(page, title):
    assert _load(PAGES / page).article.title == title


def test_headline_kicker_split_only_when_the_page_marks_it():
    from index.ingest.parsers.headline import page_title
    from index.ingest.parsers.markup import parse_tree

    continued = '<title>Ehezoff der Stars eskaliert</title><h1><span class="mc">Ehezoff</span> der Stars eskaliert</h1>'
    assert page_title(parse_tree(continued), "", "") == "Ehezoff der Stars eskaliert"
    both = (
        "<title>Kherson: Residents return home - Daily</title><h1><span class='kicker'>Kherson</span><br>"
        "Residents return home</h1><h2>Residents return home to a changed city</h2>"
    )
    assert page_title(parse_tree(both), "Daily", "") == "Residents return home"


def test_headline_from_a_part_of_the_meta_title_and_hidden_headings_skipped():
    from index.ingest.parsers.headline import page_title
    from index.ingest.parsers.markup import parse_tree

    page = (
        "<title>Siemens und die Kohlemine: Kaeser verarscht Neubauer - taz.de</title>"
        "<h1 class='hidden'>taz.de</h1><article><h1 itemprop='headline'>Kaeser verarscht Neubauer</h1></article>"
    )
    assert page_title(parse_tree(page), "taz.de", "") == "Kaeser verarscht Neubauer"


def _title(page: str, site: str = "", host: str = "") -> str:
    """The headline `page_title` reads from an HTML snippet of a page on `host` named `site`."""
    from index.ingest.parsers.headline import page_title
    from index.ingest.parsers.markup import parse_tree

    return page_title(parse_tree(page), site, "", host)


@pytest.mark.parametrize(
    ("page", "site", "host", "title"),
    [
        # a masthead (a link to the site's home, also an archived one) is no headline, and its name is the
        # site's name in <title>
        (
            "<title>Borscht with beetroot | Kitchen of Kyiv</title><h1><a href='http://www.kitchen.example/'>"
            "Kitchen of Kyiv</a></h1><p>text</p>",
            "",
            "",
            "Borscht with beetroot",
        ),
        (
            "<title>Kitchen of Kyiv » Blog » Borscht with beetroot</title><h1><a href='https://web.archive.org/web/"
            "2014/http://www.kitchen.example/'>Kitchen of Kyiv</a></h1>",
            "",
            "",
            "Borscht with beetroot",
        ),
        # a layout class naming a sidebar ("content-sidebar-wrap") is not a sidebar: the page's one h1
        (
            "<title>Kyiv Daily</title><div class='content-sidebar-wrap'><h1 class='entry-title'>"
            "Power restored in Kharkiv after strikes</h1></div>",
            "Kyiv Daily",
            "kyivdaily.example",
            "Power restored in Kharkiv after strikes",
        ),
        # "blogtitle" inside another class token is no masthead
        (
            "<title>Night trains to Lviv – how to book</title><h1 class='post_title aungblogtitle'>"
            "Night trains to Lviv</h1>",
            "",
            "",
            "Night trains to Lviv",
        ),
        # kickers: a separator only for the eye (aria-hidden), a link wrapping a labelled kicker, a kicker
        # ending in a colon and longer than the headline, an <em> kicker the meta titles leave out
        (
            "<title>Winter in Kyiv – Power is back | Daily</title><h1><span class='a1'>Winter in Kyiv</span>"
            "<span aria-hidden='true'> – </span><span class='a2'>Power is back</span></h1>",
            "Daily",
            "",
            "Power is back",
        ),
        (
            "<title>Patch notes - Version 4.2 fixes the map | Forum</title><h1><a href='/t/1'><span class='label'>"
            "Patch notes</span><span> </span>Version 4.2 fixes the map</a></h1>",
            "Forum",
            "",
            "Version 4.2 fixes the map",
        ),
        (
            "<title>Vaccination stays open until February</title><h1><span>Press release of the regional health "
            "directorate :</span>Vaccination stays open until February</h1>",
            "",
            "",
            "Vaccination stays open until February",
        ),
        (
            "<title>Remembering the victims</title><h1><em>Memorial day </em>Remembering the victims</h1>",
            "",
            "",
            "Remembering the victims",
        ),
        # a date alone before the headline is not part of it
        (
            "<title>23.01.2022 - Wierer wins in Antholz - Biathlon News</title><h1>23.01.2022 - Wierer wins in "
            "Antholz</h1>",
            "Biathlon News",
            "",
            "Wierer wins in Antholz",
        ),
        # a piece of the heading that is what the meta titles say; not when they also say the other piece
        (
            "<meta property='og:title' content='New president for the council'><title>x</title>"
            '<h1>"Reform now" / New president for the council</h1>',
            "",
            "",
            "New president for the council",
        ),
        (
            "<title>Desoldering made easy – so your old radio works again</title>"
            "<h1>Desoldering made easy – so your old radio works again</h1>",
            "",
            "",
            "Desoldering made easy – so your old radio works again",
        ),
        # another piece of the meta title (not only the longest) agrees: the h1 beats the h2
        (
            "<title>Thinking from the ground - Ann Cotten weaves the local and the global : reviews.example</title>"
            "<h1>Thinking from the ground</h1><h2>Ann Cotten weaves the local and the global</h2>",
            "",
            "reviews.example",
            "Thinking from the ground",
        ),
        # a heading saying exactly what <title> says beats an h1 that only contains it
        (
            "<title>Sustainability in the shop</title><h1>Our three steps for sustainability in the shop</h1>"
            "<h2>Sustainability in the shop</h2>",
            "",
            "",
            "Sustainability in the shop",
        ),
        # ... but not a teaser's itemprop=headline
        (
            "<title>Cells plant grows - Battery News</title><h1>Cells plant grows in Tennessee</h1>"
            "<h3 itemprop='headline'><a href='/a'>Cells plant grows</a></h3>",
            "Battery News",
            "",
            "Cells plant grows in Tennessee",
        ),
        # the site's name read from its domain; a headline that names the site keeps it
        (
            "<title>FC Bayrische Bembel Regensburg - Eintracht plans for the future</title>",
            "",
            "bayrische-bembel.example",
            "Eintracht plans for the future",
        ),
        (
            "<title>summit.example - News - New snow maps on summit.example</title><h2>New snow maps on "
            "summit.example</h2>",
            "summit.example",
            "summit.example",
            "New snow maps on summit.example",
        ),
        # no h1 at all: the one h2 that shares a word with <title>; not an unrelated one
        (
            "<title>Fire brigade Oldenburg - Training</title><h2>Boat service training</h2>",
            "",
            "",
            "Boat service training",
        ),
        (
            "<title>Efficient hybrid battery</title><h2>idw – science news service</h2>",
            "",
            "",
            "Efficient hybrid battery",
        ),
        # hidden classes with a prefix ("is-aural"): the page's one visible h1
        (
            "<title>Foreign Office</title><h1 class='is-aural'>Welcome to the Foreign Office</h1>"
            "<h1><span>Italy: travel advice</span></h1>",
            "Foreign Office",
            "",
            "Italy: travel advice",
        ),
    ],
)
def test_headline_page_structure(page, site, host, title):
    assert _title(page, site, host) == title


# --- titles that are only the site's name --------------------------------------------------


@pytest.mark.parametrize(
    ("page", "site", "host", "title"),
    [
        # <title> and og:title are the site's name, the h1 is its masthead: the article's h2, not the nav's
        # or the sidebar's
        (
            "<title>Kyiv Daily</title><meta property='og:title' content='Kyiv Daily'>"
            "<h1><a href='/'>Kyiv Daily</a></h1><nav><h2>Sections of the paper</h2></nav>"
            "<div class='sidebar'><h2>Most read this week</h2></div>"
            "<article><h2>Tram lines reopen across the city centre</h2><p>Trams run again.</p></article>",
            "Kyiv Daily",
            "kyivdaily.example",
            "Tram lines reopen across the city centre",
        ),
        # the site's name read from its domain (also under .co.uk) with a separator left over: the first h2
        # of three words or more outside the page's chrome
        (
            "<title>Kyiv Trams Enquiries -</title><div id='content'><h2>News</h2>"
            "<h2>Replacement buses on the night routes</h2><h2>General information</h2></div>",
            "kyivtrams.co.uk",
            "kyivtrams.co.uk",
            "Replacement buses on the night routes",
        ),
        # what the domain stands for: its initials and an organisation's legal form
        (
            "<title>Kyiv Swimming Federation e.V.</title><div class='content'>"
            "<h2>New lane rules for the winter season</h2></div>",
            "ksf.example",
            "ksf.example",
            "New lane rules for the winter season",
        ),
        # a masthead h1 naming the blog, a blog front page: the first post's title, not the sidebar's
        (
            "<title>Gaby's Garden Notes</title><h1><a href='http://gaby.example/'>Gaby's Garden Notes</a></h1>"
            "<div id='sidebar'><h2>Posts I liked a lot</h2></div><div class='post'>"
            "<h2 class='entry-title'>Sowing tomatoes in February</h2></div>",
            "gaby.example",
            "gaby.example",
            "Sowing tomatoes in February",
        ),
    ],
)
def test_a_title_that_is_only_the_site_name_is_not_the_headline(page, site, host, title):
    assert _title(page, site, host) == title


def test_a_page_with_only_the_site_name_has_no_title_rather_than_the_site_name():
    from index.ingest.parsers.headline import page_title
    from index.ingest.parsers.html import parse_html
    from index.ingest.parsers.markup import parse_tree

    body = "<p>" + "Tram lines reopened across the city centre on Monday after repairs. " * 6 + "</p>"
    page = (
        "<html><head><title>Kyiv Daily</title><meta property='og:site_name' content='Kyiv Daily'></head><body>"
        f"<h1><a href='/'>Kyiv Daily</a></h1>{body}</body></html>"
    )
    assert page_title(parse_tree(page), "Kyiv Daily", "Kyiv Daily", "kyivdaily.example") == ""
    assert parse_html(page, label="x", url="https://kyivdaily.example/news/trams").title == ""
    # the site's home page is titled by the site's name
    assert page_title(parse_tree(page), "Kyiv Daily", "", "kyivdaily.example", home=True) == "Kyiv Daily"
    assert parse_html(page, label="x", url="https://kyivdaily.example/").title == "Kyiv Daily"
    # the site's name and a section: the section
    section = "<title>kyivdaily.example | Gas prices</title>" + body
    assert page_title(parse_tree(section), "kyivdaily.example", "", "kyivdaily.example") == "Gas prices"


def test_a_headline_naming_a_one_word_site_is_no_masthead():
    from index.ingest.parsers.headline import page_title
    from index.ingest.parsers.markup import parse_tree

    page = "<title>Fruit yoghurt | Minusl</title><h1>Our Minusl yoghurts for every day</h1>"
    assert page_title(parse_tree(page), "minusl.example", "", "minusl.example") == "Our Minusl yoghurts for every day"


def test_a_headline_never_starts_with_a_separator():
    """A topline after the headline, with separators only for screen readers, is not the headline."""
    from index.ingest.parsers.headline import page_title
    from index.ingest.parsers.markup import parse_tree

    page = (
        "<title>Energy transition and sustainable business - Ministry</title>"
        "<h1 class='aural'>Navigation</h1><main><h1 class='c-intro__headline'>"
        "<span>Energy transition, mobility and sustainable business</span><span class='aural'>: </span>"
        "<small class='c-topline'><span><span class='aural'>, Topic:</span><span>Research</span></span></small>"
        "</h1></main>"
    )
    assert page_title(parse_tree(page), "Ministry", "", "ministry.example") == (
        "Energy transition, mobility and sustainable business"
    )


@pytest.mark.parametrize(
    ("page", "site", "title"),
    [
        # h1s only in a sidebar do not stop the page's one h2 that shares a word with <title>
        (
            "<title>Guide/Download - Snake Wiki</title><div id='sidebar'><h1>Page</h1><h1>User</h1></div>"
            "<div id='content'><h2>Downloading Snake</h2><h3>Windows</h3></div>",
            "",
            "Downloading Snake",
        ),
        # a box-drawing bar (U+2502) separates the site's name as '|' does
        ("<title>Product testers wanted │ Nestle Market</title>", "Nestle Market", "Product testers wanted"),
    ],
)
def test_headline_sidebar_h1s_and_box_drawing_separator(page, site, title):
    assert _title(page, site) == title


@pytest.mark.parametrize(
    ("page", "site", "host", "title"),
    [
        # a kicker the page sets small inside the h1, where only the whole h1 agrees with <title>
        (
            "<title>Energy Initiative - free power check | Green Building</title>"
            "<h1><span class='h1small'>Energy Initiative</span> Free power check for private homes</h1>",
            "",
            "greenbuilding.example",
            "Free power check for private homes",
        ),
        # <title> is a breadcrumb of one-word sections and the site's name: the article's h2
        (
            "<title>Diving - News - Diving | Kyiv Swimming Federation e.V.</title><div id='content'>"
            "<h1>Quicklinks</h1><h1>Our partners - Diving</h1><h2>Level passes for divers can be ordered now</h2></div>",
            "ksf.example",
            "ksf.example",
            "Level passes for divers can be ordered now",
        ),
        # no h1 or h2 at all and <title> is only the site's name: the page's first substantial h4
        (
            "<title>Kyiv Swimming Federation e.V.</title><div class='col'>"
            "<h4>Blessed be the night of the winter swim</h4><p>Text.</p></div>",
            "ksf.example",
            "ksf.example",
            "Blessed be the night of the winter swim",
        ),
        # the page's one h1 shares most words with <title>'s main piece: it beats an h2 that is only
        # another piece of <title>
        (
            "<title>Run Linux on Tablets - Penguin Box 15 Virtual Machine for Tablets</title>"
            "<header><h1>Penguin Box 15 for Tablets</h1></header><h2>Fast and easy</h2><h2>Run Linux on Tablets</h2>",
            "",
            "penguinbox.example",
            "Penguin Box 15 for Tablets",
        ),
        # <title> minus the masthead's pieces (the masthead h1 itself has a separator), whatever its length
        (
            "<title>Enchufla Figures - Salsa Figures - Rueda in Kyiv</title>"
            "<div id='header'><h1><a href='/'>Salsa Figures - Rueda in Kyiv</a></h1></div>"
            "<div id='content'><h2>Enchufla</h2><h2>Barbi</h2></div>",
            "rueda.example",
            "rueda.example",
            "Enchufla Figures",
        ),
        # og:title and <title> put different kickers before the same headline and no heading agrees: the headline
        (
            "<title>gamesite | Previews: Harbour 1900 Beta</title>"
            "<meta property='og:title' content='Industrially revolutionised?: Harbour 1900 Beta'>"
            "<span class='title'>Harbour 1900 Beta</span>",
            "gamesite.example",
            "gamesite.example",
            "Harbour 1900 Beta",
        ),
    ],
)
def test_headline_kicker_sections_lower_headings_masthead_pieces_and_shared_headline(page, site, host, title):
    assert _title(page, site, host) == title


@pytest.mark.parametrize(
    "page",
    [
        "<title>Biden Blames China</title><h1>Biden Blames China</h1><h1>Most read</h1>",
        "<title>Biden Blames China - BBC News</title><h1>Biden Blames China</h1><h1>Most read</h1>",
        "<meta property='og:title' content='Biden Blames China'><h1>Biden Blames China</h1><h1>Most read</h1>",
    ],
)
def test_a_headline_with_the_domains_initials_is_no_site_name(page):
    # initials name the site only before an organisation's legal form ('Kyiv Swimming Federation e.V.' on ksf.example)
    assert _title(page, "", "bbc.com") == "Biden Blames China"


@pytest.mark.parametrize(
    ("page", "title"),
    [
        (
            "<title>Russia launches drones at Odesa</title>"
            "<h1>Russia launches <b>drones</b> at <span class='text-small'>Odesa</span></h1>",
            "Russia launches drones at Odesa",
        ),
        (
            "<title>Zelensky meets Biden in Washington</title><h1><a href='/p/zelensky'>Zelensky</a> meets Biden in "
            "<a class='label-link' href='/p/washington'>Washington</a></h1>",
            "Zelensky meets Biden in Washington",
        ),
        # a subtitle the page marks by a whole class token after the headline is still left out
        (
            "<title>Fish Cakes, Hot and Fresh</title><h1 class='article-title'><span>Fish Cakes, Hot and Fresh</span>"
            "<small class='article-subtitle'>Welcome to the flavour capital of the north</small></h1>",
            "Fish Cakes, Hot and Fresh",
        ),
    ],
)
def test_a_headlines_last_words_are_no_topline(page, title):
    # 'small' and 'label' inside a class token mark no topline, and a heading that is what <title> says is whole
    assert _title(page, "", "kyivdaily.example") == title


def test_a_huge_meta_title_is_read_in_linear_time():
    import time

    page = "<title>" + " | ".join(["ab"] * 4000) + "</title><h1>Hello from Kyiv</h1><h2>More</h2>"
    start = time.perf_counter()
    _title(page, "", "kyivdaily.example")
    assert time.perf_counter() - start < 0.3


def test_a_post_addressed_by_its_query_is_no_home_page():
    from index.ingest.parsers.html import parse_html

    page = (
        "<html><head><meta property='og:site_name' content='Kyiv Daily'><title>Kyiv Daily</title></head><body>"
        "<article><p>" + "Trams run again in the city after the storm. " * 20 + "</p></article></body></html>"
    )
    # an untitled WordPress post ('/?p=123') is not titled by the site's name; the home page is
    assert parse_html(page, label="x", url="https://kyivdaily.example/?p=123").title == ""
    assert parse_html(page, label="x", url="https://kyivdaily.example/").title == "Kyiv Daily"
    # nor is a post's h1 linking to its own '/?p=959' a masthead naming the site
    post = page.replace("<article>", "<h1 class='entry-title'><a href='/?p=959'>Trams run again in Kyiv</a></h1><article>")
    post = post.replace("<title>Kyiv Daily</title>", "<title>Trams run again in Kyiv</title>")
    assert parse_html(post, label="x", url="https://kyivdaily.example/?p=959").title == "Trams run again in Kyiv"
