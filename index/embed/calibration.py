"""Generic multilingual text for calibrating the int8 model (written for this purpose).

Static int8 quantisation needs sample inputs to fix each activation's range. These
sentences were written for the project, in the languages and registers the engine sees
(news reports, questions, numbers and dates), and share nothing with the evaluation
sets, which stay unseen. `calibration_inputs` derives a few hundred model inputs of
varied length from them: passages of consecutive sentences and short questions, with
the e5 prompts.
"""

from __future__ import annotations

from index.embed.offline_model import PASSAGE_PROMPT, QUERY_PROMPT

SENTENCES: tuple[str, ...] = (
    "The city council approved a new budget for road repairs on Tuesday evening.",
    "Heavy rain flooded several villages in the north, and hundreds of families left their homes.",
    "The minister said the talks would continue next week in Geneva.",
    "More than 3,000 people attended the concert, according to the organisers.",
    "Prices of bread and fuel rose by 12 percent in the first quarter of the year.",
    "Rescue teams worked through the night to reach miners trapped underground.",
    "The airport reopened after a three-day strike by air traffic controllers.",
    "Officials reported that the power plant had been shut down for safety checks.",
    "Pemerintah daerah membangun jembatan baru yang menghubungkan dua kecamatan.",
    "Sebanyak 450 warga mengungsi setelah banjir merendam permukiman di tepi sungai.",
    "Presiden meresmikan bandara internasional itu pada hari Senin pagi.",
    "Harga beras di pasar tradisional naik menjadi Rp 13.000 per kilogram.",
    "Polisi menangkap dua tersangka pencurian di sebuah toko elektronik di Bandung.",
    "Menurut juru bicara kementerian, bantuan akan dikirim melalui jalur laut.",
    "Pertandingan final akan digelar di stadion utama pada akhir pekan ini.",
    "Ribuan mahasiswa berunjuk rasa di depan gedung parlemen menuntut reformasi.",
    "У середу в місті відкрили нову школу на 600 учнів.",
    "Рятувальники ліквідували пожежу на складі біля залізничної станції.",
    "Уряд виділив кошти на відновлення мостів у трьох областях.",
    "Мешканці села отримали гуманітарну допомогу: воду, ліки та генератори.",
    "Через негоду в регіоні знеструмлено понад 200 населених пунктів.",
    "Міністр заявив, що переговори тривали понад п'ять годин.",
    "Фермери розпочали посівну кампанію попри складні погодні умови.",
    "На кордоні утворилася черга з кількох сотень вантажівок.",
    "В понедельник в городе прошли выборы мэра, явка составила 41 процент.",
    "Поезд задержался на четыре часа из-за ремонта путей.",
    "Власти объявили о закрытии рынка на время проверки.",
    "Die Regierung kündigte neue Hilfen für kleine Unternehmen an.",
    "Tausende Menschen demonstrierten am Samstag in der Hauptstadt.",
    "Le gouvernement a présenté un plan pour réduire la consommation d'énergie.",
    "Les négociations entre les deux pays ont repris jeudi à Bruxelles.",
    "El gobierno anunció un nuevo programa de vivienda para familias jóvenes.",
    "Las autoridades evacuaron a 2.500 personas por el incendio forestal.",
    "Il porto è stato chiuso per due giorni a causa della tempesta.",
    "Rząd zapowiedział budowę nowej linii kolejowej na południu kraju.",
    "Hükümet, deprem bölgesine ek yardım gönderileceğini açıkladı.",
    "The ceasefire agreement was signed shortly after midnight, local time.",
    "Satellite images showed damage to a bridge and two warehouses near the river.",
    "The company said it would cut 1,200 jobs by the end of 2023.",
    "Doctors at the regional hospital treated 57 people for minor injuries.",
)

QUESTIONS: tuple[str, ...] = (
    "How many families left their homes after the floods?",
    "When did the airport reopen?",
    "Who approved the budget for road repairs?",
    "Berapa harga beras di pasar tradisional?",
    "Siapa yang meresmikan bandara internasional itu?",
    "Di mana pertandingan final akan digelar?",
    "Скільки учнів може навчатися в новій школі?",
    "Що отримали мешканці села?",
    "Сколько часов задержался поезд?",
    "Wann demonstrierten die Menschen in der Hauptstadt?",
    "Où les négociations ont-elles repris ?",
    "¿Cuántas personas fueron evacuadas por el incendio?",
    "what happened near the river bridge",
    "jobs cut company 2023",
)


def calibration_inputs(count: int = 300) -> list[str]:
    """`count` prompted inputs: passages of 1-8 consecutive sentences, and questions."""
    inputs: list[str] = []
    n = len(SENTENCES)
    step = 0
    while len(inputs) < count:
        if step % 4 == 3:
            inputs.append(QUERY_PROMPT + QUESTIONS[(step // 4) % len(QUESTIONS)])
        else:
            start, length = (step * 7) % n, 1 + step % 8
            passage = " ".join(SENTENCES[(start + i) % n] for i in range(length))
            inputs.append(PASSAGE_PROMPT + passage)
        step += 1
    return inputs
