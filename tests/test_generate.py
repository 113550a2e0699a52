"""Generated answers (index/search/generate.py) against a real HTTP server on 127.0.0.1 that speaks
the OpenAI chat-completions streaming protocol, on the real model and the sample index."""

import json
import logging
import time

import pytest

from index.errors import GenerationError
from index.search.generate import Passage, check, endpoint, unsupported_numbers

from .httpserver import running

QUESTION = "how many people crossed into Finland?"
FINLAND_ID = "Berapa orang Rusia yang melintasi perbatasan dengan Finlandia?"


def _chunk(piece):
    event = {"id": "c1", "object": "chat.completion.chunk", "model": "test",
             "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}  # fmt: skip
    return f"data: {json.dumps(event, ensure_ascii=False)}\n\n".encode()


def chat(reply, *, seen=None, done=True, every_s=0.0, wait_s=0.0, raw=None):
    """A route answering a streamed chat request: `reply(request) -> pieces`, or `raw` bytes as the body."""

    def route(handler, stop):
        request = json.loads(handler.rfile.read(int(handler.headers["Content-Length"])))
        if seen is not None:
            seen.append({"body": request, "authorization": handler.headers.get("Authorization")})
        if stop.wait(wait_s):
            return
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.end_headers()
        try:
            if raw is not None:
                handler.wfile.write(raw)
                return
            handler.wfile.write(b": keep-alive\n\n")
            for piece in reply(request):
                if stop.wait(every_s):
                    return
                handler.wfile.write(_chunk(piece))
                handler.wfile.flush()
            if done:
                handler.wfile.write(b"data: [DONE]\n\n")
        except OSError:  # the client gave up (a timeout): what it should do
            return

    return route


def _json_drip(handler, stop):
    """A server that says it answers in one JSON reply, then sends a byte every 0.1 s for ever."""
    handler.rfile.read(int(handler.headers["Content-Length"]))
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.end_headers()
    try:
        while not stop.wait(0.1):
            handler.wfile.write(b" ")
            handler.wfile.flush()
    except OSError:  # the client gave up: what it should do
        return


def fixed(*pieces):
    return lambda request: pieces


def by_language(request):
    system = request["messages"][0]["content"]
    if "Indonesian" in system:
        return ["Sebanyak 17.000 orang Rusia ", "melintasi perbatasan dengan Finlandia [1]."]
    return ["About 17.000 Russians crossed ", "into Finland over the weekend [1]."]


ROUTES = {
    "/ok/v1/chat/completions": chat(by_language),
    "/error/v1/chat/completions": (500, {"Content-Type": "application/json"}, b'{"error": "boom"}'),
    "/slow/v1/chat/completions": chat(by_language, wait_s=10),
    "/drip/v1/chat/completions": chat(fixed(*(["17.000 "] * 200), "[1]"), every_s=0.1),
    "/malformed/v1/chat/completions": chat(fixed(), raw=b'data: {"choices": [{"delta": {"content": "17.000 [1"\n\n'),
    "/no-done/v1/chat/completions": chat(by_language, done=False),
    "/not-sse/v1/chat/completions": chat(fixed(), raw=b"<html>gateway error</html>\n"),
    "/invents/v1/chat/completions": chat(fixed("About 25.000 Russians crossed ", "into Finland [1].")),
    "/cites-7/v1/chat/completions": chat(fixed("17.000 Russians crossed into Finland [7].")),
    "/no-marker/v1/chat/completions": chat(fixed("17.000 Russians crossed into Finland.")),
    "/empty/v1/chat/completions": chat(fixed()),
    "/english-only/v1/chat/completions": chat(
        fixed("About 17.000 Russians crossed into Finland over the weekend [1].")
    ),
    "/error-event/v1/chat/completions": chat(
        fixed(), raw=_chunk("About 17.000 ") + b'data: {"error": {"message": "model overloaded"}}\n\n'
    ),
    "/cut-off/v1/chat/completions": chat(
        fixed(),
        raw=_chunk("About 17.000 Russians [1]").replace(b'"finish_reason": null', b'"finish_reason": "length"')
        + b"data: [DONE]\n\n",
    ),
    "/json-drip/v1/chat/completions": lambda handler, stop: _json_drip(handler, stop),
    "/json-huge/v1/chat/completions": (200, {"Content-Type": "application/json"}, b"{" + b" " * 200_000 + b"}"),
    "/links/v1/chat/completions": chat(fixed("17.000 Russians crossed [1]; details: [here](<https://evil.example>).")),
    "/not-streamed/v1/chat/completions": (
        200,
        {"Content-Type": "application/json"},
        json.dumps(
            {
                "id": "c2",
                "object": "chat.completion",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": "17.000 Russians crossed [1]."},
                        "finish_reason": "stop",
                    }
                ],
            }
        ).encode(),
    ),  # fmt: skip
}


@pytest.fixture(scope="module")
def llm():
    with running(ROUTES, max_requests=200) as (server, base):
        yield server, base


@pytest.fixture
def ask(sample_index, service_factory, llm):
    """`ask(route, question)` on the sample index with the chat model at that route of the test server."""

    def ask(route, question=QUESTION, timeout_s=5.0):
        service = service_factory(sample_index, FRONTLINE_LLM_URL=f"{llm[1]}/{route}", FRONTLINE_LLM_MODEL="test",
                                  FRONTLINE_LLM_API_KEY="sk-test", FRONTLINE_LLM_TIMEOUT_S=timeout_s)  # fmt: skip
        return service.ask(question, k=3)

    return ask


def test_a_streamed_answer_is_used_and_the_passages_stay(ask, llm, sample_index, service_factory):
    seen = []
    ROUTES["/seen/v1/chat/completions"] = chat(by_language, seen=seen)
    extractive = service_factory(sample_index).ask(QUESTION, k=3)
    answer = ask("seen")
    assert answer.generated and not extractive.generated
    assert answer.answer == "About 17.000 Russians crossed into Finland over the weekend [1]."
    assert answer.citations == extractive.citations  # the quoted passages stay
    assert answer.closest == extractive.answer  # the extractive sentence is kept for the excerpts
    (request,) = seen
    assert request["authorization"] == "Bearer sk-test"
    body = request["body"]
    assert body["model"] == "test" and body["stream"] is True
    user = body["messages"][-1]["content"]
    assert "[1] (Zona Priangan, 27 September 2022" in user and QUESTION in user
    assert "17.000 orang Rusia melintasi perbatasan" in user
    assert "English" in body["messages"][0]["content"]
    assert answer.to_json()["generated"] is True


def test_a_non_english_question_is_answered_in_its_language(ask, caplog):
    answer = ask("ok", FINLAND_ID)
    assert answer.generated
    assert answer.answer == "Sebanyak 17.000 orang Rusia melintasi perbatasan dengan Finlandia [1]."
    with caplog.at_level(logging.WARNING, logger="index.service"):
        english = ask("english-only", FINLAND_ID)  # a model that ignores the instruction
    assert not english.generated and "not written in Indonesian" in caplog.text


def test_a_server_that_does_not_stream_is_read_too(ask):
    answer = ask("not-streamed")
    assert answer.generated and answer.answer == "17.000 Russians crossed [1]."


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        ("error", "HTTP 500"),
        ("malformed", "malformed"),
        ("no-done", "before [DONE]"),
        ("not-sse", "not an SSE field"),
        ("invents", "'25.000'"),
        ("cites-7", "cites [7]"),
        ("no-marker", "cites no passage"),
        ("empty", "no text"),
        ("nowhere", "HTTP 404"),
        ("error-event", "model overloaded"),
        ("cut-off", "token limit"),
        ("json-huge", "over the size limit"),
        ("links", "holds a link"),
    ],
)
def test_a_failed_generation_shows_the_extractive_answer_and_logs_why(ask, route, reason, caplog):
    with caplog.at_level(logging.WARNING, logger="index.service"):
        answer = ask(route)
    assert not answer.generated
    assert "17.000 orang Rusia melintasi perbatasan dengan Finlandia" in answer.answer
    assert answer.to_json()["generated"] is False
    (record,) = [r for r in caplog.records if r.name == "index.service"]
    assert reason in record.getMessage() and "extractive" in record.getMessage()
    assert record.exc_info is None and "Traceback" not in caplog.text


@pytest.mark.parametrize("route", ["slow", "drip", "json-drip"])
def test_a_slow_model_is_cut_off_at_the_deadline(ask, route, caplog):
    start = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="index.service"):
        answer = ask(route, timeout_s=0.6)
    assert time.monotonic() - start < 4
    assert not answer.generated and "17.000" in answer.answer
    assert "did not finish within 0.6 s" in caplog.text


def test_an_unreachable_server_falls_back(sample_index, service_factory, caplog):
    service = service_factory(sample_index, FRONTLINE_LLM_URL="http://127.0.0.1:9", FRONTLINE_LLM_MODEL="m")
    with caplog.at_level(logging.WARNING, logger="index.service"):
        answer = service.ask(QUESTION)
    assert not answer.generated and "cannot reach" in caplog.text


def test_off_by_default_and_never_for_uncertain_answers(sample_index, service_factory, llm):
    count = len(llm[0].requests_seen)
    assert not service_factory(sample_index).ask(QUESTION).generated
    configured = service_factory(sample_index, FRONTLINE_LLM_URL=f"{llm[1]}/ok", FRONTLINE_LLM_MODEL="test")
    low = configured.ask("What is a good recipe for banana pancakes?")
    assert low.confidence == "low" and not low.generated
    assert len(llm[0].requests_seen) == count  # no request made


def test_cli_json_and_text(run, sample_index, llm, monkeypatch):
    monkeypatch.setenv("FRONTLINE_LLM_URL", f"{llm[1]}/ok/v1")
    monkeypatch.setenv("FRONTLINE_LLM_MODEL", "test")
    data = json.loads(run("ask", QUESTION, "--index", sample_index, "--json").output)
    assert data["generated"] is True and data["answer"].endswith("[1].") and data["citations"]
    text = run("ask", QUESTION, "--index", sample_index).output
    assert text.startswith("About 17.000 Russians crossed into Finland over the weekend [1].\n")
    assert "written by a language model" in text and "[1] Sekutu Rusia" in text


@pytest.mark.parametrize("lang", ["en", "id", "uk"])
def test_bot_embed_of_a_generated_answer(ask, lang):
    from bot.format import dated_answer_embeds
    from bot.messages import t

    embeds = dated_answer_embeds(ask("ok"), lang)
    assert embeds[0].description.startswith("**About 17.000 Russians crossed into Finland over the weekend [1].**\n")
    assert embeds[-1].footer.text == t(lang, "footer_generated")
    assert embeds[0].fields[0].name.startswith("[1]")


PASSAGES = [Passage(1, "Sebanyak 17.000 orang Rusia menyeberang pada 24 September.", "Kompas", "2022-09-27"),
            Passage(2, "Lebih dari 2.000 pengunjuk rasa ditangkap di 30 kota.")]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "17,000 Russians crossed [1] and more than 2,000 protesters were arrested [2].",
        "About 17 thousand people crossed on 24 September [1]; protests hit 30 cities [2].",
        "Report of 27 September 2022: 17 ribu orang [1].",  # the publication date the model was shown
    ],
)
def test_numbers_the_passages_give(text):
    assert check(text, PASSAGES) == text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("18.000 orang menyeberang [1].", "llm_invented_number"),
        ("17.000 orang menyeberang pada 2023 [1].", "llm_invented_number"),
        ("17.000 orang menyeberang [3].", "llm_unknown_citation"),
        ("17.000 orang menyeberang.", "llm_no_citation"),
        ("   ", "llm_empty"),
        ("17.000 orang menyeberang [1], lihat https://evil.example/x", "llm_link"),
        ("17.000 orang menyeberang [1], lihat www.evil.example", "llm_link"),
        ("17.000 orang menyeberang [1](<evil.example>)", "llm_link"),
        ("17.000 orang menyeberang [1] <javascript:alert(1)>", "llm_link"),
    ],
)
def test_text_the_passages_do_not_back(text, kind):
    with pytest.raises(GenerationError) as caught:
        check(text, PASSAGES)
    assert caught.value.kind == kind


def test_unsupported_numbers_and_endpoints():
    assert unsupported_numbers("17 000 [1]", ["17.000"]) == []
    assert unsupported_numbers("1,5 juta dan 3", ["1.5 million, 3 kali"]) == []
    assert unsupported_numbers("12 tanks", ["14 tanks"]) == ["12"]
    assert endpoint("http://h:11434") == "http://h:11434/v1/chat/completions"
    assert endpoint("http://h:8000/v1/") == "http://h:8000/v1/chat/completions"
    assert endpoint("https://api.example/v1/chat/completions") == "https://api.example/v1/chat/completions"


async def test_the_bot_event_loop_keeps_running_while_the_model_writes(sample_copy, service_factory, llm):
    import asyncio

    from bot.cogs.ask import answer_question

    service = service_factory(sample_copy, FRONTLINE_LLM_URL=f"{llm[1]}/drip", FRONTLINE_LLM_MODEL="test",
                              FRONTLINE_LLM_TIMEOUT_S=0.8)  # fmt: skip
    gaps = []

    async def tick():
        last = time.monotonic()
        while True:
            await asyncio.sleep(0.02)
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    ticker = asyncio.create_task(tick())
    answer, _ = await answer_question(service, QUESTION, 3)
    ticker.cancel()
    assert not answer.generated and "17.000" in answer.answer  # the dripping model ran out of time
    assert len(gaps) > 20 and max(gaps) < 0.5  # the loop ran all along (blocked, one gap would be >= 0.8 s)


def test_a_question_finding_every_writer_busy_keeps_its_extractive_answer_at_once(
    sample_index, service_factory, llm, caplog
):
    import threading

    service = service_factory(sample_index, FRONTLINE_LLM_URL=f"{llm[1]}/slow", FRONTLINE_LLM_MODEL="test",
                              FRONTLINE_LLM_TIMEOUT_S=2.0, FRONTLINE_LLM_CONCURRENCY=1)  # fmt: skip
    service.ask(QUESTION, k=3)  # the model and index loaded, the server's slow route learnt
    first = threading.Thread(target=service.ask, args=(QUESTION,), kwargs={"k": 3})
    first.start()  # holds the one writer for 2 s, waiting on the slow server
    time.sleep(0.3)
    start = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="index.service"):
        answer = service.ask(QUESTION, k=3)
    assert time.monotonic() - start < 1.0  # not queued behind the slow model
    assert not answer.generated and "17.000" in answer.answer
    assert "writing 1 answers already" in caplog.text
    first.join()
