import json

import pytest

from index.errors import InputError
from index.ingest.dates import display_date, parse_date
from index.ingest.parsers.html import parse_html
from index.ingest.parsers.raw_text import parse_raw_text
from index.ingest.parsers.records import parse_json, parse_jsonl

from .conftest import SAMPLE


@pytest.fixture(scope="module")
def sample():
    return parse_raw_text(SAMPLE.read_text(encoding="utf-8"))


def test_sample_metadata(sample):
    assert sample.title.startswith("Sekutu Rusia, Kazakhstan Tidak Akan Mengakui")
    assert sample.published_at == "2022-09-27T17:16:00+07:00"
    assert sample.publisher == "Zona Priangan"
    assert sample.source == "Express"
    assert sample.editor == "Parama Ghaly"
    assert sample.caption.startswith("Tempat pemungutan suara referendum di Alchevsk")
    assert "@bayraktar_1cinta" in sample.caption


def test_sample_related_headlines_are_not_body(sample):
    assert len(sample.related) == 4
    assert sample.related[0].startswith("1 GTA yang Dikenal")
    assert "Baca Juga" not in sample.text
    assert "Spetsnaz" not in sample.text


def test_sample_body_is_clean(sample):
    assert sample.text.startswith("Amerika Serikat, Inggris, dan negara mitra NATO")
    assert "17.000 orang Rusia melintasi perbatasan dengan Finlandia" in sample.text
    assert sample.text.endswith('"apa artinya itu".')
    for noise in ("ZONA PRIANGAN -", "Editor:", "Sumber:", "Tags", "Terpopuler", "Kabar Daerah", "Alchevsk"):
        assert noise not in sample.text


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("27 September 2022, 17:16 WIB", "2022-09-27T17:16:00+07:00"),
        ("- 3 Oktober 2022, 08:05 WITA", "2022-10-03T08:05:00+08:00"),
        ("Senin, 10 Oktober 2022 | 21:00 WIT", "2022-10-10T21:00:00+09:00"),
        ("October 10, 2022 9:00 PM", "2022-10-10T21:00:00"),
        ("2022-02-24T05:45:00+02:00", "2022-02-24T05:45:00+02:00"),
        ("12 Mei 2022", "2022-05-12"),
        ("no date here", None),
    ],
)
def test_dates(text, iso):
    assert parse_date(text) == iso


def test_display_date():
    assert display_date("2022-09-27T17:16:00+07:00") == "27 September 2022, 17:16 UTC+07:00"
    assert display_date("2022-05-12") == "12 May 2022"
    assert display_date(None) == ""


def test_plain_text_without_structure():
    article = parse_raw_text("Just one paragraph about shelling in Kharkiv, reported by residents.")
    assert article.text.startswith("Just one paragraph")
    assert article.title == ""


HTML = """<html><head><title>Shelling hits Kharkiv | Kyiv Daily</title>
<meta property="og:site_name" content="Kyiv Daily">
<meta property="og:title" content="Shelling hits Kharkiv">
<link rel="canonical" href="https://news.example.org/kharkiv-shelling">
<meta property="article:published_time" content="2022-09-12T08:30:00+03:00"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Shelling hits Kharkiv</h1>
<p>Russian forces shelled residential districts of Kharkiv overnight, regional officials said on Monday morning.</p>
<p>Baca Juga: Another unrelated story</p>
<p>At least 12 people were wounded and three buildings were destroyed in the attack on the city centre.</p>
</article><footer>Copyright 2022 Kyiv Daily. All rights reserved.</footer></body></html>"""


def test_html_article():
    article = parse_html(HTML, label="page.html")
    assert article.title == "Shelling hits Kharkiv"
    assert article.publisher == "Kyiv Daily"
    assert article.url == "https://news.example.org/kharkiv-shelling"
    assert article.published_at == "2022-09-12T08:30:00+03:00"
    assert "At least 12 people were wounded" in article.text
    assert "Copyright" not in article.text and "Home" not in article.text
    assert article.related == ["Another unrelated story"]


def test_html_without_text_is_an_error():
    with pytest.raises(InputError, match="empty.html"):
        parse_html("<html><body><nav>x</nav></body></html>", label="empty.html")


def test_jsonl_records_and_bad_lines():
    lines = [
        json.dumps({"id": "a1", "text": "Text one.", "published_at": "2022-03-01", "publisher": "@BBCNews"}),
        "{not json",
        json.dumps({"id": "a2", "title": "No text"}),
        json.dumps({"text": "Text three.", "lang": "en"}),
    ]
    items = list(parse_jsonl("\n".join(lines), label="f.jsonl"))
    assert items[0].id == "a1" and items[0].published_at == "2022-03-01" and items[0].publisher == "@BBCNews"
    assert isinstance(items[1], InputError) and "f.jsonl:2" in str(items[1])
    assert isinstance(items[2], InputError) and "f.jsonl:3" in str(items[2]) and "text" in str(items[2])
    assert items[3].text == "Text three."


def test_json_list_and_single():
    many = list(parse_json(json.dumps([{"text": "A."}, {"text": "B."}]), label="x.json"))
    assert [a.text for a in many] == ["A.", "B."]
    one = list(parse_json(json.dumps({"id": 7, "text": "C."}), label="y.json"))
    assert one[0].id == "7"
    with pytest.raises(InputError, match="z.json"):
        list(parse_json("[1, 2", label="z.json"))
