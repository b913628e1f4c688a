"""The portal's local victimisation and perception survey: one questionnaire, its questions and answer codes,
worded in every language of the site. It is the single source of both the XLSForm a city collects with (ODK
Collect, KoboToolbox; write/kits.py writes it) and the columns the import reads back from the export
(read/survey.py), so the form and the import cannot drift apart.

The modules are the internationally usual core (UNODC-UNECE Manual on Victimization Surveys, INEGI's
ENVIPE): victimisation in the last 12 months by crime type, how many of those crimes were reported to the
police and why not, feeling safe walking alone after dark, trust in the police and places avoided. The
respondent is described only by district, sex and age (grouped on import): no name, address, telephone,
coordinates or free text that could identify anyone.
"""
from __future__ import annotations

from dataclasses import dataclass

Words = dict[str, str]
"""Text per language (es, en, pt)."""

LANGUAGES = ("es", "en", "pt")
MIN_AGE, MAX_AGE = 18, 99
AGE_GROUPS: dict[str, tuple[int, int]] = {"18_29": (18, 29), "30_44": (30, 44), "45_59": (45, 59),
                                          "60_plus": (60, MAX_AGE)}
"""Age groups the estimates are broken down by (the age itself is never published)."""
MAX_TIMES = 50
"""Most crimes of one type a respondent may report for the last 12 months (the form's constraint)."""


@dataclass(frozen=True)
class Choice:
    code: str
    label: Words


@dataclass(frozen=True)
class Question:
    name: str                   # the column in the export
    kind: str                   # XLSForm type: select_one <list>, select_multiple <list>, integer, text, ...
    label: Words
    choices: str = ""           # the choice list's name (select questions)
    relevant: str = ""
    constraint: str = ""
    required: bool = True


def _w(es: str, en: str, pt: str) -> Words:
    return {"es": es, "en": en, "pt": pt}


CRIMES: dict[str, Words] = {
    "street_robbery": _w("Robo o asalto en la calle o el transporte público", "Robbery in the street or on public "
                         "transport", "Roubo na rua ou no transporte público"),
    "burglary": _w("Robo en su vivienda", "Burglary of your home", "Furto ou roubo na sua casa"),
    "vehicle_theft": _w("Robo de vehículo o de partes", "Theft of or from a vehicle", "Furto de veículo ou de peças"),
    "assault": _w("Lesiones o agresión física", "Physical assault", "Agressão física"),
    "fraud": _w("Fraude o extorsión", "Fraud or extortion", "Fraude ou extorsão"),
    "threats": _w("Amenazas", "Threats", "Ameaças"),
    "harassment": _w("Acoso o intimidación sexual", "Sexual harassment", "Assédio sexual"),
}
"""The crime types asked about, each with its code (the answer's value in the export)."""

CHOICE_LISTS: dict[str, list[Choice]] = {
    "yes_no": [Choice("yes", _w("Sí", "Yes", "Sim")), Choice("no", _w("No", "No", "Não"))],
    "sex": [Choice("female", _w("Mujer", "Woman", "Mulher")), Choice("male", _w("Hombre", "Man", "Homem")),
            Choice("other", _w("Otro", "Other", "Outro")),
            Choice("no_answer", _w("Prefiere no decir", "Prefers not to say", "Prefere não dizer"))],
    "crime": [*(Choice(code, label) for code, label in CRIMES.items()),
              Choice("none", _w("Ninguno", "None of these", "Nenhum"))],
    "why_not": [Choice("waste_of_time", _w("Es una pérdida de tiempo", "A waste of time", "Perda de tempo")),
                Choice("distrust", _w("Desconfía de la policía", "Distrusts the police", "Desconfia da polícia")),
                Choice("not_serious", _w("No era grave", "Not serious enough", "Não era grave")),
                Choice("fear", _w("Miedo a represalias", "Fear of reprisal", "Medo de represálias")),
                Choice("no_evidence", _w("No tenía pruebas", "No evidence", "Não tinha provas")),
                Choice("other", _w("Otro motivo", "Another reason", "Outro motivo"))],
    "safety": [Choice("very_safe", _w("Muy seguro/a", "Very safe", "Muito seguro/a")),
               Choice("safe", _w("Seguro/a", "Fairly safe", "Seguro/a")),
               Choice("unsafe", _w("Inseguro/a", "A bit unsafe", "Inseguro/a")),
               Choice("very_unsafe", _w("Muy inseguro/a", "Very unsafe", "Muito inseguro/a")),
               Choice("never_alone", _w("Nunca sale solo/a de noche", "Never goes out alone after dark",
                                        "Nunca sai só/só à noite"))],
    "trust": [Choice("a_lot", _w("Mucha", "A lot", "Muita")), Choice("some", _w("Algo", "Some", "Alguma")),
              Choice("little", _w("Poca", "Little", "Pouca")), Choice("none", _w("Nada", "None", "Nenhuma"))],
    "place": [Choice("streets_at_night", _w("Calles de noche", "Streets at night", "Ruas à noite")),
              Choice("public_transport", _w("Transporte público", "Public transport", "Transporte público")),
              Choice("parks", _w("Parques", "Parks", "Parques")),
              Choice("markets", _w("Mercados y comercios", "Markets and shops", "Mercados e comércio")),
              Choice("cash_machines", _w("Cajeros automáticos", "Cash machines", "Caixas eletrônicos")),
              Choice("none", _w("Ninguno", "None of these", "Nenhum"))],
}

NONE_ALONE = "not(selected(., 'none') and count-selected(.) > 1)"
"""'None' excludes every other answer of a select_multiple."""


def times(crime: str) -> str:
    return f"times_{crime}"


def reported(crime: str) -> str:
    return f"reported_{crime}"


def _crime_questions(code: str, label: Words) -> list[Question]:
    asked = f"selected(${{crimes}}, '{code}')"
    return [
        Question(times(code), "integer", {lang: {"es": "¿Cuántas veces en los últimos 12 meses? ({})",
                                                 "en": "How many times in the last 12 months? ({})",
                                                 "pt": "Quantas vezes nos últimos 12 meses? ({})"}[lang].format(text)
                                          for lang, text in label.items()},
                 relevant=asked, constraint=f". >= 1 and . <= {MAX_TIMES}"),
        Question(reported(code), "integer", {lang: {"es": "¿Cuántas de esas veces se denunció a la policía o la "
                                                          "fiscalía? ({})",
                                                    "en": "How many of those were reported to the police or the "
                                                          "prosecutor? ({})",
                                                    "pt": "Quantas delas foram registradas na polícia? ({})"}[lang]
                                             .format(text) for lang, text in label.items()},
                 relevant=asked, constraint=f". >= 0 and . <= ${{{times(code)}}}"),
    ]


CONSENTED = "${consent} = 'yes'"
QUESTIONS: list[Question] = [
    Question("consent", "select_one yes_no", _w(
        "Esta encuesta es voluntaria y anónima: no pedimos su nombre, dirección ni teléfono. ¿Acepta responder?",
        "This survey is voluntary and anonymous: we do not ask for your name, address or telephone. Do you agree "
        "to answer?",
        "Esta pesquisa é voluntária e anônima: não pedimos seu nome, endereço ou telefone. Aceita responder?"),
        choices="yes_no"),
    Question("cluster", "text", _w("Código del segmento de la muestra (lo anota el encuestador)",
                                   "Sample segment code (the interviewer writes it)",
                                   "Código do segmento da amostra (anotado pelo entrevistador)"),
             relevant=CONSENTED, constraint="regex(., '^[A-Za-z0-9_-]{1,20}$')"),
    Question("district", "select_one_from_file districts.csv", _w("Barrio o comuna donde vive", "District where "
                                                                  "you live", "Bairro ou distrito onde mora"),
             relevant=CONSENTED),
    Question("sex", "select_one sex", _w("Sexo", "Sex", "Sexo"), choices="sex", relevant=CONSENTED),
    Question("age", "integer", _w("Edad en años cumplidos", "Age in completed years", "Idade em anos completos"),
             relevant=CONSENTED, constraint=f". >= {MIN_AGE} and . <= {MAX_AGE}"),
    Question("crimes", "select_multiple crime", _w(
        "En los últimos 12 meses, ¿usted sufrió alguno de estos delitos?",
        "In the last 12 months, were you a victim of any of these crimes?",
        "Nos últimos 12 meses, você foi vítima de algum destes crimes?"), choices="crime", relevant=CONSENTED,
        constraint=NONE_ALONE),
    *(q for code, label in CRIMES.items() for q in _crime_questions(code, label)),
    Question("why_not_reported", "select_multiple why_not", _w(
        "Si alguno no se denunció, ¿por qué no?", "If any was not reported, why not?",
        "Se algum não foi registrado, por que não?"), choices="why_not",
        relevant=f"{CONSENTED} and not(selected(${{crimes}}, 'none'))", required=False),
    Question("feel_safe_dark", "select_one safety", _w(
        "¿Qué tan seguro/a se siente caminando solo/a por su barrio después del anochecer?",
        "How safe do you feel walking alone in your area after dark?",
        "Quão seguro/a você se sente andando só/só no seu bairro depois que escurece?"), choices="safety",
        relevant=CONSENTED),
    Question("trust_police", "select_one trust", _w("¿Cuánta confianza le inspira la policía?",
                                                    "How much do you trust the police?",
                                                    "Quanto você confia na polícia?"), choices="trust",
             relevant=CONSENTED),
    Question("places_avoided", "select_multiple place", _w(
        "¿Qué lugares evita por miedo a la delincuencia?", "Which places do you avoid for fear of crime?",
        "Quais lugares você evita por medo do crime?"), choices="place", relevant=CONSENTED, constraint=NONE_ALONE),
]
"""Every question in order; each name is its column in the export."""

IDENTIFYING = ("name", "address", "phone", "telephone", "email", "geopoint", "gps", "nombre", "direccion",
               "telefono", "nome", "endereco")
"""Words no question name may hold, and form types never used: the survey is anonymous (tests check both)."""


def question(name: str) -> Question:
    return next(q for q in QUESTIONS if q.name == name)


def codes(list_name: str) -> list[str]:
    return [c.code for c in CHOICE_LISTS[list_name]]


def age_group(age: int) -> str:
    return next(group for group, (low, high) in AGE_GROUPS.items() if low <= age <= high)
