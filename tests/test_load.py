"""The bot under load: 50 concurrent /ask callbacks and a re-index, with the event loop kept responsive."""

import asyncio
import json
import statistics
import time

from bot.bot import freeze_startup_objects

from .discord_helpers import make_attachment, make_interaction, make_member, sent_kwargs

QUESTIONS = [
    "how many people crossed into Finland?",
    "how many protesters were arrested?",
    "Which Russian ally will not recognize the referendum?",
    "Where was a recruitment officer shot?",
    "What did Jake Sullivan say about nuclear weapons?",
]


async def test_fifty_concurrent_questions_during_a_reindex(discord_bot):
    bot = discord_bot
    freeze_startup_objects()  # as FrontlineBot.setup_hook does once the model and index are loaded
    ask, admin = bot.get_cog("Ask"), bot.get_cog("Admin")
    admin.progress_interval_s = 0.1
    lags: list[float] = []
    stop = asyncio.Event()

    async def ticker():
        while not stop.is_set():
            start = time.perf_counter()
            await asyncio.sleep(0.005)
            lags.append(time.perf_counter() - start - 0.005)

    async def one(question: str, interaction) -> float:
        start = time.perf_counter()
        await ask.ask.callback(ask, interaction, question=question)
        elapsed = time.perf_counter() - start
        assert "embeds" in sent_kwargs(interaction.followup.send)
        return elapsed

    feed = "\n".join(
        json.dumps({"id": f"load-{i}", "text": f"Laporan {i}: drone menyerang Kharkiv, {i} rumah rusak."})
        for i in range(80)
    )
    # Building spec'd mocks is slow; make them before the clock starts.
    interactions = [make_interaction(bot, user=make_member(2000 + i)) for i in range(50)]
    reindex = make_interaction(bot, user=make_member(manage_guild=True))
    attachment = make_attachment("load.jsonl", feed.encode())
    tick = asyncio.create_task(ticker())
    await admin.reindex.callback(admin, reindex, attachment=attachment)
    latencies = await asyncio.gather(*(one(QUESTIONS[i % len(QUESTIONS)], interactions[i]) for i in range(50)))
    while admin._tasks:  # the re-index, then the background merge it leaves behind
        await asyncio.gather(*list(admin._tasks))
    stop.set()
    await tick

    p95 = statistics.quantiles(latencies, n=20)[-1]
    print(f"\n50 concurrent /ask: p50 {statistics.median(latencies):.2f} s, p95 {p95:.2f} s; "
          f"worst event-loop lag {max(lags) * 1000:.1f} ms over {len(lags)} ticks")  # fmt: skip
    assert len(latencies) == 50
    assert "added 80" in reindex.followup.send.return_value.edit.await_args.kwargs["content"]
    assert max(lags) < 0.1, f"event loop stalled for {max(lags) * 1000:.0f} ms"
