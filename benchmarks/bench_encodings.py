"""Encoding benchmark: do plain-text articles in legacy encodings arrive exactly as written?

Writes invented article texts (never real news) in several languages as real bytes in
Latin-1, Windows-1252, UTF-16 (with and without a byte-order mark), Central European and
Cyrillic code pages, and as UTF-8 with a few damaged bytes; reads each back with
`formats.text.decode` and counts, per encoding: decoded exactly, refused with a reason, and
decoded wrongly (text silently altered: the one outcome that must never happen).

    .venv/bin/python benchmarks/bench_encodings.py            # 5 texts per language/encoding
    .venv/bin/python benchmarks/bench_encodings.py --texts 20 --seed 7

Figures are recorded in docs/RELIABILITY.md, section "Imports".
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from collections.abc import Callable, Iterator

from annotator.formats.jsonl import FormatError
from annotator.formats.text import decode

#: Invented sentences, a few per language, in the style of a wire story.
SENTENCES: dict[str, list[str]] = {
    "en": [
        "The minister said on Tuesday that talks with José Núñez had failed.",
        "An official who was not authorised to speak publicly confirmed the delay.",
        "“We are ready,” the mayor of Saint-Étienne told reporters at the café.",
        "According to a spokesman, the bridge will reopen in the spring – or later.",
        "Two diplomats said the agreement was “not yet final”, citing Zoë Müller.",
        "The council’s report, seen by the agency, described the plan as naïve.",
        "Residents said the water had risen by a metre overnight.",
        "He added that the company’s chief, Ana Peña, would resign in June.",
    ],
    "fr": [
        "Le ministre a déclaré mardi que la réunion était terminée.",
        "Les négociations reprendront à l’automne, selon un porte-parole.",
        "« Nous sommes prêts », a affirmé le maire de la ville côtière.",
        "Un responsable, qui a requis l’anonymat, a évoqué un échec.",
        "Les élèves ont été évacués après la découverte d’un colis suspect.",
        "Le gouvernement a précisé que le pont serait rouvert en février.",
        "Selon la préfecture, deux cents personnes ont été hébergées.",
        "Il a ajouté que la décision était « définitive et sans appel ».",
    ],
    "de": [
        "Der Minister erklärte am Dienstag, die Gespräche seien gescheitert.",
        "„Wir sind enttäuscht“, sagte ein Sprecher der Behörde.",
        "Die Brücke über den Fluss bleibt nach Angaben der Stadt gesperrt.",
        "Ein Beamter, der nicht namentlich genannt werden wollte, bestätigte das.",
        "Die Bürgermeisterin äußerte sich zunächst nicht zu den Vorwürfen.",
        "Laut Polizei wurden fünf Personen leicht verletzt.",
        "Die Gebühren würden im nächsten Jahr um zwölf Prozent steigen.",
        "Er fügte hinzu, die Entscheidung sei endgültig und gut begründet.",
    ],
    "es": [
        "El ministro declaró el martes que la reunión había terminado.",
        "Las negociaciones continuarán en otoño, según un portavoz.",
        "«Estamos preparados», afirmó la alcaldesa de la ciudad.",
        "Un funcionario, que pidió el anonimato, habló de un fracaso.",
        "Según la policía, cinco personas resultaron heridas leves.",
        "El puente permanecerá cerrado hasta el próximo año, añadió.",
        "La compañía explicó que la decisión era definitiva.",
        "Los vecinos aseguraron que el agua subió un metro durante la noche.",
    ],
    "pt": [
        "O ministro afirmou na terça-feira que a reunião tinha terminado.",
        "As negociações continuarão no outono, segundo um porta-voz.",
        "«Estamos prontos», disse a presidente da câmara municipal.",
        "Um funcionário, que pediu anonimato, falou de um fracasso.",
        "Segundo a polícia, cinco pessoas ficaram levemente feridas.",
        "A ponte permanecerá fechada até ao próximo ano, acrescentou.",
        "A empresa explicou que a decisão não tinha volta.",
        "Os moradores garantiram que a água subiu um metro durante a noite.",
    ],
    "it": [
        "Il ministro ha dichiarato martedì che la riunione era terminata.",
        "I negoziati riprenderanno in autunno, secondo un portavoce.",
        "«Siamo pronti», ha affermato la sindaca della città.",
        "Un funzionario, che ha chiesto l’anonimato, ha parlato di fallimento.",
        "Secondo la polizia, cinque persone sono rimaste ferite.",
        "Il ponte resterà chiuso fino al prossimo anno, ha aggiunto.",
        "La società ha spiegato che la decisione è definitiva.",
        "Gli abitanti hanno detto che l’acqua è salita di un metro.",
    ],
    "nl": [
        "De minister zei dinsdag dat de gesprekken waren mislukt.",
        "„We zijn er klaar voor”, zei de burgemeester van de stad.",
        "Een ambtenaar die anoniem wilde blijven, bevestigde de vertraging.",
        "Volgens de politie raakten vijf mensen lichtgewond.",
        "De brug blijft tot volgend jaar gesloten, voegde hij eraan toe.",
        "Het bedrijf liet weten dat het besluit definitief is, ook voor België.",
        "Bewoners zeiden dat het water ’s nachts een meter was gestegen.",
        "De financiële gevolgen zijn nog niet duidelijk, aldus de woordvoerder.",
    ],
    "cs": [
        "Ministr v úterý řekl, že jednání o mostě skončila neúspěchem.",
        "„Jsme zklamáni,“ uvedl mluvčí úřadu.",
        "Podle policie bylo pět lidí lehce zraněno.",
        "Most zůstane uzavřen až do příštího roku, dodal starosta.",
        "Úředník, který nechtěl být jmenován, potvrdil zpoždění.",
        "Obyvatelé řekli, že voda v noci stoupla o metr.",
    ],
    "pl": [
        "Minister powiedział we wtorek, że rozmowy w sprawie mostu zakończyły się fiaskiem.",
        "„Jesteśmy rozczarowani” – powiedział rzecznik urzędu.",
        "Według policji pięć osób zostało lekko rannych.",
        "Most pozostanie zamknięty do przyszłego roku, dodał burmistrz.",
        "Urzędnik, który chciał pozostać anonimowy, potwierdził opóźnienie.",
        "Mieszkańcy mówili, że woda podniosła się w nocy o metr.",
    ],
    "ru": [
        "Министр заявил во вторник, что переговоры о мосте провалились.",
        "«Мы разочарованы», — сказал представитель ведомства.",
        "По данным полиции, пять человек получили лёгкие ранения.",
        "Мост останется закрытым до следующего года, добавил мэр.",
        "Чиновник, пожелавший остаться неназванным, подтвердил задержку.",
        "Жители рассказали, что ночью вода поднялась на метр.",
    ],
}

WESTERN = ["en", "fr", "de", "es", "pt", "it", "nl"]
#: Encoding → the languages written in it. Latin-1 cannot hold ’ “ ” „ –: those texts skip it.
CASES: dict[str, list[str]] = {
    "latin-1": WESTERN,
    "cp1252": WESTERN,
    "utf-16": [*WESTERN, "cs", "pl", "ru"],  # Python writes a byte-order mark
    "utf-16-le": [*WESTERN, "cs", "pl", "ru"],  # no byte-order mark
    "utf-16-be": [*WESTERN, "cs", "pl", "ru"],
    "utf-8-sig": [*WESTERN, "cs", "pl", "ru"],
    "cp1250": ["cs", "pl"],
    "cp1251": ["ru"],
    "koi8-r": ["ru"],
}


def article(language: str, rng: random.Random) -> str:
    """An invented article of 3 to 8 sentences in `language`."""
    pool = SENTENCES[language]
    return " ".join(rng.choice(pool) for _ in range(rng.randint(3, 8)))


def encoded_samples(texts: int, seed: int) -> Iterator[tuple[str, str, str, bytes]]:
    """(encoding, language, text, bytes) for every case; texts that an encoding cannot hold
    are replaced by another draw, so each case has `texts` samples."""
    rng = random.Random(seed)
    for encoding, languages in CASES.items():
        for language in languages:
            made = 0
            for _ in range(texts * 20):
                text = article(language, rng)
                try:
                    data = text.encode(encoding)
                except UnicodeEncodeError:
                    continue
                yield encoding, language, text, data
                made += 1
                if made == texts:
                    break


#: Bytes that occur nowhere in valid UTF-8, so each overwrite is damage a reader can see.
_NEVER_UTF8 = [0xC0, 0xC1, 0xF8, 0xFE, 0xFF]


def damaged_samples(texts: int, seed: int) -> Iterator[tuple[str, str, str, bytes]]:
    """UTF-8 articles with one to three bytes overwritten by invalid ones (a bad copy)."""
    rng = random.Random(seed)
    for language in [*WESTERN, "cs", "pl", "ru"]:
        for _ in range(texts):
            text = article(language, rng)
            data = bytearray(text.encode("utf-8"))
            for _ in range(rng.randint(1, 3)):
                data[rng.randrange(len(data))] = rng.choice(_NEVER_UTF8)
            yield "utf-8 damaged", language, text, bytes(data)


def outcome(decoder: Callable[[bytes], str], text: str, data: bytes) -> str:
    try:
        got = decoder(data)
    except FormatError:
        return "refused"
    return "exact" if got == text else "wrong"


def charset_normalizer_decode(data: bytes) -> str:
    """What `decode` did before: UTF-8, else charset-normalizer's best guess."""
    from charset_normalizer import from_bytes

    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise FormatError("cannot tell the character encoding") from None
        return str(best)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=5, help="texts per language and encoding")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--before", action="store_true", help="also run the old decoder")
    args = parser.parse_args()
    samples = [
        *encoded_samples(args.texts, args.seed),
        *damaged_samples(args.texts, args.seed),
    ]
    decoders: dict[str, Callable[[bytes], str]] = {"decode": lambda d: decode(d).text}
    if args.before:
        decoders["before (charset-normalizer best)"] = charset_normalizer_decode
    for name, decoder in decoders.items():
        counts: dict[str, Counter] = {}
        for encoding, _language, text, data in samples:
            counts.setdefault(encoding, Counter())[outcome(decoder, text, data)] += 1
        print(f"\n{name}\n| encoding | files | exact | refused | wrong |")
        print("| --- | --- | --- | --- | --- |")
        total: Counter = Counter()
        for encoding, counter in counts.items():
            total += counter
            files = sum(counter.values())
            print(
                f"| {encoding} | {files} | {counter['exact']} | {counter['refused']} "
                f"| {counter['wrong']} |"
            )
        print(
            f"| all | {sum(total.values())} | {total['exact']} | {total['refused']} "
            f"| {total['wrong']} |"
        )


if __name__ == "__main__":
    main()
